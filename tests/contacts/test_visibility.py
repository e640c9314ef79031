"""What the public sees of contacts: one rule per model, queryset and property agreeing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from contacts.models import Organisation, Person, Position


def assert_public(obj, expected):
    """`published()` and `is_public` give the same answer, read fresh from the database."""
    model = type(obj)
    fresh = model.objects.get(pk=obj.pk)
    assert fresh.is_public is expected
    assert model.objects.published().filter(pk=obj.pk).exists() is expected


@pytest.mark.parametrize("is_published", [True, False])
def test_organisation_is_public_when_published(make_organisation, is_published):
    assert_public(make_organisation(is_published=is_published), is_published)


def test_position_is_public_with_its_person_and_organisation(
    make_position, make_person, make_organisation
):
    assert_public(make_position(), True)
    assert_public(make_position(is_published=False), False)
    assert_public(make_position(person=make_person(is_published=False)), False)
    assert_public(make_position(organisation=make_organisation(is_published=False)), False)


@pytest.mark.parametrize("is_published", [True, False])
def test_person_is_public_when_published(make_person, is_published):
    assert_public(make_person(is_published=is_published), is_published)


def test_people_with_a_public_position(make_person, make_position, make_organisation):
    person = make_person()

    def listed():
        return list(Person.objects.published().with_public_position())

    assert person not in listed()  # no function anywhere yet
    make_position(person=person, organisation=make_organisation(is_published=False))
    make_position(person=person, is_published=False)
    assert person not in listed()
    make_position(person=person)
    assert listed() == [person]


def test_staff_see_drafts_and_visitors_only_what_is_public(admin_user, make_position, make_person):
    public = make_position()
    draft = make_position(person=make_person(is_published=False))
    assert list(Position.objects.visible_to(AnonymousUser())) == [public]
    assert set(Position.objects.visible_to(admin_user)) == {public, draft}
    assert set(Person.objects.visible_to(admin_user)) == {public.person, draft.person}
    assert Organisation.objects.visible_to(AnonymousUser()).count() == 2
