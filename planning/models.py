"""Cantonal development plans for Kinder- und Jugendhilfe, their progress and printed copies.

A plan (or a report that a plan continues) is divided into development areas (A, B, ...)
and numbered development fields. Each field carries measures; a field's progress is
derived from its measures, never typed in, and every status change of a measure is kept.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.slugs import KeepsOldSlugs
from contacts.validators import validate_swiss_postcode
from core.dates import DatePrecision, format_precise_date
from core.publishing import PublishableModel, PublishableQuerySet
from planning.validators import validate_pdf

MAX_PRINT_COPIES = 20
# Letters and digits that cannot be mistaken for each other when read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_RANDOM_LENGTH = 6


@dataclass(frozen=True)
class Progress:
    """The progress of several fields (an area, a plan) and what it is computed over."""

    percent: int | None  # None while no field has any (undropped) measure
    fields_with_measures: int
    field_count: int


def progress_of_fields(fields):
    """Mean progress of every field in `fields` (annotated by with_progress()).

    A field without (undropped) measures counts as 0 %: the figure then never claims more
    than the recorded measures show. With nothing recorded at all there is no figure.
    """
    percents = [field.progress_percent for field in fields]
    known = [percent for percent in percents if percent is not None]
    if not known:
        return Progress(None, 0, len(percents))
    return Progress(round(sum(known) / len(percents)), len(known), len(percents))


class PlanKind(models.TextChoices):
    PLAN = "plan", _("Planung")
    REPORT = "report", _("Bericht")


class PlanQuerySet(PublishableQuerySet):
    def current_first(self):
        """Plans that no later plan continues first, then the newest periods and dates."""
        superseded = Plan.objects.published().filter(predecessor=OuterRef("pk"))
        return self.annotate(is_superseded=Exists(superseded)).order_by(
            "is_superseded",
            F("period_end_year").desc(nulls_last=True),
            F("published_on").desc(nulls_last=True),
            "title_de",
        )


class Plan(KeepsOldSlugs, PublishableModel):
    kind = models.CharField(
        _("Art"), max_length=10, choices=PlanKind.choices, default=PlanKind.PLAN
    )
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    canton = models.ForeignKey(
        "contacts.Canton", on_delete=models.PROTECT, related_name="plans", verbose_name=_("Kanton")
    )
    period_start_year = models.PositiveSmallIntegerField(
        _("Planungszeitraum von (Jahr)"), null=True, blank=True
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("Planungszeitraum bis (Jahr)"), null=True, blank=True
    )
    published_on = models.DateField(
        _("erschienen am"),
        null=True,
        blank=True,
        help_text=_(
            "Bei Genauigkeit «Monat» den 1. des Monats eingeben, bei «Jahr» den 1. Januar."
        ),
    )
    published_precision = models.CharField(
        _("Genauigkeit des Erscheinungsdatums"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("Vorgängerdokument"),
        null=True,
        blank=True,
        help_text=_("Der Bericht oder die Planung, die dieses Dokument fortsetzt."),
    )
    owner = models.ForeignKey(
        "coordination.CoordinationOffice",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("verantwortliche Koordinationsstelle"),
        null=True,
        blank=True,
    )
    authored_by = models.CharField(
        _("erarbeitet von"),
        max_length=300,
        blank=True,
        help_text=_("z.B. «Überdirektionale Arbeitsgruppe im Auftrag des Regierungsrates»"),
    )
    introduction = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Erlaubt: Absätze, Listen, Links, Hervorhebungen.")
    )
    contact = models.ForeignKey(
        "contacts.Position",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("Auskunft"),
        null=True,
        blank=True,
        help_text=_(
            "Die Person, die Auskunft gibt und Bestellungen der gedruckten Fassung erhält."
        ),
    )
    stated_recommendation_count = models.PositiveSmallIntegerField(
        _("Anzahl Handlungsempfehlungen laut Dokument"),
        null=True,
        blank=True,
        help_text=_("Wie viele Handlungsempfehlungen das Dokument selbst nennt."),
    )
    print_orderable = models.BooleanField(
        _("gedruckt bestellbar"),
        default=False,
        help_text=_("Zeigt das Bestellformular für die gedruckte Fassung."),
    )
    last_verified_on = models.DateField(_("zuletzt geprüft"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    canton_scope_lookup = "canton"

    class Meta:
        verbose_name = _("Planung")
        verbose_name_plural = _("Planungen")
        ordering = ["-period_end_year", "-published_on", "title_de"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start_year__isnull=True)
                | Q(period_end_year__isnull=True)
                | Q(period_start_year__lte=F("period_end_year")),
                name="plan_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planning:plan_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if (
            self.period_start_year
            and self.period_end_year
            and self.period_start_year > self.period_end_year
        ):
            errors["period_end_year"] = _("Das Ende des Zeitraums liegt vor seinem Anfang.")
        if self.pk and self.predecessor_id == self.pk:
            errors["predecessor"] = _("Ein Dokument kann nicht sein eigener Vorgänger sein.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_display(self):
        if self.period_start_year and self.period_end_year:
            return f"{self.period_start_year}–{self.period_end_year}"
        return str(self.period_start_year or self.period_end_year or "")

    @property
    def published_display(self):
        return format_precise_date(self.published_on, self.published_precision)

    def progress_from(self, fields):
        """Progress of `fields` (annotated by DevelopmentFieldQuerySet.with_progress)."""
        return progress_of_fields(fields)


class DevelopmentArea(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("Planung")
    )
    letter = models.CharField(
        _("Buchstabe"),
        max_length=1,
        validators=[RegexValidator(r"^[A-Z]$", _("Ein Grossbuchstabe von A bis Z."))],
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    canton_scope_lookup = "plan__canton"

    class Meta:
        verbose_name = _("Entwicklungsbereich")
        verbose_name_plural = _("Entwicklungsbereiche")
        ordering = ["plan", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "letter"], name="unique_area_letter_per_plan")
        ]

    def __str__(self):
        return f"{self.letter}) {self.title}"

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#bereich-{self.letter.lower()}"


class DevelopmentFieldQuerySet(PublishableQuerySet):
    def published(self):
        """Published fields of a public plan."""
        return super().published().filter(plan__in=Plan.objects.published())

    def with_progress(self):
        """Weights and counts of the measures, summed in the database (one query for any size).

        Dropped measures count for nothing; a field without other measures has no progress.
        """
        active = ~Q(measures__status=MeasureStatus.DROPPED)
        zero = Value(0)
        return self.annotate(
            active_weight=Coalesce(Sum("measures__weight", filter=active), zero),
            done_weight=Coalesce(
                Sum("measures__weight", filter=Q(measures__status=MeasureStatus.DONE)), zero
            ),
            planned_count=Count("measures", filter=Q(measures__status=MeasureStatus.PLANNED)),
            in_progress_count=Count(
                "measures", filter=Q(measures__status=MeasureStatus.IN_PROGRESS)
            ),
            done_count=Count("measures", filter=Q(measures__status=MeasureStatus.DONE)),
            dropped_count=Count("measures", filter=Q(measures__status=MeasureStatus.DROPPED)),
        )


class DevelopmentField(PublishableModel):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="fields", verbose_name=_("Planung")
    )
    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.PROTECT,
        related_name="fields",
        verbose_name=_("Entwicklungsbereich"),
    )
    number = models.PositiveSmallIntegerField(_("Nummer"), validators=[MinValueValidator(1)])
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Erlaubt: Absätze, Listen, Links.")
    )
    goals = models.TextField(
        _("Ziele"), blank=True, help_text=_("Erlaubt: Absätze, Listen, Links.")
    )
    topics = models.ManyToManyField(
        "contacts.Topic",
        related_name="development_fields",
        verbose_name=_("Themen"),
        blank=True,
    )
    responsible_contact = models.ForeignKey(
        "contacts.Position",
        on_delete=models.PROTECT,
        related_name="development_fields",
        verbose_name=_("zuständige Person"),
        null=True,
        blank=True,
    )

    objects = DevelopmentFieldQuerySet.as_manager()

    canton_scope_lookup = "plan__canton"

    class Meta:
        verbose_name = _("Entwicklungsfeld")
        verbose_name_plural = _("Entwicklungsfelder")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_field_number_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="field_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse(
            "planning:field_detail", kwargs={"slug": self.plan.slug, "number": self.number}
        )

    @property
    def is_public(self):
        return self.is_published and self.plan.is_public

    def clean(self):
        if self.area_id and self.plan_id and self.area.plan_id != self.plan_id:
            raise ValidationError(
                {"area": _("Der Entwicklungsbereich gehört zu einer anderen Planung.")}
            )

    def save(self, *args, **kwargs):
        if self.area_id and not self.plan_id:
            self.plan_id = self.area.plan_id
        super().save(*args, **kwargs)

    @property
    def progress_percent(self):
        """Weighted share of done measures; None when the field has no (undropped) measures.

        Needs DevelopmentFieldQuerySet.with_progress(); without it, it counts in Python.
        """
        if hasattr(self, "active_weight"):
            active, done = self.active_weight, self.done_weight
        else:
            measures = [m for m in self.measures.all() if m.status != MeasureStatus.DROPPED]
            active = sum(m.weight for m in measures)
            done = sum(m.weight for m in measures if m.status == MeasureStatus.DONE)
        if not active:
            return None
        return round(100 * done / active)

    @property
    def measure_count(self):
        return self.planned_count + self.in_progress_count + self.done_count + self.dropped_count

    @property
    def counted_measure_count(self):
        """The measures the progress is computed from: all but the dropped ones."""
        return self.planned_count + self.in_progress_count + self.done_count


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    DONE = "done", _("umgesetzt")
    DROPPED = "dropped", _("verworfen")


class Measure(models.Model):
    field = models.ForeignKey(
        DevelopmentField,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("Entwicklungsfeld"),
    )
    title = models.CharField(_("Massnahme"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Stand"),
        max_length=12,
        choices=MeasureStatus.choices,
        default=MeasureStatus.PLANNED,
        db_index=True,
    )
    responsible_organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="planning_measures",
        verbose_name=_("verantwortliche Stelle"),
        null=True,
        blank=True,
    )
    target_date = models.DateField(_("Zieltermin"), null=True, blank=True)
    completed_on = models.DateField(_("umgesetzt am"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Wie stark die Massnahme in den Fortschritt des Feldes eingeht (1 = normal)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    canton_scope_lookup = "field__plan__canton"

    class Meta:
        verbose_name = _("Massnahme")
        verbose_name_plural = _("Massnahmen")
        ordering = ["field", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="measure_weight_in_range"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="done"),
                name="measure_completed_only_when_done",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.field.get_absolute_url()}#massnahme-{self.pk}"

    def clean(self):
        if self.completed_on and self.status != MeasureStatus.DONE:
            raise ValidationError(
                {"completed_on": _("Ein Umsetzungsdatum gibt es nur für umgesetzte Massnahmen.")}
            )


class MeasureStatusChange(models.Model):
    """One dated step in a measure's history; written by planning.services, never by a signal."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("Massnahme"),
    )
    old_status = models.CharField(
        _("bisheriger Stand"), max_length=12, choices=MeasureStatus.choices, blank=True
    )
    new_status = models.CharField(_("neuer Stand"), max_length=12, choices=MeasureStatus.choices)
    changed_on = models.DateField(_("Datum"))
    note = models.CharField(_("Bemerkung"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
    )

    canton_scope_lookup = "measure__field__plan__canton"

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["measure", "changed_on", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_status=F("new_status")), name="status_change_changes_status"
            )
        ]

    def __str__(self):
        return f"{self.measure}: {self.get_new_status_display()} ({self.changed_on:%d.%m.%Y})"

    def get_absolute_url(self):
        return self.measure.get_absolute_url()


class Recommendation(models.Model):
    """A Handlungsempfehlung of a report, carried forward by development fields."""

    report = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("Bericht"),
    )
    number = models.PositiveSmallIntegerField(_("Nummer"), validators=[MinValueValidator(1)])
    text = models.TextField(_("Wortlaut"))
    fields = models.ManyToManyField(
        DevelopmentField,
        related_name="recommendations",
        verbose_name=_("weitergeführt in Entwicklungsfeldern"),
        blank=True,
    )

    canton_scope_lookup = "report__canton"

    class Meta:
        verbose_name = _("Handlungsempfehlung")
        verbose_name_plural = _("Handlungsempfehlungen")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="unique_recommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="recommendation_number_positive"
            ),
        ]

    def __str__(self):
        return _("Handlungsempfehlung %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#empfehlung-{self.report_id}-{self.number}"


class DecisionBody(models.TextChoices):
    REGIERUNGSRAT = "regierungsrat", _("Regierungsrat")
    LANDRAT = "landrat", _("Landrat")
    GROSSER_RAT = "grosser_rat", _("Grosser Rat")
    KANTONSRAT = "kantonsrat", _("Kantonsrat")


class Decision(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Planung")
    )
    fields = models.ManyToManyField(
        DevelopmentField,
        related_name="decisions",
        verbose_name=_("betroffene Entwicklungsfelder"),
        blank=True,
        help_text=_("Leer lassen, wenn der Beschluss die ganze Planung betrifft."),
    )
    body = models.CharField(_("Gremium"), max_length=20, choices=DecisionBody.choices)
    decided_on = models.DateField(
        _("Datum"),
        help_text=_(
            "Bei Genauigkeit «Monat» den 1. des Monats eingeben, bei «Jahr» den 1. Januar."
        ),
    )
    decided_precision = models.CharField(
        _("Genauigkeit des Datums"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    reference_number = models.CharField(
        _("Geschäftsnummer"), max_length=40, blank=True, help_text=_("z.B. 2017/650")
    )
    title = models.CharField(_("Gegenstand"), max_length=400)
    summary = models.TextField(_("Inhalt"), blank=True)
    url = models.URLField(_("Link zum Beschluss"), blank=True)

    canton_scope_lookup = "plan__canton"

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["decided_on", "pk"]

    def __str__(self):
        return f"{self.get_body_display()}, {self.decided_display}: {self.title}"

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#beschluss-{self.pk}"

    @property
    def decided_display(self):
        return format_precise_date(self.decided_on, self.decided_precision)


class Document(models.Model):
    """A PDF or a link, attached to a plan and optionally narrowed to one of its fields."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Planung")
    )
    field = models.ForeignKey(
        DevelopmentField,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("Entwicklungsfeld"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn das Dokument die ganze Planung betrifft."),
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.CharField(_("Kurzbeschreibung"), max_length=500, blank=True)
    file = models.FileField(
        _("PDF-Datei"),
        upload_to="planung/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf"], _("Bitte eine Datei mit der Endung .pdf hochladen.")),
            validate_pdf,
        ],
    )
    url = models.URLField(_("Link"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    canton_scope_lookup = "plan__canton"

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["plan", "sort_order", "title_de"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_file_or_link",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.href

    @property
    def href(self):
        return self.file.url if self.file else self.url

    def clean(self):
        errors = {}
        if bool(self.file) == bool(self.url):
            errors["file"] = _("Bitte entweder eine PDF-Datei hochladen oder einen Link angeben.")
        if self.field_id and self.plan_id and self.field.plan_id != self.plan_id:
            errors["field"] = _("Das Entwicklungsfeld gehört zu einer anderen Planung.")
        if errors:
            raise ValidationError(errors)


class PrintOrderStatus(models.TextChoices):
    NEW = "new", _("neu")
    SENT = "sent", _("versendet")
    CANCELLED = "cancelled", _("storniert")


def new_print_order_reference(canton_code, year):
    """ "BL-2026-7KQ3MX": canton and year for people, a random part so it reveals no count."""
    random_part = "".join(
        secrets.choice(REFERENCE_ALPHABET) for _position in range(REFERENCE_RANDOM_LENGTH)
    )
    return f"{canton_code}-{year}-{random_part}"


class PrintOrderQuerySet(models.QuerySet):
    def mail_pending(self):
        """New orders whose staff notification or confirmation has not gone out."""
        return self.filter(
            Q(notified_at__isnull=True) | Q(confirmed_at__isnull=True, confirmation_due=True),
            status=PrintOrderStatus.NEW,
        )


class PrintOrder(models.Model):
    # Read by staff only: an order does not renew every public page (core.pagecache).
    shown_on_public_pages = False

    reference = models.CharField(
        _("Bestellnummer"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Wird beim Speichern vergeben und der bestellenden Person mitgeteilt."),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="print_orders", verbose_name=_("Planung")
    )
    name = models.CharField(_("Vorname und Name"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    street = models.CharField(_("Strasse und Nr. oder Postfach"), max_length=200)
    postcode = models.CharField(_("PLZ"), max_length=4, validators=[validate_swiss_postcode])
    town = models.CharField(_("Ort"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    copies = models.PositiveSmallIntegerField(
        _("Anzahl Exemplare"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PRINT_COPIES)],
    )
    remark = models.TextField(_("Bemerkung"), max_length=1000, blank=True)
    language = models.CharField(
        _("Sprache"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Die Sprache der Seite, auf der bestellt wurde: die Bestätigung folgt ihr."),
    )
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=PrintOrderStatus.choices,
        default=PrintOrderStatus.NEW,
        db_index=True,
    )
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(
        _("Koordinationsstelle benachrichtigt am"),
        null=True,
        blank=True,
        help_text=_("Leer: die Benachrichtigung per E-Mail ist (noch) nicht versandt."),
    )
    confirmed_at = models.DateTimeField(
        _("Bestätigung versandt am"),
        null=True,
        blank=True,
        help_text=_("Leer: die Bestätigung an die bestellende Person ist (noch) nicht versandt."),
    )
    confirmation_due = models.BooleanField(
        _("Bestätigung vorgesehen"),
        default=True,
        editable=False,
        help_text=_(
            "Nein bei Bestellungen, die vor der Einführung der Bestätigung eingegangen sind: "
            "sie erhalten nachträglich keine."
        ),
    )
    mail_error = models.CharField(
        _("letzter Fehler beim E-Mail-Versand"), max_length=500, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PrintOrderQuerySet.as_manager()

    canton_scope_lookup = "plan__canton"

    MAIL_LABELS = {
        "notified_at": _("Benachrichtigung der Koordinationsstelle"),
        "confirmed_at": _("Bestätigung an die bestellende Person"),
    }

    class Meta:
        verbose_name = _("Bestellung gedruckte Planung")
        verbose_name_plural = _("Bestellungen gedruckte Planung")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(copies__gte=1) & Q(copies__lte=MAX_PRINT_COPIES),
                name="print_order_copies_1_to_20",
            )
        ]

    def __str__(self):
        return _("%(copies)s × «%(plan)s» für %(name)s") % {
            "copies": self.copies,
            "plan": self.plan,
            "name": self.name,
        }

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_print_order_reference(
                self.plan.canton.code, timezone.localdate().year
            )
        super().save(*args, **kwargs)

    def mails_missing(self):
        """Labels of the mails that are due but have not gone out."""
        missing = []
        if self.notified_at is None:
            missing.append(self.MAIL_LABELS["notified_at"])
        if self.confirmation_due and self.confirmed_at is None:
            missing.append(self.MAIL_LABELS["confirmed_at"])
        return missing

    @property
    def postal_lines(self):
        lines = [self.name, self.organisation, self.street, f"{self.postcode} {self.town}"]
        return [line for line in lines if line]
