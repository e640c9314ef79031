import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.admin_scope import PortalModelAdmin, ScopedInlineMixin
from contacts.slugs import GermanSlugAdminMixin
from core.admin_tabs import (
    LanguageTabsAdmin,
    LanguageTabsStackedInline,
    LanguageTabsTabularInline,
)
from core.publishing import mark_verified, publish_selected, unpublish_selected
from core.spreadsheets import CSV_BOM, CSV_DELIMITER, spreadsheet_safe
from planning import services
from planning.forms import MeasureAdminForm
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    MeasureStatusChange,
    Plan,
    PrintOrder,
    PrintOrderStatus,
    Recommendation,
)


class DevelopmentAreaInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = DevelopmentArea
    extra = 0
    fields = ["letter", "title"]


class DevelopmentFieldInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = DevelopmentField
    extra = 0
    fields = ["number", "title", "area", "is_published"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The area must belong to the plan being edited (`obj`). The form class is new
        # for each call, so narrowing its field touches no other request.
        area = formset.form.base_fields.get("area")
        if area is not None:
            area.queryset = area.queryset.filter(plan=obj) if obj else area.queryset.none()
        return formset


@admin.register(Plan)
class PlanAdmin(GermanSlugAdminMixin, LanguageTabsAdmin, PortalModelAdmin):
    actions = [publish_selected, unpublish_selected, mark_verified]
    list_display = [
        "title",
        "kind",
        "canton",
        "period_display",
        "published_display",
        "is_published",
    ]
    list_filter = ["kind", "is_published", "canton"]
    search_fields = ["title_de", "slug"]
    list_select_related = ["canton"]
    slug_source = ["title_de"]
    inlines = [DevelopmentAreaInline, DevelopmentFieldInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "canton", "is_published", "last_verified_on"]}),
        (
            _("Zeitraum und Erscheinen"),
            {
                "fields": [
                    ("period_start_year", "period_end_year"),
                    ("published_on", "published_precision"),
                ]
            },
        ),
        (
            _("Einordnung"),
            {
                "fields": [
                    "predecessor",
                    "owner",
                    "authored_by",
                    "contact",
                    "stated_recommendation_count",
                    "print_orderable",
                ]
            },
        ),
        (_("Text"), {"fields": ["introduction"]}),
    ]

    @admin.display(description=_("Zeitraum"))
    def period_display(self, obj):
        return obj.period_display

    @admin.display(description=_("erschienen"))
    def published_display(self, obj):
        return obj.published_display


class MeasureInline(ScopedInlineMixin, LanguageTabsStackedInline):
    model = Measure
    form = MeasureAdminForm
    extra = 0
    fields = [
        "title",
        "description",
        ("status", "status_changed_on"),
        ("weight", "sort_order"),
        "responsible_organisation",
        ("target_date", "completed_on"),
    ]


class MeasureHistoryMixin:
    """Saving measures through the admin keeps a dated entry for every status change."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Measure:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for measure in formset.deleted_objects:
            measure.delete()
        for measure_form in formset.saved_forms:
            services.save_measure(
                measure_form.instance,
                changed_on=measure_form.cleaned_data.get("status_changed_on"),
                user=request.user,
            )
        formset.save_m2m()
        return None


@admin.register(DevelopmentField)
class DevelopmentFieldAdmin(MeasureHistoryMixin, LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["__str__", "plan", "area", "is_published"]
    list_filter = ["plan", "is_published"]
    search_fields = ["title_de", "description_de", "goals_de"]
    list_select_related = ["plan", "area"]
    actions = [publish_selected, unpublish_selected]
    filter_horizontal = ["topics"]
    fields = [
        "plan",
        "area",
        "number",
        "title",
        "is_published",
        "description",
        "goals",
        "topics",
        "responsible_contact",
    ]
    inlines = [MeasureInline]


class MeasureStatusChangeInline(ScopedInlineMixin, admin.TabularInline):
    model = MeasureStatusChange
    extra = 0
    fields = ["changed_on", "old_status", "new_status", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["old_status", "new_status", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(LanguageTabsAdmin, PortalModelAdmin):
    form = MeasureAdminForm
    list_display = ["title", "field", "status", "weight", "target_date", "completed_on"]
    list_filter = ["status", "field__plan"]
    search_fields = ["title_de", "description_de"]
    list_select_related = ["field__plan"]
    inlines = [MeasureStatusChangeInline]

    def save_model(self, request, obj, form, change):
        old_status = form.initial.get("status", "") if change else ""
        super().save_model(request, obj, form, change)
        services.record_status_change(
            obj,
            old_status,
            changed_on=form.cleaned_data.get("status_changed_on"),
            user=request.user,
        )


@admin.register(Recommendation)
class RecommendationAdmin(LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["__str__", "report"]
    list_filter = ["report"]
    search_fields = ["text_de"]
    list_select_related = ["report"]
    filter_horizontal = ["fields"]


@admin.register(Decision)
class DecisionAdmin(LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["title", "body", "decided_display", "reference_number", "plan"]
    list_filter = ["body", "plan"]
    search_fields = ["title_de", "reference_number", "summary_de"]
    list_select_related = ["plan"]
    filter_horizontal = ["fields"]

    @admin.display(description=_("Datum"), ordering="decided_on")
    def decided_display(self, obj):
        return obj.decided_display


@admin.register(Document)
class DocumentAdmin(LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["title", "plan", "field", "sort_order"]
    list_filter = ["plan"]
    search_fields = ["title_de", "description_de"]
    list_select_related = ["plan", "field"]


@admin.register(PrintOrder)
class PrintOrderAdmin(PortalModelAdmin):
    list_display = [
        "created_at",
        "reference",
        "status",
        "copies",
        "name",
        "organisation",
        "postcode",
        "town",
        "plan",
        "language",
        "notified_at",
        "confirmed_at",
    ]
    list_filter = ["status", "plan", "language"]
    search_fields = ["reference", "name", "organisation", "email", "town", "postcode"]
    list_select_related = ["plan"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "reference",
        "created_at",
        "language",
        "notified_at",
        "confirmed_at",
        "mail_error",
        "sent_at",
    ]
    actions = ["mark_sent", "send_pending_mails", "export_csv"]

    @admin.action(description=_("nicht versandte E-Mails jetzt senden"), permissions=["change"])
    def send_pending_mails(self, request, queryset):
        pending = queryset.mail_pending().count()
        complete = services.send_pending_mails(queryset, site_url=request.build_absolute_uri("/"))
        self.message_user(
            request,
            _("%(complete)d von %(pending)d Bestellungen sind jetzt vollständig benachrichtigt.")
            % {"complete": complete, "pending": pending},
            messages.SUCCESS if complete == pending else messages.WARNING,
        )

    @admin.action(description=_("als versendet markieren"), permissions=["change"])
    def mark_sent(self, request, queryset):
        count = services.mark_print_orders_sent(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d Bestellung als versendet markiert.",
                "%(count)d Bestellungen als versendet markiert.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("als CSV-Datei exportieren"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="bestellungen-{stamp}.csv"'
        response.write(CSV_BOM)
        writer = csv.writer(response, delimiter=CSV_DELIMITER)
        writer.writerow(
            [
                _("Bestellnummer"),
                _("Eingang"),
                _("Status"),
                _("Planung"),
                _("Exemplare"),
                _("Name"),
                _("Organisation"),
                _("Strasse"),
                _("PLZ"),
                _("Ort"),
                _("E-Mail"),
                _("Bemerkung"),
                _("Sprache"),
            ]
        )
        for order in queryset.select_related("plan").order_by("created_at"):
            row = [
                order.reference,
                timezone.localtime(order.created_at).strftime("%d.%m.%Y %H:%M"),
                PrintOrderStatus(order.status).label,
                order.plan.title,
                order.copies,
                order.name,
                order.organisation,
                order.street,
                order.postcode,
                order.town,
                order.email,
                order.remark,
                order.get_language_display(),
            ]
            writer.writerow([spreadsheet_safe(value) for value in row])
        return response
