"""The coordination admins under the editing scope (see tests/portal/test_admin_scope.py
for the walk over every admin with the seed data)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from contacts.editing_scope import CONFERENCE_SECRETARIAT_GROUP
from coordination.models import Conference, Jurisdiction


@pytest.fixture
def cantonal(make_canton):
    """Turns a body built by the coordination fixtures into one of canton `code`."""

    def move(body, code):
        type(body).objects.filter(pk=body.pk).update(
            jurisdiction=Jurisdiction.CANTONAL, canton=make_canton(code)
        )
        body.refresh_from_db()
        return body

    return move


def test_conference_admin(check_admin_scope, make_conference, cantonal):
    check_admin_scope(own=cantonal(make_conference(), "BL"), foreign=make_conference())


def test_secretariat_edits_intercantonal_conferences_but_not_cantonal_ones(
    check_admin_scope, make_conference, cantonal
):
    check_admin_scope(
        own=make_conference(),
        foreign=cantonal(make_conference(), "ZH"),
        canton=None,
        group=CONFERENCE_SECRETARIAT_GROUP,
    )


def test_office_admin(check_admin_scope, make_office):
    check_admin_scope(own=make_office(canton="BL"), foreign=make_office(canton="ZH"))


def test_committee_admin(check_admin_scope, make_committee):
    check_admin_scope(own=make_committee(canton="BL"), foreign=make_committee(canton="ZH"))


def test_forum_admin(check_admin_scope, make_forum, cantonal):
    check_admin_scope(own=cantonal(make_forum(), "BL"), foreign=make_forum())


def test_foundation_admin(check_admin_scope, make_foundation, cantonal):
    check_admin_scope(own=cantonal(make_foundation(), "BL"), foreign=make_foundation())


def test_event_format_and_event_admins(
    check_admin_scope, make_forum, make_event_format, make_event, cantonal
):
    own_format = make_event_format(forum=cantonal(make_forum(), "BL"))
    foreign_format = make_event_format(forum=cantonal(make_forum(), "ZH"))
    check_admin_scope(own=own_format, foreign=foreign_format)
    check_admin_scope(
        own=make_event(event_format=own_format), foreign=make_event(event_format=foreign_format)
    )


def test_publish_action_over_intercantonal_conference_is_refused_for_cantonal_editor(
    client, make_editor, make_conference
):
    kkjp = make_conference(is_published=False)
    client.force_login(make_editor("BL"))
    response = client.post(
        reverse("admin:coordination_conference_changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [kkjp.pk]},
    )
    assert response.status_code == 403
    assert not Conference.objects.get(pk=kkjp.pk).is_published


def test_deleting_an_organisation_that_hosts_an_office_is_refused_with_the_dependants(
    client, make_editor, make_office, make_organisation
):
    akjb = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote", canton="BL")
    office = make_office(canton="BL", name="Koordinationsstelle Kinder- und Jugendhilfe")
    type(office).objects.filter(pk=office.pk).update(host_organisation=akjb)
    client.force_login(make_editor("BL"))
    url = reverse("admin:contacts_organisation_delete", args=[akjb.pk])

    response = client.post(url, {"post": "yes"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "kann nicht gelöscht werden" in content
    assert "Koordinationsstelle Kinder- und Jugendhilfe" in content
    assert type(akjb).objects.filter(pk=akjb.pk).exists()
