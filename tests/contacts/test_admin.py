"""The contacts admin under the editing scope: a BL editor keeps BL's records and cannot
touch Zurich's, whatever the request claims."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from contacts.editing_scope import CONFERENCE_SECRETARIAT_GROUP
from contacts.models import Organisation, Person, Position


def change_url(obj):
    return reverse(f"admin:contacts_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    return reverse(f"admin:contacts_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:contacts_{model._meta.model_name}_changelist")


@pytest.fixture
def bl_editor(make_editor):
    return make_editor("BL")


@pytest.fixture
def editor_client(client, bl_editor):
    client.force_login(bl_editor)
    return client


def test_change_list_shows_own_and_intercantonal_records_only(editor_client, make_organisation):
    own = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote", canton="BL")
    intercantonal = make_organisation(name="SODK", canton=None)
    zurich = make_organisation(name="Amt für Jugend und Berufsberatung", canton="ZH")

    response = editor_client.get(changelist_url(Organisation))

    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    assert own in shown and intercantonal in shown
    assert zurich not in shown


def test_editor_changes_own_organisation_and_history_records_who(
    editor_client, bl_editor, make_organisation, admin_post_data
):
    organisation = make_organisation(canton="BL", phone="+41615521799")
    page = editor_client.get(change_url(organisation))
    data = admin_post_data(page) | {"phone": "061 552 17 00"}

    response = editor_client.post(change_url(organisation), data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone.as_e164 == "+41615521700"
    latest = organisation.history.latest()
    assert latest.history_user == bl_editor
    assert latest.history_type == "~"


def test_editor_cannot_open_change_or_delete_another_cantons_record(
    editor_client, make_organisation, admin_post_data, admin_client
):
    zurich = make_organisation(name="Zürcher Amt", canton="ZH", phone="+41432595000")
    data = admin_post_data(admin_client.get(change_url(zurich))) | {"name_de": "Übernommen"}

    assert editor_client.get(change_url(zurich)).status_code == 403
    assert editor_client.post(change_url(zurich), data).status_code == 403
    assert editor_client.get(delete_url(zurich)).status_code == 403
    assert editor_client.post(delete_url(zurich), {"post": "yes"}).status_code == 403
    history_url = reverse("admin:contacts_organisation_history", args=[zurich.pk])
    assert editor_client.get(history_url).status_code == 403

    zurich.refresh_from_db()
    assert zurich.name == "Zürcher Amt"


def test_intercantonal_record_is_read_only_for_cantonal_editor(
    editor_client, make_organisation, admin_post_data, admin_client
):
    sodk = make_organisation(name="SODK", canton=None)
    data = admin_post_data(admin_client.get(change_url(sodk))) | {"name_de": "Geändert"}

    page = editor_client.get(change_url(sodk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert editor_client.post(change_url(sodk), data).status_code == 403
    sodk.refresh_from_db()
    assert sodk.name == "SODK"


def test_forged_canton_in_change_form_is_refused(
    editor_client, make_organisation, make_canton, admin_post_data
):
    organisation = make_organisation(name="Amt BL", canton="BL")
    zurich = make_canton("ZH")
    data = admin_post_data(editor_client.get(change_url(organisation))) | {
        "canton": str(zurich.pk),
        "name_de": "Verschoben",
    }

    response = editor_client.post(change_url(organisation), data)

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert (organisation.canton.code, organisation.name) == ("BL", "Amt BL")


def test_add_form_offers_only_own_cantons_and_refuses_others(
    editor_client, make_canton, make_country
):
    bl, zh, ch = make_canton("BL"), make_canton("ZH"), make_country("CH")
    add_url = reverse("admin:contacts_organisation_add")
    form = editor_client.get(add_url).context["adminform"].form
    assert list(form.fields["canton"].queryset) == [bl]

    data = {
        "name_de": "Neues Amt",
        "slug": "neues-amt",
        "kind": "office",
        "country": str(ch.pk),
        "service_area": "canton",
        "canton": str(zh.pk),
    }
    assert editor_client.post(add_url, data).status_code == 403
    assert not Organisation.objects.filter(slug="neues-amt").exists()

    # Without a canton the record would be inter-cantonal: the form says the canton is needed.
    response = editor_client.post(add_url, data | {"canton": "", "service_area": "intercantonal"})
    assert response.status_code == 200
    assert "canton" in response.context["adminform"].form.errors
    assert not Organisation.objects.filter(slug="neues-amt").exists()

    assert editor_client.post(add_url, data | {"canton": str(bl.pk)}).status_code == 302
    assert Organisation.objects.get(slug="neues-amt").canton == bl


def test_reassigning_a_position_to_another_cantons_organisation_is_refused(
    editor_client, make_position, make_organisation, admin_post_data
):
    position = make_position(canton="BL", title="Koordinatorin")
    zurich = make_organisation(canton="ZH")
    data = admin_post_data(editor_client.get(change_url(position))) | {
        "organisation": str(zurich.pk)
    }

    assert editor_client.post(change_url(position), data).status_code == 403
    position.refresh_from_db()
    assert position.organisation.canton.code == "BL"


def test_forged_inline_id_of_another_cantons_position_is_refused(
    editor_client, make_person, make_position, admin_post_data
):
    person = make_person(last_name="Beispiel")
    own = make_position(person=person, canton="BL", title="Koordinatorin")
    other_person = make_person(last_name="Zürcher")
    zurich = make_position(person=other_person, canton="ZH", title="Leiterin")
    data = admin_post_data(editor_client.get(change_url(person)))
    prefix = "positions-0-"
    assert data[prefix + "id"] == str(own.pk)
    data[prefix + "id"] = str(zurich.pk)
    data[prefix + "title_de"] = "Übernommen"

    assert editor_client.post(change_url(person), data).status_code == 403
    zurich.refresh_from_db()
    assert (zurich.title, zurich.person) == ("Leiterin", other_person)


def test_person_inline_hides_positions_of_other_cantons(editor_client, make_person, make_position):
    person = make_person()
    own = make_position(person=person, canton="BL")
    make_position(person=person, canton="ZH")

    response = editor_client.get(change_url(person))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in formset.initial_forms] == [own]


def test_new_person_needs_a_position_in_the_editors_canton(editor_client, make_organisation):
    organisation = make_organisation(canton="BL")
    add_url = reverse("admin:contacts_person_add")
    base = {
        "first_name": "Andrea",
        "last_name": "Neu",
        "slug": "andrea-neu",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "1",
        "positions-MAX_NUM_FORMS": "1000",
    }

    response = editor_client.post(add_url, base)
    assert response.status_code == 200
    assert not Person.objects.filter(slug="andrea-neu").exists()

    response = editor_client.post(
        add_url,
        base
        | {
            "positions-0-organisation": str(organisation.pk),
            "positions-0-title_de": "Sachbearbeiterin",
            "positions-0-sort_order": "0",
        },
    )
    assert response.status_code == 302
    assert Position.objects.get(person__slug="andrea-neu").organisation == organisation


def test_bulk_action_over_mixed_cantons_is_refused_entirely(editor_client, make_organisation):
    own = make_organisation(canton="BL", is_published=False)
    zurich = make_organisation(canton="ZH", is_published=False)
    url = changelist_url(Organisation)

    for action in ["delete_selected", "publish_selected"]:
        response = editor_client.post(
            url,
            {"action": action, ACTION_CHECKBOX_NAME: [own.pk, zurich.pk], "post": "yes"},
        )
        assert response.status_code == 403

    assert Organisation.objects.filter(pk__in=[own.pk, zurich.pk], is_published=False).count() == 2


def test_bulk_action_over_intercantonal_records_is_refused_for_cantonal_editor(
    editor_client, make_organisation
):
    sodk = make_organisation(canton=None)
    response = editor_client.post(
        changelist_url(Organisation),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [sodk.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=sodk.pk).exists()


def test_editor_deletes_own_record_with_bulk_action(editor_client, make_organisation):
    own = make_organisation(canton="BL")
    response = editor_client.post(
        changelist_url(Organisation),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=own.pk).exists()


def test_publish_and_withdraw_actions_are_recorded_in_history(
    editor_client, bl_editor, make_organisation
):
    draft = make_organisation(canton="BL", is_published=False)
    url = changelist_url(Organisation)

    editor_client.post(url, {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.history.latest().history_user == bl_editor

    editor_client.post(url, {"action": "unpublish_selected", ACTION_CHECKBOX_NAME: [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published
    assert draft.history.count() == 3


@pytest.mark.parametrize("model_name", ["organisation", "position"])
def test_mark_verified_sets_today_and_is_recorded(
    editor_client, bl_editor, make_position, model_name
):
    position = make_position(canton="BL", last_verified_on=datetime.date(2020, 1, 1))
    obj = position if model_name == "position" else position.organisation

    response = editor_client.post(
        reverse(f"admin:contacts_{model_name}_changelist"),
        {"action": "mark_verified", ACTION_CHECKBOX_NAME: [obj.pk]},
    )

    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.last_verified_on == timezone.localdate()
    latest = obj.history.latest()
    assert latest.history_user == bl_editor
    assert latest.last_verified_on == timezone.localdate()


def test_delete_of_organisation_with_people_is_refused_and_lists_them(editor_client, make_position):
    position = make_position(canton="BL", title="Koordinatorin Kinder- und Jugendhilfe")
    organisation = position.organisation

    page = editor_client.get(delete_url(organisation))
    response = editor_client.post(delete_url(organisation), {"post": "yes"})

    assert page.status_code == 200
    content = response.content.decode()
    assert "kann nicht gelöscht werden" in content
    assert "Koordinatorin Kinder- und Jugendhilfe" in content
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_revert_restores_an_earlier_version_and_is_recorded(
    editor_client, bl_editor, make_organisation, admin_post_data
):
    organisation = make_organisation(canton="BL", phone="+41615521799")
    original = organisation.history.earliest()
    organisation.phone = "+41615521700"
    organisation.save()

    revert_url = reverse(
        "admin:contacts_organisation_simple_history",
        args=[organisation.pk, original.history_id],
    )
    form_page = editor_client.get(revert_url)
    assert form_page.status_code == 200
    data = admin_post_data(form_page)
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone.as_e164 == "+41615521799"
    latest = organisation.history.latest()
    assert (latest.history_user, latest.history_type) == (bl_editor, "~")
    assert organisation.history.count() == 3


def test_revert_of_another_cantons_record_is_refused(
    editor_client, make_organisation, admin_client, admin_post_data
):
    zurich = make_organisation(canton="ZH", name="Zürcher Amt")
    version = zurich.history.earliest()
    zurich.name = "Neuer Name"
    zurich.save()
    revert_url = reverse(
        "admin:contacts_organisation_simple_history", args=[zurich.pk, version.history_id]
    )
    data = admin_post_data(admin_client.get(revert_url))

    assert editor_client.get(revert_url).status_code == 403
    assert editor_client.post(revert_url, data).status_code == 403
    zurich.refresh_from_db()
    assert zurich.name == "Neuer Name"


def test_superuser_is_unrestricted(admin_client, make_organisation, admin_post_data):
    zurich = make_organisation(canton="ZH", name="Zürcher Amt")
    data = admin_post_data(admin_client.get(change_url(zurich))) | {"name_de": "Geändert"}

    assert admin_client.post(change_url(zurich), data).status_code == 302
    zurich.refresh_from_db()
    assert zurich.name == "Geändert"


def test_canton_autocomplete_offers_only_own_cantons(editor_client, make_canton):
    bl = make_canton("BL")
    make_canton("ZH")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "contacts", "model_name": "organisation", "field_name": "canton"},
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(bl.pk)]


def csv_upload(text, name="kontakte.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


ORGANISATION_HEADER = "kurzname,name,typ,kanton,land,zustaendigkeit,telefon\n"


def import_form(admin_model, upload):
    from contacts import admin as contacts_admin
    from contacts.resources import SpreadsheetCSV

    formats = getattr(contacts_admin, admin_model).import_formats
    return {"format": str(formats.index(SpreadsheetCSV)), "import_file": upload}


def test_import_dry_run_reports_bad_rows_and_writes_nothing(
    editor_client, make_canton, make_country
):
    make_canton("BL")
    make_canton("ZH")
    make_country("CH")

    text = ORGANISATION_HEADER + (
        "amt-a,Amt A,office,BL,CH,canton,+41 61 552 17 99\n"
        "amt-b,Amt B,office,BL,CH,canton,12345\n"
        "amt-c,Amt C,office,XX,CH,canton,\n"
        "amt-d,Amt D,office,ZH,CH,canton,\n"
    )
    response = editor_client.post(
        reverse("admin:contacts_organisation_import"),
        import_form("OrganisationAdmin", csv_upload(text)),
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    messages = {number: " ".join(row.error.messages) for number, row in invalid.items()}
    assert "Telefonnummer" in messages[2]
    assert "Unbekannter Kanton «XX»" in messages[3]
    assert "ausserhalb Ihres Bearbeitungsbereichs" in messages[4]
    assert not Organisation.objects.filter(slug__startswith="amt-").exists()
    # The valid row is listed too, and may be imported alone after confirmation.
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert response.context["confirms_valid_rows_only"] is True
    assert "Nur die gültigen Zeilen importieren" in response.content.decode()


def test_import_dry_run_shows_each_rejection_reason_as_text_under_its_row(
    editor_client, make_canton, make_country
):
    make_canton("BL")
    make_country("CH")
    text = ORGANISATION_HEADER + (
        "amt-a,Amt A,office,BL,CH,canton,061 552 17 99\n"
        "amt-b,Amt B,office,BL,CH,canton,12345\n"
        "amt-c,Amt C,office,XX,CH,canton,\n"
    )

    response = editor_client.post(
        reverse("admin:contacts_organisation_import"),
        import_form("OrganisationAdmin", csv_upload(text)),
    )

    content = response.content.decode()
    rejected = re.findall(r'<tbody class="rejected-row">(.*?)</tbody>', content, re.S)
    assert len(rejected) == 2
    values, reasons = rejected[0].split('<tr class="rejection">')
    assert "<td>12345</td>" in values
    # Named by the column's label in the table header, as plain text (not only in a hover box).
    assert '<span class="rejection-column">Telefon</span>: Bitte eine gültige Telefonnummer' in (
        reasons
    )
    assert "<td>XX</td>" in rejected[1] and "Unbekannter Kanton «XX»" in rejected[1]
    assert "validation-error-container" not in content


def test_editor_may_confirm_importing_only_the_valid_rows(
    editor_client, bl_editor, make_canton, make_country
):
    make_canton("BL")
    make_country("CH")
    text = ORGANISATION_HEADER + (
        "amt-a,Amt A,office,BL,CH,canton,061 552 17 99\namt-b,Amt B,office,BL,CH,canton,12345\n"
    )
    dry_run = editor_client.post(
        reverse("admin:contacts_organisation_import"),
        import_form("OrganisationAdmin", csv_upload(text)),
    )
    confirm = dry_run.context["confirm_form"]

    response = editor_client.post(
        reverse("admin:contacts_organisation_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert response.status_code == 302
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["amt-a"]
    assert Organisation.objects.get().history.get().history_user == bl_editor


def test_valid_import_is_confirmed_then_written_with_history(
    editor_client, bl_editor, make_canton, make_country
):
    make_canton("BL")
    make_country("CH")
    text = ORGANISATION_HEADER + "amt-a,Amt A,office,BL,CH,canton,061 552 17 99\n"
    dry_run = editor_client.post(
        reverse("admin:contacts_organisation_import"),
        import_form("OrganisationAdmin", csv_upload(text)),
    )
    assert not Organisation.objects.filter(slug="amt-a").exists()
    confirm = dry_run.context["confirm_form"]

    response = editor_client.post(
        reverse("admin:contacts_organisation_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="amt-a")
    assert organisation.phone.as_e164 == "+41615521799"
    assert organisation.history.latest().history_user == bl_editor


def test_position_import_creates_person_and_refuses_foreign_organisation(
    editor_client, make_organisation
):
    own = make_organisation(canton="BL", name="AKJB")
    zurich = make_organisation(canton="ZH")
    header = "id,vorname,nachname,funktion,organisation,telefon\n"
    text = header + (
        f",Andrea,Beispiel,Koordinatorin,{own.slug},061 552 17 99\n"
        f",Beat,Zürcher,Leiter,{zurich.slug},\n"
        ",Claudia,Muster,Leiterin,gibt-es-nicht,\n"
    )
    response = editor_client.post(
        reverse("admin:contacts_position_import"),
        import_form("PositionAdmin", csv_upload(text)),
    )

    result = response.context["result"]
    invalid = {row.number: " ".join(row.error.messages) for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    assert "ausserhalb" in invalid[2]
    assert "Unbekannte Organisation" in invalid[3]
    assert not Person.objects.filter(last_name__in=["Beispiel", "Zürcher", "Muster"]).exists()


def test_xlsx_import_reads_empty_cells_as_not_given(
    editor_client, import_dry_run, make_canton, make_country
):
    make_canton("BL")
    make_country("CH")
    rows = [
        ["kurzname", "name", "abkuerzung", "typ", "kanton", "land", "zustaendigkeit", "strasse"],
        ["amt-a", "Amt A", None, "office", "BL", "CH", "canton", None],
    ]

    response = import_dry_run(editor_client, Organisation, rows)

    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]


@pytest.mark.parametrize(("format_index", "content_type"), [("0", "text/csv"), ("1", "sheet")])
def test_export_holds_the_editors_readable_records_only(
    editor_client, make_organisation, format_index, content_type
):
    own = make_organisation(canton="BL", name="Eigenes Amt")
    make_organisation(canton="ZH", name="Zürcher Amt")
    url = reverse("admin:contacts_organisation_export")
    form = editor_client.get(url).context["form"]
    data = {"format": format_index, "resource": "0"}
    data |= {name: "on" for name in form.fields if name.startswith("organisationresource_")}

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert content_type in response["Content-Type"]
    if format_index == "0":
        rows = response.content.decode("utf-8-sig").splitlines()
        assert rows[0].startswith("kurzname;name;")
        assert [row.split(";")[0] for row in rows[1:]] == [own.slug]


def admin_csv_export(client, url_name):
    url = reverse(url_name)
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data |= {name: "on" for name in form.fields if "resource_" in name}
    return client.post(url, data).content


def test_admin_csv_export_is_written_like_the_public_one(
    editor_client, make_organisation, make_position
):
    from core.spreadsheets import spreadsheet_safe

    organisation = make_organisation(canton="BL", name="=HYPERLINK(1)")
    position = make_position(canton="BL", title="=HYPERLINK(2)", organisation=organisation)
    public = b"".join(editor_client.get(reverse("contacts:export_csv")).streaming_content)

    for url_name in ("admin:contacts_organisation_export", "admin:contacts_position_export"):
        exported = admin_csv_export(editor_client, url_name)

        assert exported.startswith(b"\xef\xbb\xbf") and public.startswith(b"\xef\xbb\xbf")
        header = exported.decode("utf-8-sig").splitlines()[0]
        assert ";" in header and "," not in header
        assert spreadsheet_safe(position.title) in public.decode()
        guarded = exported.decode()
        assert "'=HYPERLINK(" in guarded
        assert ";=HYPERLINK(" not in guarded and "\n=HYPERLINK(" not in guarded
    assert spreadsheet_safe(position.title) == "'=HYPERLINK(2)"


def test_admin_csv_export_imports_again(editor_client, make_organisation):
    organisation = make_organisation(
        canton="BL", name="Amt für Kind, Jugend und Behindertenangebote"
    )
    exported = admin_csv_export(editor_client, "admin:contacts_organisation_export")

    dry_run = editor_client.post(
        reverse("admin:contacts_organisation_import"),
        import_form("OrganisationAdmin", csv_upload(exported.decode("utf-8"))),
    )

    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["skip"]
    assert organisation.name in exported.decode()


INLINE_CODE = re.compile(
    r"""\sstyle=["']|\son[a-z]+=["']|<style|<script(?![^>]*\ssrc=)(?![^>]*type="application/json")"""
)


def test_admin_pages_have_no_inline_script_or_style(admin_client, make_position):
    """The admin runs under the site's CSP without 'unsafe-inline'."""
    position = make_position(canton="BL")
    organisation = position.organisation
    version = organisation.history.earliest()
    pages = [
        reverse("admin:index"),
        changelist_url(Organisation),
        change_url(organisation),
        change_url(position.person),
        reverse("admin:contacts_organisation_add"),
        reverse("admin:contacts_organisation_history", args=[organisation.pk]),
        reverse(
            "admin:contacts_organisation_simple_history",
            args=[organisation.pk, version.history_id],
        ),
        delete_url(organisation),
        reverse("admin:contacts_organisation_import"),
        reverse("admin:contacts_organisation_export"),
        reverse("staff_dashboard"),
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        found = INLINE_CODE.findall(response.content.decode())
        assert not found, (page, found)


def test_autocomplete_offers_what_the_form_accepts(client, make_editor, make_position):
    bl, zurich = make_position(canton="BL"), make_position(canton="ZH")
    sodk_member = make_position(organisation=None, canton=None)
    params = {"app_label": "coordination", "model_name": "membership", "field_name": "position"}

    def offered(editor):
        client.force_login(editor)
        response = client.get(reverse("admin:autocomplete"), params)
        return {int(item["id"]) for item in response.json()["results"]}

    # A cantonal editor picks from their canton and inter-cantonal records ...
    assert offered(make_editor("BL")) == {bl.pk, sodk_member.pk}
    # ... the secretariat from every canton (conference members come from all of them).
    secretariat = make_editor(group=CONFERENCE_SECRETARIAT_GROUP)
    assert offered(secretariat) == {bl.pk, zurich.pk, sodk_member.pk}


def test_refusal_explains_itself_in_german(editor_client, make_organisation):
    zurich = make_organisation(canton="ZH")
    response = editor_client.get(change_url(zurich))
    assert response.status_code == 403
    content = response.content.decode()
    assert "ausserhalb Ihres Bearbeitungsbereichs" in content
    assert "Es wurde nichts geändert." in content


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ja", True), ("Ja ", True), ("1", True), ("nein", False), ("0", False), ("", None)],
)
def test_the_published_column_reads_yes_and_no_as_staff_write_them(typed, expected):
    from contacts.resources import GermanBooleanWidget

    assert GermanBooleanWidget().clean(typed) is expected


def test_an_unclear_published_value_is_a_row_error_not_a_silent_no():
    from contacts.resources import GermanBooleanWidget

    with pytest.raises(ValueError, match="«vielleicht» ist weder ja noch nein"):
        GermanBooleanWidget().clean("vielleicht")
