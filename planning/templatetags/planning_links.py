"""What planning adds to pages of other apps, without those apps importing planning.

`{% load planning_links %}{% fields_on_topic topic as fields %}` on the theme page,
`{% plans_of_office office as plans %}` on a coordination office's page.
"""

from django import template

from planning.models import DevelopmentField, Plan

register = template.Library()


@register.simple_tag
def fields_on_topic(topic):
    """Published development fields on `topic`, with their plan and area, in plan order."""
    return (
        DevelopmentField.objects.published()
        .filter(topics=topic)
        .with_progress()
        .select_related("plan__canton", "area")
        .order_by("plan__title", "number")
    )


@register.simple_tag
def plans_of_office(office):
    """Published plans and reports that `office` owns, current ones first."""
    return Plan.objects.published().filter(owner=office).current_first()
