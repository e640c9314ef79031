from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contacts.admin_import import ContactsImportExportMixin
from contacts.admin_scope import (
    PortalModelAdmin,
    ScopedAutocompleteMixin,
    ScopedInlineMixin,
    without_link_rows,
)
from contacts.editing_scope import edits_intercantonal
from contacts.models import (
    Canton,
    Country,
    District,
    EditingScope,
    Municipality,
    Organisation,
    Person,
    Position,
    Postcode,
    Topic,
)
from contacts.resources import OrganisationResource, PositionResource
from contacts.slugs import GermanSlugAdminMixin
from core.admin_tabs import LanguageTabsAdmin, LanguageTabsStackedInline
from core.publishing import mark_verified, publish_selected, unpublish_selected


@admin.register(Country)
class CountryAdmin(LanguageTabsAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Canton)
class CantonAdmin(ScopedAutocompleteMixin, LanguageTabsAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "canton"]
    list_filter = ["canton"]
    search_fields = ["name"]
    list_select_related = ["canton"]


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0
    fields = ["code", "locality", "rank"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "bfs_number", "canton", "district", "is_active"]
    list_filter = ["is_active", "canton"]
    search_fields = ["name", "name_folded", "bfs_number", "postcodes__code"]
    list_select_related = ["canton", "district"]
    autocomplete_fields = ["district"]
    inlines = [PostcodeInline]


@admin.register(Topic)
class TopicAdmin(GermanSlugAdminMixin, LanguageTabsAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    slug_source = ["name_de"]


@admin.register(Organisation)
class OrganisationAdmin(
    GermanSlugAdminMixin, ContactsImportExportMixin, LanguageTabsAdmin, PortalModelAdmin
):
    resource_classes = [OrganisationResource]
    actions = [publish_selected, unpublish_selected, mark_verified]
    list_display = [
        "name",
        "short_name",
        "kind",
        "canton",
        "service_area",
        "is_published",
        "last_verified_on",
    ]
    list_filter = ["is_published", "kind", "service_area", "canton", "country"]
    search_fields = ["name", "short_name", "town", "search_text"]
    list_select_related = ["canton"]
    slug_source = ["name_de"]
    autocomplete_fields = [
        "parent",
        "canton",
        "country",
        "service_district",
        "service_municipalities",
        "municipality",
        "topics",
    ]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent", "description"]}),
        (
            _("Zuständigkeit"),
            {
                "fields": [
                    "country",
                    "canton",
                    "service_area",
                    "service_district",
                    "service_municipalities",
                    "topics",
                ]
            },
        ),
        (
            _("Adresse und Kontakt"),
            {
                "fields": [
                    "street",
                    "po_box",
                    "postcode",
                    "town",
                    "municipality",
                    "phone",
                    "email",
                    "website",
                ]
            },
        ),
        (_("Veröffentlichung"), {"fields": ["is_published", "last_verified_on"]}),
    ]


class PositionInline(ScopedInlineMixin, LanguageTabsStackedInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organisation", "topics"]
    fields = [
        "organisation",
        "title",
        "phone",
        "email",
        "topics",
        "sort_order",
        "is_published",
        "last_verified_on",
    ]

    def get_min_num(self, request, obj=None, **kwargs):
        # A cantonal editor's person belongs to a canton through a position in it.
        return 0 if edits_intercantonal(request.user) else 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Person)
class PersonAdmin(GermanSlugAdminMixin, PortalModelAdmin):
    list_display = ["last_name", "first_name", "is_published", "updated_at"]
    list_filter = ["is_published", "positions__organisation__canton"]
    search_fields = ["first_name", "last_name", "positions__title"]
    slug_source = ["first_name", "last_name"]
    inlines = [PositionInline]
    actions = [publish_selected, unpublish_selected]


@admin.register(Position)
class PositionAdmin(ContactsImportExportMixin, LanguageTabsAdmin, PortalModelAdmin):
    resource_classes = [PositionResource]
    actions = [publish_selected, unpublish_selected, mark_verified]
    list_display = ["person", "title", "organisation", "is_published", "last_verified_on"]
    list_filter = ["is_published", "organisation__canton", "topics"]
    search_fields = ["person__first_name", "person__last_name", "title", "organisation__name"]
    list_select_related = ["person", "organisation__canton"]
    autocomplete_fields = ["person", "organisation", "topics"]


@admin.register(EditingScope)
class EditingScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "canton_codes"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["cantons"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("cantons")

    @admin.display(description=_("Kantone"))
    def canton_codes(self, scope):
        return ", ".join(canton.code for canton in scope.cantons.all())


class EditingScopeInline(admin.StackedInline):
    model = EditingScope
    filter_horizontal = ["cantons"]
    can_delete = False
    verbose_name_plural = _("Bearbeitungsbereich")


PERMISSION_ACTIONS = {
    "add": _("hinzufügen"),
    "change": _("ändern"),
    "delete": _("löschen"),
    "view": _("ansehen"),
}


def permission_label(permission):
    """A permission in German: Django stores its name in English ("Can add organisation")."""
    model = permission.content_type.model_class()
    action = PERMISSION_ACTIONS.get(permission.codename.partition("_")[0])
    if model is None or action is None:
        return str(permission)
    history_of = getattr(model, "instance_type", None)  # simple-history's historical models
    if history_of is None:
        name = capfirst(model._meta.verbose_name)
    else:
        name = _("%(model)s (Geschichte)") % {"model": capfirst(history_of._meta.verbose_name)}
    return f"{capfirst(model._meta.app_config.verbose_name)} | {name} | {action}"


class GermanPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return (*without_link_rows(deleted, model_count), perms_needed, protected)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(GermanPermissionsMixin, GroupAdmin):
    pass


@admin.register(User)
class PortalUserAdmin(GermanPermissionsMixin, UserAdmin):
    """Accounts with their editing scope, so an administrator sets both in one place."""

    inlines = [EditingScopeInline]
