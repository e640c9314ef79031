"""Slugs that keep published links working.

A record's slug comes from `slugify_german`; when it changes, the old one is kept as an
`OldSlug`, and the views wrapped in `redirect_old_slugs` answer it with a redirect (301).
"""

import functools
import re

from django.apps import apps
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from core.search.index import records_changed
from core.text import slugify_german


def _old_slugs():
    return apps.get_model("contacts", "OldSlug")


class KeepsOldSlugs(models.Model):
    """A model with a public slug URL: changing the slug keeps the old URL redirecting."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        stored = getattr(self, "_stored_slug", None)
        if stored != self.slug:
            _old_slugs().record_change(self, stored)
            self._stored_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_slug = instance.__dict__.get("slug")
        return instance


def slug_is_free(model, slug, exclude_pk=None):
    """Neither a record's slug nor an old slug another record's links still use."""
    taken = model._default_manager.filter(slug=slug)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        return False
    OldSlug = _old_slugs()
    old = OldSlug.objects.filter(content_type=OldSlug.content_type_of(model), slug=slug)
    if exclude_pk is not None:
        old = old.exclude(object_id=exclude_pk)
    return not old.exists()


def unique_slug(model, text, exclude_pk=None, fallback="eintrag"):
    """A free slug for `text` ("Beat Müller" -> "beat-mueller", then "beat-mueller-2")."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify_german(text)[: max_length - 10].strip("-") or fallback
    candidate, number = base, 1
    while not slug_is_free(model, candidate, exclude_pk):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def old_slug_redirect(request, model, slug):
    """A 301 to the current URL of the visible record that once had `slug`, or None."""
    current = _old_slugs().current_slug(model, slug)
    if current is None:
        return None
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current})
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def redirect_old_slugs(model):
    """Wrap a view that takes `slug`: where it finds nothing, an old slug of a `model`
    record redirects (301) to the same page under the record's current slug."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                redirect = old_slug_redirect(request, model, kwargs["slug"])
                if redirect is None:
                    raise
                return redirect
            if response.status_code == 404:
                return old_slug_redirect(request, model, kwargs["slug"]) or response
            return response

        return wrapped

    return decorator


def _slugs_made_the_old_way(text, max_length):
    # Django's slugify and the admin's script drop the umlaut's "e" ("fruhe-forderung"),
    # slugify alone drops "ß" entirely; long names were cut at the field's length.
    made = {slugify(unidecode(text)), slugify(text)}
    return {slug for old in made for slug in (old, old[:max_length].strip("-")) if slug}


def transliterate_old_slugs(apps, app_label, model_name, source_fields):
    """Data migration: a slug made from `source_fields` the old way ("beat-muller", also
    "beat-muller-2") becomes the transliterated one ("beat-mueller") where that is free,
    and the old slug is kept so its links redirect. Slugs chosen by hand stay."""
    model = apps.get_model(app_label, model_name)
    OldSlug = apps.get_model("contacts", "OldSlug")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    max_length = model._meta.get_field("slug").max_length
    has_updated_at = any(field.name == "updated_at" for field in model._meta.get_fields())
    renamed = 0
    for record in model._default_manager.order_by("pk"):
        text = " ".join(getattr(record, field) for field in source_fields)
        new_base = slugify_german(text)[:max_length].strip("-")
        new_slug = None
        for old in _slugs_made_the_old_way(text, max_length):
            match = re.fullmatch(re.escape(old) + r"(-\d+)?", record.slug)
            if match:
                suffix = match.group(1) or ""
                new_slug = new_base[: max_length - len(suffix)].strip("-") + suffix
                break
        if not new_slug or new_slug == record.slug:
            continue
        taken = model._default_manager.filter(slug=new_slug).exists() or (
            OldSlug.objects.filter(content_type=content_type, slug=new_slug).exists()
        )
        if taken:
            continue
        values = {"slug": new_slug}
        if has_updated_at:
            values["updated_at"] = timezone.now()
        model._default_manager.filter(pk=record.pk).update(**values)
        records_changed(model, [record.pk])  # the search links to the new address
        OldSlug.objects.update_or_create(
            content_type=content_type, slug=record.slug, defaults={"object_id": record.pk}
        )
        renamed += 1
    return renamed


def with_german_slug(form_class, source_fields):
    """`form_class` whose slug may be left empty: it is then made from `source_fields`.

    Made on the server rather than by the admin's prepopulating script, which writes
    "fruhe-forderung" for "Frühe Förderung".
    """

    class GermanSlugForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "slug" in self.fields:
                self.fields["slug"].required = False
                self.fields["slug"].help_text = " ".join(
                    str(text)
                    for text in [
                        self.fields["slug"].help_text,
                        _("Leer lassen: wird aus dem Namen gebildet (ä wird ae)."),
                    ]
                    if text
                )

        def clean(self):
            cleaned_data = super().clean()
            if "slug" in self.fields and not cleaned_data.get("slug"):
                text = " ".join(str(cleaned_data.get(field) or "") for field in source_fields)
                if text.strip():
                    cleaned_data["slug"] = unique_slug(
                        self._meta.model, text, exclude_pk=self.instance.pk
                    )
            return cleaned_data

    # The admin adjusts the fields of the class it built for this request (querysets limited
    # to the editor's cantons, fields made required): keep those, not fresh model fields.
    GermanSlugForm.base_fields = form_class.base_fields
    GermanSlugForm.declared_fields = form_class.declared_fields
    GermanSlugForm.__name__ = form_class.__name__
    return GermanSlugForm


class GermanSlugAdminMixin:
    """For a ModelAdmin or an inline: the slug is made from `slug_source` when left empty."""

    slug_source = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        return with_german_slug(super().get_form(request, obj, **kwargs), self.slug_source)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_german_slug(formset.form, self.slug_source)
        return formset
