"""Writes that touch several coordination records at once."""

from django.db import transaction

from coordination.dates import DatePrecision
from coordination.models import Body, BodyTheme, Lineage, LineageKind, Membership


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        # By key: a Body and its CoordinationOffice are the same row but never compare equal.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def sync(model, lookup, values):
    """Find the record by `lookup` and give it `values`, creating it if it is missing.

    Unlike update_or_create it saves only when a value differs, so loading the same facts
    again writes no history row. Returns (record, created)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    changed = {name: value for name, value in values.items() if _differs(obj, name, value)}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj, False


@transaction.atomic
def record_merger(predecessors, successor, happened_on, precision=DatePrecision.DAY):
    """Record that `predecessors` merged into `successor`: one lineage step per predecessor."""
    steps = []
    for predecessor in predecessors:
        step, _created = sync(
            Lineage,
            {"predecessor": predecessor, "successor": successor},
            {
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
        theme, _created = sync(
            BodyTheme,
            {"body": body, "topic": topic},
            {
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
        membership, _created = sync(
            Membership,
            {"body": body, "organisation": organisation, "position": None},
            {"sort_order": sort_order, "group_label": ""},
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
        membership, _created = sync(
            Membership,
            {"body": body, "group_label": label, "position": None},
            {"sort_order": sort_order, "organisation": organisation},
        )
        kept.append(membership.pk)
    Membership.objects.filter(body=body, position=None).exclude(group_label="").exclude(
        pk__in=kept
    ).delete()
