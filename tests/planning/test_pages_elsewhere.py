"""Planning on the pages of other apps: the theme page and the coordination office's page."""

from django.urls import reverse

import planning.seed
from contacts.models import Topic
from planning.models import DevelopmentField, Plan


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
