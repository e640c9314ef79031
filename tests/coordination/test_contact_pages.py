"""The contact pages link to the coordination bodies a person or organisation works in.

The links come from coordination's template tags (`coordination_links`), so contacts does
not import coordination.
"""

import datetime

import pytest

from contacts.models import Organisation, Person
from coordination.models import Committee, CoordinationOffice, Membership

OFFICE_NAME = "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe"
STEERING_GROUP = "Steuergruppe Kinder- und Jugendhilfe"


def bodies_section(response):
    """The HTML of the page's list of bodies, or "" when the page has none."""
    assert response.status_code == 200
    html = response.content.decode()
    start = html.find('aria-labelledby="bodies-heading"')
    if start == -1:
        return ""
    return html[start : html.index("</section>", start)]


# Seeded facts


def test_the_coordinators_page_lists_the_office_she_coordinates_and_the_group_she_leads(
    client, seeded
):
    coordinator = Person.objects.get(slug="andrea-ruder")
    office = CoordinationOffice.objects.get(name=OFFICE_NAME)
    steering_group = Committee.objects.get(name=STEERING_GROUP)

    section = bodies_section(client.get(coordinator.get_absolute_url()))

    assert f'<a href="{office.get_absolute_url()}">{OFFICE_NAME}</a>' in section
    assert f'<a href="{steering_group.get_absolute_url()}">{STEERING_GROUP}</a>' in section
    assert "Koordination" in section
    assert "Leitung" in section
    assert section.index(OFFICE_NAME) < section.index(STEERING_GROUP)


def test_a_directorate_page_lists_the_steering_group_and_the_office_it_directs(client, seeded):
    bksd = Organisation.objects.get(slug="bksd")
    office = CoordinationOffice.objects.get(name=OFFICE_NAME)
    steering_group = Committee.objects.get(name=STEERING_GROUP)

    section = bodies_section(client.get(bksd.get_absolute_url()))

    assert steering_group.get_absolute_url() in section
    assert "Mitglied" in section
    assert office.get_absolute_url() in section
    assert "zuständige Direktion" in section


def test_the_host_office_page_lists_the_office_it_hosts(client, seeded):
    akjb = Organisation.objects.get(slug="akjb")
    office = CoordinationOffice.objects.get(name=OFFICE_NAME)

    section = bodies_section(client.get(akjb.get_absolute_url()))

    assert office.get_absolute_url() in section
    assert "angesiedelt bei dieser Organisation" in section


# Only what is public


def test_an_unpublished_body_is_not_listed(client, seeded):
    coordinator = Person.objects.get(slug="andrea-ruder")
    bksd = Organisation.objects.get(slug="bksd")
    Committee.objects.filter(name=STEERING_GROUP).update(is_published=False)

    person_section = bodies_section(client.get(coordinator.get_absolute_url()))
    organisation_section = bodies_section(client.get(bksd.get_absolute_url()))

    assert STEERING_GROUP not in person_section
    assert OFFICE_NAME in person_section
    assert STEERING_GROUP not in organisation_section
    assert OFFICE_NAME in organisation_section


def test_a_body_is_not_listed_through_an_unpublished_position(
    client, make_person, make_position, make_committee
):
    person = make_person()
    make_position(person=person, title="Leiterin")
    draft = make_position(person=person, title="Projektleiterin", is_published=False)
    committee = make_committee(name="Fachgruppe Pflegekinder")
    Membership.objects.create(body=committee, position=draft)
    make_committee(name="Arbeitsgruppe Frühe Förderung", led_by=draft)

    response = client.get(person.get_absolute_url())

    assert bodies_section(response) == ""
    assert "Fachgruppe Pflegekinder" not in response.content.decode()
    assert "Arbeitsgruppe Frühe Förderung" not in response.content.decode()


def test_a_person_with_several_positions_sees_through_which_one(
    client, make_person, make_position, make_committee
):
    person = make_person()
    make_position(person=person, title="Leiterin")
    member = make_position(person=person, title="Projektleiterin")
    committee = make_committee(name="Fachgruppe Pflegekinder")
    Membership.objects.create(body=committee, position=member, role="Vorsitz")

    section = bodies_section(client.get(person.get_absolute_url()))

    assert "Fachgruppe Pflegekinder" in section
    assert "Vorsitz als Projektleiterin" in section


def test_a_page_without_bodies_has_no_bodies_section(client, make_position):
    position = make_position()
    assert bodies_section(client.get(position.person.get_absolute_url())) == ""
    assert bodies_section(client.get(position.organisation.get_absolute_url())) == ""


# "Stand" of the contact data: a real date or nothing


def test_never_verified_contacts_show_no_stand(client, make_position):
    position = make_position(last_verified_on=None)
    assert "Stand:" not in client.get(position.person.get_absolute_url()).content.decode()
    assert "Stand:" not in client.get(position.organisation.get_absolute_url()).content.decode()


def test_each_position_shows_its_own_stand(client, make_person, make_position):
    person = make_person()
    make_position(person=person, title="Leiterin", last_verified_on=datetime.date(2026, 11, 22))
    make_position(person=person, title="Projektleiterin", last_verified_on=None)

    content = client.get(person.get_absolute_url()).content.decode()

    assert content.count("Stand:") == 1
    assert "Stand: 22. November 2026" in content


# Query counts do not grow with the number of bodies


@pytest.mark.parametrize("size", [2, 30])
def test_person_page_query_count_does_not_grow_with_bodies(
    rendered_pages,
    client,
    django_assert_max_num_queries,
    make_person,
    make_position,
    make_committee,
    size,
):
    person = make_person()
    positions = [make_position(person=person, title=f"Funktion {n}") for n in range(2)]
    for n in range(size):
        position = positions[n % 2]
        Membership.objects.create(body=make_committee(), position=position, role="Mitglied")
        make_committee(led_by=position)

    with django_assert_max_num_queries(6):
        response = client.get(person.get_absolute_url())

    assert bodies_section(response).count("<li>") == 2 * size


@pytest.mark.parametrize("size", [2, 30])
def test_organisation_page_query_count_does_not_grow_with_bodies(
    rendered_pages,
    client,
    django_assert_max_num_queries,
    make_organisation,
    make_committee,
    make_office,
    make_forum,
    size,
):
    organisation = make_organisation()
    for _ in range(size):
        Membership.objects.create(body=make_committee(), organisation=organisation)
        make_office(host_organisation=organisation, directorate=organisation)
        make_forum(funder=organisation)

    with django_assert_max_num_queries(7):
        response = client.get(organisation.get_absolute_url())

    assert bodies_section(response).count("<li>") == 3 * size


def test_the_tags_read_the_bodies_in_two_queries_each(
    django_assert_num_queries, make_person, make_position, make_committee, make_office
):
    from coordination.templatetags.coordination_links import (
        bodies_of_organisation,
        bodies_of_person,
    )

    person = make_person()
    position = make_position(person=person)
    for _ in range(5):
        Membership.objects.create(body=make_committee(), position=position)
        make_office(coordinator=position, directorate=position.organisation)

    with django_assert_num_queries(2):
        person_links = bodies_of_person(person)
    with django_assert_num_queries(2):
        organisation_links = bodies_of_organisation(position.organisation)

    assert len(person_links) == 10
    assert len(organisation_links) == 5
    assert {role.label for link in person_links for role in link.roles} == {
        "Mitglied",
        "Koordination",
    }
    assert {role.label for link in organisation_links for role in link.roles} == {
        "zuständige Direktion"
    }
