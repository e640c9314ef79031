"""The topic page: contacts, coordination and planning on one topic, built by a portal view."""

import itertools

import pytest
from django.urls import reverse

from coordination.models import (
    BodyTheme,
    Conference,
    Foundation,
    FoundationKind,
    Jurisdiction,
    ThemeArea,
)
from planning.models import DevelopmentArea, DevelopmentField, Plan
from portal.views import TopicDetailView


@pytest.fixture
def fill_topic(make_topic, make_canton, make_country, make_position, make_organisation):
    names = itertools.count(1)

    def make_conference():
        number = next(names)
        return Conference.objects.create(
            name=f"Konferenz {number}",
            slug=f"konferenz-{number}",
            jurisdiction=Jurisdiction.INTERCANTONAL,
            country=make_country("CH"),
            is_published=True,
        )

    def make_foundation():
        number = next(names)
        return Foundation.objects.create(
            name=f"Gesetz {number}",
            slug=f"gesetz-{number}",
            kind=FoundationKind.LAW,
            jurisdiction=Jurisdiction.FEDERAL,
            country=make_country("CH"),
            is_published=True,
        )

    topic = make_topic("Frühe Förderung")
    plan = Plan.objects.create(
        title="Planung", slug="planung-thema", canton=make_canton("BL"), is_published=True
    )
    area = DevelopmentArea.objects.create(plan=plan, letter="A", title="Bereich A")

    def fill(count):
        for _ in range(count):
            BodyTheme.objects.create(body=make_conference(), topic=topic, area=ThemeArea.PROMOTION)
            make_foundation().topics.add(topic)
            make_position(topics=[topic])
            make_organisation().topics.add(topic)
            number = DevelopmentField.objects.filter(plan=plan).count() + 1
            field = DevelopmentField.objects.create(
                plan=plan, area=area, number=number, title=f"Feld {number}", is_published=True
            )
            field.topics.add(topic)
        return topic

    return fill


def topic_page(client, topic):
    return client.get(reverse("coordination:topic_detail", kwargs={"slug": topic.slug}))


def test_topic_page_is_built_by_the_portal_with_every_apps_facts(client, fill_topic):
    topic = fill_topic(2)
    response = topic_page(client, topic)
    assert response.resolver_match.func.view_class is TopicDetailView
    context = response.context
    assert len(context["body_themes"]) == 2
    assert len(context["foundations"]) == 2
    assert len(context["positions"]) == 2
    assert len(context["organisations"]) == 2
    assert [field.number for field in context["development_fields"]] == [1, 2]


def test_topic_page_queries_do_not_grow_with_its_data(
    client, fill_topic, django_assert_max_num_queries
):
    topic = fill_topic(1)
    with django_assert_max_num_queries(15) as small:
        topic_page(client, topic)
    fill_topic(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = topic_page(client, topic)
    assert response.content.decode().count("/felder/") == 7
