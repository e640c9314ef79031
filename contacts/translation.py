"""The contacts' texts a visitor reads, in every language (django-modeltranslation).

Loaded by modeltranslation before the admin; each model's history is registered after its
translation fields (core.translation.register_history), so that it keeps every language.
"""

from modeltranslation.translator import register

from contacts.models import Canton, Country, Organisation, Position, Topic
from core.translation import VisitorTextOptions, register_history


@register(Country)
class CountryTranslation(VisitorTextOptions):
    fields = ("name",)


@register(Canton)
class CantonTranslation(VisitorTextOptions):
    fields = ("name",)


@register(Topic)
class TopicTranslation(VisitorTextOptions):
    fields = ("name", "description")


@register(Organisation)
class OrganisationTranslation(VisitorTextOptions):
    fields = ("name", "short_name", "description")


@register(Position)
class PositionTranslation(VisitorTextOptions):
    # The function title only: people's names are their own, in every language.
    fields = ("title",)


register_history(Organisation, m2m_fields=["topics"])
register_history(Position, m2m_fields=["topics"])
