from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contacts.admin_scope import PortalModelAdmin, ScopedInlineMixin
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


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Canton)
class CantonAdmin(admin.ModelAdmin):
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
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(PortalModelAdmin):
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
    prepopulated_fields = {"slug": ["name"]}
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


class PositionInline(ScopedInlineMixin, admin.StackedInline):
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


@admin.register(Person)
class PersonAdmin(PortalModelAdmin):
    list_display = ["last_name", "first_name", "is_published", "updated_at"]
    list_filter = ["is_published", "positions__organisation__canton"]
    search_fields = ["first_name", "last_name", "positions__title"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(PortalModelAdmin):
    list_display = ["person", "title", "organisation", "is_published", "last_verified_on"]
    list_filter = ["is_published", "organisation__canton", "topics"]
    search_fields = ["person__first_name", "person__last_name", "title", "organisation__name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation", "topics"]


@admin.register(EditingScope)
class EditingScopeAdmin(admin.ModelAdmin):
    list_display = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["cantons"]
