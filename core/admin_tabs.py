"""The admin shows a translated field's languages side by side, in tabs (django-modeltranslation).

Use `LanguageTabsAdmin` as the first base of a ModelAdmin whose model has translated fields,
and `LanguageTabsTabularInline` / `LanguageTabsStackedInline` for its inlines.
"""

from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)


class LanguageTabsAdmin(TabbedTranslationAdmin):
    class Media:
        # jQuery UI itself comes from xstatic-jquery-ui (settings.JQUERY_UI_URL), never a CDN.
        css = {"all": ("jquery-ui/jquery-ui.min.css",)}


class LanguageTabsTabularInline(TranslationTabularInline):
    pass


class LanguageTabsStackedInline(TranslationStackedInline):
    pass
