"""What the site search finds in planning: plans and reports with their areas, fields,
measures, recommendations, decisions and documents."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Topic
from core.search.documents import IndexedTexts, SearchDocument, name_of, primary_keys
from core.search.index import register
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    Plan,
    Recommendation,
)


def _plain(text):
    return strip_tags(text or "")


class PlanPartDocument(SearchDocument):
    """A part of a plan: public with its plan, in its plan's canton, found with its title."""

    plan_path = "plan"

    def canton_of(self, part):
        return self.plan_of(part).canton.code

    def plan_of(self, part):
        record = part
        for step in self.plan_path.split("__"):
            record = getattr(record, step)
        return record

    def plan_subtitle(self, part, *more):
        plan = self.plan_of(part)
        return " · ".join(filter(None, [*more, f"{plan.title} {plan.period_display}".strip()]))


@register
class PlanDocument(SearchDocument):
    model = Plan
    kinds = {"plan": (_("Planung / Bericht"), _("Planungen und Berichte"))}

    def get_queryset(self):
        return Plan.objects.select_related("canton", "owner")

    def texts(self, plan):
        return IndexedTexts(
            title=f"{plan.title} {plan.period_display}".strip(),
            title_field="title",
            names=[plan.title],
            titles=[plan.get_kind_display(), plan.period_display, plan.authored_by],
            body=[_plain(plan.introduction), plan.canton.name, name_of(plan.owner)],
            subtitle=" · ".join(filter(None, [plan.get_kind_display(), plan.canton.name])),
            snippet=_plain(plan.introduction),
        )

    def is_current(self, plan):
        return not plan.successors.filter(is_published=True).exists()


@register
class AreaDocument(PlanPartDocument):
    model = DevelopmentArea
    kinds = {"area": (_("Entwicklungsbereich"), _("Entwicklungsbereiche"))}
    dependencies = [(Plan, lambda plan: primary_keys(plan.areas.all()))]

    def get_queryset(self):
        return DevelopmentArea.objects.select_related("plan__canton")

    def texts(self, area):
        return IndexedTexts(
            title=str(area),
            title_field="title",
            names=[area.title],
            body=[_plain(area.description)],
            subtitle=self.plan_subtitle(area),
            snippet=_plain(area.description),
        )

    def is_public(self, area):
        return area.plan.is_public


@register
class FieldDocument(PlanPartDocument):
    model = DevelopmentField
    kinds = {"field": (_("Entwicklungsfeld"), _("Entwicklungsfelder"))}
    dependencies = [
        (Plan, lambda plan: primary_keys(plan.fields.all())),
        (DevelopmentArea, lambda area: primary_keys(area.fields.all())),
        (Topic, lambda topic: primary_keys(topic.development_fields.all())),
    ]

    def get_queryset(self):
        return DevelopmentField.objects.select_related(
            "plan__canton", "area", "responsible_contact__person"
        ).prefetch_related("topics")

    def texts(self, field):
        return IndexedTexts(
            title=str(field),
            title_field="title",
            names=[field.title],
            titles=[str(field.area)],
            body=[
                _plain(field.description),
                _plain(field.goals),
                *(topic.name for topic in field.topics.all()),
                str(field.responsible_contact.person) if field.responsible_contact else "",
            ],
            subtitle=self.plan_subtitle(field, str(field.area)),
            snippet=_plain(field.description or field.goals),
        )


@register
class MeasureDocument(PlanPartDocument):
    model = Measure
    kinds = {"measure": (_("Massnahme"), _("Massnahmen"))}
    plan_path = "field__plan"
    dependencies = [
        (DevelopmentField, lambda field: primary_keys(field.measures.all())),
        (Plan, lambda plan: primary_keys(Measure.objects.filter(field__plan=plan))),
        (Organisation, lambda organisation: primary_keys(organisation.planning_measures.all())),
    ]

    def get_queryset(self):
        return Measure.objects.select_related("field__plan__canton", "responsible_organisation")

    def texts(self, measure):
        return IndexedTexts(
            title=measure.title,
            title_field="title",
            names=[measure.title],
            titles=[str(measure.field)],
            body=[_plain(measure.description), name_of(measure.responsible_organisation)],
            subtitle=self.plan_subtitle(measure, str(measure.field), measure.get_status_display()),
            snippet=_plain(measure.description),
        )

    def is_public(self, measure):
        return measure.field.is_public


@register
class RecommendationDocument(PlanPartDocument):
    model = Recommendation
    kinds = {"recommendation": (_("Handlungsempfehlung"), _("Handlungsempfehlungen"))}
    plan_path = "report"
    dependencies = [(Plan, lambda plan: primary_keys(plan.recommendations.all()))]

    def get_queryset(self):
        return Recommendation.objects.select_related("report__canton")

    def texts(self, recommendation):
        return IndexedTexts(
            title=str(recommendation),
            names=[str(recommendation)],
            body=[_plain(recommendation.text)],
            subtitle=self.plan_subtitle(recommendation),
            snippet=_plain(recommendation.text),
        )

    def is_public(self, recommendation):
        return recommendation.report.is_public


@register
class DecisionDocument(PlanPartDocument):
    model = Decision
    kinds = {"decision": (_("Beschluss"), _("Beschlüsse"))}
    dependencies = [(Plan, lambda plan: primary_keys(plan.decisions.all()))]

    def get_queryset(self):
        return Decision.objects.select_related("plan__canton")

    def texts(self, decision):
        return IndexedTexts(
            title=decision.title,
            title_field="title",
            names=[decision.reference_number, decision.title],
            titles=[decision.get_body_display()],
            body=[_plain(decision.summary)],
            subtitle=self.plan_subtitle(
                decision,
                f"{decision.get_body_display()}, {decision.decided_display}",
                decision.reference_number,
            ),
            snippet=_plain(decision.summary),
        )

    def is_public(self, decision):
        return decision.plan.is_public


@register
class DocumentDocument(PlanPartDocument):
    model = Document
    kinds = {"document": (_("Dokument"), _("Dokumente"))}
    dependencies = [
        (Plan, lambda plan: primary_keys(plan.documents.all())),
        (DevelopmentField, lambda field: primary_keys(field.documents.all())),
    ]

    def get_queryset(self):
        return Document.objects.select_related("plan__canton", "field")

    def texts(self, document):
        return IndexedTexts(
            title=document.title,
            title_field="title",
            names=[document.title],
            body=[document.description],
            subtitle=self.plan_subtitle(document),
            snippet=document.description,
        )

    def is_public(self, document):
        if document.field_id:
            return document.field.is_public
        return document.plan.is_public

    def url_of(self, document):
        return document.href
