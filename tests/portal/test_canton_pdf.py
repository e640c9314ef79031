"""A canton's profile and contact list as PDF (/kantone/bl/profil.pdf, /kantone/bl/kontakte.pdf)."""

import datetime
import io
import socket

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from portal.pdf import RefusedFetch, StaticFilesFetcher, write_pdf

PROFILE_PDF = "/kantone/bl/profil.pdf"
CONTACTS_PDF = "/kantone/bl/kontakte.pdf"


def pdf_pages(response):
    """The text of each page, its whitespace (line breaks included) made single spaces."""
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def link_targets(response):
    reader = PdfReader(io.BytesIO(response.content))
    return [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]


def data_sources():
    """The registers' attributions, as the site's footer prints them."""
    return " ".join(render_to_string("includes/_data_sources.html").split())


def assert_framed(pages, canton_name):
    """Each page names the portal and the canton, the date of the data, its number and the
    sources."""
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert "Bundesamt für Statistik (BFS)" in data_sources()
    for number, text in enumerate(pages, start=1):
        assert "Drehscheibe – Kinder- und Jugendpolitik Schweiz" in text, number
        assert f"Kanton {canton_name}" in text, number
        assert f"Stand der Daten: {today}" in text, number
        assert f"Seite {number} von {len(pages)}" in text, number
        assert data_sources() in text, number


@pytest.fixture
def basel_land(make_canton, make_municipality):
    canton = make_canton("BL", "Basel-Landschaft")
    # A municipality: the registers count as loaded, so the sources are credited.
    make_municipality(canton="BL")
    return canton


# The profile


def test_the_profile_pdf_names_the_coordinator_on_pages_that_say_what_they_are(seeded, client):
    response = client.get(PROFILE_PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kanton-bl-profil.pdf"'
    pages = pdf_pages(response)
    text = " ".join(pages)
    assert "Andrea Ruder, Koordinatorin Kinder- und Jugendhilfe" in text
    assert "Telefon +41 61 552 17 99" in text
    assert "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe" in text
    assert_framed(pages, "Basel-Landschaft")


def test_the_profile_pdf_prints_the_addresses_a_reader_goes_on_to(seeded, client):
    response = client.get(PROFILE_PDF)
    # Without spaces: a long address may break across lines.
    text = "".join(pdf_pages(response)).replace(" ", "")
    assert "(http://testserver/kantone/bl/)" in text
    assert "(http://testserver/kantone/bl/kontakte.pdf)" in text
    office = "/koordination/stellen/koordination-kinder-und-jugendhilfe-bl/"
    assert f"(http://testserver{office})" in text
    # Every link points to the site; none is a mail or telephone link.
    targets = link_targets(response)
    assert targets
    assert all(target.startswith("http") for target in targets)


def test_the_profile_pdf_of_an_empty_canton_says_what_is_not_yet_captured(make_canton, client):
    make_canton("ZH", "Zürich")
    response = client.get("/kantone/zh/profil.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_pages(response))
    assert text.count("noch nicht erfasst") >= 4
    assert "Noch keine Kontakte erfasst." in text


def test_the_html_profile_links_to_both_pdfs(basel_land, client):
    content = client.get("/kantone/bl/").content.decode()
    assert f'href="{PROFILE_PDF}"' in content
    assert f'href="{CONTACTS_PDF}"' in content


# The contact list


def test_the_contact_list_gives_each_published_contact_with_its_details(
    basel_land, make_organisation, make_position, client
):
    office = make_organisation(
        name="Amt für Kind, Jugend und Behindertenangebote",
        street="Ergolzstrasse 3",
        postcode="4414",
        town="Füllinsdorf",
        phone="+41615521770",
    )
    make_position(
        title="Koordinatorin Kinder- und Jugendhilfe",
        organisation=office,
        phone="+41615521799",
        email="andrea.ruder@bl.example.ch",
        last_verified_on=datetime.date(2026, 1, 5),
    )
    make_position(title="Geheime Funktion", organisation=office, is_published=False)
    make_position(title="Zürcher Funktion", canton="ZH")
    response = client.get(CONTACTS_PDF)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kanton-bl-kontakte.pdf"'
    text = " ".join(pdf_pages(response))
    for expected in [
        "1 veröffentlichter Kontakt",
        "Amt für Kind, Jugend und Behindertenangebote",
        "Ergolzstrasse 3 4414 Füllinsdorf",
        "Telefon Hauptnummer +41 61 552 17 70",
        "Koordinatorin Kinder- und Jugendhilfe",
        "+41 61 552 17 99",
        "andrea.ruder@bl.example.ch",
        "05.01.2026",
        "(http://testserver/kontakte/?kanton=BL)",
    ]:
        assert expected in text, expected
    assert "Geheime Funktion" not in text
    assert "Zürcher Funktion" not in text
    assert not [target for target in link_targets(response) if not target.startswith("http")]


def test_a_long_contact_list_has_header_and_footer_on_every_page(
    basel_land, make_organisation, make_person, make_position, client
):
    offices = [make_organisation(name=f"Amt {letter}") for letter in "AB"]
    for number in range(40):
        make_position(
            title=f"Funktion {number}",
            organisation=offices[number % 2],
            person=make_person(last_name=f"Person{number:02d}"),
            email=f"person{number}@bl.example.ch",
        )
    pages = pdf_pages(client.get(CONTACTS_PDF))
    assert len(pages) >= 2
    assert_framed(pages, "Basel-Landschaft")
    text = " ".join(pages)
    assert all(f"person{number}@bl.example.ch" in text for number in range(40))
    # By organisation, then by name.
    assert text.index("Amt A") < text.index("Person38") < text.index("Amt B")
    assert text.index("Person00") < text.index("Person02")


def test_the_contact_list_of_a_canton_without_contacts_says_so(make_canton, client):
    make_canton("ZH", "Zürich")
    text = " ".join(pdf_pages(client.get("/kantone/zh/kontakte.pdf")))
    assert "Noch keine Kontakte erfasst." in text


@pytest.mark.parametrize("size", [1, 20])
def test_the_contact_list_costs_the_same_queries_however_many_contacts(
    rendered_pages,
    basel_land,
    make_position,
    make_topic,
    client,
    django_assert_max_num_queries,
    size,
):
    topic = make_topic()
    for _number in range(size):
        make_position(topics=[topic], last_verified_on=datetime.date(2026, 1, 5))
    # The canton, its contacts, whether the registers are loaded (for the sources).
    with django_assert_max_num_queries(3):
        response = client.get(CONTACTS_PDF)
    assert len(response.context["positions"]) == size


# Addresses


@pytest.mark.parametrize("path", [PROFILE_PDF, CONTACTS_PDF])
def test_the_pdf_addresses_have_the_lower_case_code_and_unknown_cantons_are_not_found(
    basel_land, client, path
):
    response = client.get(path.replace("/bl/", "/BL/"))
    assert response.status_code == 301
    assert response["Location"] == path
    assert client.get(path.replace("/bl/", "/xx/")).status_code == 404


# Nothing from the network


@pytest.fixture
def fetcher():
    return StaticFilesFetcher("http://testserver/static/")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/style.css",
        "http://testserver/kontakte/",  # the site, but no static file
        "http://testserver/static/../portal/settings.py",
        "http://testserver/static/css/../../portal/settings.py",
        "http://testserver/static/css/missing.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_fetcher_refuses_everything_but_the_portals_static_files(fetcher, url):
    with pytest.raises(RefusedFetch):
        fetcher.fetch(url)


def test_the_fetcher_serves_a_static_file_from_disk(fetcher):
    response = fetcher.fetch("http://testserver/static/css/pdf.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_rendering_opens_no_connection(rf, monkeypatch):
    attempts = []

    def connect(sock, address):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    html = (
        '<link rel="stylesheet" href="https://example.org/style.css">'
        '<p>Text <img src="https://example.org/logo.png" alt="Logo"></p>'
    )
    pdf = write_pdf(html, rf.get(PROFILE_PDF))
    assert pdf.startswith(b"%PDF")
    assert attempts == []
