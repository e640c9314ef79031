"""Coordination in four languages: texts, pages, fallbacks, history, seed, feeds, cost."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from coordination import seed
from coordination.models import (
    Body,
    BodyTheme,
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
    Membership,
    OfficeTask,
    TopicArea,
)
from core.translation import translated_fields


@pytest.fixture(autouse=True)
def _german_while_arranging():
    # Records are made in German, whatever language an earlier request left active.
    with translation.override("de"):
        yield


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


def page(client, language, name, **kwargs):
    response = client.get(url_in(language, name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


BODY_TEXTS = {"name", "short_name", "purpose", "description"}


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Foundation, {"name", "short_name", "description"}),
        (Body, BODY_TEXTS),
        (Conference, BODY_TEXTS | {"parent_relation", "composition"}),
        (CoordinationOffice, BODY_TEXTS | {"mandate"}),
        (Committee, BODY_TEXTS),
        (Forum, BODY_TEXTS | {"full_title"}),
        (BodyTheme, {"note"}),
        (Membership, {"group_label", "role"}),
        (Lineage, {"note"}),
        (OfficeTask, {"text"}),
        (EventFormat, {"name", "description", "audience"}),
        (TopicArea, {"name"}),
        (Event, {"title", "description"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_visitor_texts_are_registered_and_nothing_else(model, fields):
    assert set(translated_fields(model)) == fields


def test_history_of_every_kind_keeps_the_body_texts_in_every_language():
    for model in (Conference, CoordinationOffice, Committee, Forum):
        history_fields = {field.name for field in model.history.model._meta.fields}
        assert {"name_de", "name_fr", "purpose_it", "description_en"} <= history_fields


def test_french_conference_page_shows_cpej_and_marks_german_stand_ins(client, seeded):
    html = page(client, "fr", "coordination:conference_detail", slug="kkjp")
    assert "<span>Conférence pour la politique de l&#x27;enfance et de la jeunesse</span>" in html
    assert '<span class="text-muted">(CPEJ)</span>' in html
    # The purpose has no official French text: German, marked as German.
    assert '<p class="lead" lang="de">Setzt sich ein' in html
    assert "Konferenz für Kinder- und Jugendpolitik</span>" not in html


def test_german_conference_page_marks_nothing(client, seeded):
    html = page(client, "de", "coordination:conference_detail", slug="kkjp")
    assert "<span>Konferenz für Kinder- und Jugendpolitik</span>" in html
    assert 'lang="de"' not in html.split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("language", "kjfg", "pavo"),
    [("fr", "LEEJ", "OPE"), ("it", "LPAG", "OAMin")],
)
def test_foundation_pages_show_the_official_short_names(client, seeded, language, kjfg, pavo):
    kjfg_html = page(client, language, "coordination:foundation_detail", slug="kjfg")
    pavo_html = page(client, language, "coordination:foundation_detail", slug="pavo")
    assert f'<span class="text-muted">({kjfg})</span>' in kjfg_html
    assert f'<span class="text-muted">({pavo})</span>' in pavo_html
    # The KJFG's description has no official translation.
    assert '<div lang="de"><p>Auf der Grundlage des KJFG' in kjfg_html


def test_english_convention_page_has_its_english_title(client, seeded):
    html = page(
        client,
        "en",
        "coordination:foundation_detail",
        slug="uebereinkommen-ueber-die-rechte-des-kindes",
    )
    assert "<h1><span>Convention on the Rights of the Child</span>" in html


def test_reverting_the_history_brings_back_a_french_text(make_conference):
    conference = make_conference(name="Konferenz", purpose="Zweck")
    conference.purpose_fr = "But"
    conference.save()
    conference.purpose_fr = "Objectif"
    conference.save()

    conference.history.filter(purpose_fr="But").latest().instance.save()

    conference.refresh_from_db()
    assert conference.purpose_fr == "But"
    assert conference.purpose_de == "Zweck"


def _load():
    out = io.StringIO()
    seed.load(out)
    return out.getvalue()


def test_seed_run_again_adds_nothing(seeded):
    assert "Neu:" not in _load()


def test_seed_keeps_french_text_staff_entered_and_fills_an_empty_column(seeded):
    Conference.objects.filter(slug="kkjp").update(short_name_fr="CPEJ-CDAS", name_fr=None)
    Foundation.objects.filter(slug="kjfg").update(name_it="Legge federale (testo del personale)")

    report = _load()

    kkjp = Conference.objects.get(slug="kkjp")
    assert kkjp.short_name_fr == "CPEJ-CDAS"
    assert kkjp.name_fr == "Conférence pour la politique de l'enfance et de la jeunesse"
    assert Foundation.objects.get(slug="kjfg").name_it == "Legge federale (testo del personale)"
    assert "Beibehalten: Abkürzung [fr] von Konferenz" in report


def test_seed_translates_only_what_a_source_states(seeded):
    assert Conference.objects.get(slug="kkjp").name_it is None
    assert Conference.objects.get(slug="kkjf").name_fr is None
    assert Foundation.objects.get(slug="kjfg").name_en is None


def test_french_calendar_feed_uses_the_french_event_title(client, make_event):
    make_event(title="Fachtagung", title_fr="Journée spécialisée")
    make_event(title="Expertengespräch")
    response = client.get(url_in("fr", "coordination:event_feed"))
    calendar = Calendar.from_ical(response.content)
    summaries = {
        str(entry["summary"]): entry["summary"].params.get("LANGUAGE")
        for entry in calendar.walk("VEVENT")
    }
    assert summaries == {"Journée spécialisée": "fr", "Expertengespräch": "de"}


def test_french_event_list_marks_a_german_title(client, make_event):
    make_event(title="Expertengespräch")
    html = page(client, "fr", "coordination:event_list")
    assert 'lang="de">Expertengespräch</a>' in html


def _queries(client, language, name):
    url = url_in(language, name)
    client.get(url)  # warm the session and the reference-data cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("name", ["coordination:index", "coordination:event_list"])
def test_list_pages_cost_the_same_in_german_and_french(
    client, make_conference, make_foundation, make_event, name, size
):
    for index in range(size):
        make_conference(name_fr=f"Conférence {index}" if index % 2 else None)
        make_foundation()
        make_event(title_fr=f"Rencontre {index}" if index % 2 else None)
    german = _queries(client, "de", name)
    assert _queries(client, "fr", name) == german
