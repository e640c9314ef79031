"""The portal's sitemap.xml: the public pages of every app, drafts never included."""

from django.urls import reverse

from contacts.models import Canton, Organisation, Person
from coordination.sitemaps import sitemaps as coordination_sitemaps
from core.sitemaps import NamedPagesSitemap, TranslatedSitemap
from planning.sitemaps import sitemaps as planning_sitemaps


class SectionSitemap(NamedPagesSitemap):
    url_names = ("home", "canton_comparison", "contacts:directory", "planning:index")


class LegalPagesSitemap(NamedPagesSitemap):
    url_names = ("imprint", "privacy", "accessibility")


class OrganisationSitemap(TranslatedSitemap):
    def items(self):
        return Organisation.objects.published().order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class PersonSitemap(TranslatedSitemap):
    def items(self):
        return Person.objects.published().with_public_position().order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class CantonProfileSitemap(TranslatedSitemap):
    """Every canton's profile, also of a canton with nothing captured yet: the page says so."""

    def items(self):
        return Canton.objects.order_by("code")

    def location(self, canton):
        return reverse("canton_profile", kwargs={"code": canton.code.lower()})


sitemaps = {
    "portal": SectionSitemap,
    "rechtliches": LegalPagesSitemap,
    "kantone": CantonProfileSitemap,
    "organisationen": OrganisationSitemap,
    "personen": PersonSitemap,
    **coordination_sitemaps,
    **planning_sitemaps,
}
