"""What the portal records beyond the records of the apps: about the cantons as a whole
(confirmed absences) and about any public entry (change reports from visitors).

(Django sends post_migrate only to apps with a models module; the portal's handler,
portal/apps.py, gives the editor groups their permissions after every `migrate`.)
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import (
    Body,
    CoordinationOffice,
    Foundation,
    Jurisdiction,
    Lineage,
    Membership,
)
from planning.models import Plan, PlanKind

# The inter-cantonal conference whose members the comparison of the cantons lists.
CONFERENCE_SLUG = "kkjp"


class CantonFact(models.TextChoices):
    """The facts the comparison of the cantons shows for each canton (portal/cantons.py)."""

    OFFICE = "office", _("Koordinationsstelle")
    PLAN = "plan", _("Kantonale Planung")
    FOUNDATIONS = "foundations", _("Kantonale Grundlagen")
    CONFERENCE_MEMBERS = "conference_members", _("Mitglied der KKJP")


def fact_records(fact):
    """The published, current records that make `fact` present, each annotated with the id of the
    canton it belongs to (`fact_canton_id`): a member of the KKJP belongs to the canton it
    represents, by default its organisation's (Membership.member_canton)."""
    if fact == CantonFact.OFFICE:
        # A dissolved office, or one gone into a successor, is no longer the canton's.
        successors = Lineage.objects.filter(
            predecessor=OuterRef("pk"), successor__in=Body.objects.published()
        )
        records = (
            CoordinationOffice.objects.published()
            .filter(dissolved_on__isnull=True)
            .exclude(Exists(successors))
            .annotate(fact_canton_id=F("canton"))
        )
    elif fact == CantonFact.PLAN:
        records = (
            Plan.objects.published().filter(kind=PlanKind.PLAN).annotate(fact_canton_id=F("canton"))
        )
    elif fact == CantonFact.FOUNDATIONS:
        records = (
            Foundation.objects.published()
            .filter(
                jurisdiction=Jurisdiction.CANTONAL,
                ceased_on__isnull=True,  # repealed or replaced: no longer a foundation
                superseded_by__isnull=True,
            )
            .annotate(fact_canton_id=F("canton"))
        )
    elif fact == CantonFact.CONFERENCE_MEMBERS:
        records = (
            Membership.objects.published()
            .filter(body__slug=CONFERENCE_SLUG)
            .annotate(
                fact_canton_id=Coalesce(
                    "canton", "position__organisation__canton", "organisation__canton"
                )
            )
        )
    else:
        raise ValueError(f"unknown canton fact {fact!r}")
    return records.filter(fact_canton_id__isnull=False)


class ConfirmedAbsence(models.Model):
    """Staff's record that a canton has none of something, such as no coordination office.

    Without it the portal says "not yet captured", never "none": only staff turn a gap
    into an absence. A record of the fact itself always wins over this.
    """

    canton = models.ForeignKey(
        "contacts.Canton",
        on_delete=models.PROTECT,
        related_name="confirmed_absences",
        verbose_name=_("Kanton"),
    )
    fact = models.CharField(_("Was fehlt"), max_length=30, choices=CantonFact.choices)
    confirmed_on = models.DateField(_("bestätigt am"), default=timezone.localdate)
    source = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("Woher die Auskunft stammt, z.B. «Auskunft des Amts, E-Mail vom 2.12.2026»."),
    )

    history = HistoricalRecords()

    canton_scope_lookup = "canton"

    class Meta:
        verbose_name = _("bestätigt fehlende Angabe")
        verbose_name_plural = _("bestätigt fehlende Angaben")
        ordering = ["canton__name_de", "fact"]
        constraints = [
            models.UniqueConstraint(fields=["canton", "fact"], name="unique_absence_per_fact")
        ]

    def __str__(self):
        return _("%(canton)s, %(fact)s: keine (bestätigt am %(date)s)") % {
            "canton": self.canton,
            "fact": self.get_fact_display(),
            "date": self.confirmed_on.strftime("%d.%m.%Y"),
        }

    def get_absolute_url(self):
        return reverse("canton_profile", kwargs={"code": self.canton.code.lower()})

    def clean(self):
        if not (self.canton_id and self.fact in CantonFact.values):
            return
        if fact_records(self.fact).filter(fact_canton_id=self.canton_id).exists():
            raise ValidationError(
                {
                    "fact": _(
                        "Für %(canton)s ist bereits «%(fact)s» erfasst; eine fehlende Angabe "
                        "widerspräche dem Eintrag."
                    )
                    % {"canton": self.canton, "fact": self.get_fact_display()}
                }
            )


class ChangeReportStatus(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("übernommen")
    REJECTED = "rejected", _("abgelehnt")


# Long enough for a careful description, short enough that nobody pastes a document.
CHANGE_REPORT_TEXT_LENGTH = 2000


class ChangeReportQuerySet(models.QuerySet):
    def mail_pending(self):
        """Reports whose mail is due but has not gone out: the editors' while the report
        is open, the reporter's once it is decided (if they left an address)."""
        return self.filter(
            Q(status=ChangeReportStatus.OPEN, editors_notified_at__isnull=True)
            | (
                ~Q(status=ChangeReportStatus.OPEN)
                & ~Q(reporter_email="")
                & Q(reporter_notified_at__isnull=True)
            )
        )


class ChangeReport(models.Model):
    """A visitor's report that a public entry is wrong ("Änderung melden").

    Stored before anything else happens (mails, moderation), so it is never lost. It
    belongs to the record's canton, and so to that canton's editors; a report on an
    inter-cantonal record (no canton) to the conference secretariat.
    """

    # Read by staff only: a new report does not renew every public page (core.pagecache).
    shown_on_public_pages = False

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("Art des Eintrags")
    )
    object_id = models.PositiveIntegerField(_("Nummer des Eintrags"))
    record = GenericForeignKey("content_type", "object_id")
    # As the record was named and found when reported: kept even if it changes or goes.
    record_label = models.CharField(_("Eintrag"), max_length=300)
    record_path = models.CharField(_("Seite des Eintrags"), max_length=300)
    canton = models.ForeignKey(
        "contacts.Canton",
        on_delete=models.PROTECT,
        related_name="change_reports",
        verbose_name=_("Kanton"),
        null=True,
        blank=True,
        help_text=_("Leer bei interkantonalen Einträgen: dann prüft das Konferenzsekretariat."),
    )
    problem = models.TextField(_("Was ist falsch?"), max_length=CHANGE_REPORT_TEXT_LENGTH)
    correction = models.TextField(_("Ihr Korrekturvorschlag"), max_length=CHANGE_REPORT_TEXT_LENGTH)
    reporter_name = models.CharField(_("Name"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("E-Mail"), blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=ChangeReportStatus.choices,
        default=ChangeReportStatus.OPEN,
        db_index=True,
    )
    decision_note = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_("Bei einer Ablehnung nötig; die meldende Person erhält sie per E-Mail."),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entschieden von"),
        null=True,
        blank=True,
    )
    editors_notified_at = models.DateTimeField(
        _("Redaktion benachrichtigt am"), null=True, blank=True
    )
    reporter_notified_at = models.DateTimeField(
        _("meldende Person benachrichtigt am"), null=True, blank=True
    )
    mail_error = models.CharField(
        _("letzter Fehler beim E-Mail-Versand"), max_length=500, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = ChangeReportQuerySet.as_manager()

    canton_scope_lookup = "canton"

    MAIL_LABELS = {
        "editors_notified_at": _("Benachrichtigung der Redaktion"),
        "reporter_notified_at": _("Antwort an die meldende Person"),
    }

    class Meta:
        verbose_name = _("Änderungsmeldung")
        verbose_name_plural = _("Änderungsmeldungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "canton", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ChangeReportStatus.REJECTED) | ~Q(decision_note=""),
                name="rejected_report_has_a_note",
            )
        ]

    def __str__(self):
        return _("Meldung Nr. %(number)s zu «%(record)s»") % {
            "number": self.pk,
            "record": self.record_label,
        }

    def get_absolute_url(self):
        return self.record_path

    @property
    def is_open(self):
        return self.status == ChangeReportStatus.OPEN

    @property
    def pending_mail(self):
        """The field of the mail that is due but has not gone out (see mail_pending), or None."""
        if self.is_open:
            return None if self.editors_notified_at else "editors_notified_at"
        if self.reporter_email and self.reporter_notified_at is None:
            return "reporter_notified_at"
        return None

    @property
    def change_reason(self):
        """What the record's history says when the report is applied."""
        return _("Änderungsmeldung Nr. %(number)s") % {"number": self.pk}
