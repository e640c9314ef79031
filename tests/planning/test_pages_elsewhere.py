"""Planning on the pages of other apps: the theme page and the coordination office's page."""

from django.urls import reverse

import planning.seed
from contacts.models import Topic
from coordination.models import CoordinationOffice, Jurisdiction
from planning.models import DevelopmentField, Plan
from planning.views import OfficeDetailView


def topic_page(client, slug):
    return client.get(reverse("coordination:topic_detail", kwargs={"slug": slug}))


def test_theme_page_lists_the_development_fields_on_that_theme(client, seeded):
    topic = Topic.objects.get(development_fields__number=7)
    response = topic_page(client, topic.slug)
    content = response.content.decode()
    assert "Entwicklungsfelder in kantonalen Planungen" in content
    assert "7. Schulsozialarbeit auf der Primarstufe" in content
    field = DevelopmentField.objects.get(number=7, plan__slug=planning.seed.PLAN_SLUG)
    assert field.get_absolute_url() in content


def test_theme_page_hides_unpublished_fields(client, seeded):
    field = DevelopmentField.objects.get(number=7, plan__slug=planning.seed.PLAN_SLUG)
    field.is_published = False
    field.save()
    response = topic_page(client, field.topics.get().slug)
    assert "Schulsozialarbeit auf der Primarstufe" not in response.content.decode()


def test_theme_page_queries_do_not_grow_with_fields(client, seeded, django_assert_max_num_queries):
    topic = Topic.objects.get(development_fields__number=7)
    plan = Plan.objects.get(slug=planning.seed.PLAN_SLUG)
    with django_assert_max_num_queries(30) as small:
        topic_page(client, topic.slug)
    for field in plan.fields.exclude(number=7):
        field.topics.add(topic)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = topic_page(client, topic.slug)
    assert response.content.decode().count("/felder/") >= 10


def test_office_page_lists_its_plan(client, seeded):
    plan = Plan.objects.get(slug=planning.seed.PLAN_SLUG)
    response = client.get(plan.owner.get_absolute_url())
    content = response.content.decode()
    assert "Planungen und Berichte" in content
    assert plan.get_absolute_url() in content
    assert "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung" in content


def test_office_page_is_built_in_planning_with_the_plans_it_owns(
    client, make_canton, make_country, make_plan, django_assert_max_num_queries
):
    office = CoordinationOffice.objects.create(
        name="Koordinationsstelle",
        slug="koordinationsstelle",
        jurisdiction=Jurisdiction.CANTONAL,
        country=make_country("CH"),
        canton=make_canton("BL"),
        is_published=True,
    )
    make_plan(title="Entwurfsplanung", owner=office, is_published=False)
    make_plan(title="Planung 1", owner=office)
    with django_assert_max_num_queries(40) as small:
        response = client.get(office.get_absolute_url())
    assert response.resolver_match.func.view_class is OfficeDetailView
    assert [plan.title for plan in response.context["office_plans"]] == ["Planung 1"]
    for number in range(2, 8):
        make_plan(title=f"Planung {number}", owner=office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(office.get_absolute_url())
    assert response.content.decode().count("Planung ") >= 7
