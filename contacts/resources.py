"""Bulk import and export of contacts in the admin (CSV and XLSX, django-import-export).

Every row is validated like a form entry (phone, email, postcode, choices) and against
the importing editor's scope: a row for a canton outside it, or one that would change
another canton's record, is rejected with its reason. The admin shows the dry run per
row (new, changed, rejected and why) and writes only when the whole file is valid, in
one transaction; simple-history records every imported row with the importing user.
Each resource also offers an import template: its columns and one example row.
"""

import io

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV
from import_export.forms import SelectableFieldsExportForm
from modeltranslation.fields import TranslationField
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from contacts.editing_scope import (
    editable_queryset,
    edits_everything,
    edits_intercantonal,
    instance_canton_ids,
    may_edit,
    scope_canton_ids,
    scoped_choices,
    scoped_lookup,
)
from contacts.models import Canton, Country, Organisation, Person, Position
from contacts.slugs import unique_slug
from core.spreadsheets import CSV_BOM, CSV_DELIMITER, spreadsheet_safe


class SpreadsheetCSV(CSV):
    """CSV written as the public directory export writes it (BOM, semicolons, formulas
    guarded), so both open alike in a spreadsheet; read with semicolons or commas."""

    def export_data(self, dataset, **kwargs):
        guarded = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            guarded.append([spreadsheet_safe(cell) for cell in row])
        return CSV_BOM + guarded.export("csv", delimiter=CSV_DELIMITER)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix(CSV_BOM)
        header = in_stream.partition("\n")[0]
        delimiter = CSV_DELIMITER if header.count(CSV_DELIMITER) > header.count(",") else ","
        return tablib.import_set(in_stream, format="csv", delimiter=delimiter, **kwargs)


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by its code, slug or id, with a German message when it does not exist.

    `scoped`: only what the admin's form would offer the importing editor (scoped_choices),
    for relations the row's own canton does not cover (a committee's parent body)."""

    def __init__(self, model, field, message, scoped=False):
        super().__init__(model, field=field)
        self.message = message
        self.scoped = scoped

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        if self.field == "code" and isinstance(value, str):
            value = value.upper()
        try:
            found = self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except (self.model.DoesNotExist, ValueError, ValidationError) as error:
            # ValueError, ValidationError: text where an id belongs.
            raise ValueError(self.message % {"value": value}) from error
        user = kwargs.get("user")
        if self.scoped and user is not None:
            offered = scoped_choices(user, self.model)
            if offered is not None and not offered.filter(pk=found.pk).exists():
                raise ValueError(
                    _("«%(value)s» liegt ausserhalb Ihres Bearbeitungsbereichs.") % {"value": value}
                )
        return found


class GermanBooleanWidget(widgets.BooleanWidget):
    """Yes or no as staff write it ("ja", "nein", "1", "0"); anything else is a row error,
    never silently "no"."""

    YES = {"1", "ja", "j", "yes", "true", "x"}
    NO = {"0", "nein", "n", "no", "false"}

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text == "":
            return None
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(
            _("«%(value)s» ist weder ja noch nein. Bitte «ja» oder «nein» angeben.")
            % {"value": value}
        )


def published_column():
    return column_field(
        "veroeffentlicht",
        "is_published",
        gettext_lazy("Veröffentlicht"),
        widget=GermanBooleanWidget(),
    )


def verified_column():
    return column_field(
        "zuletzt_geprueft",
        "last_verified_on",
        gettext_lazy("Zuletzt geprüft"),
        widget=GermanDateWidget(),
    )


class GermanDateWidget(widgets.DateWidget):
    """A date in the format the export writes, with a German message otherwise."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(
                _("«%(value)s» ist kein Datum. Bitte als JJJJ-MM-TT angeben, z.B. 2025-03-31.")
                % {"value": value}
            ) from error


class GermanIntegerWidget(widgets.IntegerWidget):
    """A whole number, with a German message otherwise (the package raises a bare
    decimal error for text, which would abort the whole import)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError) as error:
            raise ValueError(_("«%(value)s» ist keine ganze Zahl.") % {"value": value}) from error


def column_field(column, attribute, label, **kwargs):
    """A column of the file: `column` is its header, `label` what the admin shows."""
    field = fields.Field(attribute=attribute, column_name=column, **kwargs)
    field.label = label
    return field


class ExportFieldsForm(SelectableFieldsExportForm):
    """The export page's choice of columns, each by its German label."""

    def _get_field_label(self, resource, field_name):
        return resource().field_label(field_name)


class ScopedResource(resources.ModelResource):
    """Rejects rows that lie outside the importing user's editing scope.

    The admin shows each column by its German label (dry run, export choice, the field
    a row's error belongs to); the file keeps the column names as headers, and so do the
    result's diff_headers, by which import-export lines up a rejected row's values."""

    # Columns written only for reading (readonly fields) that the resource nevertheless
    # reads from the row itself, such as a position's person.
    row_columns = ()

    @classmethod
    def template_columns(cls):
        """The headers of the import template: every column an import reads, in the
        export's order (a readonly column the import would ignore is left out)."""
        return [
            field.column_name
            for field in cls().get_import_fields()
            if not field.readonly or field.column_name in cls.row_columns
        ]

    def template_example(self, user):
        """{column: text} of the template's example row, which imports as it is for the
        downloading editor if they edit canton BL (the examples are set in Liestal): text
        marked "Beispiel:", nothing published."""
        raise NotImplementedError

    def import_template(self, user):
        """The import template as XLSX: the headers, each with its German label and any
        allowed values as a note, and the example row. Every cell is text, so that
        spreadsheet programs keep leading zeros and do not turn codes into dates."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = self.get_display_name()[:31]
        columns = self.template_columns()
        example = self.template_example(user)
        sheet.append(columns)
        sheet.append([example.get(column, "") for column in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            header = sheet.cell(row=1, column=index)
            header.font = Font(bold=True)
            note = self.column_note(column)
            header.comment = Comment(
                note, "Drehscheibe", width=320, height=24 * (note.count("\n") + 2)
            )
            sheet.column_dimensions[letter].number_format = "@"
            sheet.column_dimensions[letter].width = min(
                max(len(column), len(str(example.get(column, "")))) + 2, 50
            )
            for row in (1, 2):
                sheet.cell(row=row, column=index).number_format = "@"
        sheet.freeze_panes = "A2"
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def column_note(self, column):
        """A header's note in the template: the column's label, and the values it allows
        where the model stores a code ("office" for "Amt / Fachstelle")."""
        lines = [self.field_label(column)]
        field = next(field for field in self.fields.values() if field.column_name == column)
        try:
            model_field = self._meta.model._meta.get_field(field.attribute or "")
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and model_field.choices:
            lines.append(_("Erlaubte Werte:"))
            lines += [f"{value} = {label}" for value, label in model_field.flatchoices]
        return "\n".join(lines)

    @classmethod
    def field_label(cls, name):
        for field_name, field in cls.fields.items():
            if name in (field_name, field.attribute, field.column_name):
                return str(getattr(field, "label", None) or field.column_name)
        try:
            return capfirst(cls._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Copied: import-export extends these lists with the model's errors.
        cell_errors = {
            key: list(errors) for key, errors in (import_validation_errors or {}).items()
        }
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # A cell that could not be read is explained by that alone: the model's
            # complaint about the then empty field ("Bitte das Land angeben.") would mislead.
            errors = {**error.error_dict, **cell_errors}
            raise ValidationError(
                {
                    key if key == NON_FIELD_ERRORS else self.field_label(key): messages
                    for key, messages in errors.items()
                }
            ) from error

    def before_import_row(self, row, **kwargs):
        # An empty XLSX cell reads as None, a CSV one as "": both mean "not given", which a
        # text column stores as "" (None failed its NOT NULL constraint, unexplained).
        for column, value in row.items():
            if value is None:
                row[column] = ""
        super().before_import_row(row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        super().import_field(field, instance, row, is_m2m, **kwargs)
        # An empty cell in a language column is NULL: a missing translation is never ""
        # (core.translation.VisitorTextOptions).
        if getattr(instance, field.attribute or "", None) == "" and self._is_translation(field):
            setattr(instance, field.attribute, None)

    def _is_translation(self, field):
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            return False
        return isinstance(model_field, TranslationField)

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


EXAMPLE_ORGANISATION_SLUG = "beispiel-fachstelle-kinder-und-jugend-liestal"


class OrganisationResource(ScopedResource):
    slug = column_field("kurzname", "slug", gettext_lazy("Kurzname"))
    # The German columns: a sheet exported from the admin in French imports back unchanged.
    name = column_field("name", "name_de", gettext_lazy("Name"))
    short_name = column_field("abkuerzung", "short_name_de", gettext_lazy("Abkürzung"))
    kind = column_field("typ", "kind", gettext_lazy("Typ"))
    canton = column_field(
        "kanton",
        "canton",
        gettext_lazy("Kanton"),
        widget=LookupWidget(Canton, "code", _("Unbekannter Kanton «%(value)s».")),
    )
    country = column_field(
        "land",
        "country",
        gettext_lazy("Land"),
        widget=LookupWidget(Country, "code", _("Unbekanntes Land «%(value)s».")),
    )
    service_area = column_field("zustaendigkeit", "service_area", gettext_lazy("Zuständigkeit"))
    street = column_field("strasse", "street", gettext_lazy("Strasse und Nr."))
    po_box = column_field("postfach", "po_box", gettext_lazy("Postfach"))
    postcode = column_field("plz", "postcode", gettext_lazy("PLZ"))
    town = column_field("ort", "town", gettext_lazy("Ort"))
    phone = column_field("telefon", "phone", gettext_lazy("Telefon"))
    email = column_field("email", "email", gettext_lazy("E-Mail"))
    website = column_field("website", "website", gettext_lazy("Website"))
    is_published = published_column()
    last_verified_on = verified_column()

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

    def template_example(self, user):
        return {
            "kurzname": EXAMPLE_ORGANISATION_SLUG,
            "name": "Beispiel: Fachstelle Kinder und Jugend Liestal",
            "abkuerzung": "Beispiel FKJ",
            "typ": "office",
            "kanton": "BL",
            "land": "CH",
            "zustaendigkeit": "canton",
            "strasse": "Beispielstrasse 1",
            "postfach": "",
            "plz": "4410",
            "ort": "Liestal",
            "telefon": "+41 61 000 00 00",
            "email": "beispiel@example.org",
            "website": "https://www.example.org/",
            "veroeffentlicht": "nein",
            "zuletzt_geprueft": timezone.localdate().isoformat(),
        }

    def dehydrate_phone(self, organisation):
        return organisation.phone.as_e164 if organisation.phone else ""


class PositionResource(ScopedResource):
    """One row per position with its person: edit people and their functions in one sheet."""

    id = column_field("id", "id", gettext_lazy("ID"), widget=GermanIntegerWidget())
    person = column_field(
        "person", "person__slug", gettext_lazy("Person (Kurzname)"), readonly=True
    )
    first_name = column_field(
        "vorname", "person__first_name", gettext_lazy("Vorname"), readonly=True
    )
    last_name = column_field(
        "nachname", "person__last_name", gettext_lazy("Nachname"), readonly=True
    )
    title = column_field("funktion", "title_de", gettext_lazy("Funktion"))
    organisation = column_field(
        "organisation",
        "organisation",
        gettext_lazy("Organisation (Kurzname)"),
        widget=LookupWidget(Organisation, "slug", _("Unbekannte Organisation «%(value)s».")),
    )
    canton = column_field(
        "kanton", "organisation__canton__code", gettext_lazy("Kanton"), readonly=True
    )
    phone = column_field("telefon", "phone", gettext_lazy("Telefon direkt"))
    email = column_field("email", "email", gettext_lazy("E-Mail"))
    sort_order = column_field(
        "reihenfolge", "sort_order", gettext_lazy("Reihenfolge"), widget=GermanIntegerWidget()
    )
    is_published = published_column()
    last_verified_on = verified_column()

    scope_error_field = "organisation"
    row_columns = ("person", "vorname", "nachname")

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

    def template_example(self, user):
        # One of the editor's own organisations, so the row imports as it is; without
        # one, the organisation template's example (to be imported first).
        organisation = editable_queryset(user, Organisation).order_by("slug").first()
        return {
            "id": "",
            "person": "",
            "vorname": "Andrea",
            "nachname": "Beispiel",
            "funktion": "Beispiel: Koordinatorin Kinder- und Jugendhilfe",
            "organisation": organisation.slug if organisation else EXAMPLE_ORGANISATION_SLUG,
            "telefon": "+41 61 000 00 01",
            "email": "andrea.beispiel@example.org",
            "reihenfolge": "1",
            "veroeffentlicht": "nein",
            "zuletzt_geprueft": timezone.localdate().isoformat(),
        }

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
