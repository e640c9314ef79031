"""Sitemaps of the coordination pages, for the portal's sitemap.xml (wired in portal/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from coordination.models import Body, BodyTheme, Event, Foundation


class CoordinationIndexSitemap(Sitemap):
    def items(self):
        return ["coordination:index", "coordination:event_list"]

    def location(self, item):
        return reverse(item)


class BodySitemap(Sitemap):
    def items(self):
        return Body.objects.published().order_by("pk")

    def lastmod(self, body):
        return body.updated_at


class FoundationSitemap(Sitemap):
    def items(self):
        return Foundation.objects.published().order_by("pk")

    def lastmod(self, foundation):
        return foundation.updated_at


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class ThemeSitemap(Sitemap):
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
