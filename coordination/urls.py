from django.urls import path
from django.utils.translation import gettext_lazy as _

from contacts.slugs import redirect_old_slugs
from coordination import views
from coordination.models import (
    Committee,
    Conference,
    Event,
    EventFormat,
    Forum,
    Foundation,
)

app_name = "coordination"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(
        _("konferenzen/<slug:slug>/"),
        redirect_old_slugs(Conference)(views.ConferenceDetailView.as_view()),
        name="conference_detail",
    ),
    # The office page ("stellen/<slug>/", office_detail) and the topic page ("themen/<slug>/",
    # topic_detail) show other apps too: portal/urls.py adds them to this namespace.
    path(
        _("gremien/<slug:slug>/"),
        redirect_old_slugs(Committee)(views.CommitteeDetailView.as_view()),
        name="committee_detail",
    ),
    path(
        _("foren/<slug:slug>/"),
        redirect_old_slugs(Forum)(views.ForumDetailView.as_view()),
        name="forum_detail",
    ),
    path(
        _("grundlagen/<slug:slug>/"),
        redirect_old_slugs(Foundation)(views.FoundationDetailView.as_view()),
        name="foundation_detail",
    ),
    path(_("veranstaltungen/"), views.EventListView.as_view(), name="event_list"),
    path(_("veranstaltungen/kalender.ics"), views.events_feed, name="event_feed"),
    path(
        _("veranstaltungen/formate/<slug:slug>.ics"),
        redirect_old_slugs(EventFormat)(views.format_feed),
        name="format_feed",
    ),
    path(
        _("veranstaltungen/<slug:slug>/"),
        redirect_old_slugs(Event)(views.EventDetailView.as_view()),
        name="event_detail",
    ),
    path(
        _("veranstaltungen/<slug:slug>/kalender.ics"),
        redirect_old_slugs(Event)(views.event_ics),
        name="event_ics",
    ),
]
