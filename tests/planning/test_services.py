import datetime
import logging
from unittest import mock

from django.core import mail

from planning import services
from planning.models import Measure, MeasureStatus, MeasureStatusChange, PrintOrder


def test_saving_a_new_measure_records_its_first_status(make_plan, make_field):
    field = make_field(make_plan())
    measure = services.save_measure(
        Measure(field=field, title="Konzept erarbeiten"), changed_on=datetime.date(2021, 3, 1)
    )

    change = MeasureStatusChange.objects.get(measure=measure)
    assert (change.old_status, change.new_status) == ("", MeasureStatus.PLANNED)
    assert change.changed_on == datetime.date(2021, 3, 1)


def test_every_status_change_is_kept_with_its_date(make_plan, make_field):
    measure = services.save_measure(
        Measure(field=make_field(make_plan()), title="Konzept"),
        changed_on=datetime.date(2021, 1, 4),
    )
    services.change_measure_status(
        measure, MeasureStatus.IN_PROGRESS, changed_on=datetime.date(2022, 2, 1)
    )
    services.change_measure_status(
        measure, MeasureStatus.DONE, changed_on=datetime.date(2023, 6, 30), note="Beschlossen"
    )

    history = list(
        MeasureStatusChange.objects.filter(measure=measure).values_list(
            "old_status", "new_status", "changed_on", "note"
        )
    )
    assert history == [
        ("", "planned", datetime.date(2021, 1, 4), ""),
        ("planned", "in_progress", datetime.date(2022, 2, 1), ""),
        ("in_progress", "done", datetime.date(2023, 6, 30), "Beschlossen"),
    ]
    measure.refresh_from_db()
    assert measure.completed_on == datetime.date(2023, 6, 30)


def test_saving_without_a_status_change_adds_no_entry(make_plan, make_field):
    measure = services.save_measure(Measure(field=make_field(make_plan()), title="Konzept"))
    measure.title = "Konzept überarbeiten"
    services.save_measure(measure)

    assert MeasureStatusChange.objects.filter(measure=measure).count() == 1


def test_reopening_a_done_measure_clears_its_completion_date(make_plan, make_field):
    measure = services.save_measure(Measure(field=make_field(make_plan()), title="Konzept"))
    services.change_measure_status(measure, MeasureStatus.DONE)
    services.change_measure_status(measure, MeasureStatus.IN_PROGRESS)

    measure.refresh_from_db()
    assert measure.completed_on is None


def new_order(plan, **fields):
    values = {
        "plan": plan,
        "name": "Regula Muster",
        "street": "Ergolzstrasse 3",
        "postcode": "4414",
        "town": "Füllinsdorf",
        "email": "regula@example.ch",
        "copies": 2,
    }
    values.update(fields)
    return PrintOrder(**values)


def test_an_order_is_stored_and_the_fallback_address_notified(orderable_plan):
    order = services.place_print_order(
        new_order(orderable_plan), site_url="https://portal.example/"
    )

    order.refresh_from_db()
    assert order.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bestellungen@example.ch"]
    assert "2 × Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung" in message.subject
    assert "Ergolzstrasse 3" in message.body
    assert f"https://portal.example/admin/planning/printorder/{order.pk}/change/" in message.body


def test_the_coordinators_own_address_comes_first(orderable_plan):
    orderable_plan.contact.email = "koordination@example.ch"
    orderable_plan.contact.save()

    services.place_print_order(new_order(orderable_plan))

    assert mail.outbox[0].to == ["koordination@example.ch"]


def test_a_mail_failure_never_loses_the_order(orderable_plan, caplog):
    with (
        mock.patch("planning.services.send_mail", side_effect=ConnectionRefusedError),
        caplog.at_level(logging.ERROR, logger="planning.services"),
    ):
        order = services.place_print_order(new_order(orderable_plan))

    stored = PrintOrder.objects.get(pk=order.pk)
    assert stored.status == "new"
    assert stored.notified_at is None
    assert "could not be sent" in caplog.text


def test_without_any_recipient_the_order_is_kept_and_logged(orderable_plan, settings, caplog):
    settings.PORTAL_PRINT_ORDER_EMAIL = ""
    with caplog.at_level(logging.ERROR, logger="planning.services"):
        order = services.place_print_order(new_order(orderable_plan))

    assert PrintOrder.objects.filter(pk=order.pk, notified_at__isnull=True).exists()
    assert mail.outbox == []
    assert "no recipient" in caplog.text


def test_marking_sent_only_touches_new_orders(orderable_plan):
    new = services.place_print_order(new_order(orderable_plan))
    cancelled = services.place_print_order(new_order(orderable_plan))
    PrintOrder.objects.filter(pk=cancelled.pk).update(status="cancelled")

    assert services.mark_print_orders_sent(PrintOrder.objects.all()) == 1
    assert PrintOrder.objects.get(pk=new.pk).status == "sent"
    assert PrintOrder.objects.get(pk=new.pk).sent_at is not None
    assert PrintOrder.objects.get(pk=cancelled.pk).status == "cancelled"
