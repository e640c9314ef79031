"""The page cache (core.pagecache): public pages from the cache, never stale after a change.

Each kind of change a page can miss has its own test here: a save of each page type's
record, a bulk update, a raw statement, a deletion, a relation change, a bulk insert, a
register import, a translation; and each part of the key (release, date, path) and of the
rules for who gets a stored page. Every one of them fails when its part is taken out.
"""

# ruff: noqa: F401, F811
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Municipality, Organisation, Position, Postcode
from contacts.registers import import_postcodes
from core import pagecache
from tests.coordination.conftest import (
    make_committee,
    make_conference,
    make_event,
    make_event_format,
    make_forum,
    make_foundation,
    make_office,
)
from tests.planning.conftest import make_area, make_field, make_plan


def served_from_cache(client, url, django_assert_max_num_queries, **headers):
    """The page of a repeat visit, asserted to come from the cache: one query (the
    generation), nothing rendered."""
    with django_assert_max_num_queries(1):
        return client.get(url, **headers)


def text_of(response):
    return response.content.decode()


# Every page type: seen, stored, changed through a save, seen changed on the next request.


def _directory(make_position, **_fixtures):
    position = make_position(title="Leiterin Kinderschutz")
    return reverse("contacts:directory"), position, "title"


def _organisation(make_organisation, **_fixtures):
    organisation = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote")
    return organisation.get_absolute_url(), organisation, "name"


def _person(make_position, **_fixtures):
    position = make_position()
    return position.person.get_absolute_url(), position.person, "last_name"


def _home(make_organisation, **_fixtures):
    organisation = make_organisation(name="Jugendamt Liestal")
    return reverse("home"), organisation, "name"


def _conference(make_conference, **_fixtures):
    conference = make_conference(name="Konferenz für Kinder- und Jugendpolitik")
    return conference.get_absolute_url(), conference, "name"


def _office(make_office, **_fixtures):
    office = make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    return office.get_absolute_url(), office, "name"


def _committee(make_committee, **_fixtures):
    committee = make_committee(name="Steuergruppe Kinder- und Jugendhilfe")
    return committee.get_absolute_url(), committee, "name"


def _forum(make_forum, **_fixtures):
    forum = make_forum(name="Dialogforum Bund trifft kommunale Praxis")
    return forum.get_absolute_url(), forum, "name"


def _foundation(make_foundation, **_fixtures):
    foundation = make_foundation(name="Kinder- und Jugendförderungsgesetz")
    return foundation.get_absolute_url(), foundation, "name"


def _event(make_event, **_fixtures):
    event = make_event(title="Plattform Kinderschutz")
    return event.get_absolute_url(), event, "title"


def _event_list(make_event, **_fixtures):
    event = make_event(title="Plattform Kinderschutz")
    return reverse("coordination:event_list"), event, "title"


def _event_feed(make_event, **_fixtures):
    event = make_event(title="Plattform Kinderschutz")
    return reverse("coordination:event_feed"), event, "title"


def _plan(make_plan, **_fixtures):
    plan = make_plan(title="Kinder- und Jugendhilfeplanung 2020-2025")
    return plan.get_absolute_url(), plan, "title"


def _plan_list(make_plan, **_fixtures):
    plan = make_plan(title="Kinder- und Jugendhilfeplanung 2020-2025")
    return reverse("planning:index"), plan, "title"


def _field(make_plan, make_field, **_fixtures):
    field = make_field(make_plan(), title="Frühe Förderung")
    return field.get_absolute_url(), field, "title"


def _search(make_organisation, **_fixtures):
    organisation = make_organisation(name="Jugendamt Liestal")
    return reverse("search") + "?q=Jugendamt", organisation, "name"


def _canton_comparison(make_office, **_fixtures):
    office = make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    return reverse("canton_comparison"), office, "name"


def _canton_csv(make_office, **_fixtures):
    office = make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    return reverse("canton_comparison_csv"), office, "name"


def _canton_profile(make_office, **_fixtures):
    office = make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    return reverse("canton_profile", args=["bl"]), office, "name"


PAGE_TYPES = [
    _home,
    _directory,
    _organisation,
    _person,
    _conference,
    _office,
    _committee,
    _forum,
    _foundation,
    _event,
    _event_list,
    _event_feed,
    _plan,
    _plan_list,
    _field,
    _search,
    _canton_comparison,
    _canton_csv,
    _canton_profile,
]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda function: function.__name__[1:])
def test_every_page_type_is_stored_and_shows_a_change_at_once(
    page_type, request, client, django_assert_max_num_queries
):
    fixtures = {
        name: request.getfixturevalue(name)
        for name in page_type.__code__.co_varnames[: page_type.__code__.co_argcount]
    }
    url, record, field = page_type(**fixtures)
    old = getattr(record, field)
    first = client.get(url)
    assert first.status_code == 200
    assert old in text_of(first)
    again = served_from_cache(client, url, django_assert_max_num_queries)
    assert again.content == first.content

    setattr(record, field, f"{old} Neu")
    record.save()
    changed = client.get(url)
    assert f"{old} Neu" in text_of(changed)


# Each kind of write raises the generation (the triggers), through a page that shows it.


@pytest.fixture
def directory_page(client, make_position):
    """The directory with one position, stored: (url, position)."""
    position = make_position(title="Leiterin Kinderschutz")
    url = reverse("contacts:directory")
    assert "Leiterin Kinderschutz" in text_of(client.get(url))
    return url, position


def test_a_bulk_update_shows_at_once(client, directory_page, django_assert_max_num_queries):
    url, position = directory_page
    served_from_cache(client, url, django_assert_max_num_queries)
    Position.objects.filter(pk=position.pk).update(title="Leiterin Jugendhilfe")
    assert "Leiterin Jugendhilfe" in text_of(client.get(url))


def test_a_raw_statement_shows_at_once(client, directory_page):
    url, position = directory_page
    table = connection.ops.quote_name(Position._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET is_published = %s WHERE id = %s", [False, position.pk])
    assert "Leiterin Kinderschutz" not in text_of(client.get(url))


def test_a_deletion_shows_at_once(client, directory_page):
    url, position = directory_page
    position.delete()
    assert "Leiterin Kinderschutz" not in text_of(client.get(url))


def test_a_relation_change_shows_at_once(client, directory_page, make_topic):
    url, position = directory_page
    adoption = make_topic("Adoption")
    filtered = f"{url}?thema={adoption.slug}"
    assert "Leiterin Kinderschutz" not in text_of(client.get(filtered))
    position.topics.add(adoption)
    assert "Leiterin Kinderschutz" in text_of(client.get(filtered))
    position.topics.clear()
    assert "Leiterin Kinderschutz" not in text_of(client.get(filtered))


def test_a_bulk_insert_shows_at_once(client, directory_page, make_person):
    url, position = directory_page
    Position.objects.bulk_create(
        [
            Position(
                person=make_person(last_name="Beispiel"),
                organisation=position.organisation,
                title="Schulsozialarbeiter",
                is_published=True,
            )
        ]
    )
    assert "Schulsozialarbeiter" in text_of(client.get(url))


def test_a_register_update_shows_at_once(client, make_municipality, tmp_path):
    """The yearly postcode register arrives by bulk insert: the lookup finds the new code."""
    make_municipality("Füllinsdorf", bfs_number=2825)
    url = reverse("home") + "?ort=4414"
    assert client.get(url).status_code == 200  # no such postcode yet: the form says so
    register = tmp_path / "ch-postcodes.csv"
    register.write_text(
        "postcode,locality,bfs_number,canton\n4414,Füllinsdorf,2825,BL\n", encoding="utf-8"
    )
    import_postcodes(register)
    assert client.get(url).status_code == 302  # to the one municipality of the postcode


def test_a_translation_shows_at_once_on_its_language_page(client, make_office):
    office = make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    with translation.override("fr"):
        url = office.get_absolute_url()
    assert url.startswith("/fr/")
    assert "Koordinationsstelle" in text_of(client.get(url))
    office.name_fr = "Service de coordination"
    office.save()
    assert "Service de coordination" in text_of(client.get(url))


def test_what_only_staff_read_is_not_watched(db):
    """A visitor's print order or change report does not renew every page; history neither."""
    watched = {model._meta.label for model in pagecache.watched_models()}
    assert "planning.PrintOrder" not in watched
    assert "portal.ChangeReport" not in watched
    assert not [label for label in watched if ".Historical" in label]


def test_the_tables_pages_read_are_watched(db):
    watched = {model._meta.label for model in pagecache.watched_models()}
    assert {
        "contacts.Position",
        "contacts.Person",
        "contacts.Organisation",
        "contacts.Organisation_topics",
        "contacts.Municipality",
        "contacts.Postcode",
        "coordination.Body",
        "planning.Plan",
        "portal.ConfirmedAbsence",
        "core.SearchEntry",
    } <= watched


@pytest.mark.parametrize("label", sorted(model._meta.label for model in pagecache.watched_models()))
def test_every_watched_table_has_its_trigger(db, label):
    from django.apps import apps

    table = apps.get_model(label)._meta.db_table
    assert table in pagecache.tables_with_triggers()


def test_every_write_raises_the_generation(db, make_municipality):
    before = pagecache.generation()
    municipality = make_municipality("Füllinsdorf", bfs_number=2825)
    after_insert = pagecache.generation()
    Municipality.objects.filter(pk=municipality.pk).update(name="Fuellinsdorf")
    after_update = pagecache.generation()
    municipality.delete()
    assert before < after_insert < after_update < pagecache.generation()


# The key: what else a page depends on.


def test_a_new_release_renders_afresh(client, directory_page, monkeypatch):
    url, _position = directory_page
    stored = client.get(url)
    monkeypatch.setenv("PORTAL_RELEASE", "next")
    pagecache.release.cache_clear()
    try:
        assert pagecache.release() == "next"
        key = pagecache.PageCacheMiddleware.key(stored.wsgi_request)
        assert ":next:" in key
        assert caches[pagecache.CACHE_ALIAS].get(key) is None
    finally:
        monkeypatch.delenv("PORTAL_RELEASE")
        pagecache.release.cache_clear()


def test_tomorrow_renders_afresh(client, make_event, monkeypatch):
    """An event of today is upcoming today and past tomorrow, with no write in between."""
    make_event(title="Plattform heute", starts_in_days=0)
    url = reverse("coordination:event_list")
    client.get(url)
    request = client.get(url).wsgi_request
    today_key = pagecache.PageCacheMiddleware.key(request)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert pagecache.PageCacheMiddleware.key(request) != today_key


def test_other_parameters_and_languages_are_other_pages(client, make_position):
    make_position(title="Schulsozialarbeiter", canton="ZH")
    directory = reverse("contacts:directory")
    assert "Schulsozialarbeiter" in text_of(client.get(directory))
    assert "Schulsozialarbeiter" not in text_of(client.get(directory, {"kanton": "BL"}))
    with translation.override("fr"):
        french = reverse("contacts:directory")
    assert 'lang="fr"' in text_of(client.get(french))


# Who gets a stored page, and what is stored.


def test_a_visitor_with_a_session_gets_a_fresh_page(client, directory_page):
    url, _position = directory_page
    client.cookies["sessionid"] = "whatever"
    with_session = client.get(url)
    assert with_session["Cache-Control"] == "private, no-store"


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(
    client, directory_page, django_assert_max_num_queries
):
    url, _position = directory_page
    client.cookies["messages"] = "pending"
    with django_assert_max_num_queries(30) as queries:
        client.get(url)
    assert len(queries.captured_queries) > 1


def test_staff_get_fresh_pages_that_no_proxy_keeps(client, directory_page):
    url, _position = directory_page
    staff = get_user_model().objects.create_user("redaktion", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get(url)
    assert page["Cache-Control"] == "private, no-store"


def test_public_pages_tell_a_proxy_to_revalidate(client, directory_page):
    url, _position = directory_page
    for response in (client.get(url), client.get(url)):  # rendered, then stored
        assert response["Cache-Control"] == "public, no-cache"
        assert "Cookie" in response["Vary"]
        assert response["ETag"].startswith('"')
        assert response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_a_repeat_request_with_the_etag_gets_304_without_rendering(
    client, directory_page, django_assert_max_num_queries
):
    url, _position = directory_page
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(1):
        not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag


def test_a_changed_page_answers_200_to_the_old_etag(client, directory_page):
    url, position = directory_page
    etag = client.get(url)["ETag"]
    position.title = "Leiterin Jugendhilfe"
    position.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_rendered_page_answers_304_to_its_etag(client, directory_page):
    """Also when it was not in the cache (another server rendered it, or it was evicted)."""
    url, _position = directory_page
    etag = client.get(url)["ETag"]
    caches[pagecache.CACHE_ALIAS].clear()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_a_page_with_a_form_token_is_never_stored(client, make_position):
    position = make_position()
    url = reverse("report_change", args=["person", position.person.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in text_of(first)
    assert first["Cache-Control"] == "private, no-store"
    client.cookies.clear()
    second = client.get(url)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_the_page_cache_can_be_switched_off(
    client, directory_page, settings, django_assert_max_num_queries
):
    url, _position = directory_page
    settings.PORTAL_PAGE_CACHE = False
    with django_assert_max_num_queries(30) as queries:
        response = client.get(url)
    assert len(queries.captured_queries) > 1
    assert not response.has_header("ETag")


def test_the_probes_are_never_stored(client, db, django_assert_max_num_queries):
    client.get(reverse("health"))
    with django_assert_max_num_queries(5) as queries:
        response = client.get(reverse("health"))
    assert any("SELECT 1" in query["sql"] for query in queries.captured_queries)
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_a_missing_page_is_not_stored(client, db, django_assert_max_num_queries):
    url = "/kontakte/personen/niemand/"
    assert client.get(url).status_code == 404
    with django_assert_max_num_queries(10) as queries:
        assert client.get(url).status_code == 404
    assert len(queries.captured_queries) > 1


def test_head_is_answered_from_the_stored_page(
    client, directory_page, django_assert_max_num_queries
):
    url, _position = directory_page
    with django_assert_max_num_queries(1):
        head = client.head(url)
    assert head.status_code == 200
    assert head["ETag"]


def test_pages_render_when_the_cache_is_unreachable(client, settings, make_position):
    """Redis down: every page still renders (uncached); nothing is lost."""
    make_position(title="Leiterin Kinderschutz")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    for _visit in range(2):
        response = client.get(reverse("contacts:directory"))
        assert response.status_code == 200
        assert "Leiterin Kinderschutz" in text_of(response)
