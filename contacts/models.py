from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from contacts.slugs import KeepsOldSlugs
from contacts.validators import validate_swiss_postcode, validate_swiss_postcode_format
from core.publishing import PublishableModel, PublishableQuerySet
from core.text import fold
from core.translation import ShortNameLabel, texts_in_every_language

PHONE_ERROR = _(
    "Bitte eine gültige Telefonnummer eingeben, z.B. +41 61 552 17 99 oder 061 552 17 99."
)
EMAIL_ERROR = _("Bitte eine gültige E-Mail-Adresse eingeben, z.B. name@example.ch.")


class OldSlug(models.Model):
    """A slug a record had before, so its published links answer with a redirect (301)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("Inhaltstyp")
    )
    object_id = models.PositiveBigIntegerField(_("Datensatz"))
    record = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(_("früherer Kurzname (URL)"), max_length=120)
    created_at = models.DateTimeField(_("ersetzt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("früherer Kurzname")
        verbose_name_plural = _("frühere Kurznamen")
        ordering = ["content_type", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="unique_old_slug")
        ]

    def __str__(self):
        return self.slug

    @staticmethod
    def content_type_of(model):
        # The model that declares `slug`, so all kinds of body share one set of old slugs.
        return ContentType.objects.get_for_model(model._meta.get_field("slug").model)

    @classmethod
    def record_change(cls, obj, old_slug):
        content_type = cls.content_type_of(type(obj))
        if old_slug and old_slug != obj.slug:
            cls.objects.update_or_create(
                content_type=content_type, slug=old_slug, defaults={"object_id": obj.pk}
            )
        # The current slug is live again (or taken by this record), not an old one.
        cls.objects.filter(content_type=content_type, slug=obj.slug).delete()

    @classmethod
    def current_slug(cls, model, old_slug):
        """The slug of the visible `model` record that once had `old_slug`, or None.

        `old_slug` may come from a query string (`?thema=`): what is no slug was never one,
        and is not sent to the database (PostgreSQL refuses a NUL byte in a parameter)."""
        if not slug_re.match(old_slug or ""):
            return None
        object_id = (
            cls.objects.filter(content_type=cls.content_type_of(model), slug=old_slug)
            .values_list("object_id", flat=True)
            .first()
        )
        if object_id is None:
            return None
        records = model._default_manager.all()
        if hasattr(records, "published"):
            records = records.published()
        return records.filter(pk=object_id).values_list("slug", flat=True).first()


class Country(models.Model):
    code = models.CharField(_("Ländercode"), max_length=2, unique=True, help_text=_("ISO 3166"))
    name = models.CharField(_("Name"), max_length=100)

    class Meta:
        verbose_name = _("Land")
        verbose_name_plural = _("Länder")
        ordering = ["name_de"]

    def __str__(self):
        return self.name


class Canton(models.Model):
    code = models.CharField(_("Kürzel"), max_length=2, unique=True)
    name = models.CharField(_("Name"), max_length=100)

    class Meta:
        verbose_name = _("Kanton")
        verbose_name_plural = _("Kantone")
        ordering = ["name_de"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:directory") + f"?kanton={self.code}"


class District(models.Model):
    name = models.CharField(_("Name"), max_length=120)
    canton = models.ForeignKey(
        Canton, on_delete=models.PROTECT, related_name="districts", verbose_name=_("Kanton")
    )

    class Meta:
        verbose_name = _("Bezirk")
        verbose_name_plural = _("Bezirke")
        ordering = ["canton__name_de", "name"]
        constraints = [
            models.UniqueConstraint(fields=["canton", "name"], name="unique_district_per_canton")
        ]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Municipality(models.Model):
    bfs_number = models.PositiveIntegerField(_("BFS-Nummer"), unique=True)
    name = models.CharField(_("Name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    canton = models.ForeignKey(
        Canton, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("Kanton")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("Bezirk"),
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Inaktiv: fehlt im neuesten amtlichen Gemeindeverzeichnis (z.B. nach Fusion)."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name"]

    def __str__(self):
        # The official names of namesakes already carry their canton: "Buchs (AG)".
        if self.name.endswith(f"({self.canton.code})"):
            return self.name
        return f"{self.name} ({self.canton.code})"

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:directory") + f"?gemeinde={self.bfs_number}"


class Postcode(models.Model):
    code = models.CharField(
        _("Postleitzahl"), max_length=4, db_index=True, validators=[validate_swiss_postcode_format]
    )
    locality = models.CharField(_("Ortschaft"), max_length=120)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="postcodes",
        verbose_name=_("Gemeinde"),
    )
    rank = models.PositiveSmallIntegerField(
        _("Rang"),
        default=0,
        help_text=_("0 für die Gemeinde mit den meisten Adressen dieser Ortschaft."),
    )

    class Meta:
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")
        ordering = ["code", "locality", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locality", "municipality"], name="unique_postcode_locality_town"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.locality}"


class Topic(KeepsOldSlugs, models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name_de"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:directory") + f"?thema={self.slug}"


class OrganisationKind(models.TextChoices):
    FEDERAL_AUTHORITY = "federal_authority", _("Bundesbehörde / Ministerium")
    DIRECTORATE = "directorate", _("Direktion")
    OFFICE = "office", _("Amt / Fachstelle")
    CONFERENCE = "conference", _("Konferenz / Sekretariat")
    INSTITUTE = "institute", _("Institut")
    MUNICIPAL_OFFICE = "municipal_office", _("Gemeindestelle")
    PRIVATE_PROVIDER = "private_provider", _("Privater Anbieter")
    ASSOCIATION = "association", _("Verband / Verein")
    OTHER = "other", _("Andere")


class ServiceArea(models.TextChoices):
    COUNTRY = "country", _("ganzes Land")
    INTERCANTONAL = "intercantonal", _("interkantonal")
    CANTON = "canton", _("Kanton")
    DISTRICT = "district", _("Bezirk")
    MUNICIPALITIES = "municipalities", _("einzelne Gemeinden")


class OrganisationQuerySet(PublishableQuerySet):
    def responsible_for_any(self, municipalities):
        """Everything that serves one of `municipalities` (a queryset, e.g. a postcode's): from
        their own offices up to national bodies."""
        municipalities = municipalities.values("pk")
        served_by_list = Organisation.service_municipalities.through.objects.filter(
            municipality_id__in=municipalities
        ).values("organisation_id")
        return self.filter(
            Q(municipality__in=municipalities)
            | Q(service_area=ServiceArea.MUNICIPALITIES, pk__in=served_by_list)
            | Q(
                service_area=ServiceArea.DISTRICT,
                service_district__in=District.objects.filter(municipalities__in=municipalities),
            )
            | Q(
                service_area=ServiceArea.CANTON,
                canton__in=Canton.objects.filter(municipalities__in=municipalities),
            )
            | Q(
                service_area__in=[ServiceArea.INTERCANTONAL, ServiceArea.COUNTRY],
                country__code="CH",
            )
        )


class Organisation(KeepsOldSlugs, ShortNameLabel, PublishableModel):
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Abkürzung"), max_length=30, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    kind = models.CharField(
        _("Typ"), max_length=30, choices=OrganisationKind.choices, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("übergeordnete Einheit"),
        null=True,
        blank=True,
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("Land")
    )
    canton = models.ForeignKey(
        Canton,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("Kanton"),
        null=True,
        blank=True,
        help_text=_("Leer für interkantonale und ausländische Organisationen."),
    )
    service_area = models.CharField(
        _("Zuständigkeitsgebiet"), max_length=20, choices=ServiceArea.choices, db_index=True
    )
    service_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("zuständig für Bezirk"),
        null=True,
        blank=True,
    )
    service_municipalities = models.ManyToManyField(
        Municipality,
        related_name="served_by",
        verbose_name=_("zuständig für Gemeinden"),
        blank=True,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("Standortgemeinde"),
        null=True,
        blank=True,
    )
    street = models.CharField(_("Strasse und Nr."), max_length=200, blank=True)
    po_box = models.CharField(_("Postfach"), max_length=60, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    town = models.CharField(_("Ort"), max_length=120, blank=True)
    phone = PhoneNumberField(_("Telefon"), blank=True, error_messages={"invalid": PHONE_ERROR})
    email = models.EmailField(_("E-Mail"), blank=True, error_messages={"invalid": EMAIL_ERROR})
    website = models.URLField(_("Website"), blank=True)
    topics = models.ManyToManyField(
        Topic, related_name="organisations", verbose_name=_("Themen"), blank=True
    )
    last_verified_on = models.DateField(_("zuletzt geprüft"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    # history: registered in contacts/translation.py, after the language columns.
    objects = OrganisationQuerySet.as_manager()

    # Path from this model to its canton; the admin's editing scope follows it.
    canton_scope_lookup = "canton"

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name_de"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(service_area=ServiceArea.CANTON) | Q(canton__isnull=False),
                name="organisation_canton_area_needs_canton",
            ),
            models.CheckConstraint(
                condition=~Q(service_area=ServiceArea.DISTRICT) | Q(service_district__isnull=False),
                name="organisation_district_area_needs_district",
            ),
        ]
        # The German column, as the ordering (core.translation).
        indexes = [models.Index(fields=["is_published", "name_de"], name="org_published_name")]

    def __str__(self):
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:organisation_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.service_area == ServiceArea.CANTON and not self.canton_id:
            errors["canton"] = _("Ein kantonales Zuständigkeitsgebiet braucht einen Kanton.")
        if self.service_area == ServiceArea.DISTRICT and not self.service_district_id:
            errors["service_district"] = _("Bitte den Bezirk angeben, für den sie zuständig ist.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("Eine Organisation kann nicht sich selbst übergeordnet sein.")
        is_swiss = not self.country_id or self.country.code == "CH"
        if self.postcode and is_swiss:
            try:
                validate_swiss_postcode(self.postcode)
            except ValidationError as error:
                errors["postcode"] = error.messages
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = fold(
            " ".join(
                [
                    *texts_in_every_language(self, "name"),
                    *texts_in_every_language(self, "short_name"),
                    self.town,
                ]
            )
        )
        super().save(*args, **kwargs)
        Position.objects.filter(organisation=self).refresh_sort_names()

    @property
    def postal_lines(self):
        town_line = " ".join(part for part in [self.postcode, self.town] if part)
        return [line for line in [self.street, self.po_box, town_line] if line]

    @property
    def service_area_display(self):
        """ "ganzes Land" names the country: "ganzes Land (Deutschland)"."""
        if self.service_area == ServiceArea.COUNTRY:
            return _("ganzes Land (%(country)s)") % {"country": self.country.name}
        return self.get_service_area_display()

    @property
    def has_contact_details(self):
        """Whether there is a way to reach it: phone, e-mail, website or postal address."""
        return bool(self.phone or self.email or self.website or self.postal_lines)


class PersonQuerySet(PublishableQuerySet):
    def with_public_position(self):
        """People with a function the public sees: what the sitemap lists. (Their page
        itself follows the person's own rule, `published()`.)"""
        public_positions = Position.objects.published().filter(person=OuterRef("pk"))
        return self.filter(Exists(public_positions))


class Person(KeepsOldSlugs, PublishableModel):
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    canton_scope_lookup = "positions__organisation__canton"

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("contacts:person_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Position.objects.filter(person=self).refresh_sort_names()


class PositionQuerySet(PublishableQuerySet):
    @staticmethod
    def published_condition(through=""):
        """The rule of published() for the position reached by `through` (e.g. "position__"),
        for queries of other models: a join, where a subquery of every public position would
        be read whole for a few rows. The rules of Person and Organisation are their flags."""
        return Q(
            **{
                f"{through}is_published": True,
                f"{through}person__is_published": True,
                f"{through}organisation__is_published": True,
            }
        )

    def published(self):
        return self.filter(self.published_condition())

    def refresh_sort_names(self):
        positions = list(self.select_related("person"))
        for position in positions:
            position.sort_name = position.build_sort_name()
        self.model.objects.bulk_update(positions, ["sort_name"])


class Position(PublishableModel):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("Person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("Organisation"),
    )
    title = models.CharField(
        _("Funktion"),
        max_length=200,
        help_text=_('z.B. "Koordinatorin Kinder- und Jugendhilfe" oder "Stv. Amtsleiter"'),
    )
    phone = PhoneNumberField(
        _("Telefon direkt"), blank=True, error_messages={"invalid": PHONE_ERROR}
    )
    email = models.EmailField(_("E-Mail"), blank=True, error_messages={"invalid": EMAIL_ERROR})
    topics = models.ManyToManyField(
        Topic, related_name="positions", verbose_name=_("Themen"), blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    last_verified_on = models.DateField(_("zuletzt geprüft"), null=True, blank=True)
    # The person's folded "last first" name: the directory sorts by it with an index.
    sort_name = models.CharField(max_length=210, editable=False, blank=True)

    # history: registered in contacts/translation.py, after the language columns.
    objects = PositionQuerySet.as_manager()

    canton_scope_lookup = "organisation__canton"

    class Meta:
        verbose_name = _("Funktion")
        verbose_name_plural = _("Funktionen")
        ordering = ["person__last_name", "person__first_name", "sort_order", "title_de", "pk"]
        indexes = [
            models.Index(fields=["is_published", "organisation"]),
            models.Index(fields=["sort_name", "id"]),
        ]

    def __str__(self):
        return f"{self.person}, {self.title}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    @property
    def is_public(self):
        return self.is_published and self.person.is_published and self.organisation.is_public

    def build_sort_name(self):
        return fold(f"{self.person.last_name} {self.person.first_name}")

    def save(self, *args, **kwargs):
        self.sort_name = self.build_sort_name()
        super().save(*args, **kwargs)


class EditingScope(models.Model):
    """The cantons whose records a staff account may edit in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editing_scope",
        verbose_name=_("Benutzer"),
    )
    cantons = models.ManyToManyField(
        Canton, related_name="editing_scopes", verbose_name=_("Kantone"), blank=True
    )

    class Meta:
        verbose_name = _("Bearbeitungsbereich")
        verbose_name_plural = _("Bearbeitungsbereiche")

    def __str__(self):
        return str(self.user)
