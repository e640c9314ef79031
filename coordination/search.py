"""What the site search finds in coordination: bodies of every kind, foundations, topics,
event formats and events."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Position, Topic
from coordination.models import (
    Body,
    BodyFoundation,
    BodyKind,
    BodyTheme,
    Event,
    EventFormat,
    Foundation,
    Lineage,
    Membership,
    OfficeTask,
    TopicArea,
)
from core.search.documents import IndexedTexts, SearchDocument, name_of, primary_keys
from core.search.index import register

# The accessor of each kind's child row (multi-table inheritance).
CHILD_OF_KIND = {
    BodyKind.CONFERENCE: "conference",
    BodyKind.OFFICE: "coordinationoffice",
    BodyKind.COMMITTEE: "committee",
    BodyKind.FORUM: "forum",
}


def _bodies_of_organisation(organisation):
    return primary_keys(
        Body.objects.filter(
            Q(conference__parent_organisation=organisation)
            | Q(coordinationoffice__host_organisation=organisation)
            | Q(coordinationoffice__directorate=organisation)
            | Q(forum__host_organisation=organisation)
            | Q(forum__funder=organisation)
        )
    )


@register
class BodyDocument(SearchDocument):
    """Conferences, coordination offices, committees and forums: one table, four kinds."""

    model = Body
    kinds = {
        BodyKind.CONFERENCE.value: (_("Konferenz"), _("Konferenzen")),
        BodyKind.OFFICE.value: (_("Koordinationsstelle"), _("Koordinationsstellen")),
        BodyKind.COMMITTEE.value: (_("Gremium"), _("Gremien")),
        BodyKind.FORUM.value: (_("Forum"), _("Foren")),
    }
    dependencies = [
        (BodyTheme, lambda theme: [theme.body_id]),
        (BodyFoundation, lambda link: [link.body_id]),
        (OfficeTask, lambda task: [task.office_id]),
        (Lineage, lambda step: [step.predecessor_id, step.successor_id]),
        (Membership, lambda membership: [membership.body_id]),
        (EventFormat, lambda event_format: [event_format.forum_id]),
        (TopicArea, lambda area: [area.format.forum_id]),
        (Topic, lambda topic: primary_keys(Body.objects.filter(body_themes__topic=topic))),
        (Organisation, _bodies_of_organisation),
        (
            Position,
            lambda position: primary_keys(
                Body.objects.filter(
                    Q(coordinationoffice__coordinator=position) | Q(committee__led_by=position)
                )
            ),
        ),
    ]

    def get_queryset(self):
        return Body.objects.select_related(
            "canton",
            "country",
            "conference__parent_organisation",
            "coordinationoffice__host_organisation",
            "coordinationoffice__directorate",
            "coordinationoffice__coordinator__person",
            "committee__parent_body",
            "committee__led_by__person",
            "forum__host_organisation",
            "forum__funder",
        ).prefetch_related(
            "body_themes__topic",
            "foundations",
            "coordinationoffice__tasks",
            "forum__formats__topic_areas",
        )

    def kind_of(self, body):
        return body.kind

    def texts(self, body):
        try:
            child = getattr(body, CHILD_OF_KIND[body.kind])
        except ObjectDoesNotExist:
            return None  # deleted with its kind's row: a cascade is under way
        titles, body_texts = [body.purpose], [body.description]
        themes = [(theme.topic.name, theme.note) for theme in body.body_themes.all()]
        body_texts += [text for pair in themes for text in pair]
        body_texts += [foundation.label for foundation in body.foundations.all()]
        if body.kind == BodyKind.CONFERENCE:
            titles.append(child.parent_relation)
            body_texts += [name_of(child.parent_organisation), child.composition]
        elif body.kind == BodyKind.OFFICE:
            body_texts += [
                child.mandate,
                name_of(child.host_organisation),
                child.host_organisation.short_name if child.host_organisation else "",
                name_of(child.directorate),
                child.directorate.short_name if child.directorate else "",
                str(child.coordinator.person) if child.coordinator else "",
                *(task.text for task in child.tasks.all()),
            ]
        elif body.kind == BodyKind.COMMITTEE:
            body_texts += [
                name_of(child.parent_body),
                str(child.led_by.person) if child.led_by else "",
            ]
        elif body.kind == BodyKind.FORUM:
            titles.append(child.full_title)
            body_texts += [name_of(child.host_organisation), name_of(child.funder)]
            for event_format in child.formats.all():
                body_texts += [event_format.name, *(a.name for a in event_format.topic_areas.all())]
        body_texts += [body.canton.name if body.canton else "", name_of(body.country)]
        return IndexedTexts(
            title=str(body),
            title_field="name",
            names=[body.name, body.short_name],
            titles=titles,
            body=[strip_tags(text) for text in body_texts if text],
            subtitle=body.purpose,
            snippet=strip_tags(body.description or body.purpose),
        )

    def is_current(self, body):
        if body.dissolved_on:
            return False
        return not Lineage.objects.filter(predecessor=body, successor__is_published=True).exists()


@register
class FoundationDocument(SearchDocument):
    model = Foundation
    kinds = {"foundation": (_("Grundlage"), _("Grundlagen"))}
    dependencies = [(Topic, lambda topic: primary_keys(topic.foundations.all()))]

    def get_queryset(self):
        return Foundation.objects.select_related(
            "canton", "country", "issuer", "superseded_by"
        ).prefetch_related("topics")

    def texts(self, foundation):
        return IndexedTexts(
            title=str(foundation),
            title_field="name",
            names=[foundation.name, foundation.short_name],
            titles=[foundation.get_kind_display()],
            body=[
                strip_tags(foundation.description),
                name_of(foundation.issuer),
                foundation.issuer.short_name if foundation.issuer else "",
                foundation.canton.name if foundation.canton else "",
                name_of(foundation.country),
                *(topic.name for topic in foundation.topics.all()),
            ],
            subtitle=" · ".join(
                filter(None, [foundation.get_kind_display(), str(foundation.dated_display)])
            ),
            snippet=strip_tags(foundation.description),
        )

    def is_current(self, foundation):
        return foundation.ceased_on is None and foundation.superseded_by_id is None


@register
class TopicDocument(SearchDocument):
    """A topic: its page gathers the bodies, foundations and contacts that work on it."""

    model = Topic
    kinds = {"topic": (_("Thema"), _("Themen"))}

    def texts(self, topic):
        return IndexedTexts(
            title=topic.name,
            title_field="name",
            names=[topic.name],
            body=[strip_tags(topic.description)],
            snippet=strip_tags(topic.description),
        )

    def is_public(self, topic):
        return True  # topics have no drafts: each is listed as soon as it exists

    def canton_of(self, topic):
        return ""

    def url_of(self, topic):
        return reverse("coordination:topic_detail", kwargs={"slug": topic.slug})


@register
class EventFormatDocument(SearchDocument):
    model = EventFormat
    kinds = {"format": (_("Veranstaltungsformat"), _("Veranstaltungsformate"))}
    dependencies = [
        (Body, lambda body: primary_keys(EventFormat.objects.filter(forum_id=body.pk))),
        (TopicArea, lambda area: [area.format_id]),
    ]

    def get_queryset(self):
        return EventFormat.objects.select_related("forum__canton").prefetch_related("topic_areas")

    def texts(self, event_format):
        return IndexedTexts(
            title=event_format.name,
            title_field="name",
            names=[event_format.name],
            titles=[event_format.audience],
            body=[
                strip_tags(event_format.description),
                event_format.forum.name,
                event_format.forum.short_name,
                *(area.name for area in event_format.topic_areas.all()),
            ],
            subtitle=event_format.forum.label,
            snippet=strip_tags(event_format.description),
        )

    def canton_of(self, event_format):
        return super().canton_of(event_format.forum)

    def is_current(self, event_format):
        return event_format.is_active


@register
class EventDocument(SearchDocument):
    model = Event
    kinds = {"event": (_("Veranstaltung"), _("Veranstaltungen"))}
    dependencies = [
        (EventFormat, lambda event_format: primary_keys(event_format.events.all())),
        (Body, lambda body: primary_keys(Event.objects.filter(format__forum_id=body.pk))),
    ]

    def get_queryset(self):
        return Event.objects.select_related("format__forum__canton").prefetch_related("topic_areas")

    def texts(self, event):
        return IndexedTexts(
            title=event.title,
            title_field="title",
            names=[event.title],
            titles=[event.format.name],
            body=[
                strip_tags(event.description),
                event.location,
                event.format.forum.name,
                *(area.name for area in event.topic_areas.all()),
            ],
            subtitle=" · ".join(
                filter(
                    None,
                    [date_format(localtime(event.starts_at)), event.format.name, event.location],
                )
            ),
            snippet=strip_tags(event.description),
        )

    def canton_of(self, event):
        return super().canton_of(event.format.forum)
