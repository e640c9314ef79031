"""Writes that touch several coordination records at once."""

from django.db import transaction

from coordination.dates import DatePrecision
from coordination.models import Body, BodyTheme, Lineage, LineageKind, Membership


@transaction.atomic
def record_merger(predecessors, successor, happened_on, precision=DatePrecision.DAY):
    """Record that `predecessors` merged into `successor`: one lineage step per predecessor."""
    steps = []
    for predecessor in predecessors:
        step, _created = Lineage.objects.update_or_create(
            predecessor=predecessor,
            successor=successor,
            defaults={
                "kind": LineageKind.MERGER,
                "happened_on": happened_on,
                "happened_precision": precision,
            },
        )
        steps.append(step)
    return steps


@transaction.atomic
def set_themes(body, themes):
    """Make `body`'s themes exactly `themes`: (topic, area, note, foundation) tuples in order."""
    kept = []
    for sort_order, (topic, area, note, foundation) in enumerate(themes):
        theme, _created = BodyTheme.objects.update_or_create(
            body=body,
            topic=topic,
            defaults={
                "area": area,
                "note": note,
                "foundation": foundation,
                "sort_order": sort_order,
            },
        )
        kept.append(theme.pk)
    BodyTheme.objects.filter(body=body).exclude(pk__in=kept).delete()


@transaction.atomic
def set_organisation_members(body: Body, organisations):
    """Make the organisations in `organisations` (in order) the organisation members of `body`."""
    kept = []
    for sort_order, organisation in enumerate(organisations):
        membership, _created = Membership.objects.update_or_create(
            body=body,
            organisation=organisation,
            position=None,
            defaults={"sort_order": sort_order, "group_label": ""},
        )
        kept.append(membership.pk)
    Membership.objects.filter(
        body=body, position=None, organisation__isnull=False, group_label=""
    ).exclude(pk__in=kept).delete()


@transaction.atomic
def set_member_groups(body: Body, groups):
    """Make `groups` ((label, organisation or None) pairs) the described member groups of `body`."""
    kept = []
    for sort_order, (label, organisation) in enumerate(groups):
        membership, _created = Membership.objects.update_or_create(
            body=body,
            group_label=label,
            position=None,
            defaults={"sort_order": sort_order, "organisation": organisation},
        )
        kept.append(membership.pk)
    Membership.objects.filter(body=body, position=None).exclude(group_label="").exclude(
        pk__in=kept
    ).delete()
