import xml.etree.ElementTree as ET

from django.urls import reverse

from contacts.models import Person
from planning.models import DevelopmentField

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    return {loc.text.replace("http://testserver", "") for loc in tree.findall(".//sm:loc", NS)}


def test_sitemap_lists_the_public_pages_of_every_app(client, seeded):
    locations = sitemap_locations(client)
    assert reverse("contacts:person_detail", kwargs={"slug": "andrea-ruder"}) in locations
    assert reverse("coordination:conference_detail", kwargs={"slug": "kkjp"}) in locations
    field = DevelopmentField.objects.get(number=7)
    assert field.get_absolute_url() in locations


def test_sitemap_leaves_out_drafts(client, seeded):
    Person.objects.filter(slug="andrea-ruder").update(is_published=False)
    field = DevelopmentField.objects.get(number=7)
    DevelopmentField.objects.filter(pk=field.pk).update(is_published=False)
    locations = sitemap_locations(client)
    assert reverse("contacts:person_detail", kwargs={"slug": "andrea-ruder"}) not in locations
    assert field.get_absolute_url() not in locations


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
