"""Sitemaps of the coordination pages, for the portal's sitemap.xml (wired in portal/urls.py)."""

from django.urls import reverse

from coordination.models import Body, BodyTheme, Event, Foundation
from core.sitemaps import NamedPagesSitemap, TranslatedSitemap


class CoordinationIndexSitemap(NamedPagesSitemap):
    url_names = ("coordination:index", "coordination:event_list")


class BodySitemap(TranslatedSitemap):
    def items(self):
        return Body.objects.published().order_by("pk")

    def lastmod(self, body):
        return body.updated_at


class FoundationSitemap(TranslatedSitemap):
    def items(self):
        return Foundation.objects.published().order_by("pk")

    def lastmod(self, foundation):
        return foundation.updated_at


class EventSitemap(TranslatedSitemap):
    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class ThemeSitemap(TranslatedSitemap):
    def items(self):
        return BodyTheme.objects.published().topics().order_by("pk")

    def location(self, topic):
        return reverse("coordination:topic_detail", kwargs={"slug": topic.slug})


sitemaps = {
    "koordination": CoordinationIndexSitemap,
    "gremien": BodySitemap,
    "grundlagen": FoundationSitemap,
    "veranstaltungen": EventSitemap,
    "themen": ThemeSitemap,
}
