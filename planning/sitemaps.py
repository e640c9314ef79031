"""Sitemaps of the published plans and development fields (wired in portal/urls.py)."""

from django.contrib.sitemaps import Sitemap

from planning.models import DevelopmentField, Plan


class PlanSitemap(Sitemap):
    def items(self):
        return Plan.objects.published().order_by("pk")

    def lastmod(self, plan):
        return plan.updated_at


class DevelopmentFieldSitemap(Sitemap):
    def items(self):
        return DevelopmentField.objects.published().select_related("plan").order_by("pk")

    def lastmod(self, field):
        return field.updated_at


sitemaps = {"planning-plans": PlanSitemap, "planning-fields": DevelopmentFieldSitemap}
