import datetime
import logging

from django.core import mail
from django.utils import timezone

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


def place(plan, **fields):
    return services.place_print_order(new_order(plan, **fields)).order


def test_an_order_is_stored_and_the_fallback_address_notified(orderable_plan):
    placed = services.place_print_order(
        new_order(orderable_plan), site_url="https://portal.example/"
    )

    order = PrintOrder.objects.get(pk=placed.order.pk)
    assert not placed.duplicate
    assert order.notified_at is not None
    message = mail.outbox[0]
    assert message.to == ["bestellungen@example.ch"]
    assert "2 × Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung" in message.subject
    assert order.reference in message.subject
    assert f"Bestellnummer: {order.reference}" in message.body
    assert "Ergolzstrasse 3" in message.body
    assert f"https://portal.example/admin/planning/printorder/{order.pk}/change/" in message.body


def test_the_coordinators_own_address_comes_first(orderable_plan):
    orderable_plan.contact.email = "koordination@example.ch"
    orderable_plan.contact.save()

    place(orderable_plan)

    assert mail.outbox[0].to == ["koordination@example.ch"]


def test_the_person_ordering_gets_a_confirmation_in_german_with_reference_and_contact(
    orderable_plan,
):
    orderable_plan.contact.email = "koordination@example.ch"
    orderable_plan.contact.save()

    order = place(orderable_plan, remark="Bitte mit Rechnung.")

    assert order.confirmed_at is not None
    confirmation = mail.outbox[1]
    assert confirmation.to == ["regula@example.ch"]
    assert confirmation.reply_to == ["koordination@example.ch"]
    assert confirmation.subject == (
        f"Ihre Bestellung {order.reference}: "
        "«Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung»"
    )
    body = confirmation.body
    assert f"Ihre Bestellnummer: {order.reference}" in body
    assert (
        "Sie haben 2 gedruckte Exemplare von "
        "«Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung» bestellt."
    ) in body
    assert "Ergolzstrasse 3\n4414 Füllinsdorf" in body
    # Free text goes to staff only: the form must not mail a stranger's words to any address.
    assert "Bitte mit Rechnung." not in body
    contact = orderable_plan.contact
    assert f"{contact.person}, Koordinatorin Kinder- und Jugendhilfe" in body
    assert "Telefon +41 61 552 17 99" in body
    assert "E-Mail koordination@example.ch" in body
    assert "Freundliche Grüsse" in body
    assert "ß" not in body and " du " not in body and " dein" not in body


def test_an_unpublished_contact_is_not_named_in_the_confirmation(orderable_plan):
    contact = orderable_plan.contact
    contact.email = "intern@example.ch"
    contact.is_published = False
    contact.save()

    place(orderable_plan)

    confirmation = mail.outbox[-1]
    assert str(contact.person) not in confirmation.body
    assert "intern@example.ch" not in confirmation.body
    assert confirmation.reply_to == ["bestellungen@example.ch"]
    assert "an die Koordinationsstelle" in confirmation.body


def test_a_mail_failure_never_loses_the_order(orderable_plan, caplog, smtp_refusing):
    with caplog.at_level(logging.ERROR, logger="planning.services"):
        order = place(orderable_plan)

    stored = PrintOrder.objects.get(pk=order.pk)
    assert stored.status == "new"
    assert stored.notified_at is None and stored.confirmed_at is None
    assert stored.mail_error.startswith("E-Mail-Server nicht erreichbar (ConnectionRefusedError")
    assert "no mail server could be reached" in caplog.text


def test_without_any_recipient_the_order_is_kept_and_logged(orderable_plan, settings, caplog):
    settings.PORTAL_PRINT_ORDER_EMAIL = ""
    with caplog.at_level(logging.ERROR, logger="planning.services"):
        order = place(orderable_plan)

    stored = PrintOrder.objects.get(pk=order.pk, notified_at__isnull=True)
    assert "keine Empfängeradresse" in stored.mail_error
    assert stored.confirmed_at is not None
    assert [message.to for message in mail.outbox] == [["regula@example.ch"]]
    assert "no recipient" in caplog.text


def test_pending_mails_are_sent_later_exactly_once(orderable_plan, settings, smtp_refusing):
    order = place(orderable_plan)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert services.send_pending_mails(PrintOrder.objects.all()) == 1
    assert services.send_pending_mails(PrintOrder.objects.all()) == 0

    assert [message.to for message in mail.outbox] == [
        ["bestellungen@example.ch"],
        ["regula@example.ch"],
    ]
    order.refresh_from_db()
    assert order.notified_at is not None and order.confirmed_at is not None
    assert order.mail_error == ""


def test_a_mail_another_process_has_claimed_is_not_sent_again(orderable_plan, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = ""
    order = place(orderable_plan)  # confirmation sent, notification pending
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    stale = PrintOrder.objects.get(pk=order.pk)
    # Meanwhile another run sends the notification; `stale` still thinks it is pending.
    PrintOrder.objects.filter(pk=order.pk).update(notified_at=timezone.now())
    stale.confirmed_at = None
    mail.outbox.clear()

    services.send_order_mails(stale)

    assert mail.outbox == []


def test_an_identical_order_within_a_day_returns_the_first(orderable_plan):
    first = services.place_print_order(new_order(orderable_plan))
    again = services.place_print_order(
        new_order(orderable_plan, name="REGULA  muster", town=" füllinsdorf")
    )

    assert again.duplicate
    assert again.order == first.order
    assert PrintOrder.objects.count() == 1
    assert len(mail.outbox) == 2  # only the first order's two mails


def test_orders_from_before_the_confirmation_are_never_confirmed_late(orderable_plan):
    old = place(orderable_plan)
    PrintOrder.objects.filter(pk=old.pk).update(
        confirmed_at=None, notified_at=None, confirmation_due=False
    )
    mail.outbox.clear()

    assert [str(label) for label in PrintOrder.objects.get(pk=old.pk).mails_missing()] == [
        "Benachrichtigung der Koordinationsstelle"
    ]
    services.send_pending_mails(PrintOrder.objects.all())

    assert [message.to for message in mail.outbox] == [["bestellungen@example.ch"]]
    assert PrintOrder.objects.get(pk=old.pk).confirmed_at is None
    assert not PrintOrder.objects.mail_pending().exists()


def test_marking_sent_only_touches_new_orders(orderable_plan):
    new = place(orderable_plan)
    cancelled = place(orderable_plan, name="Andrea Muster")
    PrintOrder.objects.filter(pk=cancelled.pk).update(status="cancelled")

    assert services.mark_print_orders_sent(PrintOrder.objects.all()) == 1
    assert PrintOrder.objects.get(pk=new.pk).status == "sent"
    assert PrintOrder.objects.get(pk=new.pk).sent_at is not None
    assert PrintOrder.objects.get(pk=cancelled.pk).status == "cancelled"
