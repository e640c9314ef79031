import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template import Context, Template
from django.utils import timezone

from coordination.models import (
    Body,
    BodyKind,
    BodyTheme,
    Event,
    Jurisdiction,
    Lineage,
    LineageKind,
    Membership,
    OfficeTask,
    ThemeArea,
)
from core.dates import DatePrecision, format_precise_date


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.YEAR, "2017"),
        (DatePrecision.MONTH, "September 2017"),
        (DatePrecision.DAY, "1. September 2017"),
    ],
)
def test_precise_date_shows_only_what_is_known(precision, expected):
    assert format_precise_date(datetime.date(2017, 9, 1), precision) == expected


def test_precise_date_filter_renders_swiss_german_day():
    template = Template("{% load precise_dates %}{{ day|precise_date:precision }}")
    context = Context({"day": datetime.date(2015, 4, 1), "precision": DatePrecision.DAY})
    assert template.render(context) == "1. April 2015"


def test_precise_date_of_unknown_date_is_empty():
    assert format_precise_date(None, DatePrecision.DAY) == ""


def test_each_kind_of_body_records_its_kind(
    make_conference, make_office, make_committee, make_forum
):
    assert make_conference().kind == BodyKind.CONFERENCE
    assert make_office().kind == BodyKind.OFFICE
    assert make_committee().kind == BodyKind.COMMITTEE
    assert make_forum().kind == BodyKind.FORUM


def test_body_urls_follow_their_kind(make_conference, make_office, make_committee, make_forum):
    assert make_conference(slug="kkjp").get_absolute_url() == "/koordination/konferenzen/kkjp/"
    assert make_office(slug="bl").get_absolute_url() == "/koordination/stellen/bl/"
    assert make_committee(slug="sg").get_absolute_url() == "/koordination/gremien/sg/"
    assert make_forum(slug="df").get_absolute_url() == "/koordination/foren/df/"


def test_cantonal_body_needs_a_canton_in_the_database(make_office):
    office = make_office()
    office.canton = None
    with pytest.raises(IntegrityError), transaction.atomic():
        office.save()


def test_intercantonal_body_has_no_canton(make_conference, make_canton):
    conference = make_conference()
    conference.canton = make_canton("BL")
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "canton" in error.value.message_dict


def test_international_foundation_may_have_no_country(make_foundation):
    foundation = make_foundation(jurisdiction=Jurisdiction.INTERNATIONAL, country=None)
    foundation.full_clean()


def test_national_foundation_needs_a_country(make_foundation):
    foundation = make_foundation()
    foundation.country = None
    with pytest.raises(ValidationError) as error:
        foundation.full_clean()
    assert "country" in error.value.message_dict


def test_body_cannot_be_its_own_successor(make_conference):
    conference = make_conference()
    with pytest.raises(IntegrityError), transaction.atomic():
        Lineage.objects.create(
            predecessor=conference, successor=conference, kind=LineageKind.RENAMING
        )


def test_membership_must_name_a_member(make_committee):
    committee = make_committee()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(body=committee)


def test_member_canton_defaults_to_the_canton_of_the_organisation(
    make_conference, make_position, make_canton
):
    conference = make_conference()
    position = make_position(canton="ZH")
    membership = Membership.objects.create(body=conference, position=position)
    assert membership.member_canton.code == "ZH"
    membership.canton = make_canton("BL")
    assert membership.member_canton.code == "BL"


def test_published_members_hide_unpublished_contacts(make_conference, make_position):
    conference = make_conference()
    public = make_position()
    Membership.objects.create(body=conference, position=public)
    hidden_person = make_position()
    hidden_person.person.is_published = False
    hidden_person.person.save()
    Membership.objects.create(body=conference, position=hidden_person)
    Membership.objects.create(body=conference, position=make_position(is_published=False))
    assert [m.position for m in conference.memberships.published()] == [public]


def test_events_split_into_upcoming_and_past(make_event):
    upcoming = make_event(starts_in_days=3)
    running = make_event(starts_in_days=0, ends_at=timezone.now() + timezone.timedelta(hours=1))
    past = make_event(starts_in_days=-30)
    assert set(Event.objects.upcoming()) == {upcoming, running}
    assert list(Event.objects.past()) == [past]


def test_event_cannot_end_before_it_starts(make_event):
    event = make_event()
    event.ends_at = event.starts_at - timezone.timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()


def test_event_uid_survives_a_new_title_and_slug(make_event):
    event = make_event()
    uid = event.ical_uid
    event.title, event.slug = "Neuer Titel", "neuer-titel"
    event.save()
    assert event.ical_uid == uid


def test_saving_a_conference_keeps_history(make_conference):
    conference = make_conference(name="Alter Name")
    conference.name = "Neuer Name"
    conference.save()
    assert [h.name for h in conference.history.all()] == ["Neuer Name", "Alter Name"]


def test_events_of_an_unpublished_forum_are_not_published(
    make_event, make_forum, make_event_format
):
    hidden_forum = make_forum(is_published=False)
    make_event(event_format=make_event_format(forum=hidden_forum))
    shown = make_event()
    assert list(Event.objects.published()) == [shown]


def test_a_position_still_coordinating_or_leading_cannot_be_deleted(
    make_office, make_committee, make_position
):
    coordinator = make_position(title="Koordinatorin Kinder- und Jugendhilfe")
    office = make_office(coordinator=coordinator)
    leader = make_position(title="Leiterin")
    committee = make_committee(led_by=leader)

    with pytest.raises(ProtectedError) as refused:
        coordinator.delete()
    assert office in refused.value.protected_objects
    with pytest.raises(ProtectedError):
        leader.delete()
    office.refresh_from_db()
    committee.refresh_from_db()
    assert (office.coordinator, committee.led_by) == (coordinator, leader)


def test_a_member_contact_cannot_be_deleted_and_the_membership_stays(
    make_committee, make_position, make_organisation
):
    committee = make_committee(name="Steuergruppe Kinder- und Jugendhilfe")
    directorate = make_organisation(name="Volkswirtschafts- und Gesundheitsdirektion")
    position = make_position()
    by_organisation = Membership.objects.create(body=committee, organisation=directorate)
    by_position = Membership.objects.create(body=committee, position=position)

    with pytest.raises(ProtectedError):
        directorate.delete()
    with pytest.raises(ProtectedError):
        position.delete()
    assert set(committee.memberships.all()) == {by_organisation, by_position}
    assert "Mitglied von Steuergruppe Kinder- und Jugendhilfe" in str(by_organisation)


def test_a_body_with_a_recorded_history_cannot_be_deleted(make_conference):
    predecessor = make_conference()
    successor = make_conference()
    Lineage.objects.create(predecessor=predecessor, successor=successor, kind=LineageKind.MERGER)
    for body in (predecessor, successor):
        with pytest.raises(ProtectedError):
            body.delete()
    assert Lineage.objects.count() == 1


def test_a_foundation_in_use_cannot_be_deleted(make_forum, make_foundation, make_topic):
    kjsg = make_foundation()
    forum = make_forum(accompanies=kjsg)
    pavo = make_foundation()
    BodyTheme.objects.create(
        body=forum, topic=make_topic(), area=ThemeArea.PROTECTION, foundation=pavo
    )
    newer = make_foundation()
    older = make_foundation(superseded_by=newer)
    for foundation in (kjsg, pavo, newer):
        with pytest.raises(ProtectedError):
            foundation.delete()
    older.refresh_from_db()
    assert older.superseded_by == newer


def test_an_office_task_goes_with_its_office(make_office):
    office = make_office()
    OfficeTask.objects.create(office=office, text="Vernetzung")
    office.delete()
    assert not OfficeTask.objects.exists()


def test_changes_to_the_parts_of_a_body_are_recorded(
    make_committee, make_organisation, make_event_format
):
    committee = make_committee()
    membership = Membership.objects.create(body=committee, organisation=make_organisation())
    membership.role = "Vorsitz"
    membership.save()
    assert [h.role for h in membership.history.all()] == ["Vorsitz", ""]
    event_format = make_event_format(name="Expertengespräche")
    event_format.audience = "leitende Fach- und Führungskräfte"
    event_format.save()
    assert event_format.history.count() == 2
    membership.delete()
    assert Membership.history.latest().history_type == "-"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"adopted_on": datetime.date(1989, 11, 20)}, "vom 20. November 1989"),
        (
            {"adopted_on": datetime.date(1989, 1, 1), "adopted_precision": DatePrecision.YEAR},
            "von 1989",
        ),
        ({"in_force_on": datetime.date(2021, 6, 10)}, "in Kraft seit 10. Juni 2021"),
        ({}, ""),
    ],
)
def test_foundation_is_dated_as_precisely_as_known(make_foundation, fields, expected):
    assert make_foundation(**fields).dated_display == expected


def test_period_of_a_body_that_went_into_a_successor(make_conference):
    old = make_conference(founded_on=datetime.date(1994, 1, 1))
    undated = make_conference()
    current = make_conference()
    for predecessor in (old, undated):
        Lineage.objects.create(
            predecessor=predecessor,
            successor=current,
            kind=LineageKind.MERGER,
            happened_on=datetime.date(2017, 9, 1),
            happened_precision=DatePrecision.DAY,
        )

    bodies = {body.pk: body for body in Body.objects.with_period()}
    assert bodies[old.pk].has_ended and bodies[old.pk].period_display == "1994–2017"
    assert bodies[undated.pk].period_display == "bis 2017"
    assert not bodies[current.pk].has_ended and bodies[current.pk].period_display == ""
    assert list(Body.objects.current_first())[0].pk == current.pk


def test_foundation_label_is_the_short_name_where_there_is_one(make_foundation):
    assert (
        make_foundation(name="Kinder- und Jugendförderungsgesetz", short_name="KJFG").label
        == "KJFG"
    )
    assert make_foundation(name="Verordnung über den Kinderschutz").label == (
        "Verordnung über den Kinderschutz"
    )
