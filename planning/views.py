from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.views.generic import DetailView, FormView, ListView, TemplateView

from coordination import views as coordination_views
from core import ratelimits
from core.publishing import DraftPreviewMixin, published_or_none
from planning import services
from planning.forms import PrintOrderForm
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    Plan,
    PrintOrder,
    Recommendation,
)

SESSION_PRINT_ORDER = "planning_print_order"


def field_links(user):
    """Fields as link targets (number and title), limited to what `user` may see."""
    return DevelopmentField.objects.visible_to(user).select_related("plan").order_by("number")


class PlanListView(ListView):
    template_name = "planning/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self):
        return (
            Plan.objects.published()
            .current_first()
            .select_related("canton", "predecessor")
            .prefetch_related(
                Prefetch(
                    "fields",
                    queryset=DevelopmentField.objects.published().with_progress(),
                    to_attr="published_fields",
                ),
                Prefetch(
                    "successors", queryset=Plan.objects.published(), to_attr="published_successors"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for plan in context["plans"]:
            plan.progress = plan.progress_from(plan.published_fields)
        return context


class PlanDetailView(DraftPreviewMixin, DetailView):
    model = Plan

    def get_queryset(self):
        user = self.request.user
        fields = DevelopmentField.objects.visible_to(user).with_progress().order_by("number")
        # DraftPreviewMixin limits the plans to those the user may see.
        return (
            super()
            .get_queryset()
            .select_related(
                "canton",
                "owner",
                "predecessor",
                "contact__person",
                "contact__organisation",
            )
            .prefetch_related(
                Prefetch(
                    "areas",
                    queryset=DevelopmentArea.objects.order_by("letter").prefetch_related(
                        Prefetch("fields", queryset=fields, to_attr="visible_fields")
                    ),
                ),
                Prefetch("documents", queryset=Document.objects.select_related("field")),
                Prefetch(
                    "successors",
                    queryset=Plan.objects.visible_to(user),
                    to_attr="visible_successors",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        areas = list(plan.areas.all())
        fields = []
        for area in areas:
            area.progress = plan.progress_from(area.visible_fields)
            fields.extend(area.visible_fields)
        for field in fields:
            field.plan = plan  # for their URLs, without a query per field
        user = self.request.user
        predecessor = published_or_none(plan.predecessor, user)
        # The page shows the decisions and recommendations of both plans: one query each for
        # the two (and one for their fields), where prefetching them per plan took twice as many.
        prefetch_related_objects(
            [plan, predecessor] if predecessor else [plan],
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    Prefetch("fields", queryset=field_links(user))
                ),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.prefetch_related(
                    Prefetch("fields", queryset=field_links(user))
                ),
            ),
        )
        decisions = list(plan.decisions.all())
        if predecessor:
            # The decisions on the document this plan continues belong to its story.
            for decision in predecessor.decisions.all():
                decision.concerned_plan = predecessor
                decisions.append(decision)
        decisions.sort(key=lambda decision: (decision.decided_on, decision.pk))
        context.update(
            decisions=decisions,
            areas=areas,
            fields=fields,
            plan_progress=plan.progress_from(fields),
            predecessor=predecessor,
            contact=published_or_none(plan.contact, user),
            owner=published_or_none(plan.owner, user),
        )
        return context


class FieldDetailView(DraftPreviewMixin, DetailView):
    model = DevelopmentField
    context_object_name = "field"

    def get_queryset(self):
        # DraftPreviewMixin limits the fields to those the user may see; for visitors
        # that also means a published plan (DevelopmentFieldQuerySet.published).
        return (
            super()
            .get_queryset()
            .filter(plan__slug=self.kwargs["slug"])
            .with_progress()
            .select_related(
                "plan__contact__person",
                "plan__contact__organisation",
                "area",
                "responsible_contact__person",
                "responsible_contact__organisation",
            )
            .prefetch_related(
                Prefetch(
                    "measures",
                    queryset=Measure.objects.select_related(
                        "responsible_organisation"
                    ).prefetch_related("status_changes"),
                ),
                Prefetch(
                    "recommendations", queryset=Recommendation.objects.select_related("report")
                ),
                Prefetch("decisions", queryset=Decision.objects.all()),
                "topics",
                "documents",
            )
        )

    def get_object(self, queryset=None):
        queryset = queryset if queryset is not None else self.get_queryset()
        try:
            return queryset.get(number=self.kwargs["number"])
        except DevelopmentField.DoesNotExist as error:
            raise Http404("No development field with this number") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        field = self.object
        plan = field.plan
        user = self.request.user
        siblings = list(
            DevelopmentField.objects.visible_to(user)
            .filter(plan=plan)
            .order_by("number")
            .values_list("number", "title")
        )
        numbers = [number for number, _title in siblings]
        index = numbers.index(field.number)
        context.update(
            plan=plan,
            previous_field=siblings[index - 1] if index > 0 else None,
            next_field=siblings[index + 1] if index + 1 < len(siblings) else None,
            plan_decisions=Decision.objects.filter(plan=plan, fields__isnull=True),
            responsible_contact=published_or_none(field.responsible_contact, user),
            contact=published_or_none(plan.contact, user),
        )
        return context


class OfficeDetailView(coordination_views.OfficeDetailView):
    """A coordination office's page with the plans and reports it owns (planning knows
    coordination, not the other way round)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["office_plans"] = (
            Plan.objects.visible_to(self.request.user).filter(owner=self.object).current_first()
        )
        return context


class PrintOrderMixin:
    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(
            Plan.objects.visible_to(request.user).select_related(
                "contact__person", "contact__organisation"
            ),
            slug=kwargs["slug"],
            print_orderable=True,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["contact"] = published_or_none(self.plan.contact, self.request.user)
        return context


class PrintOrderView(PrintOrderMixin, FormView):
    form_class = PrintOrderForm
    template_name = "planning/printorder_form.html"

    rate_limit_group = "planning.print_order"

    def post(self, request, *args, **kwargs):
        refused = ratelimits.refusal(
            request, group=self.rate_limit_group, rate=settings.PORTAL_PRINT_ORDER_RATE
        )
        if refused:
            # Refused, but what the person typed stays in the form.
            context = self.get_context_data(form=self.get_form(), refusal=refused)
            response = self.render_to_response(context, status=ratelimits.status_of(refused))
            if refused == ratelimits.UNAVAILABLE:
                response["Retry-After"] = str(ratelimits.RETRY_AFTER_SECONDS)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        order = form.save(commit=False)
        order.plan = self.plan
        order.language = translation.get_language()
        placed = services.place_print_order(order, site_url=self.request.build_absolute_uri("/"))
        if not placed.duplicate:
            # Only stored orders count: correcting typos or clicking twice locks no one out.
            ratelimits.count(
                self.request, group=self.rate_limit_group, rate=settings.PORTAL_PRINT_ORDER_RATE
            )
        self.request.session[SESSION_PRINT_ORDER] = {
            "pk": placed.order.pk,
            "duplicate": placed.duplicate,
            "same_email": placed.same_email,
        }
        return redirect("planning:print_order_done", slug=self.plan.slug)


class PrintOrderDoneView(PrintOrderMixin, TemplateView):
    """Shows the order placed in this browser's session; there is no order id to guess."""

    template_name = "planning/printorder_done.html"

    def get(self, request, *args, **kwargs):
        placed = request.session.get(SESSION_PRINT_ORDER)
        self.order = None
        if isinstance(placed, dict):
            self.order = PrintOrder.objects.filter(pk=placed.get("pk"), plan=self.plan).first()
        if self.order is None:
            return redirect("planning:print_order", slug=self.plan.slug)
        self.duplicate = bool(placed.get("duplicate"))
        self.same_email = bool(placed.get("same_email", True))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order"] = self.order
        context["duplicate"] = self.duplicate
        context["same_email"] = self.same_email
        return context
