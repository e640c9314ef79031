import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from planning import services
from planning.models import (
    Decision,
    Document,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    Plan,
    PrintOrder,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def admin_url(model, action, *args):
    return reverse(f"admin:planning_{model._meta.model_name}_{action}", args=args)


def make_order(plan, **fields):
    values = {
        "plan": plan,
        "name": "Regula Muster",
        "street": "Ergolzstrasse 3",
        "postcode": "4414",
        "town": "Füllinsdorf",
        "email": "regula@example.ch",
        "copies": 2,
    }
    return PrintOrder.objects.create(**(values | fields))


@pytest.mark.parametrize(
    "model",
    ["plan", "developmentfield", "measure", "decision", "recommendation", "document", "printorder"],
)
def test_change_lists_open(admin_client, make_plan, make_field, model):
    make_field(make_plan(), 1)
    response = admin_client.get(reverse(f"admin:planning_{model}_changelist"))
    assert response.status_code == 200


def test_plan_page_offers_only_its_own_areas_for_fields(
    admin_client, make_plan, make_area, make_field
):
    plan, other = make_plan(), make_plan()
    own_area = make_area(plan, "A")
    foreign_area = make_area(other, "A")
    make_field(plan, 1, area=own_area)

    response = admin_client.get(admin_url(Plan, "change", plan.pk))

    fields_formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model._meta.model_name == "developmentfield"
    )
    choices = set(fields_formset.forms[0].fields["area"].queryset)
    assert own_area in choices and foreign_area not in choices


def test_fields_inline_gets_its_plan_as_an_argument_not_on_the_request(
    rf, admin_user, make_plan, make_area
):
    from django.contrib import admin

    from planning.admin import DevelopmentFieldInline

    plan, other = make_plan(), make_plan()
    own_area, foreign_area = make_area(plan, "A"), make_area(other, "A")
    request = rf.get("/")
    request.user = admin_user
    inline = DevelopmentFieldInline(Plan, admin.site)
    areas = inline.get_formset(request, plan).form.base_fields["area"].queryset
    assert list(areas) == [own_area] and foreign_area not in areas
    assert not inline.get_formset(request, None).form.base_fields["area"].queryset.exists()
    assert not hasattr(request, "_planning_parent_plan")


def test_saving_measures_inline_records_each_status_change(
    admin_client, admin_user, make_plan, make_field, admin_post_data
):
    field = make_field(make_plan(), 1)
    measure = services.save_measure(Measure(field=field, title="Konzept erarbeiten"))
    url = admin_url(type(field), "change", field.pk)
    data = admin_post_data(admin_client.get(url))
    data["measures-0-status"] = MeasureStatus.IN_PROGRESS
    data["measures-0-status_changed_on"] = "01.03.2024"
    data["measures-TOTAL_FORMS"] = 2
    data.update(
        {
            "measures-1-title_de": "Gesetz entwerfen",
            "measures-1-status": MeasureStatus.PLANNED,
            "measures-1-weight": "2",
            "measures-1-sort_order": "1",
            "measures-1-field": str(field.pk),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    changes = MeasureStatusChange.objects.filter(measure=measure).order_by("pk")
    assert [(c.old_status, c.new_status) for c in changes] == [
        ("", "planned"),
        ("planned", "in_progress"),
    ]
    assert changes.last().recorded_by == admin_user
    assert changes.last().changed_on == datetime.date(2024, 3, 1)
    added = Measure.objects.get(title="Gesetz entwerfen")
    assert list(added.status_changes.values_list("old_status", "new_status")) == [("", "planned")]


def test_saving_a_measure_in_its_own_page_records_the_status_change(
    admin_client, make_plan, make_field, admin_post_data
):
    measure = services.save_measure(Measure(field=make_field(make_plan(), 1), title="Konzept"))
    url = admin_url(Measure, "change", measure.pk)
    data = admin_post_data(admin_client.get(url))
    data["status"] = MeasureStatus.DROPPED

    assert admin_client.post(url, data).status_code == 302
    last = measure.status_changes.last()
    assert (last.old_status, last.new_status) == ("planned", "dropped")
    assert last.changed_on == timezone.localdate()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def document_data(plan, upload):
    return {
        "plan": plan.pk,
        "field": "",
        "title_de": "Planung 2020",
        "description_de": "",
        "file": upload,
        "url": "",
        "sort_order": "0",
    }


def test_document_upload_refuses_a_non_pdf_renamed_to_pdf(admin_client, make_plan, media_root):
    plan = make_plan()
    upload = SimpleUploadedFile("planung.pdf", b"GIF89a" + b"\x00" * 100, "application/pdf")

    response = admin_client.post(admin_url(Document, "add"), document_data(plan, upload))

    assert response.status_code == 200
    assert Document.objects.count() == 0
    assert "ist kein PDF-Dokument" in response.content.decode()


def test_document_upload_accepts_a_pdf(admin_client, make_plan, media_root):
    plan = make_plan()
    upload = SimpleUploadedFile("planung.pdf", PDF_BYTES, "application/pdf")

    response = admin_client.post(admin_url(Document, "add"), document_data(plan, upload))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.endswith(".pdf")


def test_print_orders_filter_by_status(admin_client, orderable_plan):
    new = make_order(orderable_plan)
    make_order(orderable_plan, status="sent")

    response = admin_client.get(admin_url(PrintOrder, "changelist"), {"status__exact": "new"})

    assert list(response.context["cl"].result_list) == [new]


def test_mark_as_sent_action(admin_client, orderable_plan):
    orders = [make_order(orderable_plan), make_order(orderable_plan)]

    response = admin_client.post(
        admin_url(PrintOrder, "changelist"),
        {"action": "mark_sent", ACTION_CHECKBOX_NAME: [str(order.pk) for order in orders]},
    )

    assert response.status_code == 302
    assert set(PrintOrder.objects.values_list("status", flat=True)) == {"sent"}


def test_csv_export_lists_orders_and_defuses_formulas(admin_client, orderable_plan):
    order = make_order(orderable_plan, name='=HYPERLINK("http://evil")', copies=3)

    response = admin_client.post(
        admin_url(PrintOrder, "changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [str(order.pk)]},
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Bestellnummer", "Eingang", "Status", "Planung", "Exemplare"]
    order.refresh_from_db()
    assert rows[1][0] == order.reference
    assert rows[1][2:5] == ["neu", orderable_plan.title, "3"]
    assert rows[1][5].startswith("'=")


def test_cantonal_editor_sees_only_orders_of_their_canton(client, make_editor, make_plan):
    bl_plan = make_plan(canton="BL")
    zh_plan = make_plan(canton="ZH")
    own = make_order(bl_plan)
    make_order(zh_plan)
    client.force_login(make_editor("BL"))

    response = client.get(admin_url(PrintOrder, "changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [own]


@pytest.mark.parametrize("model", [Decision, Document])
def test_web_addresses_without_a_scheme_are_taken_as_https(rf, admin_user, model):
    from django.contrib import admin

    request = rf.get("/")
    request.user = admin_user
    form = admin.site._registry[model].get_form(request)(data={"url": "www.bl.ch/beschluss"})
    form.is_valid()
    assert form.cleaned_data["url"] == "https://www.bl.ch/beschluss"
