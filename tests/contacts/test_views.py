import csv
import io
import re

import pytest
import vobject
from django.urls import reverse

from contacts.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Position,
    Postcode,
    ServiceArea,
)

DIRECTORY = reverse("contacts:directory")


def _positions(response):
    return list(response.context["page_obj"])


def _organisations(response):
    return list(response.context["organisation_page"])


# Filters


def test_directory_lists_published_positions_and_organisations(client, make_position):
    shown = make_position(title="Koordinatorin")
    hidden = make_position(is_published=False)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert _positions(response) == [shown]
    assert shown.organisation in _organisations(response)
    assert hidden not in _positions(response)


def test_directory_filters_by_canton(client, make_position):
    bl = make_position(canton="BL")
    make_position(canton="ZH")
    response = client.get(DIRECTORY, {"kanton": "BL"})
    assert _positions(response) == [bl]
    assert _organisations(response) == [bl.organisation]


def test_directory_filters_by_topic(client, make_position, make_topic):
    topic = make_topic("Kinderschutz")
    with_topic = make_position(topics=[topic])
    make_position(topics=[make_topic("Adoption")])
    response = client.get(DIRECTORY, {"thema": "kinderschutz"})
    assert _positions(response) == [with_topic]


def test_directory_filters_by_organisation_type(client, make_position, make_organisation):
    directorate = make_organisation(kind=OrganisationKind.DIRECTORATE)
    in_directorate = make_position(organisation=directorate)
    make_position()
    response = client.get(DIRECTORY, {"typ": "directorate"})
    assert _positions(response) == [in_directorate]
    assert _organisations(response) == [directorate]


@pytest.fixture
def office_in_fuellinsdorf(make_organisation, make_position):
    """An office in Füllinsdorf with its coordinator, and one in Liestal with a clerk."""
    office = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote",
                               short_name="AKJB", town="Füllinsdorf")  # fmt: skip
    coordinator = make_position(title="Koordinatorin Kinder- und Jugendhilfe", organisation=office)
    make_position(organisation=make_organisation(name="Amt Liestal", town="Liestal"))
    return office, coordinator


@pytest.mark.parametrize("query", ["Fullinsdorf", "füllinsdorf", "FÜLLINSDORF", "koordinatorin ak"])
def test_directory_free_text_ignores_case_and_umlauts(client, office_in_fuellinsdorf, query):
    _office, coordinator = office_in_fuellinsdorf
    response = client.get(DIRECTORY, {"q": query})
    assert _positions(response) == [coordinator]


def test_free_text_finds_organisations_by_name_and_town(client, office_in_fuellinsdorf):
    office, _coordinator = office_in_fuellinsdorf
    assert _organisations(client.get(DIRECTORY, {"q": "Fullinsdorf"})) == [office]
    assert _organisations(client.get(DIRECTORY, {"q": "behindertenangebote"})) == [office]


def test_gemeinde_lists_everything_responsible_for_the_municipality(
    client, seeded, make_organisation, make_position
):
    zurich_office = make_organisation(name="Jugendamt Zürich", canton="ZH")
    zurich_person = make_position(organisation=zurich_office)
    district_office = make_organisation(
        name="Bezirksdienst Liestal",
        service_area=ServiceArea.DISTRICT,
        service_district=Municipality.objects.get(bfs_number=2825).district,
    )
    response = client.get(DIRECTORY, {"gemeinde": "2825"})
    slugs = {organisation.slug for organisation in _organisations(response)}
    assert {"akjb", "bksd", "vgd", "sid", "fkd", "sodk", district_office.slug} <= slugs
    assert zurich_office.slug not in slugs
    assert "bmfsfj" not in slugs  # a German ministry serves Germany, not Füllinsdorf
    positions = _positions(response)
    assert [p.person.slug for p in positions] == ["andrea-ruder"]
    assert zurich_person not in positions


def test_plz_uses_the_municipalities_of_the_postcode(
    client, make_municipality, make_organisation, make_position
):
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=fuellinsdorf)
    local = make_position(organisation=make_organisation(municipality=fuellinsdorf))
    cantonal = make_position(organisation=make_organisation(name="Kantonales Amt"))
    make_position(organisation=make_organisation(name="Amt Zürich", canton="ZH"))

    by_postcode = client.get(DIRECTORY, {"plz": "4414"})
    by_number = client.get(DIRECTORY, {"gemeinde": "2825"})

    assert set(_positions(by_postcode)) == {local, cantonal}
    assert _organisations(by_postcode) == _organisations(by_number)
    assert _positions(by_postcode) == _positions(by_number)


def test_filters_combine(client, seeded, make_position, make_topic, make_organisation):
    topic = make_topic("Kinderschutz")
    bl_protection = make_position(canton="BL", topics=[topic], title="Fachperson")
    make_position(canton="ZH", topics=[topic])
    make_position(canton="BL", title="Fachperson")
    response = client.get(DIRECTORY, {"kanton": "BL", "thema": "kinderschutz", "q": "fachperson"})
    assert _positions(response) == [bl_protection]


def test_results_show_count_and_filters_live_in_pagination_links(client, make_position):
    for _ in range(25):
        make_position(canton="BL")
    response = client.get(DIRECTORY, {"kanton": "BL"})
    content = response.content.decode()
    assert "25 Personen" in content
    assert "?kanton=BL&amp;page=2" in content
    second = client.get(DIRECTORY, {"kanton": "BL", "page": 2})
    assert len(_positions(second)) == 5
    assert set(_positions(response)).isdisjoint(_positions(second))


def test_empty_result_shows_a_helpful_message(client, make_position):
    make_position()
    response = client.get(DIRECTORY, {"q": "niemand"})
    content = response.content.decode()
    assert "Keine Einträge gefunden" in content
    assert "Prüfen Sie die Schreibweise" in content
    assert "Alle Kontakte anzeigen" in content


def test_canton_without_entries_says_so_and_names_the_cantons_with_entries(
    client, make_canton, make_position, make_organisation
):
    # Observed: ?kanton=ZH, picked from the list, answered "Prüfen Sie die Schreibweise".
    make_canton("ZH", "Zürich")
    make_canton("BL", "Basel-Landschaft")
    make_position(canton="BL")
    make_organisation(canton="AG", is_published=False)  # a draft gives the canton no entries

    content = client.get(DIRECTORY, {"kanton": "ZH"}).content.decode()
    assert "Für den Kanton Zürich sind noch keine Einträge erfasst." in content
    assert 'Einträge gibt es bisher für: <a href="/kontakte/?kanton=BL">Basel-Landschaft</a>.' in (
        content
    )
    assert "?kanton=AG" not in content
    assert f'href="{reverse("coordination:index")}#section-conference"' in content
    assert "Schreibweise" not in content


def test_empty_combination_in_a_canton_with_entries_does_not_blame_the_canton(
    client, make_position, make_topic
):
    make_position(canton="BL")
    topic = make_topic("Adoption")
    content = client.get(DIRECTORY, {"kanton": "BL", "thema": topic.slug}).content.decode()
    assert "Keine Einträge gefunden" in content
    assert "noch keine Einträge erfasst" not in content
    assert "Entfernen Sie einzelne Filter" in content
    assert "Schreibweise" not in content


def test_canton_without_entries_with_text_keeps_the_spelling_hint(client, make_position):
    make_position(canton="BL")
    make_position(canton="ZH")
    content = client.get(DIRECTORY, {"kanton": "ZH", "q": "niemand"}).content.decode()
    assert "noch keine Einträge erfasst" not in content
    assert "Prüfen Sie die Schreibweise" in content


@pytest.mark.parametrize("size", [10, 1000])
def test_empty_canton_page_costs_no_more_queries_than_a_full_page(
    client, make_canton, make_organisation, make_person, django_assert_max_num_queries, size
):
    make_canton("ZH", "Zürich")
    organisation = make_organisation(canton="BL")
    people = [make_person() for _ in range(size)]
    Position.objects.bulk_create(
        [
            Position(person=p, organisation=organisation, title="T", is_published=True)
            for p in people
        ]
    )
    client.get(DIRECTORY)  # warm the reference-data cache
    with django_assert_max_num_queries(7):
        response = client.get(DIRECTORY, {"kanton": "ZH"})
    assert response.context["canton_without_entries"] == "Zürich"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kanton": "XX"}, "Diesen Kanton kennen wir nicht."),
        ({"thema": "gibt-es-nicht"}, "Dieses Thema kennen wir nicht."),
        ({"typ": "raumschiff"}, "Diesen Organisationstyp kennen wir nicht."),
        ({"gemeinde": "abc"}, "Zu «abc» haben wir keine Gemeinde gefunden."),
        ({"gemeinde": "9" * 30}, "Es gibt keine Gemeinde mit der BFS-Nummer 999"),
        ({"gemeinde": "4242"}, "keine Gemeinde mit der BFS-Nummer oder Postleitzahl 4242."),
        ({"plz": "44"}, "Eine Schweizer Postleitzahl hat vier Ziffern"),
        ({"plz": "9999"}, "Zur Postleitzahl 9999 ist keine Gemeinde bekannt."),
        ({"q": "x" * 300}, "höchstens 200 Zeichen"),
    ],
)
def test_malformed_parameters_get_a_clear_message(
    client, make_position, make_municipality, params, message
):
    make_position()
    make_municipality("Füllinsdorf", bfs_number=2825)
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _positions(response) == []


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_page_out_of_range_is_404(client, make_position, page):
    make_position()
    assert client.get(DIRECTORY, {"page": page}).status_code == 404


def test_the_directory_stops_at_its_last_page_and_says_how_to_see_more(
    client, make_position, make_organisation, monkeypatch
):
    from contacts import views

    monkeypatch.setattr(views, "DIRECTORY_MAX_PAGES", 2)
    for _number in range(45):  # more than two pages of 20 people and of 10 organisations
        make_position()
    last = client.get(DIRECTORY, {"page": 2})
    content = last.content.decode()
    assert not last.context["page_obj"].has_next()
    assert "Mehr als 40 Personen, mehr als 20 Organisationen" in " ".join(content.split())
    assert "Die Liste zeigt die ersten 40 Personen." in content
    assert "Seite 2 von 2" in content
    assert client.get(DIRECTORY, {"page": 3}).status_code == 404
    last_organisations = client.get(DIRECTORY, {"orgseite": 2}).content.decode()
    assert "Die Liste zeigt die ersten 20 Organisationen." in last_organisations
    first = client.get(DIRECTORY).content.decode()
    assert "Die Liste zeigt" not in first


def test_the_directory_counts_exactly_up_to_what_it_shows(client, make_position, monkeypatch):
    from contacts import views

    monkeypatch.setattr(views, "DIRECTORY_MAX_PAGES", 2)
    for _number in range(40):
        make_position()
    content = " ".join(client.get(DIRECTORY).content.decode().split())
    assert "40 Personen, mehr als 20 Organisationen" in content
    assert "Mehr als 40 Personen" not in content


def test_organisation_page_out_of_range_falls_back(client, make_position):
    make_position()
    assert client.get(DIRECTORY, {"orgseite": "zz"}).status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_directory_query_count_does_not_grow(
    client, make_organisation, make_person, make_topic, django_assert_max_num_queries, size
):
    organisations = [make_organisation() for _ in range(5)]
    topic = make_topic()
    people = [make_person() for _ in range(size)]
    positions = Position.objects.bulk_create(
        [
            Position(person=person, organisation=organisations[i % 5], title="T", is_published=True)
            for i, person in enumerate(people)
        ]
    )
    Position.topics.through.objects.bulk_create(
        [Position.topics.through(position=p, topic=topic) for p in positions]
    )
    client.get(DIRECTORY)  # warm the reference-data cache
    # Cantons, topics, the people's count, their page's ids, its cards, their topics, the
    # organisations' count and page.
    with django_assert_max_num_queries(8):
        response = client.get(DIRECTORY, {"kanton": "BL", "thema": topic.slug})
    assert response.context["page_obj"].paginator.count == size
    with django_assert_max_num_queries(8):
        client.get(DIRECTORY)


def test_directory_marks_foreign_organisations_with_their_country(client, seeded):
    html = client.get(DIRECTORY).content.decode()
    difu = html[html.index("Deutsches Institut für Urbanistik (Difu)</a>") :]
    assert difu[: difu.index("</li>")].count("Institut, Deutschland") == 1
    sodk = html[html.index(">SODK</a>") :]
    assert "Deutschland" not in sodk[: sodk.index("</li>")]


def test_position_of_a_foreign_organisation_is_marked(client, make_position, make_organisation):
    institute = make_organisation(name="Institut", canton=None, country="DE")
    make_position(organisation=institute, title="Referentin")
    html = client.get(DIRECTORY).content.decode()
    assert "Referentin, " in html
    assert ">Institut</a> (Deutschland)</p>" in html


# Detail pages


def test_organisation_detail_shows_address_phone_units_and_people(client, seeded):
    response = client.get(reverse("contacts:organisation_detail", args=["akjb"]))
    content = response.content.decode()
    assert "Ergolzstrasse 3" in content
    assert "4414 Füllinsdorf" in content
    assert '<a href="tel:+41615521770">+41 61 552 17 70</a>' in content
    assert 'href="/kontakte/organisationen/bksd/"' in content
    assert "Andrea Ruder" in content
    assert "Koordinatorin Kinder- und Jugendhilfe" in content
    bksd = client.get(reverse("contacts:organisation_detail", args=["bksd"])).content.decode()
    assert 'href="/kontakte/organisationen/akjb/"' in bksd


def test_person_detail_shows_function_and_direct_number(client, seeded):
    response = client.get(reverse("contacts:person_detail", args=["andrea-ruder"]))
    content = response.content.decode()
    assert "Koordinatorin Kinder- und Jugendhilfe" in content
    assert '<a href="tel:+41615521799">+41 61 552 17 99</a>' in content


def test_json_ld_is_escaped_data(client, make_organisation):
    organisation = make_organisation(name="Amt </script><script>alert(1)</script>")
    response = client.get(organisation.get_absolute_url())
    content = response.content.decode()
    assert '<script type="application/ld+json">' in content
    assert "alert(1)</script>" not in content
    assert "\\u003C/script\\u003E" in content


def test_person_json_ld_names_job_and_employer(client, seeded):
    response = client.get(reverse("contacts:person_detail", args=["andrea-ruder"]))
    assert '"jobTitle": "Koordinatorin Kinder- und Jugendhilfe"' in response.content.decode()


# vCard


def test_person_vcard_parses_back_with_umlauts(client, seeded):
    response = client.get(reverse("contacts:person_vcard", args=["andrea-ruder"]))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.version.value == "4.0"
    assert card.fn.value == "Andrea Ruder"
    assert card.n.value.family == "Ruder"
    assert card.title.value == "Koordinatorin Kinder- und Jugendhilfe"
    assert card.org.value == ["Amt für Kind, Jugend und Behindertenangebote"]
    assert card.tel.value == "tel:+41615521799"
    assert card.adr.value.city == "Füllinsdorf"
    assert card.adr.value.box == "Postfach"
    assert card.url.value == "http://testserver/kontakte/personen/andrea-ruder/"
    assert not hasattr(card, "email")  # the seed gives none; nothing is invented


@pytest.mark.parametrize("slug", ["bksd", "fkd", "sid", "vgd"])
def test_directorate_without_contact_details_has_no_contact_heading_nor_vcard(client, seeded, slug):
    content = client.get(reverse("contacts:organisation_detail", args=[slug])).content.decode()
    vcard_url = reverse("contacts:organisation_vcard", args=[slug])
    assert 'id="contact-heading"' not in content
    assert ">Kontakt</h2>" not in content
    assert vcard_url not in content
    assert client.get(vcard_url).status_code == 404


@pytest.mark.parametrize(
    "details",
    [
        {"phone": "+41615521770"},
        {"email": "amt@example.ch"},
        {"street": "Ergolzstrasse 3"},
        {"website": "https://www.example.ch/"},
    ],
)
def test_organisation_with_one_way_to_reach_it_offers_a_vcard(client, make_organisation, details):
    organisation = make_organisation(**details)
    content = client.get(organisation.get_absolute_url()).content.decode()
    vcard_url = reverse("contacts:organisation_vcard", args=[organisation.slug])
    assert ">Kontakt</h2>" in content
    assert vcard_url in content
    response = client.get(vcard_url)
    assert response.status_code == 200
    card = vobject.readOne(response.content.decode("utf-8"))
    if "website" in details:
        assert details["website"] in [url.value for url in card.contents["url"]]


def test_person_without_any_way_to_reach_them_offers_no_vcard(
    client, make_position, make_organisation
):
    position = make_position(organisation=make_organisation(name="BKSD"))
    person = position.person
    content = client.get(person.get_absolute_url()).content.decode()
    vcard_url = reverse("contacts:person_vcard", args=[person.slug])
    assert vcard_url not in content
    assert client.get(vcard_url).status_code == 404

    position.email = "andrea@example.ch"
    position.save()
    assert vcard_url in client.get(person.get_absolute_url()).content.decode()
    assert client.get(vcard_url).status_code == 200


def test_vcard_escapes_commas_and_semicolons(client, make_organisation):
    organisation = make_organisation(name="Kind, Jugend; Familie", street="Weg 1, Haus B")
    response = client.get(reverse("contacts:organisation_vcard", args=[organisation.slug]))
    text = response.content.decode()
    assert "FN;LANGUAGE=de:Kind\\, Jugend\\; Familie" in text
    card = vobject.readOne(text)
    assert card.fn.value == "Kind, Jugend; Familie"
    assert card.adr.value.street == "Weg 1, Haus B"


# CSV


def test_csv_has_bom_and_the_filtered_rows(client, seeded, make_position):
    make_position(canton="ZH", title="Zürcher Funktion")
    response = client.get(reverse("contacts:export_csv"), {"kanton": "BL"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Eintrag", "Name", "Vorname", "Funktion"]
    people = [row for row in rows[1:] if row[0] == "Person"]
    assert [(row[1], row[2], row[3], row[12]) for row in people] == [
        ("Ruder", "Andrea", "Koordinatorin Kinder- und Jugendhilfe", "+41 61 552 17 99")
    ]
    organisations = {row[1] for row in rows[1:] if row[0] == "Organisation"}
    assert "Amt für Kind, Jugend und Behindertenangebote" in organisations
    assert "SODK" not in organisations  # no canton


def test_csv_with_bad_filter_says_why(client, db):
    response = client.get(reverse("contacts:export_csv"), {"kanton": "XX"})
    assert response.status_code == 400
    assert "Diesen Kanton kennen wir nicht." in response.content.decode()


def test_csv_neutralises_spreadsheet_formulas(client, make_position):
    make_position(title="=HYPERLINK(1)")
    raw = b"".join(client.get(reverse("contacts:export_csv")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in raw


# Unpublished records appear nowhere public


@pytest.fixture
def hidden_person(make_position, make_person):
    person = make_person(first_name="Verborgen", last_name="Entwurf", is_published=False)
    make_position(person=person, title="Geheimfunktion")
    return person


def test_unpublished_person_is_invisible_everywhere(client, hidden_person):
    assert "Verborgen" not in client.get(DIRECTORY).content.decode()
    assert "Verborgen" not in client.get(DIRECTORY, {"q": "verborgen"}).content.decode()
    assert client.get(hidden_person.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("contacts:person_vcard", args=[hidden_person.slug])).status_code == 404
    )
    csv_text = b"".join(client.get(reverse("contacts:export_csv")).streaming_content).decode()
    assert "Verborgen" not in csv_text


def test_unpublished_position_of_a_published_person_is_hidden(client, make_position, make_person):
    person = make_person()
    make_position(person=person, title="Sichtbare Funktion")
    make_position(person=person, title="Entwurfsfunktion", is_published=False)
    content = client.get(person.get_absolute_url()).content.decode()
    assert "Sichtbare Funktion" in content
    assert "Entwurfsfunktion" not in content
    vcard = client.get(reverse("contacts:person_vcard", args=[person.slug])).content.decode()
    assert "Entwurfsfunktion" not in vcard
    assert "Entwurfsfunktion" not in client.get(DIRECTORY).content.decode()


def test_unpublished_organisation_and_its_people_are_hidden(
    client, make_organisation, make_position
):
    organisation = make_organisation(name="Entwurfsamt", is_published=False)
    make_position(organisation=organisation, title="Im Entwurfsamt")
    content = client.get(DIRECTORY).content.decode()
    assert "Entwurfsamt" not in content
    assert "Im Entwurfsamt" not in content
    assert client.get(organisation.get_absolute_url()).status_code == 404
    vcard_url = reverse("contacts:organisation_vcard", args=[organisation.slug])
    assert client.get(vcard_url).status_code == 404


def test_staff_can_preview_a_draft(admin_client, hidden_person):
    response = admin_client.get(hidden_person.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_unpublished_child_unit_is_not_listed(client, make_organisation):
    parent = make_organisation(name="Direktion")
    make_organisation(name="Geheime Abteilung", parent=parent, is_published=False)
    assert "Geheime Abteilung" not in client.get(parent.get_absolute_url()).content.decode()


def test_organisation_model_is_unchanged_by_views(db):
    assert Organisation.objects.count() == 0


def test_directory_cards_escape_names(client, make_organisation, make_position, make_person):
    organisation = make_organisation(name="Amt <b>fett</b>", short_name="A&B")
    person = make_person(first_name="<i>Eva</i>")
    make_position(organisation=organisation, person=person, title="Leiterin <script>")
    content = client.get(DIRECTORY).content.decode()
    assert "<b>fett</b>" not in content
    assert "Amt &lt;b&gt;fett&lt;/b&gt;" in content
    assert "&lt;i&gt;Eva&lt;/i&gt;" in content
    assert "Leiterin &lt;script&gt;" in content
    assert "A&amp;B" in content


def test_filter_form_keeps_values_and_labels_every_field(client, seeded):
    response = client.get(DIRECTORY, {"kanton": "BL", "q": "Fullinsdorf", "gemeinde": "abc"})
    content = response.content.decode()
    assert '<option value="BL" selected>Basel-Landschaft</option>' in content
    assert 'value="Fullinsdorf"' in content
    assert 'value="abc"' in content
    assert 'aria-invalid="true"' in content
    for field in ["kanton", "thema", "typ", "gemeinde", "plz", "q"]:
        assert re.search(rf'<label[^>]*\bfor="id_{field}"[^>]*class="form-label"', content)


def test_directory_renders_cards_and_filter_fields_with_templates(client, make_position):
    make_position()
    names = {template.name for template in client.get(DIRECTORY).templates}
    assert {
        "contacts/includes/_position_card.html",
        "contacts/includes/_organisation_card.html",
        "bootstrap5/field.html",
    } <= names
    content = client.get(DIRECTORY, {"gemeinde": "abc"}).content.decode()
    # Help text and error are announced with the field they belong to.
    described_by = re.search(r'<input[^>]*aria-describedby="([^"]+)"[^>]*id="id_gemeinde"', content)
    for element_id in described_by[1].split():
        assert f'id="{element_id}"' in content
    assert 'id="id_gemeinde_error"' in content


def test_canton_code_is_case_insensitive(client, make_position):
    bl = make_position(canton="BL")
    assert _positions(client.get(DIRECTORY, {"kanton": "bl"})) == [bl]


def test_organisation_json_ld_leaves_out_unknown_facts(client, seeded):
    content = client.get(reverse("contacts:organisation_detail", args=["sodk"])).content.decode()
    assert '"addressCountry": "CH"' in content
    assert '"streetAddress"' not in content
    assert '"email"' not in content


def test_gemeinde_and_plz_together_keep_both_conditions(client, seeded, make_organisation):
    zurich_local = make_organisation(
        name="Zürcher Stelle",
        canton="ZH",
        municipality=Municipality.objects.get(bfs_number=261),
        service_area=ServiceArea.MUNICIPALITIES,
    )
    response = client.get(DIRECTORY, {"gemeinde": "2825", "plz": "8001"})
    slugs = {organisation.slug for organisation in _organisations(response)}
    assert "sodk" in slugs  # serves both
    assert "akjb" not in slugs  # serves Füllinsdorf only
    assert zurich_local.slug not in slugs  # serves Zürich only


@pytest.mark.parametrize("people", [2, 30])
def test_organisation_page_query_count_does_not_grow(
    rendered_pages,
    client,
    make_organisation,
    make_position,
    make_topic,
    django_assert_max_num_queries,
    people,
):
    organisation = make_organisation(name="Amt")
    make_organisation(name="Abteilung", parent=organisation)
    for _ in range(people):
        make_position(organisation=organisation, topics=[make_topic()])
    client.get(organisation.get_absolute_url())
    with django_assert_max_num_queries(8):
        response = client.get(organisation.get_absolute_url())
    assert len(response.context["positions"]) == people


def test_csv_defuses_every_formula_start_but_keeps_phone_numbers(client, make_position):
    make_position(title="-2+3+cmd|' /C calc'!A0", phone="+41615521799")
    make_position(title="+HYPERLINK(2)")
    raw = b"".join(client.get(reverse("contacts:export_csv")).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))
    people = {row[3]: row[12] for row in rows[1:] if row[0] == "Person"}
    assert people == {"'-2+3+cmd|' /C calc'!A0": "+41 61 552 17 99", "'+HYPERLINK(2)": ""}


def test_an_organisation_page_is_the_same_with_kept_cards_and_shows_a_correction(
    make_organisation, make_position, make_topic, pages_with_and_without_kept_fragments
):
    organisation = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote")
    topic = make_topic("Kinderschutz")
    positions = [
        make_position(organisation=organisation, title=f"Leiterin {number}", topics=[topic])
        for number in range(3)
    ]
    url = organisation.get_absolute_url()
    fresh, first, again, kept = pages_with_and_without_kept_fragments(url)
    assert kept == 3
    assert fresh == first == again
    Position.objects.filter(pk=positions[1].pk).update(title="Stellvertretende Leiterin")
    _fresh, corrected, _again, _kept = pages_with_and_without_kept_fragments(url)
    assert "Stellvertretende Leiterin" in corrected
