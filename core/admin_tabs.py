"""The admin shows a translated field's languages side by side, in tabs (django-modeltranslation).

Use `LanguageTabsAdmin` as the first base of a ModelAdmin whose model has translated fields,
and `LanguageTabsTabularInline` / `LanguageTabsStackedInline` for its inlines. Its list
gains the filter "Übersetzung fehlt", which the staff dashboard's worklist links to.
"""

from django.contrib import admin
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.translation import lacks_translation, other_languages


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("Übersetzung fehlt")
    parameter_name = "uebersetzung_fehlt"

    def lookups(self, request, model_admin):
        return [(code, get_language_info(code)["name_translated"]) for code in other_languages()]

    def queryset(self, request, queryset):
        if self.value() in other_languages():
            return queryset.filter(lacks_translation(queryset.model, self.value()))
        return queryset


class LanguageTabsAdmin(TabbedTranslationAdmin):
    class Media:
        # jQuery UI itself comes from xstatic-jquery-ui (settings.JQUERY_UI_URL), never a CDN.
        css = {"all": ("jquery-ui/jquery-ui.min.css",)}

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


class LanguageTabsTabularInline(TranslationTabularInline):
    pass


class LanguageTabsStackedInline(TranslationStackedInline):
    pass
