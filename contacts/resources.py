"""Bulk import and export of contacts in the admin (CSV and XLSX, django-import-export).

Every row is validated like a form entry (phone, email, postcode, choices) and against
the importing editor's scope: a row for a canton outside it, or one that would change
another canton's record, is rejected with its reason. The admin shows the dry run per
row (new, changed, rejected and why) and writes only when the whole file is valid, in
one transaction; simple-history records every imported row with the importing user.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from contacts.admin_scope import (
    edits_everything,
    edits_intercantonal,
    instance_canton_ids,
    may_edit,
    scope_canton_ids,
    scoped_lookup,
)
from contacts.models import Canton, Country, Organisation, Person, Position
from contacts.slugs import unique_slug


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by its code or slug, with a German message when it does not exist."""

    def __init__(self, model, field, message):
        super().__init__(model, field=field)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        if self.field == "code" and isinstance(value, str):
            value = value.upper()
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist as error:
            raise ValueError(self.message % {"value": value}) from error


def _text(column, attribute, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, **kwargs)


class ScopedResource(resources.ModelResource):
    """Rejects rows that lie outside the importing user's editing scope."""

    def after_init_instance(self, instance, new, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and not new and not may_edit(user, instance):
            raise ValidationError(
                _(
                    "Der bestehende Eintrag «%(record)s» liegt ausserhalb Ihres "
                    "Bearbeitungsbereichs."
                )
                % {"record": instance}
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        user = kwargs.get("user")
        field = self.scope_error_field
        if user is not None and field not in errors and not self.in_scope(user, instance):
            errors[field] = [
                _("Kanton ausserhalb Ihres Bearbeitungsbereichs (erlaubt: %(cantons)s).")
                % {
                    "cantons": ", ".join(
                        Canton.objects.filter(pk__in=scope_canton_ids(user)).values_list(
                            "code", flat=True
                        )
                    )
                    or "–"
                }
            ]
        if errors:
            raise ValidationError(errors)

    def in_scope(self, user, instance):
        if edits_everything(user):
            return True
        try:
            canton_ids = instance_canton_ids(instance, scoped_lookup(type(instance)))
        except (AttributeError, ValueError, Organisation.DoesNotExist):
            return True  # the missing relation is reported as its own error
        if not canton_ids:
            return edits_intercantonal(user)
        return canton_ids <= scope_canton_ids(user)


class OrganisationResource(ScopedResource):
    slug = _text("kurzname", "slug")
    name = _text("name", "name")
    short_name = _text("abkuerzung", "short_name")
    kind = _text("typ", "kind")
    canton = fields.Field(
        attribute="canton",
        column_name="kanton",
        widget=LookupWidget(Canton, "code", _("Unbekannter Kanton «%(value)s».")),
    )
    country = fields.Field(
        attribute="country",
        column_name="land",
        widget=LookupWidget(Country, "code", _("Unbekanntes Land «%(value)s».")),
    )
    service_area = _text("zustaendigkeit", "service_area")
    street = _text("strasse", "street")
    po_box = _text("postfach", "po_box")
    postcode = _text("plz", "postcode")
    town = _text("ort", "town")
    phone = _text("telefon", "phone")
    email = _text("email", "email")
    website = _text("website", "website")
    is_published = fields.Field(
        attribute="is_published", column_name="veroeffentlicht", widget=widgets.BooleanWidget()
    )
    last_verified_on = fields.Field(
        attribute="last_verified_on", column_name="zuletzt_geprueft", widget=widgets.DateWidget()
    )

    scope_error_field = "canton"

    class Meta:
        model = Organisation
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "canton",
            "country",
            "service_area",
            "street",
            "po_box",
            "postcode",
            "town",
            "phone",
            "email",
            "website",
            "is_published",
            "last_verified_on",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = "Organisationen"

    def get_queryset(self):
        return super().get_queryset().select_related("canton", "country")

    def dehydrate_phone(self, organisation):
        return organisation.phone.as_e164 if organisation.phone else ""


class PositionResource(ScopedResource):
    """One row per position with its person: edit people and their functions in one sheet."""

    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget())
    person = _text("person", "person__slug", readonly=True)
    first_name = _text("vorname", "person__first_name", readonly=True)
    last_name = _text("nachname", "person__last_name", readonly=True)
    title = _text("funktion", "title")
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=LookupWidget(Organisation, "slug", _("Unbekannte Organisation «%(value)s».")),
    )
    canton = _text("kanton", "organisation__canton__code", readonly=True)
    phone = _text("telefon", "phone")
    email = _text("email", "email")
    sort_order = fields.Field(
        attribute="sort_order", column_name="reihenfolge", widget=widgets.IntegerWidget()
    )
    is_published = fields.Field(
        attribute="is_published", column_name="veroeffentlicht", widget=widgets.BooleanWidget()
    )
    last_verified_on = fields.Field(
        attribute="last_verified_on", column_name="zuletzt_geprueft", widget=widgets.DateWidget()
    )

    scope_error_field = "organisation"

    class Meta:
        model = Position
        import_id_fields = ["id"]
        fields = [
            "id",
            "person",
            "first_name",
            "last_name",
            "title",
            "organisation",
            "canton",
            "phone",
            "email",
            "sort_order",
            "is_published",
            "last_verified_on",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = "Personen mit Funktionen"

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organisation__canton")

    def dehydrate_phone(self, position):
        return position.phone.as_e164 if position.phone else ""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.person = self.find_or_create_person(instance, row, kwargs.get("user"))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def find_or_create_person(self, position, row, user):
        slug = (row.get("person") or "").strip()
        first_name = (row.get("vorname") or "").strip()
        last_name = (row.get("nachname") or "").strip()
        if slug:
            try:
                return Person.objects.get(slug=slug)
            except Person.DoesNotExist as error:
                raise ValidationError(
                    {"person": _("Unbekannte Person «%(value)s».") % {"value": slug}}
                ) from error
        if not first_name or not last_name:
            raise ValidationError({"person": _("Vorname und Nachname sind erforderlich.")})
        if position.person_id and (position.person.first_name, position.person.last_name) == (
            first_name,
            last_name,
        ):
            return position.person
        existing = Person.objects.filter(first_name=first_name, last_name=last_name).first()
        if existing is not None:
            return existing
        slug = unique_slug(Person, f"{first_name} {last_name}", fallback="person")
        person = Person(first_name=first_name, last_name=last_name, slug=slug)
        person._history_user = user
        person.save()
        return person
