"""Content in four languages: which text a visitor sees, and when it is German instead.

Each app's `translation.py` registers its visitor-facing fields with django-modeltranslation
(one column per language: name_de, name_fr, name_it, name_en) and then its history with
`register_history`, so that the history rows keep every language column and a revert brings
back the French text too.

German is the source language. A missing translation falls back to German
(MODELTRANSLATION_FALLBACK_LANGUAGES); `fallback_language` tells a template that it did, so
the element can carry lang="de" (WCAG 3.1.2).

Lists sort by the German column (`ordering = ["name_de"]`), the same in every language:
modeltranslation would otherwise sort by the visitor's column, where untranslated rows are
NULL and land at the start or the end depending on the database. The original column
(`name`) holds whatever language the record was last saved in; nothing reads it directly.
"""

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import Exact, GreaterThan
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname, get_language
from simple_history import register

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class VisitorTextOptions(TranslationOptions):
    """The options of every app's translated fields: German required, the others optional."""

    # A missing translation is NULL, never "": unique columns accept any number of them, and
    # "not yet translated" reads the same in every column.
    empty_values = None
    required_languages = (SOURCE_LANGUAGE,)


class ShortNameLabel:
    """For models with `name` and `short_name`: `label`, the short name where there is one
    (breadcrumbs, lists), and `label_field`, the field it shows, for marking a German
    stand-in: {{ body|fallback_lang:body.label_field }}."""

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def label_field(self):
        return "short_name" if self.short_name else "name"


def other_languages():
    """The languages a German text may be translated into, in the order of LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def translated_fields(model):
    """The names of the model's translated fields (name, description, …), or ()."""
    if model not in translator.get_registered_models():
        return ()
    return tuple(translator.get_options_for_model(model).all_fields)


def has_text(value):
    return value is not None and str(value).strip() != ""


def fallback_language(instance, field_name):
    """The language shown instead of the visitor's own, or None when none is needed.

    None as well when the field is empty in German too: then nothing is shown in any
    language, and the template shows its "not yet captured" note instead.
    """
    language = get_language()
    if language == SOURCE_LANGUAGE or field_name not in translated_fields(type(instance)):
        return None
    if has_text(getattr(instance, build_localized_fieldname(field_name, language), None)):
        return None
    source = getattr(instance, build_localized_fieldname(field_name, SOURCE_LANGUAGE), None)
    return SOURCE_LANGUAGE if has_text(source) else None


def missing_languages(instance):
    """{language: [field names]} for every language in which a German text lacks its translation."""
    missing = {}
    for field_name in translated_fields(type(instance)):
        source = getattr(instance, build_localized_fieldname(field_name, SOURCE_LANGUAGE))
        if not has_text(source):
            continue
        for language in other_languages():
            value = getattr(instance, build_localized_fieldname(field_name, language))
            if not has_text(value):
                missing.setdefault(language, []).append(field_name)
    return missing


def _has_text_in(column):
    return GreaterThan(Length(Trim(column)), 0)


def _lacks_text_in(column):
    # Spelled out: the negation of _has_text_in would not select NULL, the usual case.
    return Q(**{f"{column}__isnull": True}) | Q(Exact(Length(Trim(column)), 0))


def lacks_translation(model, language):
    """A filter for the records of `model` that `missing_languages` lists under `language`:
    some field with a German text has none in `language`."""
    condition = Q(pk__in=[])
    for field_name in translated_fields(model):
        source = build_localized_fieldname(field_name, SOURCE_LANGUAGE)
        target = build_localized_fieldname(field_name, language)
        condition |= Q(_has_text_in(source)) & _lacks_text_in(target)
    return condition


def register_history(model, **options):
    """The model's history, built after its translation fields so that it keeps them all.

    Replaces `history = HistoricalRecords(...)` on the model: that one is built when the
    class is, before modeltranslation adds the language columns (simple-history's
    documented way to combine the two).
    """
    register(model, app=model._meta.app_label, **options)


def texts_in_every_language(instance, field_name):
    """The field's distinct texts in all languages, German first: for search and sorting keys."""
    if field_name not in translated_fields(type(instance)):
        return [getattr(instance, field_name)]
    texts = []
    for language in [SOURCE_LANGUAGE, *other_languages()]:
        value = getattr(instance, build_localized_fieldname(field_name, language))
        if has_text(value) and value not in texts:
            texts.append(value)
    return texts


def copy_into_german_columns(app_label, fields_by_model):
    """A migration step: the existing text becomes the German column's (name -> name_de).

    `fields_by_model` maps model names (history models included) to their translated fields.
    Run once, when the language columns are added; later edits go to the columns directly.
    """
    from django.db import migrations
    from django.db.models import F

    def copy(apps, schema_editor):
        for model_name, field_names in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            model._base_manager.update(
                **{
                    build_localized_fieldname(name, SOURCE_LANGUAGE): F(name)
                    for name in field_names
                }
            )

    return migrations.RunPython(copy, migrations.RunPython.noop, elidable=False)
