from itertools import groupby

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from coordination.calendar import calendar_response
from coordination.models import (
    Body,
    BodyKind,
    BodyTheme,
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
    ThemeArea,
    TopicArea,
)
from core.publishing import DraftPreviewMixin, published_or_none

OVERVIEW_SECTIONS = [
    (BodyKind.CONFERENCE, _("Interkantonale Konferenzen")),
    (BodyKind.OFFICE, _("Kantonale Koordinationsstellen")),
    (BodyKind.COMMITTEE, _("Gremien")),
    (BodyKind.FORUM, _("Foren")),
]


class IndexView(TemplateView):
    """The overview of every body, grouped by level."""

    template_name = "coordination/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bodies = list(
            Body.objects.published()
            .select_related("canton", "country")
            .with_period()
            .order_by("kind", "has_ended", "name_de")
        )
        context["sections"] = [
            {"kind": kind, "title": title, "bodies": [b for b in bodies if b.kind == kind]}
            for kind, title in OVERVIEW_SECTIONS
        ]
        context["foundations"] = Foundation.objects.published().select_related("country")
        context["themes"] = BodyTheme.objects.published().topics().order_by("name_de")
        return context


def visible_members(body, user):
    return body.memberships.visible_to(user).for_member_list()


def members_by_canton(memberships):
    """[(canton, [membership, ...]), ...] by German canton name (as every list, in every
    language); members without a canton last."""

    def key(membership):
        canton = membership.member_canton
        return (canton is None, canton.name_de if canton else "")

    ordered = sorted(memberships, key=key)
    groups = [list(members) for _key, members in groupby(ordered, key=key)]
    return [(members[0].member_canton, members) for members in groups]


def themes_by_area(body):
    themes = list(body.body_themes.select_related("topic", "foundation"))
    order = [area for area, _label in ThemeArea.choices]
    groups = []
    for area in order:
        in_area = [theme for theme in themes if theme.area == area]
        if in_area:
            groups.append((ThemeArea(area).label, in_area))
    return groups


class BodyDetailView(DraftPreviewMixin, DetailView):
    """Shared context of every body's page: themes, foundations, history, members."""

    context_object_name = "body"

    def get_queryset(self):
        return super().get_queryset().with_period()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.object
        user = self.request.user
        context["theme_groups"] = themes_by_area(body)
        context["foundations"] = body.foundations.visible_to(user).select_related("country")
        # Both directions in one query: a link never leads from a body to itself.
        links = list(
            Lineage.objects.visible_to(user)
            .with_bodies()
            .filter(Q(successor=body) | Q(predecessor=body))
        )
        context["predecessor_links"] = [link for link in links if link.successor_id == body.pk]
        context["successor_links"] = [link for link in links if link.predecessor_id == body.pk]
        context["timeline"] = build_timeline(
            body, context["predecessor_links"], context["successor_links"]
        )
        context["committees"] = Committee.objects.visible_to(user).filter(parent_body=body)
        return context


def build_timeline(body, predecessor_links, successor_links):
    """Dated events of the body and its direct predecessors and successors, oldest first."""
    entries = []
    for link in predecessor_links:
        predecessor = link.predecessor
        if predecessor.founded_on:
            entries.append(
                {
                    "date": predecessor.founded_on,
                    "precision": predecessor.founded_precision,
                    "kind": "founded",
                    "body": predecessor,
                }
            )
        entries.append(
            {
                "date": link.happened_on,
                "precision": link.happened_precision,
                "kind": "lineage_in",
                "link": link,
            }
        )
    if body.founded_on:
        entries.append(
            {
                "date": body.founded_on,
                "precision": body.founded_precision,
                "kind": "founded",
                "body": body,
                "is_self": True,
            }
        )
    for link in successor_links:
        entries.append(
            {
                "date": link.happened_on,
                "precision": link.happened_precision,
                "kind": "lineage_out",
                "link": link,
            }
        )
    if body.dissolved_on:
        entries.append(
            {
                "date": body.dissolved_on,
                "precision": body.dissolved_precision,
                "kind": "dissolved",
                "body": body,
            }
        )
    order = {"founded": 0, "lineage_in": 1, "lineage_out": 1, "dissolved": 2}
    # Undated steps keep their place at the end; a founding on the day of a merger follows it.
    return sorted(
        entries,
        key=lambda entry: (
            entry["date"] is None,
            entry["date"] or timezone.now().date(),
            order[entry["kind"]] if not entry.get("is_self") else 3,
        ),
    )


class ConferenceDetailView(BodyDetailView):
    model = Conference
    queryset = Conference.objects.select_related("parent_organisation", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["member_groups"] = members_by_canton(visible_members(self.object, user))
        context["parent_organisation"] = published_or_none(self.object.parent_organisation, user)
        return context


class OfficeDetailView(BodyDetailView):
    model = CoordinationOffice
    queryset = CoordinationOffice.objects.select_related(
        "canton",
        "country",
        "host_organisation",
        "directorate",
        "contact_organisation",
        "coordinator__person",
        "coordinator__organisation",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object
        user = self.request.user
        context["coordinator"] = published_or_none(office.coordinator, user)
        context["host_organisation"] = published_or_none(office.host_organisation, user)
        context["directorate"] = published_or_none(office.directorate, user)
        context["contact_organisation"] = published_or_none(office.contact_organisation, user)
        context["tasks"] = office.tasks.all()
        return context


class CommitteeDetailView(BodyDetailView):
    model = Committee
    queryset = Committee.objects.select_related(
        "canton", "country", "parent_body", "led_by__person", "led_by__organisation"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committee = self.object
        user = self.request.user
        context["members"] = list(visible_members(committee, user))
        context["leader"] = published_or_none(committee.led_by, user)
        context["parent_body"] = published_or_none(committee.parent_body, user)
        return context


class ForumDetailView(BodyDetailView):
    model = Forum
    queryset = Forum.objects.select_related(
        "country", "host_organisation__country", "funder__country", "accompanies"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forum = self.object
        user = self.request.user
        context["formats"] = forum.formats.prefetch_related("topic_areas")
        events = Event.objects.visible_to(user).with_format().filter(format__forum=forum)
        now = timezone.now()
        context["upcoming_events"] = events.upcoming(now)
        context["past_events"] = events.past(now).order_by("-starts_at")
        context["host_organisation"] = published_or_none(forum.host_organisation, user)
        context["funder"] = published_or_none(forum.funder, user)
        context["accompanies"] = published_or_none(forum.accompanies, user)
        return context


class FoundationDetailView(DraftPreviewMixin, DetailView):
    model = Foundation
    queryset = Foundation.objects.select_related(
        "country", "canton", "issuer", "superseded_by"
    ).prefetch_related("topics")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        foundation = self.object
        user = self.request.user
        context["bodies"] = (
            Body.objects.visible_to(user)
            .filter(foundations=foundation)
            .select_related("canton", "country")
            .current_first()
        )
        context["supersedes"] = foundation.supersedes.visible_to(user)
        context["superseded_by"] = published_or_none(foundation.superseded_by, user)
        context["issuer"] = published_or_none(foundation.issuer, user)
        return context


class EventListView(TemplateView):
    template_name = "coordination/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = Event.objects.published().with_format()
        now = timezone.now()
        context["upcoming_events"] = events.upcoming(now)
        context["past_events"] = events.past(now).order_by("-starts_at")
        context["formats"] = EventFormat.objects.published().select_related("forum")
        return context


class EventDetailView(DraftPreviewMixin, DetailView):
    model = Event
    queryset = Event.objects.with_format().prefetch_related(
        Prefetch("topic_areas", queryset=TopicArea.objects.order_by("sort_order", "name_de"))
    )


def event_ics(request, slug):
    """One event as an .ics file to download."""
    event = get_object_or_404(Event.objects.visible_to(request.user).with_format(), slug=slug)
    return calendar_response(
        request,
        [event],
        name=_("Drehscheibe: %(title)s") % {"title": event.title},
        filename=f"veranstaltung-{event.slug}.ics",
        download=True,
    )


def events_feed(request):
    """Every published event, as a calendar to subscribe to."""
    events = Event.objects.published().with_format()
    return calendar_response(
        request,
        events,
        name=_("Drehscheibe: alle Veranstaltungen der Koordination"),
        filename="veranstaltungen-drehscheibe.ics",
    )


def format_feed(request, slug):
    """The events of one format (a forum's series), as a calendar to subscribe to."""
    event_format = get_object_or_404(
        EventFormat.objects.published().select_related("forum"), slug=slug
    )
    events = Event.objects.published().with_format().filter(format=event_format)
    return calendar_response(
        request,
        events,
        name=_("Drehscheibe: %(format)s (%(forum)s)")
        % {"format": event_format.name, "forum": event_format.forum.label},
        filename=f"veranstaltungen-{event_format.slug}.ics",
    )
