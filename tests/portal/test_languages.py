"""Every public page in German, French, Italian and English: the language the page declares,
its versions in the other languages, the switcher, German stand-ins and the cost."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coordination.models import Event, EventFormat

LANGUAGES = ("de", "fr", "it", "en")
PLAN = "kinder-und-jugendhilfe-planung-2020-2025"

# Every kind of public page, as (URL name, URL arguments) of a page the seed publishes.
PAGES = [
    ("home", {}),
    ("contacts:directory", {}),
    ("contacts:organisation_detail", {"slug": "akjb"}),
    ("contacts:person_detail", {"slug": "andrea-ruder"}),
    ("coordination:topic_detail", {"slug": "fremdplatzierung"}),
    ("planning:index", {}),
    ("planning:plan_detail", {"slug": PLAN}),
    ("planning:field_detail", {"slug": PLAN, "number": 7}),
    ("planning:print_order", {"slug": PLAN}),
    ("coordination:index", {}),
    ("coordination:conference_detail", {"slug": "kkjp"}),
    ("coordination:office_detail", {"slug": "koordination-kinder-und-jugendhilfe-bl"}),
    ("coordination:committee_detail", {"slug": "steuergruppe-kinder-und-jugendhilfe"}),
    ("coordination:forum_detail", {"slug": "dialogforum"}),
    ("coordination:foundation_detail", {"slug": "kjsg"}),
    ("coordination:event_list", {}),
    ("coordination:event_detail", {"slug": "plattform-jugendbeteiligung"}),
    ("imprint", {}),
    ("privacy", {}),
    ("accessibility", {}),
]


class LanguageMarkup(HTMLParser):
    """What a page says about its language: <html lang>, the <link rel="alternate"> versions
    and the switcher's links (href by language; the current language is not a link)."""

    def __init__(self, content):
        super().__init__()
        self.html_lang = None
        self.alternates = {}
        self.switcher = {}
        self.switcher_current = None
        self._in_switcher = False
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        elif self._in_switcher and tag == "a":
            self.switcher[attrs["lang"]] = attrs["href"]
        elif self._in_switcher and tag == "span" and attrs.get("aria-current"):
            self.switcher_current = attrs.get("lang")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


@pytest.fixture
def portal_pages(seeded):
    """The seed, and an upcoming event of its KJSG platforms (the seed has no dates)."""
    starts_at = timezone.now() + timezone.timedelta(days=30)
    Event.objects.create(
        format=EventFormat.objects.get(slug="plattformen-erfahrungsaustausch"),
        title="Plattform Jugendbeteiligung",
        slug="plattform-jugendbeteiligung",
        starts_at=starts_at,
        ends_at=starts_at + timezone.timedelta(hours=3),
        is_published=True,
    )


def url_in(language, url_name, kwargs=None):
    with translation.override(language):
        return reverse(url_name, kwargs=kwargs or None)


def check_language(response, language):
    assert response["Content-Language"] == language
    markup = LanguageMarkup(response.content.decode())
    assert markup.html_lang == language
    assert markup.switcher_current == language
    return markup


@pytest.mark.parametrize(("url_name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_page_answers_in_every_language_and_names_its_other_versions(
    client, portal_pages, url_name, kwargs
):
    versions = {language: url_in(language, url_name, kwargs) for language in LANGUAGES}
    assert len(set(versions.values())) == len(LANGUAGES)
    assert not versions["de"].startswith(("/de/", "/fr/", "/it/", "/en/"))
    absolute = {code: f"http://testserver{href}" for code, href in versions.items()}

    for language, url in versions.items():
        response = client.get(url)
        assert response.status_code == 200, url
        markup = check_language(response, language)
        assert markup.alternates == {**absolute, "x-default": absolute["de"]}, url
        others = {code: href for code, href in versions.items() if code != language}
        assert markup.switcher == others, url

    # The round trip a visitor makes, by the links the pages show: German, French, German.
    french_url = LanguageMarkup(client.get(versions["de"]).content.decode()).switcher["fr"]
    back_url = check_language(client.get(french_url), "fr").switcher["de"]
    assert back_url == versions["de"]


def test_switcher_keeps_the_directory_filter(client, seeded):
    german = client.get(reverse("contacts:directory"), {"kanton": "BL"})
    french_url = LanguageMarkup(german.content.decode()).switcher["fr"]
    assert french_url == url_in("fr", "contacts:directory") + "?kanton=BL"
    back = LanguageMarkup(client.get(french_url).content.decode()).switcher["de"]
    assert back == "/kontakte/?kanton=BL"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_that_does_not_exist_says_so_in_every_language(client, db, language):
    prefix = "" if language == "de" else f"/{language}"
    response = client.get(f"{prefix}/gibt-es-nicht/")
    assert response.status_code == 404
    markup = check_language(response, language)
    # There is no such page in another language: the switcher leads to the home pages.
    homes = {code: url_in(code, "home") for code in LANGUAGES if code != language}
    assert markup.switcher == homes


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_answers_in_the_same_language(client, make_organisation, language):
    organisation = make_organisation(name="Jugendamt Liestal")
    response = client.get(url_in(language, "search"), {"q": "Jugendamt"})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    hits = [hit for group in response.context["results"].groups for hit in group.hits]
    with translation.override(language):
        assert [hit.url for hit in hits] == [organisation.get_absolute_url()]


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_a_missing_translation_shows_the_german_text_marked_as_german(
    client, make_organisation, language
):
    organisation = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote")
    assert organisation.name_fr is None and organisation.name_it is None
    url = url_in(language, "contacts:organisation_detail", {"slug": organisation.slug})

    response = client.get(url)

    assert LanguageMarkup(response.content.decode()).html_lang == language
    assert '<h1><span lang="de">Amt für Kind, Jugend und Behindertenangebote</span>' in (
        response.content.decode()
    )


def test_the_directory_cache_keeps_each_language_apart(client, make_position):
    make_position(title="Sachbearbeiterin")
    german = client.get(url_in("de", "contacts:directory"))
    french = client.get(url_in("fr", "contacts:directory"))
    french_again = client.get(url_in("fr", "contacts:directory"))
    german_again = client.get(url_in("de", "contacts:directory"))

    assert LanguageMarkup(french.content.decode()).html_lang == "fr"
    with translation.override("fr"):
        french_navigation = translation.gettext("Hauptnavigation")
    assert f'aria-label="{french_navigation}"' in french.content.decode()
    assert french_again.content == french.content
    assert german_again.content == german.content != french.content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["contacts:directory", "planning:index"])
def test_french_pages_cost_no_more_queries_than_german_ones(
    rendered_pages, client, seeded, django_assert_max_num_queries, url_name
):
    from django.core.cache import cache

    client.get(url_in("de", url_name))  # once for what every first request loads
    cache.clear()
    german_queries = count_queries(client, url_in("de", url_name))
    cache.clear()
    with django_assert_max_num_queries(german_queries):
        client.get(url_in("fr", url_name))
