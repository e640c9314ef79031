"""The directory's page cache: fast for repeat visitors, never stale after a change."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from contacts.models import Municipality, Position, Topic

DIRECTORY = reverse("contacts:directory")


@pytest.fixture
def listed(make_position, make_topic):
    return make_position(title="Koordinatorin Kinder- und Jugendhilfe", topics=[make_topic()])


def shows(client, text, **params):
    return text in client.get(DIRECTORY, params).content.decode()


def test_a_repeated_anonymous_visit_costs_one_small_query(
    client, listed, django_assert_num_queries
):
    first = client.get(DIRECTORY, {"kanton": "BL"})
    with django_assert_num_queries(1):
        again = client.get(DIRECTORY, {"kanton": "BL"})
    assert again.content == first.content
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_other_parameters_are_other_pages(client, listed, make_position):
    make_position(title="Schulsozialarbeiter", canton="ZH")
    assert shows(client, "Schulsozialarbeiter")
    assert not shows(client, "Schulsozialarbeiter", kanton="BL")


def test_a_withdrawn_position_disappears_at_once(client, listed):
    assert shows(client, "Koordinatorin")
    listed.is_published = False
    listed.save()
    assert not shows(client, "Koordinatorin")


def test_a_bulk_withdrawal_disappears_at_once(client, listed):
    assert shows(client, "Koordinatorin")
    Position.objects.filter(pk=listed.pk).update(is_published=False)
    assert not shows(client, "Koordinatorin")


def test_a_deleted_position_disappears_at_once(client, listed):
    assert shows(client, "Koordinatorin")
    listed.delete()
    assert not shows(client, "Koordinatorin")


def test_a_new_topic_of_a_position_counts_at_once(client, listed, make_topic):
    adoption = make_topic("Adoption")
    assert not shows(client, "Koordinatorin", thema=adoption.slug)
    listed.topics.add(adoption)
    assert shows(client, "Koordinatorin", thema=adoption.slug)


def test_a_renamed_topic_shows_its_new_name_at_once(client, listed):
    assert shows(client, "Kinderschutz")
    topic = Topic.objects.get(name="Kinderschutz")
    topic.name = "Kindesschutz"
    topic.save()
    assert shows(client, "Kindesschutz")


def test_a_municipality_moved_to_another_district_changes_what_is_responsible(
    client, make_municipality, make_organisation, make_position
):
    municipality = make_municipality("Füllinsdorf", bfs_number=2825, district="Bezirk Liestal")
    liestal_office = make_organisation(
        name="Jugendstelle Liestal", service_area="district", service_district=municipality.district
    )
    make_position(title="Jugendarbeiterin", organisation=liestal_office)
    assert shows(client, "Jugendarbeiterin", gemeinde="2825")
    other = make_municipality("Sissach", district="Bezirk Sissach").district
    Municipality.objects.filter(pk=municipality.pk).update(district=other)
    assert not shows(client, "Jugendarbeiterin", gemeinde="2825")


def test_signed_in_staff_always_get_a_fresh_page(client, listed, django_assert_max_num_queries):
    staff = get_user_model().objects.create_user("redaktion", password="x", is_staff=True)
    client.force_login(staff)
    client.get(DIRECTORY)
    with django_assert_max_num_queries(30) as queries:
        client.get(DIRECTORY)
    assert len(queries.captured_queries) > 1


def test_a_removed_topic_of_a_position_counts_at_once(client, listed, make_position):
    topic = listed.topics.get()
    make_position(title="Schulsozialarbeiter", topics=[topic])  # a later row of the same kind
    assert shows(client, "Koordinatorin", thema=topic.slug)
    listed.topics.remove(topic)
    assert not shows(client, "Koordinatorin", thema=topic.slug)


def test_a_bulk_deletion_counts_at_once(client, listed, make_position):
    make_position(title="Schulsozialarbeiter", topics=listed.topics.all())
    assert shows(client, "Koordinatorin")
    Position.objects.filter(pk=listed.pk).delete()
    assert not shows(client, "Koordinatorin")
