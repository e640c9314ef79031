import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from contacts.models import Person
from planning.models import DevelopmentField

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ("de", "fr", "it", "en")


def sitemap_entries(client):
    """{location: {hreflang: alternate location}} of every <url> in sitemap.xml."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    entries = {}
    for url in tree.findall("sm:url", NS):
        location = url.find("sm:loc", NS).text.replace("http://testserver", "")
        entries[location] = {
            link.get("hreflang"): link.get("href").replace("http://testserver", "")
            for link in url.findall("xhtml:link", NS)
        }
    return entries


def in_every_language(url_name, **kwargs):
    versions = {}
    for language in LANGUAGES:
        with translation.override(language):
            versions[language] = reverse(url_name, kwargs=kwargs or None)
    return versions


def test_sitemap_lists_the_public_pages_of_every_app(client, seeded):
    entries = sitemap_entries(client)
    assert reverse("contacts:person_detail", kwargs={"slug": "andrea-ruder"}) in entries
    assert reverse("coordination:conference_detail", kwargs={"slug": "kkjp"}) in entries
    field = DevelopmentField.objects.get(number=7)
    assert field.get_absolute_url() in entries


@pytest.mark.parametrize("url_name", ["home", "imprint", "privacy", "accessibility"])
def test_sitemap_lists_the_home_and_legal_pages(client, db, url_name):
    assert reverse(url_name) in sitemap_entries(client)


def test_every_page_is_listed_in_every_language_with_its_alternates(client, seeded):
    entries = sitemap_entries(client)
    versions = in_every_language("coordination:conference_detail", slug="kkjp")
    assert versions["de"] == "/koordination/konferenzen/kkjp/"
    assert versions["fr"].startswith("/fr/")
    assert set(versions.values()) <= set(entries)
    # Each of the four entries names all four versions, and the German one as x-default.
    for location in versions.values():
        assert entries[location] == {**versions, "x-default": versions["de"]}


def test_every_entry_has_four_language_versions_and_german_as_default(client, seeded):
    entries = sitemap_entries(client)
    assert len(entries) % len(LANGUAGES) == 0
    for location, alternates in entries.items():
        assert set(alternates) == {*LANGUAGES, "x-default"}, location
        assert alternates["x-default"] == alternates["de"]
        assert not alternates["de"].startswith(("/fr/", "/it/", "/en/"))
        assert location in alternates.values()


def test_sitemap_leaves_out_drafts_in_every_language(client, seeded):
    Person.objects.filter(slug="andrea-ruder").update(is_published=False)
    field = DevelopmentField.objects.get(number=7)
    DevelopmentField.objects.filter(pk=field.pk).update(is_published=False)
    entries = sitemap_entries(client)
    alternates = {href for links in entries.values() for href in links.values()}
    for language in LANGUAGES:
        with translation.override(language):
            person = reverse("contacts:person_detail", kwargs={"slug": "andrea-ruder"})
            field_url = field.get_absolute_url()
        assert person not in entries and person not in alternates
        assert field_url not in entries and field_url not in alternates


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
