"""Every coordination page with a slug keeps its old URL when the slug changes (301)."""

import pytest
from django.apps import apps
from django.urls import reverse

from contacts.slugs import transliterate_old_slugs
from coordination.models import Conference


def renamed(obj, slug):
    old = obj.slug
    obj.slug = slug
    obj.save()
    return old


@pytest.mark.parametrize(
    ("maker", "url_name"),
    [
        ("make_conference", "coordination:conference_detail"),
        ("make_office", "coordination:office_detail"),
        ("make_committee", "coordination:committee_detail"),
        ("make_forum", "coordination:forum_detail"),
        ("make_foundation", "coordination:foundation_detail"),
        ("make_event", "coordination:event_detail"),
        ("make_event", "coordination:event_ics"),
    ],
)
def test_old_slug_redirects_to_the_current_page(client, request, maker, url_name):
    obj = request.getfixturevalue(maker)()
    old = renamed(obj, "neuer-kurzname")

    response = client.get(reverse(url_name, kwargs={"slug": old}))
    assert response.status_code == 301
    assert response["Location"] == reverse(url_name, kwargs={"slug": "neuer-kurzname"})
    assert client.get(response["Location"]).status_code == 200


def test_old_event_format_feed_redirects(client, make_event_format):
    event_format = make_event_format()
    old = renamed(event_format, "plattform")
    response = client.get(reverse("coordination:format_feed", kwargs={"slug": old}))
    assert response.status_code == 301
    assert response["Location"] == "/koordination/veranstaltungen/formate/plattform.ics"


def test_old_topic_page_redirects(client, make_topic):
    topic = make_topic("Frühe Förderung")
    old = renamed(topic, "fruehe-foerderung-neu")
    response = client.get(reverse("coordination:topic_detail", kwargs={"slug": old}))
    assert response.status_code == 301
    assert response["Location"] == "/koordination/themen/fruehe-foerderung-neu/"


def test_old_slug_of_a_body_does_not_open_another_kind_of_body(client, make_conference):
    conference = make_conference()
    old = renamed(conference, "kkjp-neu")
    response = client.get(reverse("coordination:forum_detail", kwargs={"slug": old}))
    assert response.status_code == 404


def test_migration_renames_bodies_and_events_made_the_old_way(client, make_conference, make_event):
    conference = make_conference(
        name="Konferenz für Jugendförderung", slug="konferenz-fur-jugendforderung"
    )
    event = make_event(title="Plattform Frühe Förderung", slug="plattform-fruhe-forderung")
    kkjp = make_conference(name="Konferenz für Kinder", slug="kkjp")

    transliterate_old_slugs(apps, "coordination", "Body", ["name"])
    transliterate_old_slugs(apps, "coordination", "Event", ["title"])

    conference = Conference.objects.get(pk=conference.pk)
    event.refresh_from_db()
    kkjp.refresh_from_db()
    assert conference.slug == "konferenz-fuer-jugendfoerderung"
    assert event.slug == "plattform-fruehe-foerderung"
    assert kkjp.slug == "kkjp"
    response = client.get("/koordination/konferenzen/konferenz-fur-jugendforderung/")
    assert response.status_code == 301
    assert response["Location"] == conference.get_absolute_url()
    assert (
        client.get("/koordination/veranstaltungen/plattform-fruhe-forderung/kalender.ics")[
            "Location"
        ]
        == "/koordination/veranstaltungen/plattform-fruehe-foerderung/kalender.ics"
    )


def test_admin_edited_slug_of_a_conference_keeps_redirecting(
    client, admin_client, admin_post_data, make_conference
):
    conference = make_conference()
    old_url = conference.get_absolute_url()
    change = reverse("admin:coordination_conference_change", args=[conference.pk])
    data = admin_post_data(admin_client.get(change)) | {"slug": "kkjp"}
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert client.get(old_url)["Location"] == "/koordination/konferenzen/kkjp/"
