"""Bulk import and export of bodies in the admin (CSV and XLSX), as for the contacts
(contacts/resources.py): every row is validated like a form entry and against the
importing editor's scope, and a rejected row is explained per column, in German.

A committee's canton decides whose it is, a member's the canton of its body; what a row
links to (the body a committee belongs to, a position, an organisation) must lie within
what the admin's form offers the editor.
"""

from django.utils.translation import gettext_lazy as _

from contacts.editing_scope import editable_queryset
from contacts.models import Canton, Country, Municipality, Organisation, Position
from contacts.resources import (
    GermanDateWidget,
    GermanIntegerWidget,
    LookupWidget,
    ScopedResource,
    column_field,
    published_column,
)
from coordination.models import Body, Committee, Membership
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


EXAMPLE_COMMITTEE_SLUG = "beispiel-steuergruppe-kinder-und-jugendpolitik-bl"
BODY_NOT_FOUND = _("Keine Stelle und kein Gremium hat den Kurznamen «%(value)s».")


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
        widget=LookupWidget(Body, "slug", BODY_NOT_FOUND, scoped=True),
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
            "kurzname": EXAMPLE_COMMITTEE_SLUG,
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


class MembershipResource(ScopedResource):
    """One row per member of a body: a position from the contacts, an organisation, or a
    described group ("Vertretung der Jugendverbände")."""

    id = column_field("id", "id", _("ID"), widget=GermanIntegerWidget())
    body = column_field(
        "gremium",
        "body",
        _("Gremium (Kurzname)"),
        widget=LookupWidget(Body, "slug", BODY_NOT_FOUND),
    )
    # Written for reading only: who the member is, which the ids do not say.
    member = column_field("mitglied", None, _("Mitglied"), readonly=True)
    position = column_field(
        "funktion",
        "position",
        _("Funktion (ID)"),
        widget=LookupWidget(Position, "pk", _("Unbekannte Funktion «%(value)s»."), scoped=True),
    )
    organisation = column_field(
        "organisation",
        "organisation",
        _("Organisation (Kurzname)"),
        widget=LookupWidget(
            Organisation, "slug", _("Unbekannte Organisation «%(value)s»."), scoped=True
        ),
    )
    group_label = column_field("mitgliedergruppe", "group_label_de", _("Mitgliedergruppe"))
    canton = column_field(
        "vertritt_kanton",
        "canton",
        _("Vertritt Kanton"),
        widget=LookupWidget(Canton, "code", _("Unbekannter Kanton «%(value)s»."), scoped=True),
    )
    role = column_field("rolle", "role_de", _("Rolle"))
    sort_order = column_field(
        "reihenfolge", "sort_order", _("Reihenfolge"), widget=GermanIntegerWidget(), default=0
    )

    scope_error_field = "body"

    class Meta:
        model = Membership
        import_id_fields = ["id"]
        fields = [
            "id",
            "body",
            "member",
            "position",
            "organisation",
            "group_label",
            "canton",
            "role",
            "sort_order",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = "Mitglieder"

    def get_queryset(self):
        return super().get_queryset().with_contacts().select_related("body")

    def dehydrate_member(self, membership):
        if membership.position_id:
            return str(membership.position)
        if membership.organisation_id:
            return str(membership.organisation)
        return membership.group_label

    def template_example(self, user):
        # One of the editor's own committees, so the row imports as it is; without one,
        # the committee template's example (to be imported first).
        committee = editable_queryset(user, Committee).order_by("slug").first()
        return {
            "id": "",
            "gremium": committee.slug if committee else EXAMPLE_COMMITTEE_SLUG,
            "funktion": "",
            "organisation": "",
            "mitgliedergruppe": "Beispiel: Vertretung der Jugendverbände",
            "vertritt_kanton": "",
            "rolle": "Beispiel: Mitglied",
            "reihenfolge": "1",
        }
