"""The planning texts a visitor reads, in every language (django-modeltranslation).

Loaded by modeltranslation before the admin; each model's history is registered after its
translation fields (core.translation.register_history), so that it keeps every language.
Print orders are not translated: they hold what a visitor typed, in the visitor's words.
"""

from modeltranslation.translator import register

from core.translation import VisitorTextOptions, register_history
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    Plan,
    Recommendation,
)


@register(Plan)
class PlanTranslation(VisitorTextOptions):
    fields = ("title", "authored_by", "introduction")


@register(DevelopmentArea)
class DevelopmentAreaTranslation(VisitorTextOptions):
    fields = ("title", "description")


@register(DevelopmentField)
class DevelopmentFieldTranslation(VisitorTextOptions):
    fields = ("title", "description", "goals")


@register(Measure)
class MeasureTranslation(VisitorTextOptions):
    fields = ("title", "description")


@register(Recommendation)
class RecommendationTranslation(VisitorTextOptions):
    fields = ("text",)


@register(Decision)
class DecisionTranslation(VisitorTextOptions):
    fields = ("title", "summary")


@register(Document)
class DocumentTranslation(VisitorTextOptions):
    fields = ("title", "description")


register_history(Plan)
register_history(DevelopmentArea)
register_history(DevelopmentField, m2m_fields=["topics"])
register_history(Measure)
register_history(Recommendation, m2m_fields=["fields"])
register_history(Decision, m2m_fields=["fields"])
register_history(Document)
