"""Events as iCalendar (RFC 5545): one file per event and subscribable feeds."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.translation import fallback_language

PRODUCT_ID = "-//Drehscheibe Kinder- und Jugendpolitik//Koordination//DE"


def build_calendar(request, events, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(name))
    # Subscribed calendars refresh twice a day.
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now()
    for event in events:
        calendar.add_component(build_event(request, event, stamp))
    return calendar


def build_event(request, event, stamp):
    entry = CalendarEvent()
    entry.add("uid", event.ical_uid)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at)
    if event.ends_at:
        entry.add("dtend", event.ends_at)
    entry.add("summary", event.title, parameters=language_of(event, "title"))
    url = request.build_absolute_uri(event.get_absolute_url())
    entry.add("url", url)
    description = "\n\n".join(part for part in [event.description, url] if part)
    entry.add("description", description, parameters=language_of(event, "description"))
    if event.location:
        entry.add("location", event.location)
    entry.add("categories", [event.format.name])
    entry.add("last-modified", event.updated_at)
    return entry


def language_of(event, field_name):
    """RFC 5545's LANGUAGE parameter: the feed's language, or German where German stands in."""
    return {"language": fallback_language(event, field_name) or get_language()}


def calendar_response(request, events, name, filename="kalender.ics", download=False):
    calendar = build_calendar(request, events, name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
