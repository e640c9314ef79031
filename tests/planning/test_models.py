import datetime
import random
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from planning import services
from planning.models import (
    DevelopmentArea,
    DevelopmentField,
    Document,
    MeasureStatus,
    Plan,
    PrintOrder,
    Progress,
)
from planning.validators import validate_pdf

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_areas_are_ordered_by_letter_and_fields_by_number(make_plan, make_area, make_field):
    plan = make_plan()
    letters = list("ABCDE")
    random.Random(4).shuffle(letters)
    areas = {letter: make_area(plan, letter) for letter in letters}
    numbers = list(range(1, 11))
    random.Random(7).shuffle(numbers)
    for number in numbers:
        make_field(plan, number, area=areas["A"])

    assert [area.letter for area in DevelopmentArea.objects.filter(plan=plan)] == list("ABCDE")
    assert [field.number for field in DevelopmentField.objects.filter(plan=plan)] == list(
        range(1, 11)
    )


def test_field_number_is_unique_per_plan(make_plan, make_field):
    plan, other = make_plan(), make_plan()
    make_field(plan, 1)
    make_field(other, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_field(plan, 1)


def test_field_area_must_belong_to_its_plan(make_plan, make_area):
    plan, other = make_plan(), make_plan()
    foreign_area = make_area(other, "A")
    field = DevelopmentField(plan=plan, area=foreign_area, number=1, title="Feld")
    with pytest.raises(ValidationError) as error:
        field.full_clean()
    assert "area" in error.value.message_dict


def progress_of(field):
    return DevelopmentField.objects.with_progress().get(pk=field.pk).progress_percent


def test_field_progress_is_the_weighted_share_of_done_measures(make_plan, make_field, make_measure):
    field = make_field(make_plan())
    make_measure(field, MeasureStatus.DONE, weight=3)
    make_measure(field, MeasureStatus.IN_PROGRESS, weight=1)
    make_measure(field, MeasureStatus.PLANNED, weight=2)

    assert progress_of(field) == 50  # 3 of 6


def test_dropped_measures_do_not_count(make_plan, make_field, make_measure):
    field = make_field(make_plan())
    make_measure(field, MeasureStatus.DONE, weight=1)
    make_measure(field, MeasureStatus.PLANNED, weight=1)
    make_measure(field, MeasureStatus.DROPPED, weight=10)

    annotated = DevelopmentField.objects.with_progress().get(pk=field.pk)
    assert annotated.progress_percent == 50
    assert annotated.dropped_count == 1
    assert annotated.measure_count == 3


def test_field_without_measures_has_no_progress_rather_than_zero(
    make_plan, make_field, make_measure
):
    empty = make_field(make_plan())
    only_dropped = make_field(make_plan())
    make_measure(only_dropped, MeasureStatus.DROPPED)
    nothing_done = make_field(make_plan())
    make_measure(nothing_done, MeasureStatus.PLANNED)

    assert progress_of(empty) is None
    assert progress_of(only_dropped) is None
    assert progress_of(nothing_done) == 0


def test_progress_without_annotation_matches_the_database(make_plan, make_field, make_measure):
    field = make_field(make_plan())
    make_measure(field, MeasureStatus.DONE, weight=2)
    make_measure(field, MeasureStatus.PLANNED, weight=3)
    make_measure(field, MeasureStatus.DROPPED, weight=5)

    assert DevelopmentField.objects.get(pk=field.pk).progress_percent == progress_of(field) == 40


def test_plan_and_area_progress_count_fields_without_measures_as_zero(
    make_plan, make_area, make_field, make_measure
):
    plan = make_plan()
    area_a, area_b = make_area(plan, "A"), make_area(plan, "B")
    done = make_field(plan, 1, area=area_a)
    make_measure(done, MeasureStatus.DONE)
    half = make_field(plan, 2, area=area_a)
    make_measure(half, MeasureStatus.DONE)
    make_measure(half, MeasureStatus.PLANNED)
    make_field(plan, 3, area=area_b)  # no measures: counts as 0 %

    fields = list(DevelopmentField.objects.filter(plan=plan).with_progress())
    assert plan.progress_from(fields) == Progress(50, 2, 3)  # (100 + 50 + 0) / 3
    assert plan.progress_from([f for f in fields if f.area_id == area_a.pk]) == Progress(75, 2, 2)
    assert plan.progress_from([f for f in fields if f.area_id == area_b.pk]) == Progress(None, 0, 1)


def test_plan_progress_never_exceeds_what_all_fields_record(make_plan, make_field, make_measure):
    plan = make_plan()
    half = make_field(plan, 1)
    make_measure(half, MeasureStatus.DONE)
    make_measure(half, MeasureStatus.PLANNED)
    for number in range(2, 11):
        make_field(plan, number)

    fields = list(DevelopmentField.objects.filter(plan=plan).with_progress())
    assert plan.progress_from(fields) == Progress(5, 1, 10)


def test_completion_date_only_for_done_measures(make_plan, make_field, make_measure):
    field = make_field(make_plan())
    with pytest.raises(IntegrityError), transaction.atomic():
        make_measure(field, MeasureStatus.PLANNED, completed_on=datetime.date(2024, 5, 1))


@pytest.mark.parametrize("copies", [0, 21, 500])
def test_print_order_copies_are_limited_in_the_database(orderable_plan, copies):
    with pytest.raises(IntegrityError), transaction.atomic():
        PrintOrder.objects.create(
            plan=orderable_plan,
            name="A",
            street="B",
            postcode="4414",
            town="C",
            email="a@example.ch",
            copies=copies,
        )


def make_print_order(plan, **fields):
    values = {
        "name": "A",
        "street": "B",
        "postcode": "4414",
        "town": "C",
        "email": "a@example.ch",
        "copies": 1,
    }
    return PrintOrder.objects.create(plan=plan, **(values | fields))


def test_every_print_order_gets_a_reference_with_canton_year_and_random_part(orderable_plan):
    orders = [make_print_order(orderable_plan) for _number in range(20)]

    year = timezone.localdate().year
    references = [order.reference for order in orders]
    assert all(re.fullmatch(rf"BL-{year}-[2-9A-HJ-NP-Z]{{6}}", ref) for ref in references)
    assert len(set(references)) == 20
    # Random, not counted up: consecutive orders do not give away how many came before.
    assert references != sorted(references)


def test_a_print_order_keeps_its_reference_when_saved_again(orderable_plan):
    order = make_print_order(orderable_plan)
    reference = order.reference
    order.copies = 3
    order.save()
    order.refresh_from_db()
    assert order.reference == reference


def test_print_order_references_are_unique_in_the_database(orderable_plan):
    first = make_print_order(orderable_plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_print_order(orderable_plan, reference=first.reference)


def test_a_reference_collision_draws_a_new_reference(orderable_plan):
    taken = make_print_order(orderable_plan, reference="BL-2026-AAAAAA")
    draws = iter(["AAAAAA", "BBBBBB"])
    with mock.patch(
        "planning.models.new_print_order_reference",
        side_effect=lambda canton, year: f"BL-2026-{next(draws)}",
    ):
        placed = services.place_print_order(
            PrintOrder(
                plan=orderable_plan,
                name="Regula Muster",
                street="Ergolzstrasse 3",
                postcode="4414",
                town="Füllinsdorf",
                email="regula@example.ch",
                copies=2,
            )
        )

    assert placed.order.reference == "BL-2026-BBBBBB"
    assert PrintOrder.objects.filter(reference=taken.reference).count() == 1


def test_plan_period_must_run_forwards(make_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(period_start_year=2025, period_end_year=2020)


def test_plan_shows_period_and_date_as_precisely_as_known(make_plan):
    plan = make_plan(
        period_start_year=2020,
        period_end_year=2025,
        published_on=datetime.date(2020, 9, 1),
        published_precision="month",
    )
    assert plan.period_display == "2020–2025"
    assert plan.published_display == "September 2020"


def test_current_first_puts_a_continued_report_after_its_successor(make_plan):
    report = make_plan(title="Bericht", kind="report")
    older = make_plan(title="Alt", period_start_year=2010, period_end_year=2015)
    current = make_plan(
        title="Neu", period_start_year=2020, period_end_year=2025, predecessor=report
    )

    assert list(Plan.objects.current_first()) == [current, older, report]


def test_document_needs_either_a_file_or_a_link(make_plan):
    plan = make_plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(plan=plan, title="Nichts")
    with pytest.raises(ValidationError):
        Document(plan=plan, title="Nichts").full_clean()


def test_a_real_pdf_passes_validation(settings):
    settings.MAX_UPLOAD_MEGABYTES = 1
    validate_pdf(SimpleUploadedFile("planung.pdf", PDF_BYTES, "application/pdf"))


def test_a_non_pdf_renamed_to_pdf_is_refused_with_a_german_message():
    upload = SimpleUploadedFile("planung.pdf", PNG_BYTES, "application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload)
    assert "kein PDF-Dokument" in error.value.messages[0]
    assert "planung.pdf" in error.value.messages[0]


def test_a_text_file_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError):
        validate_pdf(SimpleUploadedFile("planung.pdf", b"Hallo, ich bin kein PDF.", "text/plain"))


def test_an_oversized_pdf_is_refused(settings):
    settings.MAX_UPLOAD_MEGABYTES = 1
    upload = SimpleUploadedFile("gross.pdf", PDF_BYTES + b"0" * (1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload)
    assert "höchstens 1 MB" in error.value.messages[0]


def test_document_model_validation_refuses_a_renamed_file(make_plan):
    document = Document(
        plan=make_plan(),
        title="Planung",
        file=SimpleUploadedFile("planung.pdf", PNG_BYTES, "application/pdf"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict
