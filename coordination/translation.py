"""The coordination texts a visitor reads, in every language (django-modeltranslation).

Loaded by modeltranslation before the admin. The kinds of body share Body's table
(multi-table inheritance): the common texts are registered on Body and each kind adds only
its own, so a conference's name_fr lives once, in the shared table. Each model's history is
registered after its translation fields (core.translation.register_history), so that it
keeps every language and a revert brings back the French text too.

Not translated: slugs, addresses, numbers, dates and people's names.
"""

from modeltranslation.translator import register

from coordination.models import (
    Body,
    BodyFoundation,
    BodyTheme,
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
    Membership,
    OfficeTask,
    TopicArea,
)
from core.translation import VisitorTextOptions, register_history


@register(Foundation)
class FoundationTranslation(VisitorTextOptions):
    fields = ("name", "short_name", "description")


@register(Body)
class BodyTranslation(VisitorTextOptions):
    fields = ("name", "short_name", "purpose", "description")


@register(Conference)
class ConferenceTranslation(VisitorTextOptions):
    fields = ("parent_relation", "composition")


@register(CoordinationOffice)
class CoordinationOfficeTranslation(VisitorTextOptions):
    fields = ("mandate",)


@register(Committee)
class CommitteeTranslation(VisitorTextOptions):
    # Only Body's texts: registered so that a committee knows they are translated.
    fields = ()


@register(Forum)
class ForumTranslation(VisitorTextOptions):
    fields = ("full_title",)


@register(BodyTheme)
class BodyThemeTranslation(VisitorTextOptions):
    fields = ("note",)


@register(Membership)
class MembershipTranslation(VisitorTextOptions):
    # The role and a described group ("Vertreter*innen der Wissenschaft"), never a
    # person's name: members who are people come from the contacts.
    fields = ("group_label", "role")


@register(Lineage)
class LineageTranslation(VisitorTextOptions):
    fields = ("note",)


@register(OfficeTask)
class OfficeTaskTranslation(VisitorTextOptions):
    fields = ("text",)


@register(EventFormat)
class EventFormatTranslation(VisitorTextOptions):
    fields = ("name", "description", "audience")


@register(TopicArea)
class TopicAreaTranslation(VisitorTextOptions):
    fields = ("name",)


@register(Event)
class EventTranslation(VisitorTextOptions):
    # The place stays as written: it is an address or a town, not a text.
    fields = ("title", "description")


register_history(Foundation, m2m_fields=["topics"])
register_history(Conference)
register_history(CoordinationOffice)
register_history(Committee)
register_history(Forum)
register_history(BodyTheme)
register_history(BodyFoundation)
register_history(Membership)
register_history(Lineage)
register_history(OfficeTask)
register_history(EventFormat)
register_history(TopicArea)
register_history(Event, m2m_fields=["topic_areas"])
