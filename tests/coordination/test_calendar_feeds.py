"""Each calendar says what it holds (X-WR-CALNAME) and downloads under its own file name."""

from django.urls import reverse
from icalendar import Calendar


def _name_and_file(response):
    calendar = Calendar.from_ical(response.content)
    filename = response["Content-Disposition"].split("filename=")[1].strip('"')
    return str(calendar["X-WR-CALNAME"]), filename


def test_each_feed_names_its_content_and_has_its_own_file_name(
    client, make_forum, make_event_format, make_event
):
    forum = make_forum(name="Dialogforum Bund trifft kommunale Praxis", short_name="Dialogforum")
    platforms = make_event_format(
        forum=forum, name="Plattformen für Erfahrungsaustausch", slug="plattformen"
    )
    event = make_event(event_format=platforms, title="Plattform Kinderschutz", slug="plattform-1")

    all_events = client.get(reverse("coordination:event_feed"))
    one_format = client.get(reverse("coordination:format_feed", kwargs={"slug": "plattformen"}))
    one_event = client.get(reverse("coordination:event_ics", kwargs={"slug": event.slug}))

    assert _name_and_file(all_events) == (
        "Drehscheibe: alle Veranstaltungen der Koordination",
        "veranstaltungen-drehscheibe.ics",
    )
    assert _name_and_file(one_format) == (
        "Drehscheibe: Plattformen für Erfahrungsaustausch (Dialogforum)",
        "veranstaltungen-plattformen.ics",
    )
    assert _name_and_file(one_event) == (
        "Drehscheibe: Plattform Kinderschutz",
        "veranstaltung-plattform-1.ics",
    )
    assert one_event["Content-Disposition"].startswith("attachment")
    assert all_events["Content-Disposition"].startswith("inline")
