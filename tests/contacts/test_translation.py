"""The contacts in four languages: pages, fallbacks, history, admin, seed, exports, cost."""

import io

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from contacts import exports, seed
from contacts.models import Canton, Organisation, Position


@pytest.fixture(autouse=True)
def _german_while_arranging():
    # Records are made in German, whatever language an earlier request left active.
    with translation.override("de"):
        yield


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


def detail_url(organisation, language):
    return url_in(language, "contacts:organisation_detail", kwargs={"slug": organisation.slug})


def test_french_page_shows_the_french_name_unmarked(client, make_organisation):
    organisation = make_organisation(name="Amt für Soziales", name_fr="Office de l'action sociale")
    html = client.get(detail_url(organisation, "fr")).content.decode()
    assert "<h1><span>Office de l&#x27;action sociale</span>" in html
    assert "Amt für Soziales" not in html


def test_missing_translation_shows_german_marked_as_german(client, make_position):
    position = make_position(title="Sachbearbeiterin")
    html = client.get(detail_url(position.organisation, "fr")).content.decode()
    assert f'<h1><span lang="de">{position.organisation.name}</span>' in html
    person_url = url_in("fr", "contacts:person_detail", kwargs={"slug": position.person.slug})
    person_html = client.get(person_url).content.decode()
    assert 'lang="de">Sachbearbeiterin</h2>' in person_html
    # In German nothing stands in for anything.
    german = client.get(detail_url(position.organisation, "de")).content.decode()
    assert f"<h1><span>{position.organisation.name}</span>" in german


def test_directory_card_marks_a_german_function_title(client, make_position):
    make_position(title="Sachbearbeiterin", title_fr=None)
    make_position(title="Koordinatorin", title_fr="Coordinatrice")
    html = client.get(url_in("fr", "contacts:directory")).content.decode()
    assert '<span lang="de">Sachbearbeiterin</span>' in html
    assert "Coordinatrice" in html and "Koordinatorin" not in html


def test_reverting_the_history_brings_back_the_french_name(make_organisation):
    organisation = make_organisation(name="Amt")
    organisation.name_fr = "Office"
    organisation.save()
    organisation.name_fr = "Bureau"
    organisation.save()

    organisation.history.filter(name_fr="Office").latest().instance.save()

    organisation.refresh_from_db()
    assert organisation.name_fr == "Office"
    assert organisation.name_de == "Amt"


def test_reverting_a_position_keeps_every_language(make_position):
    position = make_position(title="Leiterin", title_fr="Cheffe")
    position.title_fr = "Directrice"
    position.save()
    position.history.filter(title_fr="Cheffe").latest().instance.save()
    position.refresh_from_db()
    assert position.title_fr == "Cheffe"


@pytest.mark.parametrize("model_name", ["organisation", "position"])
def test_admin_change_form_has_a_tab_per_language(admin_client, make_position, model_name):
    position = make_position()
    record = position if model_name == "position" else position.organisation
    field = "title" if model_name == "position" else "name"
    url = reverse(f"admin:contacts_{model_name}_change", args=[record.pk])
    response = admin_client.get(url)
    form_fields = response.context["adminform"].form.fields
    assert {f"{field}_de", f"{field}_fr", f"{field}_it", f"{field}_en"} <= set(form_fields)
    assert "jquery-ui/jquery-ui.min.css" in response.content.decode()


def test_person_admin_inline_has_the_title_in_every_language(admin_client, make_position):
    position = make_position()
    response = admin_client.get(reverse("admin:contacts_person_change", args=[position.person.pk]))
    inline_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert {"title_de", "title_fr"} <= set(inline_form.fields)


def test_search_finds_a_function_by_its_french_title(client, make_position):
    position = make_position(title="Koordinatorin", title_fr="Coordinatrice")
    response = client.get(url_in("de", "contacts:directory"), {"q": "coordinatrice"})
    assert list(response.context["page_obj"]) == [position]


# The seed


def _load():
    out = io.StringIO()
    seed.load(out)
    return out.getvalue()


def test_seed_gives_the_official_names_in_every_language(seeded):
    geneva = Canton.objects.get(code="GE")
    assert (geneva.name_de, geneva.name_fr, geneva.name_it, geneva.name_en) == (
        "Genf",
        "Genève",
        "Ginevra",
        "Geneva",
    )
    assert Canton.objects.get(code="BL").name_fr == "Bâle-Campagne"
    assert Canton.objects.get(code="GR").name_it == "Grigioni"
    sodk = Organisation.objects.get(slug="sodk")
    assert (sodk.short_name_fr, sodk.short_name_it) == ("CDAS", "CDOS")
    # Only what a source states: the AKJB's name has no translation.
    assert Organisation.objects.get(slug="akjb").name_fr is None


def test_seed_run_again_adds_nothing(seeded):
    assert "Neu:" not in _load()


def test_seed_keeps_a_french_name_staff_changed_and_fills_an_empty_one(seeded):
    Canton.objects.filter(code="GE").update(name_fr="République et canton de Genève", name_it=None)

    report = _load()

    geneva = Canton.objects.get(code="GE")
    assert geneva.name_fr == "République et canton de Genève"
    assert geneva.name_it == "Ginevra"
    assert "Neu: Name [it] «Ginevra» für Kanton «Genf»" in report
    assert "Beibehalten: Name [fr] von Kanton «Genf» weicht von der Quelle ab" in report


def test_seed_fills_an_empty_column_of_an_organisation_with_a_reason(seeded):
    Organisation.objects.filter(slug="sodk").update(short_name_fr=None)
    _load()
    sodk = Organisation.objects.get(slug="sodk")
    assert sodk.short_name_fr == "CDAS"
    assert sodk.history.latest().history_change_reason == "Übersetzung aus der Quelle"


# The directory follows the page's language


def test_canton_and_topic_choices_are_named_in_the_page_language(client, make_canton, make_topic):
    Canton.objects.filter(pk=make_canton("BL").pk).update(
        name_de="Basel-Landschaft", name_fr="Bâle-Campagne"
    )
    topic = make_topic("Kinderschutz")
    topic.name_fr = "Protection de l'enfance"
    topic.save()
    french = client.get(url_in("fr", "contacts:directory")).context["filter"].form
    german = client.get(url_in("de", "contacts:directory")).context["filter"].form
    assert ("BL", "Bâle-Campagne") in french.fields["kanton"].choices
    assert ("BL", "Basel-Landschaft") in german.fields["kanton"].choices
    assert ("kinderschutz", "Protection de l'enfance") in french.fields["thema"].choices


def _csv_header(client, language):
    response = client.get(url_in(language, "contacts:export_csv"))
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]


def test_csv_header_labels_are_translated_when_the_export_is_written(
    client, make_position, monkeypatch
):
    assert all(isinstance(label, Promise) for label in exports.CSV_HEADER)
    make_position()
    # A msgid Django's own French catalog translates ("Oui"), until ours are filled.
    monkeypatch.setattr(exports, "CSV_HEADER", [gettext_lazy("Yes")])
    assert _csv_header(client, "fr") == "Oui"
    assert _csv_header(client, "de") == "Ja"


def test_vcard_in_french_names_its_languages(client, make_position):
    organisation_position = make_position(title="Leiterin", email="a@example.ch")
    organisation = organisation_position.organisation
    organisation.name_fr = "Office"
    organisation.save()
    url = url_in("fr", "contacts:person_vcard", kwargs={"slug": organisation_position.person.slug})
    card = vobject.readOne(client.get(url).content.decode())
    assert card.org.value == ["Office"] and card.org.params["LANGUAGE"] == ["fr"]
    assert card.title.value == "Leiterin" and card.title.params["LANGUAGE"] == ["de"]


def test_json_ld_uses_the_page_language(client, make_organisation):
    organisation = make_organisation(name="Amt", name_fr="Office")
    response = client.get(detail_url(organisation, "fr"))
    assert '"name": "Office"' in response.content.decode()


def _directory_queries(client, language):
    url = url_in(language, "contacts:directory")
    client.get(url)  # warm the reference-data cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"kanton": "BL"})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [5, 60])
def test_directory_query_count_is_the_same_in_german_and_french(
    client, make_organisation, make_person, size
):
    organisations = [make_organisation(name_fr=f"Office {i}") for i in range(3)]
    Position.objects.bulk_create(
        [
            Position(
                person=make_person(),
                organisation=organisations[i % 3],
                title_de="T",
                is_published=True,
            )
            for i in range(size)
        ]
    )
    german = _directory_queries(client, "de")
    assert _directory_queries(client, "fr") == german <= 9


def test_directory_page_cache_keeps_each_language_apart(client, make_canton):
    Canton.objects.filter(pk=make_canton("BL").pk).update(name_fr="Bâle-Campagne")
    german = client.get(url_in("de", "contacts:directory")).content.decode()
    french = client.get(url_in("fr", "contacts:directory")).content.decode()
    assert url_in("de", "contacts:directory") == "/kontakte/"
    assert '<html lang="fr"' in french and "Bâle-Campagne" in french
    assert '<html lang="de"' in german and "Bâle-Campagne" not in german
    # Served from the cache now, each still in its own language.
    assert client.get(url_in("fr", "contacts:directory")).content.decode() == french
    assert client.get("/kontakte/").content.decode() == german
