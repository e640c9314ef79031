import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from coordination import seed
from coordination.models import BodyTheme, Lineage, LineageKind, Membership, ThemeArea
from core.dates import DatePrecision


def query_count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def text_of(response):
    return response.content.decode()


# Seed facts on every page


def test_overview_groups_bodies_by_level(client, seeded):
    response = client.get(reverse("coordination:index"))
    html = text_of(response)
    for heading in [
        "Interkantonale Konferenzen",
        "Kantonale Koordinationsstellen",
        "Gremien",
        "Foren",
    ]:
        assert heading in html
    assert "Konferenz für Kinder- und Jugendpolitik (KKJP)" in html
    assert "Steuergruppe Kinder- und Jugendhilfe" in html
    assert "Dialogforum" in html
    assert (
        html.index("Interkantonale Konferenzen")
        < html.index("KKJP")
        < html.index("Kantonale Koordinationsstellen")
    )


def test_kkjp_page_shows_the_seed_facts(client, seeded):
    html = text_of(client.get("/koordination/konferenzen/kkjp/"))
    assert "Konferenz für Kinder- und Jugendpolitik" in html
    sodk = reverse("contacts:organisation_detail", kwargs={"slug": "sodk"})
    assert f'Fachtechnische Konferenz der <a href="{sodk}">SODK</a>' in html
    assert "September 2017" in html
    assert "Fremdplatzierung" in html
    assert "Pflegekinderverordnung (PAVO)" in html
    assert "national und international" in html
    assert "Frühe Förderung" in html
    assert "Übereinkommen über die Rechte des Kindes" in html
    assert "Empfehlungen der SODK" in html
    assert html.index("Kinder- und Jugendschutz") < html.index("Sorgerecht")


def test_kkjp_not_the_sodk_is_the_technical_conference(client, seeded):
    html = text_of(client.get("/koordination/konferenzen/kkjp/"))
    assert "SODK (fachtechnische Konferenz)" not in html
    assert "SODK</a> (fachtechnische Konferenz)" not in html
    assert "Stellung" in html
    sodk = text_of(client.get(reverse("contacts:organisation_detail", kwargs={"slug": "sodk"})))
    assert "fachtechnische Konferenz dieser Organisation" in sodk


def test_kkjp_lists_its_foundations_with_their_date(client, seeded):
    html = text_of(client.get("/koordination/konferenzen/kkjp/"))
    assert "Übereinkommen über die Rechte des Kindes</a> vom 20. November 1989" in html


def test_foreign_laws_and_bodies_name_their_country_next_to_swiss_ones(client, seeded):
    theme = text_of(
        client.get(reverse("coordination:topic_detail", kwargs={"slug": "kinder-und-jugendhilfe"}))
    )
    dialogforum = theme[theme.index(">Dialogforum</a>") :]
    assert dialogforum[: dialogforum.index("</li>")].count("Deutschland") == 1
    steering = theme[theme.index(">Steuergruppe Kinder- und Jugendhilfe</a>") :]
    assert "Deutschland" not in steering[: steering.index("</li>")]
    for name in ["SGB VIII", "Kinder- und Jugendstärkungsgesetz (KJSG)"]:
        entry = theme[theme.index(f">{name}</a>") :]
        assert "(Deutschland)" in entry[: entry.index("</li>")]

    forum = text_of(
        client.get(reverse("coordination:forum_detail", kwargs={"slug": "dialogforum"}))
    )
    assert "Deutsches Institut für Urbanistik (Difu)</a> (Deutschland)" in forum
    assert "Jugend (BMFSFJ)</a> (Deutschland)" in forum
    for name in ["SGB VIII", "Kinder- und Jugendstärkungsgesetz (KJSG)"]:
        entry = forum[forum.rindex(f">{name}</a>") :]  # the list, after "Begleitet"
        assert "Gesetz, Deutschland)" in entry[: entry.index("</li>")]

    kkjp = text_of(client.get("/koordination/konferenzen/kkjp/"))
    entry = kkjp[kkjp.index(">Kinder- und Jugendförderungsgesetz (KJFG)</a>") :]
    assert "Deutschland" not in entry[: entry.index("</li>")]


@pytest.mark.parametrize("slug", ["difu", "bmfsfj"])
def test_country_wide_service_area_names_the_country(client, seeded, slug):
    html = text_of(client.get(reverse("contacts:organisation_detail", kwargs={"slug": slug})))
    assert "Zuständigkeitsgebiet: ganzes Land (Deutschland)" in html


def test_dissolved_conferences_show_their_period_and_follow_the_current_one(client, seeded):
    html = text_of(client.get(reverse("coordination:index")))
    assert "(interkantonal, Schweiz, 1994–2017)" in html
    assert "(interkantonal, Schweiz, 1989–2017)" in html
    current = html.index("Konferenz für Kinder- und Jugendpolitik (KKJP)")
    assert current < html.index("(KKJF)")
    assert current < html.index("(KKJS)")
    kkjf = text_of(client.get("/koordination/konferenzen/kkjf/"))
    assert "Besteht nicht mehr.</strong> Bestand: 1994–2017." in kkjf


def test_dissolved_body_without_successor_shows_its_period(client, make_conference):
    make_conference(name="Aktuelle Konferenz")
    make_conference(
        name="Alte Konferenz",
        founded_on=datetime.date(2001, 1, 1),
        dissolved_on=datetime.date(2010, 6, 30),
    )
    html = text_of(client.get(reverse("coordination:index")))
    assert "2001–2010" in html
    assert html.index("Aktuelle Konferenz") < html.index("Alte Konferenz")


def test_office_page_shows_the_seed_facts(client, seeded):
    response = client.get(reverse("coordination:office_detail", kwargs={"slug": seed.OFFICE_SLUG}))
    html = text_of(response)
    assert "1. April 2015" in html
    assert "Amt für Kind, Jugend und Behindertenangebote" in html
    assert "BKSD" in html
    assert "Andrea Ruder" in html
    assert "Koordinatorin Kinder- und Jugendhilfe" in html
    assert "+41 61 552 17 99" in html
    assert reverse("contacts:person_vcard", kwargs={"slug": "andrea-ruder"}) in html
    assert "Informationsdrehscheibe" in html
    assert len(response.context["tasks"]) == 5
    assert "Steuergruppe Kinder- und Jugendhilfe" in html


def test_steering_group_page_lists_directorates_and_leader(client, seeded):
    html = text_of(client.get("/koordination/gremien/steuergruppe-kinder-und-jugendhilfe/"))
    for directorate in ["VGD", "SID", "FKD", "BKSD"]:
        assert reverse("contacts:organisation_detail", kwargs={"slug": directorate.lower()}) in html
    assert "Leitung" in html
    assert "Andrea Ruder" in html


def test_projektbeirat_page_lists_member_groups(client, seeded):
    html = text_of(client.get("/koordination/gremien/projektbeirat-dialogforum/"))
    assert "Vertreter*innen der Landesjugendämter" in html
    assert "Vertreter*innen der Wissenschaft" in html
    assert "Praktiker*innen der öffentlichen und freien Jugendhilfe" in html


def test_dialogforum_page_shows_formats_and_topic_areas(client, seeded):
    html = text_of(client.get(reverse("coordination:forum_detail", kwargs={"slug": "dialogforum"})))
    assert "Bund trifft kommunale Praxis - Inklusive Kinder- und Jugendhilfe aktiv" in html
    assert "Deutsches Institut für Urbanistik" in html
    assert "Bundesministerium für Familie, Senioren, Frauen und Jugend" in html
    assert "seit 2017" in html
    assert "10. Juni 2021" in html
    assert "Plattformen für öffentlichen Erfahrungsaustausch" in html
    assert "Expertengespräche" in html
    assert "leitende Fach- und Führungskräfte" in html
    assert "Unterbringung außerhalb der eigenen Familie" in html
    assert "Projektbeirat" in html
    assert "Kommende Veranstaltungen" in html


def test_theme_page_lists_bodies_foundations_and_contacts(client, seeded):
    html = text_of(
        client.get(reverse("coordination:topic_detail", kwargs={"slug": "kinder-und-jugendhilfe"}))
    )
    assert "Thema: <span>Kinder- und Jugendhilfe</span>" in html
    assert "Steuergruppe Kinder- und Jugendhilfe" in html
    assert "Dialogforum" in html
    assert "Kinder- und Jugendstärkungsgesetz" in html
    assert "Andrea Ruder" in html
    assert "PLANNING HOOK" not in html


def test_foundation_page_shows_dates_and_who_works_on_it(client, seeded):
    html = text_of(client.get(reverse("coordination:foundation_detail", kwargs={"slug": "kjsg"})))
    assert "In Kraft seit" in html
    assert "10. Juni 2021" in html
    assert "Dialogforum" in html
    html = text_of(
        client.get(
            reverse(
                "coordination:foundation_detail",
                kwargs={"slug": "uebereinkommen-ueber-die-rechte-des-kindes"},
            )
        )
    )
    assert "20. November 1989" in html
    assert "KKJP" in html


def test_superseded_foundation_says_so(client, make_foundation):
    new = make_foundation(name="Neues Gesetz")
    old = make_foundation(name="Altes Gesetz", superseded_by=new)
    html = text_of(client.get(old.get_absolute_url()))
    assert "Nicht mehr in Kraft." in html
    assert new.get_absolute_url() in html
    assert old.get_absolute_url() in text_of(client.get(new.get_absolute_url()))


# Lineage


def test_lineage_links_both_ways_and_dissolved_body_points_to_successor(client, seeded):
    kkjp = client.get("/koordination/konferenzen/kkjp/")
    kkjs = client.get("/koordination/konferenzen/kkjs/")
    assert "/koordination/konferenzen/kkjs/" in text_of(kkjp)
    assert "/koordination/konferenzen/kkjf/" in text_of(kkjp)
    assert "/koordination/konferenzen/kkjp/" in text_of(kkjs)
    assert "Besteht nicht mehr." in text_of(kkjs)
    assert "Besteht nicht mehr." not in text_of(kkjp)
    timeline = kkjp.context["timeline"]
    assert [entry["date"].year for entry in timeline] == [1989, 1994, 2017, 2017, 2017]
    assert timeline[-1].get("is_self")


def test_lineage_to_an_unpublished_body_is_not_shown(client, make_conference):
    successor = make_conference(slug="neu", is_published=False)
    predecessor = make_conference(slug="alt")
    Lineage.objects.create(predecessor=predecessor, successor=successor, kind=LineageKind.RENAMING)
    html = text_of(client.get(predecessor.get_absolute_url()))
    assert successor.get_absolute_url() not in html


def test_body_dissolved_without_successor_says_when(client, make_conference):
    import datetime

    conference = make_conference(
        dissolved_on=datetime.date(2001, 1, 1), dissolved_precision=DatePrecision.YEAR
    )
    html = text_of(client.get(conference.get_absolute_url()))
    assert "Besteht nicht mehr." in html
    assert "Aufgelöst: 2001." in html


# Members


def test_members_are_grouped_by_canton_and_follow_contact_changes(
    client, make_conference, make_position, make_canton
):
    make_canton("ZH", "Zürich")
    make_canton("BL", "Basel-Landschaft")
    conference = make_conference()
    zurich = make_position(canton="ZH", title="Leiterin Kinder- und Jugendhilfe")
    basel = make_position(canton="BL", title="Koordinatorin")
    Membership.objects.create(body=conference, position=zurich)
    Membership.objects.create(body=conference, position=basel)
    response = client.get(conference.get_absolute_url())
    groups = response.context["member_groups"]
    assert [canton.code for canton, _members in groups] == ["BL", "ZH"]
    assert reverse("contacts:person_detail", kwargs={"slug": basel.person.slug}) in text_of(
        response
    )

    zurich.title = "Amtsleiterin"
    zurich.save()
    zurich.person.last_name = "Neuname"
    zurich.person.save()
    html = text_of(client.get(conference.get_absolute_url()))
    assert "Amtsleiterin" in html
    assert "Neuname" in html
    assert "Leiterin Kinder- und Jugendhilfe" not in html


def test_unpublished_contacts_are_never_listed_as_members(
    client, make_conference, make_position, make_organisation
):
    conference = make_conference()
    hidden_position = make_position(title="Versteckte Funktion", is_published=False)
    hidden_person = make_position(title="Person im Entwurf")
    hidden_person.person.is_published = False
    hidden_person.person.save()
    hidden_organisation = make_position(
        title="Amt im Entwurf", organisation=make_organisation(is_published=False)
    )
    for position in [hidden_position, hidden_person, hidden_organisation]:
        Membership.objects.create(body=conference, position=position)
    html = text_of(client.get(conference.get_absolute_url()))
    for title in ["Versteckte Funktion", "Person im Entwurf", "Amt im Entwurf"]:
        assert title not in html
    assert "Zurzeit sind keine Mitglieder erfasst." in html


def test_unpublished_coordinator_is_not_shown(client, seeded):
    from contacts.models import Person

    Person.objects.filter(slug="andrea-ruder").update(is_published=False)
    html = text_of(
        client.get(reverse("coordination:office_detail", kwargs={"slug": seed.OFFICE_SLUG}))
    )
    assert "Andrea Ruder" not in html
    assert "vCard" not in html


# Publishing


def test_draft_body_is_hidden_from_the_public_and_previewed_by_staff(
    client, admin_client, make_conference
):
    draft = make_conference(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in text_of(response)
    assert draft.name not in text_of(client.get(reverse("coordination:index")))


def test_unknown_slugs_answer_404(client, make_forum):
    make_forum(slug="dialogforum")
    assert client.get("/koordination/konferenzen/gibt-es-nicht/").status_code == 404
    assert client.get("/koordination/konferenzen/dialogforum/").status_code == 404
    assert client.get("/koordination/themen/gibt-es-nicht/").status_code == 404
    assert client.get("/koordination/veranstaltungen/formate/nichts.ics").status_code == 404


# Events and calendars


def test_event_list_splits_upcoming_and_past_with_ics_links(client, make_event):
    upcoming = make_event(title="Plattform Kinderschutz", starts_in_days=5)
    past = make_event(title="Expertengespräch 2023", starts_in_days=-400)
    hidden = make_event(title="Noch geheim", is_published=False)
    response = client.get(reverse("coordination:event_list"))
    assert list(response.context["upcoming_events"]) == [upcoming]
    assert list(response.context["past_events"]) == [past]
    html = text_of(response)
    assert reverse("coordination:event_ics", kwargs={"slug": upcoming.slug}) in html
    assert reverse("coordination:event_ics", kwargs={"slug": past.slug}) in html
    assert hidden.title not in html
    assert reverse("coordination:event_feed") in html


def test_event_ics_is_valid_and_links_back(client, make_event):
    event = make_event(title="Plattform: Besserer Kinderschutz", location="Berlin")
    response = client.get(reverse("coordination:event_ics", kwargs={"slug": event.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Plattform: Besserer Kinderschutz"
    assert str(entry["UID"]) == event.ical_uid
    assert str(entry["URL"]) == "http://testserver" + event.get_absolute_url()
    assert entry["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    assert entry["DTEND"].dt == event.ends_at.replace(microsecond=0)
    assert str(entry["LOCATION"]) == "Berlin"
    assert entry["DTSTAMP"]


def test_unpublished_event_ics_is_404(client, make_event):
    event = make_event(is_published=False)
    assert (
        client.get(reverse("coordination:event_ics", kwargs={"slug": event.slug})).status_code
        == 404
    )


def test_feeds_hold_all_events_or_one_format(client, make_event, make_event_format, make_forum):
    forum = make_forum()
    platforms = make_event_format(forum=forum)
    talks = make_event_format(forum=forum)
    on_platform = make_event(event_format=platforms)
    in_talks = make_event(event_format=talks, starts_in_days=-20)
    make_event(event_format=talks, is_published=False)

    def uids(response):
        return {str(entry["UID"]) for entry in Calendar.from_ical(response.content).walk("VEVENT")}

    assert uids(client.get(reverse("coordination:event_feed"))) == {
        on_platform.ical_uid,
        in_talks.ical_uid,
    }
    feed = client.get(reverse("coordination:format_feed", kwargs={"slug": talks.slug}))
    assert uids(feed) == {in_talks.ical_uid}


def test_event_page_links_to_its_forum(client, make_event):
    event = make_event()
    html = text_of(client.get(event.get_absolute_url()))
    assert event.format.forum.get_absolute_url() in html
    assert reverse("coordination:event_ics", kwargs={"slug": event.slug}) in html


# Query counts stay fixed as data grows


@pytest.fixture
def grow_members(make_position, make_canton):
    cantons = ["BL", "ZH", "BE", "AG"]

    def grow(body, count):
        for number in range(count):
            position = make_position(canton=cantons[number % len(cantons)])
            Membership.objects.create(body=body, position=position)

    return grow


def test_conference_page_query_count_is_fixed(
    client, django_assert_max_num_queries, make_conference, grow_members, make_topic
):
    conference = make_conference()
    BodyTheme.objects.create(
        body=conference, topic=make_topic("Adoption"), area=ThemeArea.PROTECTION
    )
    predecessor = make_conference()
    Lineage.objects.create(predecessor=predecessor, successor=conference, kind=LineageKind.MERGER)
    grow_members(conference, 2)
    small = query_count(client, conference.get_absolute_url())
    grow_members(conference, 38)
    with django_assert_max_num_queries(small):
        response = client.get(conference.get_absolute_url())
    assert sum(len(members) for _canton, members in response.context["member_groups"]) == 40
    # One query for the links in both directions, one for the members with their contacts.
    assert small <= 8


def test_committee_page_query_count_is_fixed(
    client, django_assert_max_num_queries, make_committee, grow_members, make_organisation
):
    committee = make_committee()
    grow_members(committee, 2)
    Membership.objects.create(body=committee, organisation=make_organisation())
    small = query_count(client, committee.get_absolute_url())
    grow_members(committee, 38)
    for _number in range(5):
        Membership.objects.create(body=committee, organisation=make_organisation())
    with django_assert_max_num_queries(small):
        client.get(committee.get_absolute_url())


def test_office_page_query_count_is_fixed(
    client, django_assert_max_num_queries, make_office, make_committee, make_position
):
    from coordination.models import OfficeTask

    office = make_office(coordinator=make_position())
    for number in range(2):
        OfficeTask.objects.create(office=office, text=f"Aufgabe {number}")
        make_committee(parent_body=office)
    small = query_count(client, office.get_absolute_url())
    for number in range(38):
        OfficeTask.objects.create(office=office, text=f"Weitere Aufgabe {number}")
        make_committee(parent_body=office)
    with django_assert_max_num_queries(small):
        client.get(office.get_absolute_url())


def test_overview_query_count_is_fixed(
    client, django_assert_max_num_queries, make_conference, make_office, make_foundation
):
    for _number in range(2):
        make_conference()
        make_office()
        make_foundation()
    small = query_count(client, reverse("coordination:index"))
    for _number in range(38):
        make_conference()
        make_office()
        make_foundation()
    with django_assert_max_num_queries(small):
        client.get(reverse("coordination:index"))


def test_theme_page_query_count_is_fixed(
    client,
    django_assert_max_num_queries,
    make_conference,
    make_position,
    make_topic,
    make_foundation,
):
    topic = make_topic("Partizipation")

    def grow(count):
        for _number in range(count):
            BodyTheme.objects.create(body=make_conference(), topic=topic, area=ThemeArea.PROMOTION)
            make_position(topics=[topic])
            make_foundation().topics.add(topic)

    url = reverse("coordination:topic_detail", kwargs={"slug": topic.slug})
    grow(2)
    small = query_count(client, url)
    grow(38)
    with django_assert_max_num_queries(small):
        client.get(url)


def test_foundation_page_query_count_is_fixed(
    client, django_assert_max_num_queries, make_conference, make_foundation
):
    foundation = make_foundation()

    def grow(count):
        for _number in range(count):
            make_conference().foundations.add(foundation)
            make_foundation(superseded_by=foundation)

    grow(2)
    small = query_count(client, foundation.get_absolute_url())
    grow(38)
    with django_assert_max_num_queries(small):
        client.get(foundation.get_absolute_url())


def test_forum_and_event_pages_query_count_is_fixed(
    client, django_assert_max_num_queries, make_forum, make_event_format, make_event
):
    from coordination.models import TopicArea

    forum = make_forum()

    def grow(count):
        for number in range(count):
            event_format = make_event_format(forum=forum)
            TopicArea.objects.create(format=event_format, name=f"Bereich {number}")
            make_event(event_format=event_format, starts_in_days=number - count // 2)

    grow(2)
    urls = [
        forum.get_absolute_url(),
        reverse("coordination:event_list"),
        reverse("coordination:event_feed"),
    ]
    small = {url: query_count(client, url) for url in urls}
    grow(38)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)


def test_sitemaps_list_published_coordination_pages(seeded, make_conference):
    from django.contrib.sites.requests import RequestSite
    from django.test import RequestFactory

    from coordination.sitemaps import sitemaps

    hidden = make_conference(is_published=False)
    site = RequestSite(RequestFactory().get("/sitemap.xml"))
    locations = {
        url["location"]
        for sitemap in sitemaps.values()
        for url in sitemap().get_urls(site=site, protocol="https")
    }
    assert "https://testserver/koordination/konferenzen/kkjp/" in locations
    assert "https://testserver/koordination/themen/fremdplatzierung/" in locations
    assert "https://testserver" + hidden.get_absolute_url() not in locations


def test_a_conference_member_list_is_the_same_when_kept_and_shows_a_correction(
    make_conference, grow_members, pages_with_and_without_kept_fragments
):
    from contacts.models import Person

    conference = make_conference()
    grow_members(conference, 6)
    url = conference.get_absolute_url()
    fresh, first, again, kept = pages_with_and_without_kept_fragments(url)
    assert kept == 1
    assert fresh == first == again
    member = conference.memberships.select_related("position__person").first()
    Person.objects.filter(pk=member.position.person_id).update(last_name="Korrigiert")
    _fresh, corrected, _again, _kept = pages_with_and_without_kept_fragments(url)
    assert "Korrigiert" in corrected
