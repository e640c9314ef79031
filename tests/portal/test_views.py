import io

import pytest
from django.urls import reverse
from django.utils import translation

import contacts.seed
import coordination.seed
import planning.seed
from contacts.models import Postcode
from planning.models import DevelopmentField
from portal.views import recent_entries

HOME = reverse("home")


@pytest.fixture
def municipalities(make_municipality):
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    pratteln = make_municipality("Pratteln", bfs_number=2831)
    frenkendorf = make_municipality("Frenkendorf", bfs_number=2824)
    make_municipality("Basel", bfs_number=2701, canton="BS", district="Kanton Basel-Stadt")
    make_municipality("Binningen", bfs_number=2765, district="Bezirk Arlesheim")
    make_municipality("Bettingen", bfs_number=2702, canton="BS", district="Kanton Basel-Stadt")
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=fuellinsdorf)
    Postcode.objects.create(code="4133", locality="Pratteln", municipality=pratteln)
    Postcode.objects.create(code="4133", locality="Pratteln", municipality=frenkendorf, rank=1)
    return fuellinsdorf


@pytest.mark.parametrize("query", ["Füllinsdorf", "fullinsdorf", " FÜLLINSDORF ", "4414"])
def test_municipality_name_or_postcode_leads_to_the_filtered_directory(
    client, municipalities, query
):
    response = client.get(HOME, {"ort": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:directory") + "?gemeinde=2825"


def test_postcode_with_several_municipalities_lets_the_user_choose(client, municipalities):
    response = client.get(HOME, {"ort": "4133"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Die Postleitzahl 4133 umfasst 2 Gemeinden" in content
    assert "?gemeinde=2831" in content
    assert "?gemeinde=2824" in content
    assert "?plz=4133" in content


def test_ambiguous_name_lets_the_user_choose(client, municipalities):
    response = client.get(HOME, {"ort": "B"})
    content = response.content.decode()
    assert "3 Gemeinden passen" in content
    assert "?gemeinde=2701" in content


def test_unknown_municipality_gets_a_clear_message(client, municipalities):
    response = client.get(HOME, {"ort": "Atlantis"})
    assert response.status_code == 200
    assert "Zu «Atlantis» haben wir keine Gemeinde gefunden." in response.content.decode()


def test_lookup_without_register_says_so(client, db):
    response = client.get(HOME, {"ort": "Füllinsdorf"})
    assert "Gemeindeverzeichnis ist noch nicht geladen" in response.content.decode()


def test_home_shows_sections_and_recent_entries(client, make_position, make_organisation):
    make_position(title="Koordinatorin Kinder- und Jugendhilfe")
    make_organisation(name="Nicht veröffentlicht", is_published=False)
    response = client.get(HOME)
    content = response.content.decode()
    assert "Wer ist zuständig für meine Gemeinde?" in content
    for section in ["Koordination", "Kontakte", "Planung"]:
        assert f">{section}</a></h3>" in content
    assert "Koordinatorin Kinder- und Jugendhilfe" in content
    assert "Nicht veröffentlicht" not in content


def test_search_keeps_the_query_encoded_in_its_facet_links(client, make_organisation):
    make_organisation(name="Kind & Jugend Liestal")
    response = client.get(reverse("search"), {"q": "Kind & Jugend"})
    assert response.status_code == 200
    assert "?q=Kind+%26+Jugend&amp;typ=organisation" in response.content.decode()


@pytest.mark.parametrize("name", ["imprint", "privacy", "accessibility"])
def test_legal_pages_render(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_accessibility_page_names_the_target(client, db):
    assert "WCAG" in client.get(reverse("accessibility")).content.decode()


def test_footer_credits_sources_only_when_register_is_loaded(client, db, make_municipality):
    assert "Bundesamt für Statistik" not in client.get(HOME).content.decode()
    make_municipality()
    from django.core.cache import cache

    cache.clear()
    content = client.get(HOME).content.decode()
    assert "Bundesamt für Statistik (BFS)" in content
    assert "swisstopo" in content


def test_footer_flag_is_cached(rendered_pages, client, db, django_assert_num_queries):
    client.get(reverse("imprint"))
    with django_assert_num_queries(0):
        client.get(reverse("imprint"))


def test_recent_entries_come_from_every_section_newest_first(client, db):
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())
    field = DevelopmentField.objects.get(number=7)
    field.description = "Schulsozialarbeit auch auf der Primarstufe."
    field.save()

    entries = client.get(HOME).context["recent_entries"]

    assert entries[0]["title"] == "7. Schulsozialarbeit auf der Primarstufe"
    assert entries[0]["url"] == field.get_absolute_url()
    assert len(entries) == 6
    assert [entry["updated_at"] for entry in entries] == sorted(
        (entry["updated_at"] for entry in entries), reverse=True
    )


def test_recent_entries_read_one_query_per_section_kind(db, django_assert_num_queries):
    """The list loads only the columns it prints: a title, detail or address that needed
    one more would cost a query per entry."""
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())

    with django_assert_num_queries(5):
        entries = recent_entries(limit=1000)

    assert {str(entry["section"]) for entry in entries} == {"Kontakte", "Koordination", "Planung"}
    assert all(entry["title"] and entry["detail"] and entry["url"] for entry in entries)


def test_home_page_query_count_does_not_grow_with_entries(
    client, make_position, django_assert_max_num_queries
):
    make_position()
    with django_assert_max_num_queries(20) as few:
        client.get(HOME)
    for _ in range(30):
        make_position()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)


def test_too_many_parameters_get_a_bad_request_page_in_the_pages_language(client, db):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters (400); the page
    says so as the portal does, not in Django's English."""
    too_many = "&".join(f"kanton={number}" for number in range(1001))

    response = client.get(reverse("contacts:directory"), QUERY_STRING=too_many)
    assert response.status_code == 400
    content = response.content.decode()
    assert '<html lang="de">' in content
    assert "<h1>Ungültige Anfrage</h1>" in content

    with translation.override("fr"):
        french = client.get(reverse("contacts:directory"), QUERY_STRING=too_many)
    assert french.status_code == 400
    assert '<html lang="fr">' in french.content.decode()
