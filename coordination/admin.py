from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from contacts.admin_import import ContactsImportExportMixin
from contacts.admin_scope import PortalModelAdmin, ScopedInlineMixin
from contacts.slugs import GermanSlugAdminMixin
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
from coordination.resources import CommitteeResource, MembershipResource
from core.admin_tabs import LanguageTabsAdmin, LanguageTabsTabularInline
from core.publishing import mark_verified, publish_selected, unpublish_selected


class BodyThemeInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = BodyTheme
    extra = 0
    autocomplete_fields = ["topic", "foundation"]
    fields = ["topic", "area", "note", "foundation", "sort_order"]


class BodyFoundationInline(ScopedInlineMixin, admin.TabularInline):
    model = BodyFoundation
    extra = 0
    autocomplete_fields = ["foundation"]
    fields = ["foundation"]


class MembershipInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["position", "organisation", "canton"]
    fields = ["position", "organisation", "group_label", "canton", "role", "sort_order"]


class PredecessorInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = Lineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    fields = ["predecessor", "kind", "happened_on", "happened_precision", "note"]
    verbose_name = _("Vorgänger")
    verbose_name_plural = _("Vorgänger (Geschichte)")


class SuccessorInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = Lineage
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    fields = ["successor", "kind", "happened_on", "happened_precision", "note"]
    verbose_name = _("Nachfolger")
    verbose_name_plural = _("Nachfolger (Geschichte)")


class OfficeTaskInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = OfficeTask
    extra = 0
    fields = ["text", "sort_order"]


class EventFormatInline(GermanSlugAdminMixin, ScopedInlineMixin, LanguageTabsTabularInline):
    model = EventFormat
    extra = 0
    fields = ["name", "slug", "audience", "is_active", "sort_order"]
    slug_source = ["name_de"]
    show_change_link = True


class TopicAreaInline(ScopedInlineMixin, LanguageTabsTabularInline):
    model = TopicArea
    extra = 0
    fields = ["name", "sort_order"]


BODY_FIELDSETS = [
    (None, {"fields": ["name", "short_name", "slug", "purpose", "description"]}),
    (_("Ebene"), {"fields": ["jurisdiction", "country", "canton", "municipality"]}),
    (
        _("Daten"),
        {
            "fields": [
                ("founded_on", "founded_precision"),
                ("dissolved_on", "dissolved_precision"),
                "website",
            ]
        },
    ),
]
PUBLISHING_FIELDSET = (_("Veröffentlichung"), {"fields": ["is_published", "last_verified_on"]})


PART_HISTORY_ROWS = 50


def body_parts(body_pk):
    """The parts of a body, edited inline on its page: (model, how a part names the body)."""
    return [
        (Membership, Q(body_id=body_pk)),
        (BodyTheme, Q(body_id=body_pk)),
        (BodyFoundation, Q(body_id=body_pk)),
        (Lineage, Q(predecessor_id=body_pk) | Q(successor_id=body_pk)),
        (OfficeTask, Q(office_id=body_pk)),
        (EventFormat, Q(forum_id=body_pk)),
    ]


def body_part_histories(body_pk):
    """Who changed which part of a body when; the parts' history belongs on the body's page."""
    histories = []
    for model, condition in body_parts(body_pk):
        records = list(
            model.history.filter(condition)
            .select_related("history_user")
            .order_by("-history_date")[:PART_HISTORY_ROWS]
        )
        if records:
            histories.append((model._meta.model_name, model._meta.verbose_name_plural, records))
    return histories


class BodyAdminBase(GermanSlugAdminMixin, LanguageTabsAdmin, PortalModelAdmin):
    object_history_template = "admin/coordination/body_history.html"
    list_display = ["name", "short_name", "jurisdiction", "canton", "country", "is_published"]
    list_filter = ["is_published", "jurisdiction", "canton", "country"]
    search_fields = ["name_de", "short_name_de", "slug", "purpose_de"]
    list_select_related = ["canton", "country"]
    slug_source = ["name_de"]
    autocomplete_fields = ["country", "canton", "municipality"]
    actions = [publish_selected, unpublish_selected, mark_verified]
    inlines = [
        BodyThemeInline,
        BodyFoundationInline,
        MembershipInline,
        PredecessorInline,
        SuccessorInline,
    ]

    def history_view(self, request, object_id, extra_context=None):
        body = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "part_histories": body_part_histories(object_id),
            "can_restore_parts": body is not None and self.has_change_permission(request, body),
            "restore_part_url": f"admin:{self.opts.app_label}_{self.opts.model_name}_restore_part",
        }
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/teil/<str:part>/<int:history_id>/wiederherstellen/",
                self.admin_site.admin_view(self.restore_part_view),
                name=f"{info[0]}_{info[1]}_restore_part",
            ),
            *super().get_urls(),
        ]

    def restore_part_view(self, request, object_id, part, history_id):
        """Restores one part of the body (a member, a theme ...) as it was in that version.

        The restore is a change like any other: scope-checked and recorded in history.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        body = self.get_object(request, object_id)
        if body is None:
            raise Http404
        if not self.has_change_permission(request, body):
            raise PermissionDenied
        parts = {
            model._meta.model_name: (model, condition) for model, condition in body_parts(body.pk)
        }
        if part not in parts:
            raise Http404
        model, condition = parts[part]
        version = get_object_or_404(model.history.filter(condition), history_id=history_id)
        try:
            with transaction.atomic():
                version.instance.save()
        except IntegrityError:
            messages.error(
                request,
                _(
                    "Dieser Stand kann nicht wiederhergestellt werden, weil er einem heutigen "
                    "Eintrag widerspricht oder auf einen gelöschten Eintrag verweist."
                ),
            )
        else:
            messages.success(
                request,
                _("Wiederhergestellt: %(part)s") % {"part": version.instance},
            )
        return redirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[body.pk],
            )
        )


@admin.register(Body)
class BodyAdmin(BodyAdminBase):
    """Every body of every kind in one list; each is edited on the page of its kind."""

    list_display = ["name", "short_name", "kind", "jurisdiction", "canton", "is_published"]
    list_filter = ["kind", *BodyAdminBase.list_filter]
    inlines = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Conference)
class ConferenceAdmin(BodyAdminBase):
    autocomplete_fields = [*BodyAdminBase.autocomplete_fields, "parent_organisation"]
    fieldsets = [
        *BODY_FIELDSETS,
        (
            _("Konferenz"),
            {"fields": ["parent_organisation", "parent_relation", "composition"]},
        ),
        PUBLISHING_FIELDSET,
    ]


@admin.register(CoordinationOffice)
class CoordinationOfficeAdmin(BodyAdminBase):
    autocomplete_fields = [
        *BodyAdminBase.autocomplete_fields,
        "host_organisation",
        "directorate",
        "coordinator",
        "contact_organisation",
    ]
    fieldsets = [
        *BODY_FIELDSETS,
        (
            _("Koordinationsstelle"),
            {
                "fields": [
                    "mandate",
                    "host_organisation",
                    "directorate",
                    "coordinator",
                    "contact_organisation",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]
    inlines = [OfficeTaskInline, *BodyAdminBase.inlines]


@admin.register(Committee)
class CommitteeAdmin(ContactsImportExportMixin, BodyAdminBase):
    resource_classes = [CommitteeResource]
    list_display = [*BodyAdminBase.list_display, "parent_body"]
    list_select_related = ["canton", "country", "parent_body"]
    autocomplete_fields = [*BodyAdminBase.autocomplete_fields, "parent_body", "led_by"]
    fieldsets = [
        *BODY_FIELDSETS,
        (_("Gremium"), {"fields": ["parent_body", "led_by"]}),
        PUBLISHING_FIELDSET,
    ]


@admin.register(Membership)
class MembershipAdmin(ContactsImportExportMixin, LanguageTabsAdmin, PortalModelAdmin):
    """The members of every body in one list, to import and export them; each body's page
    edits its own members inline."""

    resource_classes = [MembershipResource]
    list_display = ["__str__", "role", "canton", "sort_order"]
    list_filter = ["body__kind", "body__canton"]
    search_fields = [
        "body__name_de",
        "body__slug",
        "group_label_de",
        "position__person__last_name",
        "organisation__name_de",
    ]
    list_select_related = ["body", "canton", "position__person", "organisation"]
    autocomplete_fields = ["body", "position", "organisation", "canton"]
    fields = ["body", "position", "organisation", "group_label", "canton", "role", "sort_order"]


@admin.register(Forum)
class ForumAdmin(BodyAdminBase):
    autocomplete_fields = [
        *BodyAdminBase.autocomplete_fields,
        "host_organisation",
        "funder",
        "accompanies",
    ]
    fieldsets = [
        *BODY_FIELDSETS,
        (
            _("Forum"),
            {
                "fields": [
                    "full_title",
                    "host_organisation",
                    "funder",
                    ("funded_since", "funded_since_precision"),
                    "accompanies",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]
    inlines = [EventFormatInline, *BodyAdminBase.inlines]


@admin.register(Foundation)
class FoundationAdmin(GermanSlugAdminMixin, LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["name", "short_name", "kind", "jurisdiction", "country", "is_published"]
    list_filter = ["is_published", "kind", "jurisdiction", "country", "canton"]
    search_fields = ["name_de", "short_name_de", "slug"]
    list_select_related = ["country"]
    slug_source = ["name_de"]
    autocomplete_fields = ["country", "canton", "issuer", "superseded_by", "topics"]
    actions = [publish_selected, unpublish_selected, mark_verified]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "description", "website"]}),
        (_("Ebene"), {"fields": ["jurisdiction", "country", "canton", "issuer", "topics"]}),
        (
            _("Geltung"),
            {
                "fields": [
                    ("adopted_on", "adopted_precision"),
                    ("in_force_on", "in_force_precision"),
                    ("ceased_on", "ceased_precision"),
                    "superseded_by",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]


@admin.register(EventFormat)
class EventFormatAdmin(GermanSlugAdminMixin, LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["name", "forum", "is_active", "sort_order"]
    list_filter = ["is_active", "forum"]
    search_fields = ["name_de", "forum__name_de"]
    list_select_related = ["forum"]
    slug_source = ["name_de"]
    autocomplete_fields = ["forum"]
    inlines = [TopicAreaInline]


@admin.register(Event)
class EventAdmin(GermanSlugAdminMixin, LanguageTabsAdmin, PortalModelAdmin):
    list_display = ["title", "format", "starts_at", "location", "is_published"]
    list_filter = ["is_published", "format__forum", "format", "starts_at"]
    search_fields = ["title_de", "location", "description_de"]
    list_select_related = ["format__forum"]
    date_hierarchy = "starts_at"
    slug_source = ["title_de"]
    autocomplete_fields = ["format"]
    actions = [publish_selected, unpublish_selected]
    filter_horizontal = ["topic_areas"]
    fields = [
        "title",
        "slug",
        "format",
        ("starts_at", "ends_at"),
        "location",
        "description",
        "topic_areas",
        "registration_url",
        "is_published",
    ]
