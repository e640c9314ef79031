"""Every public page against malformed query strings (Hypothesis): overlong values, NUL
bytes and control characters, markup, SQL, numbers out of range, repeated and unknown
parameters, broken percent-encoding. No page may fail (500) or put the input back into
HTML unescaped, and the downloads stay well-formed.

The pages come from the URLconf itself: every pattern outside /admin/, in every language.
A pattern with arguments needs its arguments in `DETAIL_ARGUMENTS`, or a reason in
`NOT_FUZZED`; a new page without either fails `test_every_public_url_pattern_is_fuzzed`.

`HYPOTHESIS_PROFILE=explore` (tests/conftest.py) tries far more, and other, examples.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import quote, urlencode

import icalendar
import pytest
import vobject
from django.conf import settings as django_settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from contacts.filters import PositionFilter
from contacts.models import OrganisationKind, Postcode
from core.search.index import kinds as search_kinds
from core.spreadsheets import CSV_BOM, CSV_DELIMITER
from portal.cantons import ComparisonForm
from portal.forms import MunicipalityLookupForm

# The builders of other folders' tests are fixtures here, parameters of the tests below
# (ruff would call that a redefinition).
# ruff: noqa: F401, F811
from tests.coordination.conftest import (
    make_committee,
    make_conference,
    make_event,
    make_event_format,
    make_forum,
    make_foundation,
    make_office,
)
from tests.planning.conftest import make_area, make_field, make_measure, make_plan

MARKER = "x-fuzz-marker"
# Markup and attribute breakouts that name MARKER; escaped, none of them is left as written.
INJECTIONS = [
    f"<{MARKER}>",
    f"</title><{MARKER}>",
    f'"><{MARKER} a="',
    f"'><{MARKER} a='",
    f'" {MARKER}="1',
    f"' {MARKER}='1",
    f"<script>{MARKER}()</script>",
    f"javascript:{MARKER}()",
]
UNESCAPED = re.compile(
    rf"<{MARKER}|<script>{MARKER}|\s{MARKER}=[\"']|href=[\"']?javascript:{MARKER}", re.I
)

# The parameters each page reads, from the forms and filters that read them (a new filter
# is fuzzed without being listed here), with values it understands: a malformed value is
# most telling beside valid ones. Every page gets every parameter too.
DIRECTORY_PARAMETERS = [*PositionFilter.base_filters, "page", "orgseite"]
SEARCH_PARAMETERS = ["q", "typ", "kanton", "page"]
PAGE_PARAMETERS = {
    "contacts:directory": DIRECTORY_PARAMETERS,
    "contacts:export_csv": list(PositionFilter.base_filters),
    "search": SEARCH_PARAMETERS,
    "search_completions": ["q"],
    "canton_comparison": list(ComparisonForm.base_fields),
    "canton_comparison_csv": list(ComparisonForm.base_fields),
    "home": list(MunicipalityLookupForm.base_fields),
}
KNOWN_PARAMETERS = sorted({name for names in PAGE_PARAMETERS.values() for name in names})
VALID_VALUES = {
    "kanton": ["BL", "bl", "ZH", "AG", "GE"],
    "thema": ["kinderschutz", "fruehe-foerderung", "fruehe-foerderung-neu"],
    "typ": [*OrganisationKind.values, *search_kinds()],
    "gemeinde": ["2825", "Füllinsdorf", "fullinsdorf", "Buchs", "4414", "83"],
    "plz": ["4414", "8001", "1000"],
    "ort": ["Füllinsdorf", "Buchs", "4414", "8001"],
    "q": ["Kinderschutz", "Muster", "AKJB", "Regula Muster", '"Kinder- und"', "-Muster"],
    "page": ["1", "2", "last"],
    "orgseite": ["1", "2", "last"],
    **{
        name: [value for value, _label in field.choices if value]
        for name, field in ComparisonForm.base_fields.items()
    },
}
NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 5,
    "\x01\x02\x1b[31m\x7f",
    "\t\r\n",
    "\u202e\u200b\ufeff",
    "\ud7ff\ue000\uffff",
    "\U0001f600",
    "ß",
    "ǅ",
    "²",
    "٢٨٢٥",  # 2825 in Arabic-Indic digits
    "４４１４",  # 4414 in full-width digits
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "last",
    "0x10",
    "9" * 30,
    "-" + "9" * 30,
    str(2**63),
    str(2**31),
    "' OR '1'='1",
    "1; DROP TABLE contacts_position; --",
    "\\",
    '"',
    "'",
    "%",
    "%00",
    "%zz",
    "*",
    "NEAR(a b)",
    '"unclosed',
    "OR",
    "-",
    "---",
    ":*",
    "a & b | !c",
    "{name_text}: x",
    '{"$gt": ""}',
    "[1, 2]",
    "true",
    "null",
    "None",
    "1,2,3",
    "../../etc/passwd",
    "//example.com",
    "https://example.com/",
    "Bl",
    "-kanton",
    *INJECTIONS,
]


def walk(patterns, route="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield route + str(pattern.pattern), name, pattern


def public_url_names():
    """{URL name: [argument names]} of every page outside /admin/."""
    return {
        name: sorted(pattern.pattern.converters)
        for route, name, pattern in walk(get_resolver().url_patterns)
        if not route.startswith("admin/")
    }


# The arguments of the pages that have them, for the records of `portal_records`.
DETAIL_ARGUMENTS = {
    "contacts:organisation_detail": lambda records: {"slug": records.organisation.slug},
    "contacts:organisation_vcard": lambda records: {"slug": records.organisation.slug},
    "contacts:person_detail": lambda records: {"slug": records.person.slug},
    "contacts:person_vcard": lambda records: {"slug": records.person.slug},
    "coordination:office_detail": lambda records: {"slug": records.office.slug},
    "coordination:topic_detail": lambda records: {"slug": records.topic.slug},
    "coordination:conference_detail": lambda records: {"slug": records.conference.slug},
    "coordination:committee_detail": lambda records: {"slug": records.committee.slug},
    "coordination:forum_detail": lambda records: {"slug": records.forum.slug},
    "coordination:foundation_detail": lambda records: {"slug": records.foundation.slug},
    "coordination:format_feed": lambda records: {"slug": records.event.format.slug},
    "coordination:event_detail": lambda records: {"slug": records.event.slug},
    "coordination:event_ics": lambda records: {"slug": records.event.slug},
    "planning:plan_detail": lambda records: {"slug": records.plan.slug},
    "planning:field_detail": lambda records: {
        "slug": records.plan.slug,
        "number": records.field.number,
    },
    "planning:print_order": lambda records: {"slug": records.plan.slug},
    "planning:print_order_done": lambda records: {"slug": records.plan.slug},
    "canton_profile": lambda records: {"code": "bl"},
    "report_change": lambda records: {"kind": "organisation", "pk": records.organisation.pk},
    "canton_profile_pdf": lambda records: {"code": "bl"},
    "canton_contacts_pdf": lambda records: {"code": "bl"},
}
# An old slug redirects (301) with the query string as it came (contacts.slugs).
OLD_SLUG_ARGUMENTS = {"coordination:topic_detail": {"slug": "fruehe-foerderung"}}
# Pages rendered by WeasyPrint take a second each: one request per language, not a search.
SLOW_PAGES = {"canton_profile_pdf", "canton_contacts_pdf"}
NOT_FUZZED = {}  # {URL name: why not}; none so far
# Pages that show something only after a form was sent from this browser.
REDIRECTING = {"planning:print_order_done": 302, "report_change_done": 302}


def test_every_public_url_pattern_is_fuzzed():
    """Pages without arguments are found by themselves; a page with them needs them here."""
    needs_arguments = {name for name, arguments in public_url_names().items() if arguments}
    missing = needs_arguments - DETAIL_ARGUMENTS.keys() - NOT_FUZZED.keys()
    assert not missing, f"add these pages to DETAIL_ARGUMENTS in {__file__}: {sorted(missing)}"
    assert not DETAIL_ARGUMENTS.keys() - needs_arguments, "a page in DETAIL_ARGUMENTS is gone"


@pytest.fixture
def portal_records(
    make_canton,
    make_municipality,
    make_topic,
    make_organisation,
    make_person,
    make_position,
    make_conference,
    make_office,
    make_committee,
    make_forum,
    make_foundation,
    make_event,
    make_plan,
    make_field,
    make_measure,
):
    """A little of everything the public pages list, filter and link."""
    make_canton("BL", "Basel-Landschaft")
    make_canton("ZH", "Zürich")
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    make_municipality("Buchs (AG)", bfs_number=4003, canton="AG", district="Bezirk Aarau")
    make_municipality("Buchs (ZH)", bfs_number=83, canton="ZH", district="Bezirk Dielsdorf")
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=fuellinsdorf)
    topic = make_topic("Kinderschutz")
    old_topic = make_topic("Frühe Förderung")
    old_topic.slug = "fruehe-foerderung-neu"  # the old slug answers with a redirect
    old_topic.save()
    organisation = make_organisation(
        "Amt für Kind, Jugend und Behindertenangebote",
        short_name="AKJB",
        phone="+41615521799",
        email="akjb@example.ch",
    )
    organisation.topics.set([topic])
    organisation.service_municipalities.set([fuellinsdorf])
    person = make_person("Regula", "Muster")
    make_position(
        "Koordinatorin Kinder- und Jugendhilfe",
        person=person,
        organisation=organisation,
        email="regula.muster@example.ch",
        topics=[topic],
    )
    make_position("Sachbearbeiter", canton="ZH")
    office = make_office(coordinator=None)
    plan = make_plan(print_orderable=True, owner=office)
    field = make_field(plan, number=1)
    field.topics.set([topic])
    make_measure(field)
    return SimpleNamespace(
        topic=topic,
        organisation=organisation,
        person=person,
        office=office,
        conference=make_conference(),
        committee=make_committee(),
        forum=make_forum(),
        foundation=make_foundation(),
        event=make_event(),
        plan=plan,
        field=field,
    )


class Page(NamedTuple):
    name: str
    language: str
    url: str
    status: int  # without a query string


class Pages(list):
    def __repr__(self):  # Hypothesis prints a failing example's fixtures too
        return f"<{len(self)} pages>"


@pytest.fixture
def pages(portal_records):
    """A Page for every fuzzed URL pattern in every language."""
    found = Pages()
    for name, arguments in sorted(public_url_names().items()):
        if name in NOT_FUZZED:
            continue
        variants = [(DETAIL_ARGUMENTS[name](portal_records) if arguments else {}, None)]
        if name in OLD_SLUG_ARGUMENTS:
            variants.append((OLD_SLUG_ARGUMENTS[name], 301))
        for kwargs, status in variants:
            for code, _language in django_settings.LANGUAGES:
                with translation.override(code):
                    url = reverse(name, kwargs=kwargs)
                found.append(Page(name, code, url, status or REDIRECTING.get(name, 200)))
    return found


# What breaks pages is mostly one bad character in an otherwise good value.
BAD_CHARACTERS = ["\x00", "\x01", "\x1b", "\x7f", "\n", "\r\n", "\u202e", "\ufeff"]

malformed_values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    # Overlong: up to 10,000 characters, markup at the end.
    st.tuples(st.sampled_from(["a", "9", "ä", "\x00", "<", "%", "-"]), st.integers(1, 10_000)).map(
        lambda pair: pair[0] * pair[1] + INJECTIONS[0]
    ),
    st.tuples(st.text(max_size=10), st.sampled_from(INJECTIONS)).map("".join),
)


def spoil(value):
    """`value` as it is, or with a bad character or markup at some place in it."""
    return st.one_of(
        st.just(value),
        st.tuples(st.integers(0, len(value)), st.sampled_from([*BAD_CHARACTERS, *INJECTIONS])).map(
            lambda insert: value[: insert[0]] + insert[1] + value[insert[0] :]
        ),
    )


def values_for(name):
    """A value for parameter `name`: one it understands or a malformed one, often spoiled."""
    valid = VALID_VALUES.get(name)
    values = st.one_of(st.sampled_from(valid), malformed_values) if valid else malformed_values
    return values.flatmap(spoil)


def pair_queries(names):
    """Some of the page's parameters, each once or repeated (?kanton=BL&kanton=ZH), and
    sometimes names no page knows or a known one in capitals."""
    own = st.fixed_dictionaries(
        {}, optional={name: st.lists(values_for(name), min_size=1, max_size=2) for name in names}
    )
    unknown_names = st.one_of(
        st.sampled_from(names).map(str.upper),
        st.sampled_from(names).map(lambda name: f"{name}[]"),
        st.text(max_size=20),
        st.sampled_from(INJECTIONS),
    )
    unknown = st.lists(st.tuples(unknown_names, malformed_values), max_size=2)
    return st.tuples(own, unknown).map(
        lambda parts: urlencode(
            [(name, value) for name, values in parts[0].items() for value in values] + parts[1],
            quote_via=quote,
        )
    )


def raw_queries(names):
    """Query strings as a server may pass them: printable ASCII with stray and broken
    percent-escapes (%, %zz; %FF is no UTF-8), empty and nameless pairs, markup unencoded."""
    pieces = st.one_of(
        st.text(
            alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#"),
            max_size=30,
        ),
        st.sampled_from(
            ["%", "%zz", "%FF%FE", "%C3", "%00", "%0A", "&&", "==", "=", ";", "+", "%2", "%u00e4"]
        ),
        st.sampled_from(names).map(lambda name: f"&{name}="),
        st.sampled_from(INJECTIONS).map(lambda text: text.replace(" ", "+")),
    )
    return st.lists(pieces, max_size=8).map("".join)


def queries(names):
    return st.one_of(pair_queries(names), pair_queries(names), raw_queries(names))


def read_body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_handled(response, url):
    """The page coped with its query string: no error, nothing reflected unescaped, its
    download well-formed."""
    where = f"{url}?{response.request['QUERY_STRING']}"
    assert response.status_code in {200, 301, 302, 400, 404}, where
    body = read_body(response)
    if response.status_code in {301, 302}:
        location = response["Location"]
        # A redirect stays on the site, whatever the query string said.
        assert location.startswith("/") and not location.startswith("//"), where
        return
    content_type = response.get("Content-Type", "")
    text = body.decode("utf-8") if not content_type.startswith("application/pdf") else ""
    if content_type.startswith("text/html"):
        found = UNESCAPED.search(text)
        assert found is None, f"{where}: unescaped {text[found.start() - 80 : found.end() + 80]!r}"
        return
    # Anything else is never read as HTML by a browser.
    assert response.get("X-Content-Type-Options") == "nosniff", where
    if response.status_code != 200:
        assert content_type.startswith("text/plain"), where
        return
    if content_type.startswith("text/csv"):
        assert text.startswith(CSV_BOM), where
        rows = list(csv.reader(io.StringIO(text[len(CSV_BOM) :]), delimiter=CSV_DELIMITER))
        assert rows and all(len(row) == len(rows[0]) for row in rows), where
    elif content_type.startswith("application/json"):
        json.loads(text)
    elif content_type.startswith("text/calendar"):
        icalendar.Calendar.from_ical(text)
    elif content_type.startswith("text/vcard"):
        assert list(vobject.readComponents(text)), where
    elif "xml" in content_type:
        ElementTree.fromstring(body)
    elif content_type.startswith("application/pdf"):
        assert body.startswith(b"%PDF"), where
    else:
        assert content_type.startswith("text/plain"), f"{where}: {content_type}"


def fetch(client, url, query):
    # As a WSGI server passes it: the raw query string, not re-encoded by the test client.
    return client.get(url, QUERY_STRING=query)


# The budgets are multiples of the profile's number (tests/conftest.py), so "explore" scales them.
EXAMPLES = hypothesis_settings.default.max_examples


def fuzz_settings(examples):
    return hypothesis_settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@fuzz_settings(2 * EXAMPLES)
@given(data=st.data())
def test_no_list_or_search_fails_or_reflects_its_parameters(client, pages, data):
    """The pages that read parameters, in every language, with their own parameters."""
    page_name = data.draw(st.sampled_from(sorted(PAGE_PARAMETERS)), label="page")
    url = data.draw(st.sampled_from([page.url for page in pages if page.name == page_name]))
    query = data.draw(queries(PAGE_PARAMETERS[page_name]), label="query")
    assert_handled(fetch(client, url, query), url)


@fuzz_settings(EXAMPLES)
@given(data=st.data())
def test_no_page_fails_or_reflects_its_query_string(client, pages, data):
    """Every page: one that starts reading a parameter is fuzzed already."""
    url = data.draw(st.sampled_from([page.url for page in pages if page.name not in SLOW_PAGES]))
    assert_handled(fetch(client, url, data.draw(queries(KNOWN_PARAMETERS), label="query")), url)


def every_parameter(value):
    return urlencode([(name, value) for name in KNOWN_PARAMETERS], quote_via=quote)


OVERLONG_EVERYWHERE = every_parameter("9" * 10_000 + "\x00" + INJECTIONS[2])
BROKEN_RAW = f"page=%zz&q=%FF%FE<{MARKER}>&kanton=%&&=&thema=%00&gemeinde=%C3"
# More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS): refused, with a 400.
TOO_MANY_FIELDS = "&".join(f"kanton={index}" for index in range(1001))


def test_every_page_copes_with_every_parameter_malformed_at_once(client, pages):
    """Each page, the slow ones included, with every known parameter overlong, with a NUL
    byte and markup, with a broken raw query string and with too many fields; in one
    language each, in turn."""
    languages = [code for code, _name in django_settings.LANGUAGES]
    names = sorted({page.name for page in pages})
    for page in pages:
        if languages.index(page.language) != names.index(page.name) % len(languages):
            continue
        # The records are there: the malformed parameters meet the page, not a 404.
        assert client.get(page.url).status_code == page.status, page.url
        tried = [OVERLONG_EVERYWHERE]
        if page.name not in SLOW_PAGES:
            tried += [BROKEN_RAW, TOO_MANY_FIELDS]
        for query in tried:
            assert_handled(fetch(client, page.url, query), page.url)


def without_sniffing(response):
    response["X-Content-Type-Options"] = "nosniff"
    return response


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(f"<p>{INJECTIONS[0]}</p>"),
        HttpResponse(f'<a href="/?q={INJECTIONS[4]}">'),
        HttpResponse("{}", content_type="application/json"),  # may be sniffed as HTML
        without_sniffing(HttpResponse("{", content_type="application/json")),
        without_sniffing(HttpResponse(f"{CSV_BOM}a;b\r\nc", content_type="text/csv")),
        HttpResponse(status=500),
        HttpResponsePermanentRedirect("https://example.com/"),
    ],
)
def test_the_check_catches_what_the_fuzzing_looks_for(response):
    response.request = {"QUERY_STRING": "q=x"}
    with pytest.raises((AssertionError, ValueError)):
        assert_handled(response, "/")
