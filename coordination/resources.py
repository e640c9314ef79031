"""Bulk import and export of bodies in the admin (CSV and XLSX), as for the contacts
(contacts/resources.py): every row is validated like a form entry and against the
importing editor's scope, and a rejected row is explained per column, in German.

A committee's canton decides whose it is; what it links to (the body it belongs to, the
position that leads it) must lie within what the admin's form offers the editor.
"""

from django.utils.translation import gettext_lazy as _

from contacts.models import Canton, Country, Municipality, Position
from contacts.resources import (
    GermanDateWidget,
    LookupWidget,
    ScopedResource,
    column_field,
    published_column,
)
from coordination.models import Body, Committee
from core.dates import DatePrecision


def date_columns(column, attribute, label, precision_label):
    """A date and its precision ("year" for "seit 2019"); an empty precision is a day."""
    return (
        column_field(column, attribute, label, widget=GermanDateWidget()),
        column_field(
            f"{column}_genauigkeit",
            f"{attribute.removesuffix('_on')}_precision",
            precision_label,
            default=DatePrecision.DAY,
        ),
    )


class CommitteeResource(ScopedResource):
    slug = column_field("kurzname", "slug", _("Kurzname"))
    # The German columns, as for organisations: a sheet exported in French imports back.
    name = column_field("name", "name_de", _("Name"))
    short_name = column_field("abkuerzung", "short_name_de", _("Abkürzung"))
    purpose = column_field("zweck", "purpose_de", _("Zweck in einem Satz"))
    description = column_field("beschreibung", "description_de", _("Beschreibung"))
    jurisdiction = column_field("ebene", "jurisdiction", _("Ebene"))
    country = column_field(
        "land",
        "country",
        _("Land"),
        widget=LookupWidget(Country, "code", _("Unbekanntes Land «%(value)s».")),
    )
    canton = column_field(
        "kanton",
        "canton",
        _("Kanton"),
        widget=LookupWidget(Canton, "code", _("Unbekannter Kanton «%(value)s».")),
    )
    municipality = column_field(
        "gemeinde",
        "municipality",
        _("Gemeinde (BFS-Nummer)"),
        widget=LookupWidget(
            Municipality, "bfs_number", _("Keine Gemeinde hat die BFS-Nummer «%(value)s».")
        ),
    )
    founded_on, founded_precision = date_columns(
        "gegruendet", "founded_on", _("Gegründet / seit"), _("Genauigkeit Gründung")
    )
    dissolved_on, dissolved_precision = date_columns(
        "aufgeloest", "dissolved_on", _("Aufgelöst am"), _("Genauigkeit Auflösung")
    )
    website = column_field("website", "website", _("Website"))
    parent_body = column_field(
        "gehoert_zu",
        "parent_body",
        _("Gehört zu (Kurzname)"),
        widget=LookupWidget(
            Body,
            "slug",
            _("Keine Stelle und kein Gremium hat den Kurznamen «%(value)s»."),
            scoped=True,
        ),
    )
    led_by = column_field(
        "leitung",
        "led_by",
        _("Leitung (ID der Funktion)"),
        widget=LookupWidget(Position, "pk", _("Unbekannte Funktion «%(value)s»."), scoped=True),
    )
    is_published = published_column()

    scope_error_field = "canton"

    class Meta:
        model = Committee
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "purpose",
            "description",
            "jurisdiction",
            "country",
            "canton",
            "municipality",
            "founded_on",
            "founded_precision",
            "dissolved_on",
            "dissolved_precision",
            "website",
            "parent_body",
            "led_by",
            "is_published",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = "Gremien"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("canton", "country", "municipality", "parent_body", "led_by")
        )

    def template_example(self, user):
        return {
            "kurzname": "beispiel-steuergruppe-kinder-und-jugendpolitik-bl",
            "name": "Beispiel: Kantonale Steuergruppe Kinder- und Jugendpolitik",
            "abkuerzung": "",
            "zweck": "Beispiel: Stimmt die Massnahmen der Direktionen für Kinder und "
            "Jugendliche aufeinander ab.",
            "beschreibung": "",
            "ebene": "cantonal",
            "land": "CH",
            "kanton": "BL",
            "gemeinde": "",
            "gegruendet": "2020-01-01",
            "gegruendet_genauigkeit": "year",
            "aufgeloest": "",
            "aufgeloest_genauigkeit": "",
            "website": "https://www.example.org/",
            "gehoert_zu": "",
            "leitung": "",
            "veroeffentlicht": "nein",
        }
