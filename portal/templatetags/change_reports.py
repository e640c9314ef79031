"""`{% report_change_url object %}`: the "Änderung melden" address of a public entry."""

from django import template
from django.urls import reverse

from portal.reports import report_kind

register = template.Library()


@register.simple_tag
def report_change_url(obj):
    """The report form's address for `obj`, or "" where reports are not taken (drafts,
    records of other kinds)."""
    kind = report_kind(obj) if obj is not None else None
    if kind is None or not obj.is_public:
        return ""
    return reverse("report_change", kwargs={"kind": kind, "pk": obj.pk})
