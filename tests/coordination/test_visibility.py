"""What the public sees of coordination: one rule per model, queryset and property agreeing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coordination.models import (
    Body,
    BodyTheme,
    Event,
    Lineage,
    LineageKind,
    Membership,
    ThemeArea,
)


def assert_public(obj, expected):
    model = type(obj)
    fresh = model.objects.get(pk=obj.pk)
    assert fresh.is_public is expected
    assert model.objects.published().filter(pk=obj.pk).exists() is expected


@pytest.mark.parametrize("is_published", [True, False])
def test_body_and_foundation_are_public_when_published(
    make_conference, make_office, make_foundation, is_published
):
    assert_public(make_conference(is_published=is_published), is_published)
    assert_public(make_office(is_published=is_published), is_published)
    assert_public(Body.objects.get(pk=make_office(is_published=is_published).pk), is_published)
    assert_public(make_foundation(is_published=is_published), is_published)


def test_event_and_format_are_public_with_their_forum(make_forum, make_event_format, make_event):
    public_format = make_event_format()
    assert_public(public_format, True)
    assert_public(make_event(event_format=public_format), True)
    assert_public(make_event(event_format=public_format, is_published=False), False)

    hidden_format = make_event_format(forum=make_forum(is_published=False))
    assert_public(hidden_format, False)
    assert_public(make_event(event_format=hidden_format), False)


def test_membership_is_public_with_its_body_and_member(
    make_committee, make_position, make_person, make_organisation
):
    body = make_committee()
    assert_public(Membership.objects.create(body=body, position=make_position()), True)
    assert_public(Membership.objects.create(body=body, group_label="Fachleute"), True)
    assert_public(Membership.objects.create(body=body, organisation=make_organisation()), True)
    hidden_person = make_position(person=make_person(is_published=False))
    assert_public(Membership.objects.create(body=body, position=hidden_person), False)
    hidden_office = make_organisation(is_published=False)
    assert_public(Membership.objects.create(body=body, organisation=hidden_office), False)
    draft_body = make_committee(is_published=False)
    assert_public(Membership.objects.create(body=draft_body, position=make_position()), False)


def test_lineage_is_public_between_public_bodies(make_conference):
    old, new, draft = make_conference(), make_conference(), make_conference(is_published=False)
    assert_public(
        Lineage.objects.create(predecessor=old, successor=new, kind=LineageKind.MERGER), True
    )
    assert_public(
        Lineage.objects.create(predecessor=draft, successor=new, kind=LineageKind.MERGER), False
    )
    assert_public(
        Lineage.objects.create(predecessor=old, successor=draft, kind=LineageKind.RENAMING), False
    )


def test_theme_is_public_with_its_body_and_lists_its_topic(make_conference, make_topic):
    public = BodyTheme.objects.create(
        body=make_conference(), topic=make_topic("Kinderschutz"), area=ThemeArea.PROTECTION
    )
    hidden = BodyTheme.objects.create(
        body=make_conference(is_published=False),
        topic=make_topic("Mitwirkung"),
        area=ThemeArea.PARTICIPATION,
    )
    assert_public(public, True)
    assert_public(hidden, False)
    assert list(BodyTheme.objects.published().topics()) == [public.topic]


def test_staff_see_draft_events_and_visitors_do_not(admin_user, make_event):
    public, draft = make_event(), make_event(is_published=False)
    assert list(Event.objects.visible_to(AnonymousUser())) == [public]
    assert set(Event.objects.visible_to(admin_user)) == {public, draft}
