"""Kept fragments (core.fragments): keyed by what they show, never stale, never a query."""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from contacts.models import Person, Position
from core import fragments

CARD = "contacts/includes/_position_card.html"


def card_position(pk):
    """A position loaded as the directory loads it for its cards."""
    return (
        Position.objects.select_related("person", "organisation__canton", "organisation__country")
        .prefetch_related("topics")
        .get(pk=pk)
    )


def render_card(position):
    return Template('{% load fragments %}{% fragment "' + CARD + '" position=position %}').render(
        Context({"position": position})
    )


def test_equal_records_share_a_key_and_any_loaded_change_makes_a_new_one(make_position, make_topic):
    position = make_position(title="Leiterin", topics=[make_topic("Kinderschutz")])
    key = fragments.fragment_key(CARD, {"position": card_position(position.pk)})
    assert fragments.fragment_key(CARD, {"position": card_position(position.pk)}) == key

    changed = card_position(position.pk)
    changed.title = "Co-Leiterin"  # the record's own column
    assert fragments.fragment_key(CARD, {"position": changed}) != key
    changed = card_position(position.pk)
    changed.person.last_name = "Meier"  # a joined record
    assert fragments.fragment_key(CARD, {"position": changed}) != key
    changed = card_position(position.pk)
    changed.organisation.canton.code = "ZH"  # two joins away
    assert fragments.fragment_key(CARD, {"position": changed}) != key
    changed = card_position(position.pk)
    changed.topics.all()[0].name = "Kindesschutz"  # a prefetched record
    assert fragments.fragment_key(CARD, {"position": changed}) != key
    with translation.override("fr"):
        assert fragments.fragment_key(CARD, {"position": card_position(position.pk)}) != key
    assert fragments.fragment_key("other.html", {"position": card_position(position.pk)}) != key


def test_a_form_is_keyed_by_its_data_errors_and_choices(db, rf):
    from contacts.filters import PositionFilter

    def form_key(query):
        form = PositionFilter(rf.get("/", query).GET, queryset=Position.objects.none()).form
        form.is_valid()
        return fragments.fragment_key("form.html", {"form": form})

    plain = form_key({})
    assert form_key({}) == plain
    assert form_key({"q": "Meier"}) != plain
    assert form_key({"kanton": "XX"}) not in (plain, form_key({"kanton": "YY"}))


def test_a_dataclass_and_a_lazy_text_are_keyed_by_their_content():
    @dataclass(frozen=True)
    class Share:
        percent: int

    assert fragments.fragment_key("x", {"s": Share(1)}) == fragments.fragment_key(
        "x", {"s": Share(1)}
    )
    assert fragments.fragment_key("x", {"s": Share(1)}) != fragments.fragment_key(
        "x", {"s": Share(2)}
    )
    from django.utils.translation import gettext_lazy

    with translation.override("de"):
        german = fragments.fragment_key("x", {"t": gettext_lazy("Kontakte")})
    with translation.override("fr"):
        assert fragments.fragment_key("x", {"t": gettext_lazy("Kontakte")}) != german


def test_a_card_is_rendered_once_and_then_served_from_the_memo(make_position):
    position = make_position(title="Leiterin")
    first = render_card(card_position(position.pk))
    assert len(fragments.memo) == 1
    assert render_card(card_position(position.pk)) == first
    assert len(fragments.memo) == 1
    Person.objects.filter(pk=position.person_id).update(last_name="Neuname")
    assert "Neuname" in render_card(card_position(position.pk))
    assert len(fragments.memo) == 2


def test_a_fragment_that_reads_the_database_is_shown_but_not_kept(make_position, caplog):
    position = make_position(title="Leiterin")
    unloaded = Position.objects.get(pk=position.pk)  # person and topics not loaded
    with caplog.at_level(logging.WARNING, logger="core.fragments"):
        html = render_card(unloaded)
    assert unloaded.person.last_name in html
    assert len(fragments.memo) == 0
    assert CARD in caplog.text


def test_a_value_the_key_cannot_read_is_rendered_without_keeping(caplog):
    template = Template('{% load fragments %}{% fragment "includes/_pagination.html" page=page %}')
    with caplog.at_level(logging.WARNING, logger="core.fragments"):
        template.render(Context({"page": object()}))
    assert len(fragments.memo) == 0
    assert "ohne Schlüssel" in caplog.text


def test_the_memo_forgets_the_least_recently_used_first():
    memo = fragments.FragmentMemo(2)
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.get("a") == "A"  # a is now the most recently used
    memo.put("c", "C")
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == ("A", "C")


@pytest.mark.parametrize("debug, size", [(True, 100), (False, 0)])
def test_nothing_is_kept_under_debug_or_with_size_zero(make_position, settings, debug, size):
    settings.DEBUG = debug
    position = make_position()
    original = fragments.memo.size
    fragments.memo.size = size
    try:
        render_card(card_position(position.pk))
    finally:
        fragments.memo.size = original
    assert len(fragments.memo) == 0


@pytest.mark.parametrize("query", [{}, {"kanton": "BL"}, {"kanton": "XX"}, {"q": "Meier"}])
def test_the_directory_is_the_same_with_kept_fragments_and_without(
    make_position, make_topic, pages_with_and_without_kept_fragments, query
):
    topic = make_topic("Kinderschutz")
    for number in range(3):
        make_position(title=f"Leiterin {number}", topics=[topic])
    make_position(canton="ZH")
    url = f"{reverse('contacts:directory')}?{urlencode(query)}"
    fresh, first, again, kept = pages_with_and_without_kept_fragments(url)
    assert kept > 0
    assert again == first == fresh
    assert len(fragments.memo) == kept  # the second render kept nothing new


def test_a_changed_person_shows_on_the_next_directory_render(client, rendered_pages, make_position):
    position = make_position(title="Leiterin")
    url = reverse("contacts:directory")
    assert position.person.last_name in client.get(url).content.decode()
    Person.objects.filter(pk=position.person_id).update(last_name="Umbenannt")
    assert "Umbenannt" in client.get(url).content.decode()


def test_phone_numbers_that_print_differently_have_different_keys():
    import phonenumbers

    with_zero = phonenumbers.parse("+390612345678")
    without_zero = phonenumbers.parse("+39612345678")
    assert fragments.fragment_key("x", {"phone": with_zero}) != fragments.fragment_key(
        "x", {"phone": without_zero}
    )


def test_a_record_met_again_is_told_apart_from_another_one(make_person):
    first, second = make_person(), make_person()
    assert fragments.fragment_key("x", {"list": [first, second, first]}) != (
        fragments.fragment_key("x", {"list": [first, second, second]})
    )


def test_a_form_key_ignores_parameters_of_no_field(db, rf):
    from contacts.filters import PositionFilter

    def form_key(query):
        form = PositionFilter(rf.get("/", query).GET, queryset=Position.objects.none()).form
        form.is_valid()
        return fragments.fragment_key("form.html", {"form": form})

    assert form_key({"kanton": "BL", "page": "2", "orgseite": "3"}) == form_key({"kanton": "BL"})


def test_values_that_cannot_be_sorted_are_rendered_without_keeping(caplog):
    template = Template('{% load fragments %}{% fragment "includes/_pagination.html" page=page %}')
    with caplog.at_level(logging.WARNING, logger="core.fragments"):
        template.render(Context({"page": {1: "a", "b": 2}}))
    assert len(fragments.memo) == 0


def test_a_fragment_sees_only_what_it_is_given(rf):
    from django.template import Engine, RequestContext

    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "piece.html": "[{{ request.path }}|{{ secret }}|{{ given }}]",
                    "page.html": '{% load fragments %}{{ secret }}{% fragment "piece.html" '
                    'given="shown" %}',
                },
            )
        ],
        libraries={"fragments": "core.templatetags.fragments"},
    )
    page = engine.get_template("page.html")
    html = page.render(RequestContext(rf.get("/seite/"), {"secret": "geheim"}))
    assert html == "geheim[||shown]"
    assert len(fragments.memo) == 1
