"""Sitemaps of the published plans and development fields (wired in portal/urls.py)."""

from core.sitemaps import TranslatedSitemap
from planning.models import DevelopmentField, Plan


class PlanSitemap(TranslatedSitemap):
    def items(self):
        return Plan.objects.published().order_by("pk")

    def lastmod(self, plan):
        return plan.updated_at


class DevelopmentFieldSitemap(TranslatedSitemap):
    def items(self):
        return DevelopmentField.objects.published().select_related("plan").order_by("pk")

    def lastmod(self, field):
        return field.updated_at


sitemaps = {"planning-plans": PlanSitemap, "planning-fields": DevelopmentFieldSitemap}
