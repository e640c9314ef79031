"""Writes that touch several planning records: measure status history and print orders."""

import contextlib
import logging
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts.models import Position
from core import mail
from core.translation import SOURCE_LANGUAGE
from planning.models import (
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    Plan,
    PrintOrder,
    PrintOrderStatus,
)

logger = logging.getLogger(__name__)


def record_status_change(measure, old_status, *, changed_on=None, note="", user=None):
    """Keep a dated entry when `measure` (already saved) has a status other than `old_status`.

    Returns the new MeasureStatusChange, or None when the status did not change.
    """
    if measure.status == old_status:
        return None
    return MeasureStatusChange.objects.create(
        measure=measure,
        old_status=old_status or "",
        new_status=measure.status,
        changed_on=changed_on or timezone.localdate(),
        note=note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def save_measure(measure, *, changed_on=None, note="", user=None):
    """Save `measure` and log its status change (also its first status on creation)."""
    if measure.pk:
        old_status = (
            Measure.objects.filter(pk=measure.pk).values_list("status", flat=True).first() or ""
        )
    else:
        old_status = ""
    measure.save()
    record_status_change(measure, old_status, changed_on=changed_on, note=note, user=user)
    return measure


def change_measure_status(measure, new_status, *, changed_on=None, note="", user=None):
    """Move `measure` to `new_status`; sets or clears the completion date to match."""
    changed_on = changed_on or timezone.localdate()
    measure.status = new_status
    if new_status == MeasureStatus.DONE:
        measure.completed_on = measure.completed_on or changed_on
    else:
        measure.completed_on = None
    return save_measure(measure, changed_on=changed_on, note=note, user=user)


DUPLICATE_WINDOW = timedelta(hours=24)
REFERENCE_ATTEMPTS = 5


class PlacedOrder(NamedTuple):
    order: PrintOrder
    duplicate: bool
    # A repeat shows the earlier order's reference only to whoever gave its e-mail address:
    # name and address alone must not reveal whether, when or under which number X ordered.
    same_email: bool = True


def print_order_recipients(plan):
    """The coordinator's own address if known, otherwise the portal's fallback address."""
    contact = plan.contact
    if contact is not None and contact.email:
        return [contact.email]
    fallback = getattr(settings, "PORTAL_PRINT_ORDER_EMAIL", "")
    return [fallback] if fallback else []


def published_contact(plan):
    """The plan's contact as the public pages show it, or None when it is not published."""
    if plan.contact_id is None:
        return None
    return (
        Position.objects.published()
        .select_related("person", "organisation")
        .filter(pk=plan.contact_id)
        .first()
    )


def _comparable(text):
    return " ".join((text or "").split()).casefold()


def _order_key(order):
    return tuple(
        _comparable(value) for value in (order.name, order.street, order.postcode, order.town)
    )


def earlier_identical_order(order):
    """An order of the same plan, name and address within the last 24 hours, if any."""
    key = _order_key(order)
    candidates = (
        PrintOrder.objects.filter(
            plan_id=order.plan_id, created_at__gte=timezone.now() - DUPLICATE_WINDOW
        )
        .exclude(status=PrintOrderStatus.CANCELLED)
        .order_by("created_at", "pk")
    )
    return next((earlier for earlier in candidates if _order_key(earlier) == key), None)


def _save_with_unique_reference(order):
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                order.save()
            return
        except IntegrityError:
            taken = PrintOrder.objects.filter(reference=order.reference).exists()
            if not taken or attempt == REFERENCE_ATTEMPTS - 1:
                raise
            order.reference = ""  # a new random reference on the next save


def place_print_order(order, *, site_url=""):
    """Store `order` for good, then send the staff notification and the confirmation.

    The order is committed before any mail is attempted, so a mail failure can never
    lose it. An identical order (same plan, name and address) from the last 24 hours is
    not stored again: the earlier one is returned with `duplicate=True`.
    """
    with transaction.atomic():
        # Orders for one plan are checked and stored one at a time, so a double click
        # cannot store the same order twice (PostgreSQL; SQLite serialises all writes).
        list(Plan.objects.select_for_update().filter(pk=order.plan_id).values_list("pk"))
        earlier = earlier_identical_order(order)
        if earlier is not None:
            same_email = _comparable(earlier.email) == _comparable(order.email)
            return PlacedOrder(earlier, duplicate=True, same_email=same_email)
        order.status = PrintOrderStatus.NEW
        _save_with_unique_reference(order)
    send_order_mails(order, site_url=site_url)
    return PlacedOrder(order, duplicate=False)


def _notification(order, recipients, *, site_url):
    with translation.override(SOURCE_LANGUAGE):  # staff read German
        return _notification_message(order, recipients, site_url=site_url)


def _notification_message(order, recipients, *, site_url):
    admin_url = site_url.rstrip("/") + admin_change_url(order) if site_url else ""
    subject = _("Bestellung %(reference)s gedruckte Planung: %(copies)s × %(plan)s") % {
        "reference": order.reference,
        "copies": order.copies,
        "plan": order.plan.title,
    }
    body = render_to_string(
        "planning/email/print_order_notification.txt", {"order": order, "admin_url": admin_url}
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _confirmation(order, *, site_url):
    # In the language of the page the visitor ordered on, resends included.
    with translation.override(order.language):
        return _confirmation_message(order, site_url=site_url)


def _confirmation_message(order, *, site_url):
    contact = published_contact(order.plan)
    fallback = getattr(settings, "PORTAL_PRINT_ORDER_EMAIL", "")
    reply_to = [contact.email] if contact and contact.email else [fallback] if fallback else []
    plan_url = site_url.rstrip("/") + order.plan.get_absolute_url() if site_url else ""
    subject = _("Ihre Bestellung %(reference)s: «%(plan)s»") % {
        "reference": order.reference,
        "plan": order.plan.title,
    }
    body = render_to_string(
        "planning/email/print_order_confirmation.txt",
        {"order": order, "contact": contact, "reply_to": reply_to, "plan_url": plan_url},
    )
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [order.email], reply_to=reply_to
    )


def send_order_mails(order, *, site_url=""):
    """Send whichever of notification and confirmation has not gone out yet.

    Each is claimed before it is sent and released if sending fails (core.mail), so a
    retry never sends a mail twice. One connection serves both mails: a mail server that
    does not answer costs one EMAIL_TIMEOUT, not two. Failures are logged and kept in
    `mail_error` for staff; `order` is refreshed with the outcome.
    """
    # Staff read the outcome (mail_error) in German, whoever triggered the sending.
    with translation.override(SOURCE_LANGUAGE):
        return _send_order_mails(order, site_url=site_url)


def _send_order_mails(order, *, site_url):
    errors = []
    pending = []
    if order.notified_at is None:
        recipients = print_order_recipients(order.plan)
        if recipients:
            pending.append(("notified_at", _notification(order, recipients, site_url=site_url)))
        else:
            logger.error(
                "Print order %s stored, but no recipient: the plan's contact has no email and "
                "PORTAL_PRINT_ORDER_EMAIL is not set.",
                order.pk,
            )
            errors.append(
                _(
                    "Benachrichtigung nicht versandt: keine Empfängeradresse (die Auskunftsperson "
                    "der Planung hat keine E-Mail-Adresse, PORTAL_PRINT_ORDER_EMAIL ist leer)."
                )
            )
    if order.confirmation_due and order.confirmed_at is None:
        pending.append(("confirmed_at", _confirmation(order, site_url=site_url)))
    claimed = [
        (field, message, stamp) for field, message in pending if (stamp := mail.claim(order, field))
    ]
    if claimed:
        errors.extend(_send_claimed(order, claimed))
    if errors:
        PrintOrder.objects.filter(pk=order.pk).update(mail_error=" ".join(errors)[:500])
    elif claimed:
        PrintOrder.objects.filter(pk=order.pk).update(mail_error="")
    order.refresh_from_db(fields=["notified_at", "confirmed_at", "mail_error"])
    return order


def _send_claimed(order, claimed):
    labels = PrintOrder.MAIL_LABELS
    errors = []
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        # Whatever the mail server does, the order is already stored.
        logger.exception("Print order %s stored, but no mail server could be reached.", order.pk)
        for field, _message, stamp in claimed:
            mail.release(order, field, stamp)
        return [_("E-Mail-Server nicht erreichbar (%(error)s).") % {"error": mail.describe(error)}]
    try:
        for field, message, stamp in claimed:
            message.connection = connection
            try:
                message.send()
            except Exception as error:
                logger.exception(
                    "Print order %s stored, but the %s could not be sent.", order.pk, field
                )
                mail.release(order, field, stamp)
                errors.append(
                    _("%(mail)s nicht versandt (%(error)s).")
                    % {"mail": labels[field], "error": mail.describe(error)}
                )
    finally:
        # Both mails are handed over (or failed) by now; a failing goodbye changes nothing.
        with contextlib.suppress(Exception):
            connection.close()
    return errors


def send_pending_mails(queryset, *, site_url=""):
    """Retry the mails that have not gone out; returns how many orders are now complete."""
    complete = 0
    for order in queryset.mail_pending().select_related("plan__canton", "plan__contact"):
        send_order_mails(order, site_url=site_url)
        complete += not order.mails_missing()
    return complete


def mark_print_orders_sent(queryset):
    """Staff action: the printed copies are in the post."""
    return queryset.filter(status=PrintOrderStatus.NEW).update(
        status=PrintOrderStatus.SENT, sent_at=timezone.now()
    )


def admin_change_url(order):
    return reverse("admin:planning_printorder_change", args=[order.pk])
