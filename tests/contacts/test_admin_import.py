"""The contacts' import templates: the headers the import reads and an example row that
imports as it is; a rejected row is explained per column, in German."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from contacts.models import Organisation, Person, Position

ORGANISATION_COLUMNS = [
    "kurzname",
    "name",
    "abkuerzung",
    "typ",
    "kanton",
    "land",
    "zustaendigkeit",
    "strasse",
    "postfach",
    "plz",
    "ort",
    "telefon",
    "email",
    "website",
    "veroeffentlicht",
    "zuletzt_geprueft",
]
# Without "kanton": the export writes the organisation's canton, the import ignores it.
POSITION_COLUMNS = [
    "id",
    "person",
    "vorname",
    "nachname",
    "funktion",
    "organisation",
    "telefon",
    "email",
    "reihenfolge",
    "veroeffentlicht",
    "zuletzt_geprueft",
]


def template_url(model):
    return reverse(f"admin:contacts_{model._meta.model_name}_import_template")


@pytest.fixture
def bl_editor(make_editor, make_canton, make_country):
    make_country("CH")
    make_canton("ZH")
    return make_editor("BL")


@pytest.fixture
def editor_client(client, bl_editor):
    client.force_login(bl_editor)
    return client


@pytest.mark.parametrize(
    ("model", "columns", "filename"),
    [
        (Organisation, ORGANISATION_COLUMNS, "vorlage-organisationen.xlsx"),
        (Position, POSITION_COLUMNS, "vorlage-personen-mit-funktionen.xlsx"),
    ],
)
def test_template_downloads_as_xlsx_with_the_importers_headers(
    editor_client, read_xlsx, model, columns, filename
):
    response = editor_client.get(template_url(model))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    headers, example = read_xlsx(response.content)
    assert headers == columns
    assert any(str(cell).startswith("Beispiel: ") for cell in example)
    assert dict(zip(headers, example, strict=True))["veroeffentlicht"] == "nein"


def test_template_notes_name_each_column_and_the_allowed_codes(editor_client):
    import io

    import openpyxl

    response = editor_client.get(template_url(Organisation))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    notes = {cell.value: cell.comment.text for cell in sheet[1]}
    assert notes["zustaendigkeit"].startswith("Zuständigkeit\nErlaubte Werte:")
    assert "office = Amt / Fachstelle" in notes["typ"]
    assert notes["plz"] == "PLZ"


def test_organisation_template_example_imports_in_a_dry_run(editor_client, import_dry_run):
    template = editor_client.get(template_url(Organisation)).content

    response = import_dry_run(editor_client, Organisation, template)

    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert "confirm_form" in response.context
    assert not Organisation.objects.exists()


def test_position_template_example_names_an_own_organisation_and_imports(
    editor_client, import_dry_run, read_xlsx, make_organisation
):
    own = make_organisation(canton="BL")
    make_organisation(canton="ZH")
    template = editor_client.get(template_url(Position)).content
    assert dict(zip(*read_xlsx(template), strict=True))["organisation"] == own.slug

    response = import_dry_run(editor_client, Position, template)

    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert not Position.objects.exists() and not Person.objects.exists()


def test_bad_values_are_rejected_with_a_german_reason_per_column(
    editor_client, import_dry_run, read_xlsx, change_cells
):
    rows = read_xlsx(editor_client.get(template_url(Organisation)).content)
    bad = change_cells(
        rows,
        typ="amt",
        kanton="XX",
        land="XX",
        telefon="12345",
        plz="44",
        email="keine-adresse",
        veroeffentlicht="vielleicht",
        zuletzt_geprueft="gestern",
    )

    response = import_dry_run(editor_client, Organisation, bad)

    [(row, reasons)] = response.context["rejected_rows"]
    by_column = dict(reasons)
    assert by_column.keys() == {
        "Typ",
        "Kanton",
        "Land",
        "Telefon",
        "PLZ",
        "E-Mail",
        "Veröffentlicht",
        "Zuletzt geprüft",
    }
    assert "'amt' ist keine gültige Option" in by_column["Typ"]
    assert by_column["Land"] == "Unbekanntes Land «XX»."
    # Only why the cell was not read, not what the model then misses ("braucht einen Kanton").
    assert [reason for column, reason in reasons if column == "Kanton"] == [
        "Unbekannter Kanton «XX»."
    ]
    assert "Telefonnummer" in by_column["Telefon"]
    assert "vier Ziffern" in by_column["PLZ"]
    assert "«vielleicht» ist weder ja noch nein" in by_column["Veröffentlicht"]
    assert "«gestern» ist kein Datum" in by_column["Zuletzt geprüft"]
    content = response.content.decode()
    assert '<span class="rejection-column">E-Mail</span>: ' in content
    assert not Organisation.objects.exists()


def test_bl_editor_importing_a_zurich_row_gets_it_rejected_with_the_reason(
    editor_client, import_dry_run, read_xlsx, change_cells
):
    rows = read_xlsx(editor_client.get(template_url(Organisation)).content)

    response = import_dry_run(editor_client, Organisation, change_cells(rows, kanton="ZH"))

    result = response.context["result"]
    assert not result.valid_rows()
    [(row, reasons)] = response.context["rejected_rows"]
    assert reasons == [("Kanton", "Kanton ausserhalb Ihres Bearbeitungsbereichs (erlaubt: BL).")]
    assert "confirm_form" not in response.context


def test_bl_editor_cannot_overwrite_a_zurich_organisation_through_the_template(
    editor_client, import_dry_run, read_xlsx, change_cells, make_organisation
):
    zurich = make_organisation(canton="ZH", name="Amt für Jugend und Berufsberatung")
    rows = read_xlsx(editor_client.get(template_url(Organisation)).content)

    response = import_dry_run(editor_client, Organisation, change_cells(rows, kurzname=zurich.slug))

    [(row, reasons)] = response.context["rejected_rows"]
    assert [reason for _column, reason in reasons] == [
        f"Der bestehende Eintrag «{zurich}» liegt ausserhalb Ihres Bearbeitungsbereichs."
    ]
    zurich.refresh_from_db()
    assert zurich.canton.code == "ZH"


@pytest.mark.parametrize("model", [Organisation, Position])
def test_template_needs_the_permission_to_add(client, make_editor, model):
    from django.contrib.auth.models import Permission

    reader = make_editor("BL", group=None)
    reader.user_permissions.add(Permission.objects.get(codename=f"view_{model._meta.model_name}"))
    client.force_login(reader)

    assert client.get(template_url(model)).status_code == 403
    assert client.get(reverse(f"admin:contacts_{model._meta.model_name}_import")).status_code == (
        403
    )


def test_import_page_offers_the_template(editor_client):
    response = editor_client.get(reverse("admin:contacts_organisation_import"))

    assertContains(
        response,
        f'<a href="{template_url(Organisation)}" download>Vorlage herunterladen (XLSX)</a>',
        html=True,
    )
