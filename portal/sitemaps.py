"""The portal's sitemap.xml: the public pages of every app, drafts never included."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from contacts.models import Organisation, Person
from coordination.sitemaps import sitemaps as coordination_sitemaps
from planning.sitemaps import sitemaps as planning_sitemaps


class SectionSitemap(Sitemap):
    def items(self):
        return ["home", "contacts:directory", "planning:index"]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.published().order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.published().with_public_position().order_by("pk")

    def lastmod(self, person):
        return person.updated_at


sitemaps = {
    "portal": SectionSitemap,
    "organisationen": OrganisationSitemap,
    "personen": PersonSitemap,
    **coordination_sitemaps,
    **planning_sitemaps,
}
