from django.urls import path

from coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path(
        "konferenzen/<slug:slug>/",
        views.ConferenceDetailView.as_view(),
        name="conference_detail",
    ),
    path("stellen/<slug:slug>/", views.OfficeDetailView.as_view(), name="office_detail"),
    path("gremien/<slug:slug>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("foren/<slug:slug>/", views.ForumDetailView.as_view(), name="forum_detail"),
    path("themen/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("grundlagen/<slug:slug>/", views.FoundationDetailView.as_view(), name="foundation_detail"),
    path("veranstaltungen/", views.EventListView.as_view(), name="event_list"),
    path("veranstaltungen/kalender.ics", views.events_feed, name="event_feed"),
    path(
        "veranstaltungen/formate/<slug:slug>.ics",
        views.format_feed,
        name="format_feed",
    ),
    path("veranstaltungen/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.event_ics, name="event_ics"),
]
