"""Writes that touch several planning records: measure status history and print orders."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import (
    Measure,
    MeasureStatus,
    MeasureStatusChange,
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


def print_order_recipients(plan):
    """The coordinator's own address if known, otherwise the portal's fallback address."""
    contact = plan.contact
    if contact is not None and contact.email:
        return [contact.email]
    fallback = getattr(settings, "PORTAL_PRINT_ORDER_EMAIL", "")
    return [fallback] if fallback else []


def place_print_order(order, *, site_url=""):
    """Store `order` for good, then tell the coordinator.

    The order is committed before any mail is attempted, so a mail failure can never
    lose it; staff find unsent notifications in the admin (empty "benachrichtigt am").
    """
    with transaction.atomic():
        order.status = PrintOrderStatus.NEW
        order.save()
    admin_url = site_url.rstrip("/") + admin_change_url(order) if site_url else ""
    notify_coordinator(order, admin_url=admin_url)
    return order


def notify_coordinator(order, *, admin_url=""):
    recipients = print_order_recipients(order.plan)
    if not recipients:
        logger.error(
            "Print order %s stored, but no recipient: the plan's contact has no email and "
            "PORTAL_PRINT_ORDER_EMAIL is not set.",
            order.pk,
        )
        return False
    subject = _("Bestellung gedruckte Planung: %(copies)s × %(plan)s") % {
        "copies": order.copies,
        "plan": order.plan.title,
    }
    body = render_to_string(
        "planning/email/print_order_notification.txt",
        {"order": order, "admin_url": admin_url},
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        # Whatever the mail server does, the order is already stored.
        logger.exception("Print order %s stored, but the notification could not be sent.", order.pk)
        return False
    PrintOrder.objects.filter(pk=order.pk).update(notified_at=timezone.now())
    return True


def mark_print_orders_sent(queryset):
    """Staff action: the printed copies are in the post."""
    return queryset.filter(status=PrintOrderStatus.NEW).update(
        status=PrintOrderStatus.SENT, sent_at=timezone.now()
    )


def admin_change_url(order):
    return reverse("admin:planning_printorder_change", args=[order.pk])
