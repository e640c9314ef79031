"""What the public sees of planning: one rule per model, queryset and property agreeing."""

import pytest

from planning.models import DevelopmentField


def assert_public(obj, expected):
    model = type(obj)
    fresh = model.objects.get(pk=obj.pk)
    assert fresh.is_public is expected
    assert model.objects.published().filter(pk=obj.pk).exists() is expected


@pytest.mark.parametrize("is_published", [True, False])
def test_plan_is_public_when_published(make_plan, is_published):
    assert_public(make_plan(is_published=is_published), is_published)


def test_field_is_public_with_its_plan(make_plan, make_field):
    plan = make_plan()
    assert_public(make_field(plan, 1), True)
    assert_public(make_field(plan, 2, is_published=False), False)
    draft_plan = make_plan(is_published=False)
    assert_public(make_field(draft_plan, 1), False)
    assert DevelopmentField.objects.published().count() == 1
