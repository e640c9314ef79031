"""Content in four languages: which text a visitor sees, and when it is German instead.

Each app's `translation.py` registers its visitor-facing fields with django-modeltranslation
(one column per language: name_de, name_fr, name_it, name_en) and then its history with
`register_history`, so that the history rows keep every language column and a revert brings
back the French text too.

German is the source language. A missing translation falls back to German
(MODELTRANSLATION_FALLBACK_LANGUAGES); `fallback_language` tells a template that it did, so
the element can carry lang="de" (WCAG 3.1.2).
"""

from django.conf import settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language
from simple_history import register

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


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


def register_history(model, **options):
    """The model's history, built after its translation fields so that it keeps them all.

    Replaces `history = HistoricalRecords(...)` on the model: that one is built when the
    class is, before modeltranslation adds the language columns (simple-history's
    documented way to combine the two).
    """
    register(model, app=model._meta.app_label, **options)


def keep_source_column_german(sender, instance, **kwargs):
    """The original column (name, description, …) always holds the German text.

    modeltranslation keeps it beside the language columns; ordering by it, unique
    constraints on it and raw SQL then see one language, whatever language the editor
    worked in.
    """
    for field_name in translated_fields(sender):
        source = getattr(instance, build_localized_fieldname(field_name, SOURCE_LANGUAGE))
        instance.__dict__[field_name] = source if source is not None else ""
