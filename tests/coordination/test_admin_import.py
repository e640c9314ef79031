"""Importing committees (Gremien): the template, the dry run and the editing scope."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from coordination.models import Committee, Membership

COMMITTEE_COLUMNS = [
    "kurzname",
    "name",
    "abkuerzung",
    "zweck",
    "beschreibung",
    "ebene",
    "land",
    "kanton",
    "gemeinde",
    "gegruendet",
    "gegruendet_genauigkeit",
    "aufgeloest",
    "aufgeloest_genauigkeit",
    "website",
    "gehoert_zu",
    "leitung",
    "veroeffentlicht",
]

TEMPLATE_URL = "admin:coordination_committee_import_template"


@pytest.fixture
def bl_editor(make_editor, make_canton, make_country):
    make_country("CH")
    make_canton("ZH")
    return make_editor("BL")


@pytest.fixture
def editor_client(client, bl_editor):
    client.force_login(bl_editor)
    return client


@pytest.fixture
def template_rows(editor_client, read_xlsx):
    return read_xlsx(editor_client.get(reverse(TEMPLATE_URL)).content)


def test_template_downloads_as_xlsx_with_the_importers_headers(editor_client, read_xlsx):
    response = editor_client.get(reverse(TEMPLATE_URL))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="vorlage-gremien.xlsx"'
    headers, example = read_xlsx(response.content)
    assert headers == COMMITTEE_COLUMNS
    example = dict(zip(headers, example, strict=True))
    assert example["name"].startswith("Beispiel: ")
    assert (example["kanton"], example["veroeffentlicht"]) == ("BL", "nein")


def test_template_example_imports_in_a_dry_run(editor_client, import_dry_run, template_rows):
    response = import_dry_run(editor_client, Committee, template_rows)

    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert not Committee.objects.exists()


def test_confirmed_import_writes_the_committee_with_its_history(
    editor_client, bl_editor, import_dry_run, template_rows, change_cells, make_office
):
    office = make_office(canton="BL")
    rows = change_cells(template_rows, gehoert_zu=office.slug)
    dry_run = import_dry_run(editor_client, Committee, rows)
    confirm = dry_run.context["confirm_form"]

    response = editor_client.post(
        reverse("admin:coordination_committee_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert response.status_code == 302
    committee = Committee.objects.get()
    assert committee.name == "Beispiel: Kantonale Steuergruppe Kinder- und Jugendpolitik"
    assert (committee.canton.code, committee.parent_body) == ("BL", office.body_ptr)
    assert (committee.founded_on.year, committee.founded_precision) == (2020, "year")
    assert committee.dissolved_precision == "day"
    assert committee.short_name_de is None and committee.is_published is False
    assert committee.history.get().history_user == bl_editor


def test_bad_values_are_rejected_with_a_german_reason_per_column(
    editor_client, import_dry_run, template_rows, change_cells
):
    bad = change_cells(
        template_rows,
        land="XX",
        gemeinde="9999",
        gegruendet="2020",
        gegruendet_genauigkeit="jahr",
        aufgeloest="2019-12-31",
        gehoert_zu="gibt-es-nicht",
        leitung="Frau Muster",
        veroeffentlicht="vielleicht",
    )

    response = import_dry_run(editor_client, Committee, bad)

    [(row, reasons)] = response.context["rejected_rows"]
    by_column = dict(reasons)
    assert by_column == {
        "Land": "Unbekanntes Land «XX».",
        "Gemeinde (BFS-Nummer)": "Keine Gemeinde hat die BFS-Nummer «9999».",
        "Gegründet / seit": (
            "«2020» ist kein Datum. Bitte als JJJJ-MM-TT angeben, z.B. 2025-03-31."
        ),
        "Genauigkeit Gründung": "Wert 'jahr' ist keine gültige Option.",
        "Gehört zu (Kurzname)": (
            "Keine Stelle und kein Gremium hat den Kurznamen «gibt-es-nicht»."
        ),
        "Leitung (ID der Funktion)": "Unbekannte Funktion «Frau Muster».",
        "Veröffentlicht": "«vielleicht» ist weder ja noch nein. Bitte «ja» oder «nein» angeben.",
    }
    assert '<span class="rejection-column">Gehört zu (Kurzname)</span>: ' in (
        response.content.decode()
    )


def test_a_dissolution_before_the_founding_is_explained_under_its_column(
    editor_client, import_dry_run, template_rows, change_cells
):
    rows = change_cells(template_rows, aufgeloest="2019-12-31")

    response = import_dry_run(editor_client, Committee, rows)

    [(row, reasons)] = response.context["rejected_rows"]
    assert reasons == [("Aufgelöst am", "Die Auflösung kann nicht vor der Gründung liegen.")]


def test_bl_editor_importing_a_zurich_row_gets_it_rejected_with_the_reason(
    editor_client, import_dry_run, template_rows, change_cells
):
    response = import_dry_run(editor_client, Committee, change_cells(template_rows, kanton="ZH"))

    assert not response.context["result"].valid_rows()
    [(row, reasons)] = response.context["rejected_rows"]
    assert reasons == [("Kanton", "Kanton ausserhalb Ihres Bearbeitungsbereichs (erlaubt: BL).")]


def test_bl_editor_cannot_overwrite_a_zurich_committee(
    editor_client, import_dry_run, template_rows, change_cells, make_committee
):
    zurich = make_committee(canton="ZH")
    rows = change_cells(template_rows, kurzname=zurich.slug)

    response = import_dry_run(editor_client, Committee, rows)

    [(row, reasons)] = response.context["rejected_rows"]
    assert [reason for _column, reason in reasons] == [
        f"Der bestehende Eintrag «{zurich}» liegt ausserhalb Ihres Bearbeitungsbereichs."
    ]


def test_links_to_another_cantons_body_or_position_are_rejected(
    editor_client, import_dry_run, template_rows, change_cells, make_office, make_position
):
    zurich_office = make_office(canton="ZH")
    zurich_position = make_position(canton="ZH")
    rows = change_cells(
        template_rows, gehoert_zu=zurich_office.slug, leitung=str(zurich_position.pk)
    )

    response = import_dry_run(editor_client, Committee, rows)

    [(row, reasons)] = response.context["rejected_rows"]
    assert dict(reasons) == {
        "Gehört zu (Kurzname)": (
            f"«{zurich_office.slug}» liegt ausserhalb Ihres Bearbeitungsbereichs."
        ),
        "Leitung (ID der Funktion)": (
            f"«{zurich_position.pk}» liegt ausserhalb Ihres Bearbeitungsbereichs."
        ),
    }


def test_export_holds_the_editors_committees_and_imports_again(
    editor_client, import_dry_run, make_committee
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = make_committee(canton="BL", name="Steuergruppe Frühe Kindheit")
    make_committee(canton="ZH")
    url = reverse("admin:coordination_committee_export")
    form = editor_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data |= {name: "on" for name in form.fields if name.startswith("committeeresource_")}

    exported = editor_client.post(url, data).content.decode("utf-8-sig")

    header, *rows = exported.splitlines()
    assert header.split(";") == COMMITTEE_COLUMNS
    assert [row.split(";")[0] for row in rows] == [own.slug]
    dry_run = editor_client.post(
        reverse("admin:coordination_committee_import"),
        {
            "format": "0",
            "import_file": SimpleUploadedFile("gremien.csv", exported.encode(), "text/csv"),
        },
    )
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["skip"]


@pytest.mark.parametrize("model", [Committee, Membership], ids=lambda model: model.__name__)
def test_template_needs_the_permission_to_add(client, make_editor, model):
    from django.contrib.auth.models import Permission

    name = model._meta.model_name
    reader = make_editor("BL", group=None)
    reader.user_permissions.add(Permission.objects.get(codename=f"view_{name}"))
    client.force_login(reader)

    assert client.get(reverse(f"admin:coordination_{name}_import_template")).status_code == 403
    assert client.get(reverse(f"admin:coordination_{name}_import")).status_code == 403


def test_import_page_offers_the_template(editor_client):
    response = editor_client.get(reverse("admin:coordination_committee_import"))

    assertContains(
        response,
        f'<a href="{reverse(TEMPLATE_URL)}" download>Vorlage herunterladen (XLSX)</a>',
        html=True,
    )


MEMBERSHIP_COLUMNS = [
    "id",
    "gremium",
    "funktion",
    "organisation",
    "mitgliedergruppe",
    "vertritt_kanton",
    "rolle",
    "reihenfolge",
]

MEMBERSHIP_TEMPLATE_URL = "admin:coordination_membership_import_template"


def test_membership_template_names_an_own_committee_and_imports(
    editor_client, import_dry_run, read_xlsx, make_committee
):
    own = make_committee(canton="BL")
    make_committee(canton="ZH")
    response = editor_client.get(reverse(MEMBERSHIP_TEMPLATE_URL))
    assert response["Content-Disposition"] == 'attachment; filename="vorlage-mitglieder.xlsx"'
    rows = read_xlsx(response.content)
    assert rows[0] == MEMBERSHIP_COLUMNS
    assert dict(zip(*rows, strict=True))["gremium"] == own.slug

    dry_run = import_dry_run(editor_client, Membership, rows)

    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert not Membership.objects.exists()


def test_members_of_another_cantons_body_or_from_its_contacts_are_rejected(
    editor_client, import_dry_run, read_xlsx, change_cells, make_committee, make_position
):
    make_committee(canton="BL")
    zurich = make_committee(canton="ZH")
    zurich_position = make_position(canton="ZH")
    rows = read_xlsx(editor_client.get(reverse(MEMBERSHIP_TEMPLATE_URL)).content)
    foreign_body = change_cells(rows, gremium=zurich.slug)
    foreign_member = change_cells(rows, funktion=str(zurich_position.pk), vertritt_kanton="ZH")

    body_reasons = import_dry_run(editor_client, Membership, foreign_body).context["rejected_rows"][
        0
    ][1]
    member_reasons = import_dry_run(editor_client, Membership, foreign_member).context[
        "rejected_rows"
    ][0][1]

    assert body_reasons == [
        ("Gremium (Kurzname)", "Kanton ausserhalb Ihres Bearbeitungsbereichs (erlaubt: BL).")
    ]
    assert dict(member_reasons) == {
        "Funktion (ID)": f"«{zurich_position.pk}» liegt ausserhalb Ihres Bearbeitungsbereichs.",
        "Vertritt Kanton": "«ZH» liegt ausserhalb Ihres Bearbeitungsbereichs.",
    }


def test_a_member_without_position_organisation_or_group_is_explained(
    editor_client, import_dry_run, read_xlsx, change_cells, make_committee
):
    make_committee(canton="BL")
    rows = read_xlsx(editor_client.get(reverse(MEMBERSHIP_TEMPLATE_URL)).content)

    response = import_dry_run(editor_client, Membership, change_cells(rows, mitgliedergruppe=""))

    [(row, reasons)] = response.context["rejected_rows"]
    # Followed by Django's message for the same rule's database constraint.
    assert reasons[0] == (
        None,
        "Bitte eine Funktion, eine Organisation oder eine Mitgliedergruppe angeben.",
    )


def test_member_export_holds_the_editors_bodies_and_imports_again(
    editor_client, make_committee, make_position
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = make_committee(canton="BL")
    member = Membership.objects.create(
        body=own, position=make_position(canton="BL"), role="Vorsitz"
    )
    Membership.objects.create(body=make_committee(canton="ZH"), group_label="Gemeinden")
    url = reverse("admin:coordination_membership_export")
    form = editor_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data |= {name: "on" for name in form.fields if name.startswith("membershipresource_")}

    exported = editor_client.post(url, data).content.decode("utf-8-sig")

    header, *rows = exported.splitlines()
    assert header.split(";") == [*MEMBERSHIP_COLUMNS[:2], "mitglied", *MEMBERSHIP_COLUMNS[2:]]
    assert [row.split(";")[:3] for row in rows] == [
        [str(member.pk), own.slug, str(member.position)]
    ]
    dry_run = editor_client.post(
        reverse("admin:coordination_membership_import"),
        {
            "format": "0",
            "import_file": SimpleUploadedFile("mitglieder.csv", exported.encode(), "text/csv"),
        },
    )
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["skip"]
