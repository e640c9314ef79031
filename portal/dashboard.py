"""The staff dashboard: what needs attention within the editor's scope.

Per canton in scope, what its profile still lacks (the onboarding checklist); records
not verified for over 12 months (or never), unpublished drafts, new print orders and
German texts without their French, Italian or English translation, each
linking to its admin change page. It lists the content apps' models that are registered
on the admin site (asked through its public API), and for the translations every model
registered with modeltranslation, so whatever the apps register is covered; print orders
are looked up lazily.
"""

import contextlib
from datetime import timedelta

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from contacts.editing_scope import (
    CONTENT_APPS,
    editable_queryset,
    edits_everything,
    scope_canton_ids,
)
from core.admin_tabs import MissingTranslationFilter
from core.fields import has_field
from core.publishing import PublishableModel
from core.translation import lacks_translation, missing_languages, other_languages
from portal.cantons import comparison_rows, onboarding_checklist
from portal.models import ChangeReport, ChangeReportStatus

ITEMS_PER_SECTION = 50
TRANSLATIONS_PER_LIST = 20
STALE_AFTER = timedelta(days=365)
# The change page's language tab, opened by static/js/admin-language-tab.js.
LANGUAGE_TAB_FRAGMENT = "sprache-{language}"


def _change_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _editable_records(request, model_admin, condition=None):
    """The records the user may edit, joined as the admin's list joins them (for __str__)."""
    queryset = model_admin.get_queryset(request)
    if condition is not None:
        queryset = queryset.filter(condition)
    queryset = editable_queryset(request.user, model_admin.model, queryset)
    related = model_admin.list_select_related
    if isinstance(related, list | tuple) and related:
        queryset = queryset.select_related(*related)
    return queryset


def _entries(request, model_admin, condition, order_by, describe):
    """At most ITEMS_PER_SECTION records the user may edit, with the total count."""
    queryset = _editable_records(request, model_admin, condition).order_by(*order_by)
    items = [
        {"object": obj, "url": _change_url(obj), "detail": describe(obj)}
        for obj in queryset[:ITEMS_PER_SECTION]
    ]
    total = len(items) if len(items) < ITEMS_PER_SECTION else queryset.count()
    return {
        "model_name": model_admin.model._meta.verbose_name_plural,
        "items": items,
        "total": total,
    }


def _describe_verified(obj):
    if obj.last_verified_on is None:
        return _("nie geprüft")
    return _("zuletzt geprüft am %(date)s") % {"date": date_format(obj.last_verified_on)}


def _describe_draft(obj):
    return _("zuletzt geändert am %(date)s") % {
        "date": date_format(timezone.localtime(obj.updated_at).date())
    }


def _describe_order(obj):
    created = getattr(obj, "created_at", None)
    if created is None:
        return ""
    received = _("eingegangen am %(date)s") % {
        "date": date_format(timezone.localtime(created).date())
    }
    reference = getattr(obj, "reference", "")
    return f"{reference}, {received}" if reference else received


def _model_admin(model):
    return admin.site.get_model_admin(model) if admin.site.is_registered(model) else None


def _content_models():
    for app_label in CONTENT_APPS:
        yield from apps.get_app_config(app_label).get_models()


def _translated_models():
    registered = set(translator.get_registered_models(abstract=False))
    # In the order of INSTALLED_APPS and the models' definitions, not of registration.
    return [model for model in apps.get_models() if model in registered]


def _editable_admins(request, models):
    for model in models:
        model_admin = _model_admin(model)
        if model_admin is not None and model_admin.has_change_permission(request):
            yield model, model_admin


def build_sections(request):
    stale_before = timezone.localdate() - STALE_AFTER
    stale, drafts, orders = [], [], []
    print_order_model = None
    with contextlib.suppress(LookupError):
        print_order_model = apps.get_model("planning", "PrintOrder")
    for model, model_admin in _editable_admins(request, _content_models()):
        if has_field(model, "last_verified_on"):
            group = _entries(
                request,
                model_admin,
                Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=stale_before),
                ["last_verified_on", "pk"],
                _describe_verified,
            )
            if group["items"]:
                stale.append(group)
        if issubclass(model, PublishableModel):
            group = _entries(
                request, model_admin, Q(is_published=False), ["-updated_at", "pk"], _describe_draft
            )
            if group["items"]:
                drafts.append(group)
        if model is print_order_model:
            group = _entries(
                request, model_admin, Q(status="new"), ["created_at", "pk"], _describe_order
            )
            if group["items"]:
                orders.append(group)
    return [
        {
            "title": _("Seit über 12 Monaten nicht geprüft"),
            "empty": _("Alle Einträge wurden in den letzten 12 Monaten geprüft."),
            "groups": stale,
        },
        {
            "title": _("Unveröffentlichte Entwürfe"),
            "empty": _("Keine Entwürfe."),
            "groups": drafts,
        },
        {
            "title": _("Neue Bestellungen gedruckter Planungen"),
            "empty": _("Keine neuen Bestellungen."),
            "groups": orders,
        },
    ]


def _describe_mail_pending(order):
    missing = order.mails_missing()
    detail = _("%(reference)s, eingegangen am %(date)s; nicht versandt: %(missing)s") % {
        "reference": order.reference,
        "date": date_format(timezone.localtime(order.created_at).date()),
        "missing": ", ".join(str(text) for text in missing),
    }
    if order.mail_error:
        detail = f"{detail}. {order.mail_error}"
    return detail


def print_orders_mail_pending(request):
    """New print orders in scope whose mails did not go out, for the resend buttons."""
    with contextlib.suppress(LookupError):
        model = apps.get_model("planning", "PrintOrder")
        model_admin = _model_admin(model)
        if model_admin is not None and model_admin.has_change_permission(request):
            pending = model.objects.mail_pending().values("pk")
            return _entries(
                request,
                model_admin,
                Q(pk__in=pending),
                ["created_at", "pk"],
                _describe_mail_pending,
            )
    return None


def _describe_missing_fields(obj, language):
    fields = [
        str(capfirst(obj._meta.get_field(name).verbose_name))
        for name in missing_languages(obj).get(language, [])
    ]
    return _("ohne Übersetzung: %(fields)s") % {"fields": ", ".join(fields)}


def _translation_list(request, model_admin, language, total):
    """At most TRANSLATIONS_PER_LIST records lacking `language`, linked to its tab."""
    model = model_admin.model
    opts = model._meta
    order_by = [*(model_admin.get_ordering(request) or opts.ordering), "pk"]
    records = _editable_records(request, model_admin, lacks_translation(model, language))
    fragment = LANGUAGE_TAB_FRAGMENT.format(language=language)
    items = [
        {
            "object": obj,
            "url": f"{_change_url(obj)}#{fragment}",
            "detail": _describe_missing_fields(obj, language),
        }
        for obj in records.order_by(*order_by)[:TRANSLATIONS_PER_LIST]
    ]
    changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return {
        "model_name": opts.verbose_name_plural,
        "items": items,
        "total": total,
        "more": total - len(items),
        "changelist_url": f"{changelist_url}?{MissingTranslationFilter.parameter_name}={language}",
    }


def translation_worklist(request):
    """Per language, the records in the user's scope whose German text lacks a translation.

    One counting query per model, and one listing query per language that lacks any.
    """
    languages = other_languages()
    worklist = {
        language: {
            "code": language,
            "name": get_language_info(language)["name_translated"],
            "fragment": LANGUAGE_TAB_FRAGMENT.format(language=language),
            "total": 0,
            "groups": [],
        }
        for language in languages
    }
    for model, model_admin in _editable_admins(request, _translated_models()):
        counts = _editable_records(request, model_admin).aggregate(
            **{
                language: Count("pk", filter=lacks_translation(model, language))
                for language in languages
            }
        )
        for language in languages:
            if counts[language]:
                worklist[language]["total"] += counts[language]
                worklist[language]["groups"].append(
                    _translation_list(request, model_admin, language, counts[language])
                )
    return list(worklist.values())


def onboarding_checklists(request):
    """Per canton the editor may edit, what its profile still lacks (portal.cantons)."""
    user = request.user
    if edits_everything(user):
        in_scope = None  # every canton
    else:
        in_scope = scope_canton_ids(user)
        if not in_scope:
            return []
    return [
        {
            "canton": row.canton,
            "profile_url": reverse("canton_profile", kwargs={"code": row.canton.code.lower()}),
            "items": (items := onboarding_checklist(row)),
            "open": sum(not item.done for item in items),
        }
        for row in comparison_rows()
        if in_scope is None or row.canton.pk in in_scope
    ]


def open_change_reports(request):
    """Open change reports in the editor's scope, per canton, the oldest first, with age."""
    model_admin = _model_admin(ChangeReport)
    if model_admin is None or not model_admin.has_view_permission(request):
        return []
    reports = (
        model_admin.get_queryset(request)
        .filter(status=ChangeReportStatus.OPEN)
        .select_related("canton")
        .order_by("canton__name_de", "created_at", "pk")
    )
    today = timezone.localdate()
    counts = dict(
        reports.order_by()
        .values("canton")
        .annotate(count=Count("pk"))
        .values_list("canton", "count")
    )
    groups = {}
    for report in reports[: ITEMS_PER_SECTION * 4]:
        group = groups.setdefault(
            report.canton_id,
            {"canton": report.canton, "items": [], "total": counts.get(report.canton_id, 0)},
        )
        group["items"].append(
            {
                "object": report,
                "url": _change_url(report),
                "age_days": (today - timezone.localtime(report.created_at).date()).days,
            }
        )
    return list(groups.values())


@staff_member_required
def dashboard(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Redaktionsübersicht"),
        "sections": build_sections(request),
        "items_per_section": ITEMS_PER_SECTION,
        "print_orders_mail_pending": print_orders_mail_pending(request),
        "translation_worklist": translation_worklist(request),
        "translations_per_list": TRANSLATIONS_PER_LIST,
        "onboarding_checklists": onboarding_checklists(request),
        "open_change_reports": open_change_reports(request),
    }
    return TemplateResponse(request, "admin/dashboard.html", context)
