"""Corrections from the public ("Änderung melden"): which entries take them, who gets them,
and how an editor applies one.

A report is stored first; the mails to the canton's editors and, later, to the reporter
are sent after the transaction commits and never undo the report when they fail: their
dates stay empty, the reason is kept in `mail_error`, and `manage.py send_pending_mails`
sends them later, each once (core.mail). An editor applies a
report in the record's own admin form (`?meldung=<number>`): the record's history then
names the report as the reason of the change (ChangeReportSuggestions, plugged into
contacts.admin_scope.PortalModelAdmin by portal/apps.py).
"""

import logging
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from contacts.editing_scope import (
    CANTONAL_EDITOR_GROUP,
    CONFERENCE_SECRETARIAT_GROUP,
    instance_canton_ids,
    may_edit,
    scoped_lookup,
)
from contacts.models import Canton, Organisation, Person, Position
from coordination.models import Committee, Conference, CoordinationOffice, Event, Forum, Foundation
from core import mail
from core.translation import SOURCE_LANGUAGE, translated_fields
from planning.models import DevelopmentField, Plan
from portal.models import ChangeReport, ChangeReportStatus

logger = logging.getLogger(__name__)

# The entries a visitor may report a change on, by the name their report address uses.
REPORTABLE_MODELS = {
    "organisation": Organisation,
    "person": Person,
    "konferenz": Conference,
    "stelle": CoordinationOffice,
    "gremium": Committee,
    "forum": Forum,
    "planung": Plan,
    "feld": DevelopmentField,
    "grundlage": Foundation,
    "veranstaltung": Event,
}
REPORT_PARAMETER = "meldung"


def report_kind(obj):
    """The report address's name for `obj`'s model, or None where reports are not taken."""
    for kind, model in REPORTABLE_MODELS.items():
        if type(obj) is model:
            return kind
    return None


def record_canton(obj):
    """The canton whose editors handle reports on `obj` (None: inter-cantonal).

    A person belongs to the cantons of the functions the public sees; of several, the
    first by name takes the report (its editors may edit the person)."""
    if isinstance(obj, Person):
        canton_ids = set(
            Position.objects.published()
            .filter(person=obj, organisation__canton__isnull=False)
            .values_list("organisation__canton", flat=True)
        )
    else:
        lookup = scoped_lookup(type(obj))
        canton_ids = instance_canton_ids(obj, lookup) if lookup else set()
    return Canton.objects.filter(pk__in=canton_ids).order_by("name_de").first()


def editors_of(canton):
    """The active staff accounts that get reports on `canton`'s records, with an address."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    if canton is None:
        return users.filter(groups__name=CONFERENCE_SECRETARIAT_GROUP).distinct()
    return users.filter(
        groups__name=CANTONAL_EDITOR_GROUP, editing_scope__cantons=canton
    ).distinct()


def _site_root(site_url):
    """The portal's address with one trailing slash (the mail templates cut it off)."""
    return site_url.rstrip("/") + "/" if site_url else ""


def _message(report, *, template, subject, recipients, site_url):
    body = render_to_string(template, {"report": report, "site_url": _site_root(site_url)})
    return EmailMessage(subject, body, to=recipients)


def _send(report, field, message):
    """Send `message`, the mail that `field` records, unless it went already (core.mail).

    The outcome is kept in `mail_error` for staff; True if this call sent it."""
    stamp = mail.claim(report, field)
    if stamp is None:
        return False  # sent already, or just being sent by another process
    try:
        message.send()
    except Exception as error:  # any mail failure: the report itself is stored and listed
        logger.exception("Mail zur Änderungsmeldung Nr. %s nicht versandt", report.pk)
        mail.release(report, field, stamp)
        with translation.override(SOURCE_LANGUAGE):  # staff read German
            reason = _("%(mail)s nicht versandt (%(error)s).") % {
                "mail": ChangeReport.MAIL_LABELS[field],
                "error": mail.describe(error),
            }
        _keep_mail_error(report, reason)
        return False
    setattr(report, field, stamp)
    _keep_mail_error(report, "")
    return True


def _keep_mail_error(report, reason):
    report.mail_error = reason[:500]
    ChangeReport.objects.filter(pk=report.pk).update(mail_error=report.mail_error)


def notify_editors(report, site_url=""):
    """Tell the editors who handle `report`; True if this call sent the mail."""
    if report.editors_notified_at is not None:
        return False
    recipients = list(editors_of(report.canton).values_list("email", flat=True))
    with translation.override(SOURCE_LANGUAGE):  # the editors' working language
        if not recipients:
            logger.warning("Änderungsmeldung Nr. %s: keine Redaktion mit E-Mail-Adresse", report.pk)
            _keep_mail_error(
                report,
                _(
                    "Benachrichtigung der Redaktion nicht versandt: niemand in der zuständigen "
                    "Redaktion hat eine E-Mail-Adresse."
                ),
            )
            return False
        message = _message(
            report,
            template="portal/email/changereport_editors.txt",
            subject=_("Änderungsmeldung Nr. %(number)s: %(record)s")
            % {"number": report.pk, "record": report.record_label},
            recipients=recipients,
            site_url=site_url,
        )
    return _send(report, "editors_notified_at", message)


def notify_reporter(report, site_url=""):
    """Tell the reporter how `report` was decided; True if this call sent the mail."""
    if not report.reporter_email or report.reporter_notified_at is not None:
        return False
    with translation.override(report.language):
        message = _message(
            report,
            template="portal/email/changereport_outcome.txt",
            subject=_("Ihre Änderungsmeldung Nr. %(number)s") % {"number": report.pk},
            recipients=[report.reporter_email],
            site_url=site_url,
        )
    return _send(report, "reporter_notified_at", message)


NOTIFICATIONS = {"editors_notified_at": notify_editors, "reporter_notified_at": notify_reporter}


def send_pending_mails(queryset, *, site_url=""):
    """Retry the mails of `queryset`'s reports that have not gone out (the editors' of open
    reports, the reporters' of decided ones); returns how many went out now."""
    sent = 0
    for report in queryset.mail_pending().select_related("canton"):
        notify = NOTIFICATIONS[report.pending_mail]
        sent += notify(report, site_url)
    return sent


# The same text on the same entry within this time is one report sent twice (a double click,
# a reload): it is stored and mailed once.
DUPLICATE_WINDOW = timedelta(minutes=30)


class SubmittedReport(NamedTuple):
    report: ChangeReport
    duplicate: bool


def submit_report(report, record, site_url):
    """Store `report` on `record`, then tell the editors of its canton; a repeat of a
    report sent shortly before returns that one instead."""
    report.content_type = ContentType.objects.get_for_model(type(record))
    report.object_id = record.pk
    earlier = (
        ChangeReport.objects.filter(
            content_type=report.content_type,
            object_id=report.object_id,
            problem=report.problem,
            correction=report.correction,
            reporter_email=report.reporter_email,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("-created_at")
        .first()
    )
    if earlier is not None:
        return SubmittedReport(earlier, duplicate=True)
    report.record_label = str(record)[:300]
    report.record_path = record.get_absolute_url()[:300]
    report.canton = record_canton(record)
    report.save()
    transaction.on_commit(lambda: notify_editors(report, site_url))
    return SubmittedReport(report, duplicate=False)


def mark_decided(report, status, user):
    """Close `report` as accepted or rejected (not saved yet)."""
    report.status = status
    report.decided_at = timezone.now()
    report.decided_by = user


def tell_reporter(report, site_url):
    """Once the decision is committed, tell the reporter (if they left an address)."""
    transaction.on_commit(lambda: notify_reporter(report, site_url))


def decide(report, status, user, site_url):
    mark_decided(report, status, user)
    report.save()
    tell_reporter(report, site_url)
    return report


def record_values(record):
    """[(label, value)] of `record`'s own fields, for the report beside the current values.

    The language columns are left out: the form shows the language of the page."""
    language_columns = {
        build_localized_fieldname(name, code)
        for name in translated_fields(type(record))
        for code, _name in settings.LANGUAGES
    }
    values = []
    for field in record._meta.concrete_fields:
        if field.auto_created or not field.editable or field.name in language_columns:
            continue
        if field.is_relation:
            value = getattr(record, field.name)
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        else:
            value = getattr(record, field.attname)
        values.append((str(field.verbose_name), "" if value is None else str(value)))
    return values


class ChangeReportSuggestions:
    """What an open report adds to the admin form of its record (`?meldung=<number>`)."""

    def _report(self, request, obj_or_model, object_id):
        number = request.GET.get(REPORT_PARAMETER, "")
        if not number.isdigit():
            return None
        model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
        # Saving a record asks twice (the reason, then closing the report): read it once.
        cache = request.__dict__.setdefault("_change_reports", {})
        key = (model, object_id, number)
        if key not in cache:
            cache[key] = self._open_report(model, object_id, int(number))
        return cache[key]

    def _open_report(self, model, object_id, number):
        return ChangeReport.objects.filter(
            pk=number,
            status=ChangeReportStatus.OPEN,
            content_type=ContentType.objects.get_for_model(model),
            object_id=object_id,
        ).first()

    def show(self, request, model_admin, object_id):
        """On the form's first view, the report's suggestion at the top of the page, for
        an editor who may change the record (no one else learns what was reported)."""
        if request.method != "GET" or not str(object_id).isdigit():
            return
        report = self._report(request, model_admin.model, int(object_id))
        if report is None:
            return
        record = report.record
        if record is None or not model_admin.has_change_permission(request, record):
            return
        messages.info(
            request,
            _(
                "%(report)s – was falsch ist: «%(problem)s» – Vorschlag: «%(correction)s». "
                "Übernehmen Sie die Korrektur hier und speichern Sie; die Geschichte des "
                "Eintrags nennt dann die Meldung."
            )
            % {
                "report": report,
                "problem": report.problem,
                "correction": report.correction,
            },
        )

    def change_reason(self, request, obj, reason):
        report = self._report(request, obj, obj.pk)
        if report is None or not may_edit(request.user, obj):
            return reason
        prefix = str(report.change_reason)
        return f"{prefix}: {reason}"[:100] if reason else prefix

    def applied(self, request, obj):
        report = self._report(request, obj, obj.pk)
        if report is None or not may_edit(request.user, obj):
            return
        decide(
            report,
            ChangeReportStatus.ACCEPTED,
            request.user,
            site_url=request.build_absolute_uri("/"),
        )


def apply_url(report):
    """The record's admin form with the report's suggestion, or "" when it has none."""
    opts = report.content_type.model_class()._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[report.object_id])
    return f"{path}?{REPORT_PARAMETER}={report.pk}"
