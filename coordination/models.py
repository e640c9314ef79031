"""Who coordinates child and youth policy: conferences, coordination offices, bodies, forums.

Every kind of body shares one table (`Body`) for what they have in common (jurisdiction,
dates, themes, foundations, members, lineage); each kind adds its own facts in a child
table (multi-table inheritance), so one theme page or one overview can list them all.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Position, Topic
from contacts.slugs import KeepsOldSlugs
from core.dates import DatePrecision, format_precise_date
from core.publishing import PublicQuerySet, PublishableModel, PublishableQuerySet
from core.translation import ShortNameLabel


class Jurisdiction(models.TextChoices):
    INTERNATIONAL = "international", _("international")
    FEDERAL = "federal", _("national (Bund)")
    INTERCANTONAL = "intercantonal", _("interkantonal")
    CANTONAL = "cantonal", _("kantonal")
    MUNICIPAL = "municipal", _("kommunal")


class BodyKind(models.TextChoices):
    CONFERENCE = "conference", _("Konferenz")
    OFFICE = "office", _("Koordinationsstelle")
    COMMITTEE = "committee", _("Gremium")
    FORUM = "forum", _("Forum")


class ThemeArea(models.TextChoices):
    PROTECTION = "protection", _("Kinder- und Jugendschutz")
    PROMOTION = "promotion", _("Kinder- und Jugendförderung")
    PARTICIPATION = "participation", _("Mitwirkung")
    GENERAL = "general", _("Übergreifend")


class LineageKind(models.TextChoices):
    MERGER = "merger", _("Fusion")
    RENAMING = "renaming", _("Umbenennung")
    SPLIT = "split", _("Aufteilung")
    SUCCESSION = "succession", _("Nachfolge")


class FoundationKind(models.TextChoices):
    TREATY = "treaty", _("Völkerrechtliches Übereinkommen")
    LAW = "law", _("Gesetz")
    ORDINANCE = "ordinance", _("Verordnung")
    RECOMMENDATION = "recommendation", _("Empfehlungen")
    STRATEGY = "strategy", _("Strategie / Bericht")
    OTHER = "other", _("Andere Grundlage")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Wie genau das Datum bekannt ist: Jahr, Monat oder Tag."),
    )


JURISDICTION_CONSTRAINT_HELP = _(
    "Kantonal und kommunal: Kanton angeben. International: Land darf leer bleiben."
)


def jurisdiction_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=Q(jurisdiction=Jurisdiction.INTERNATIONAL) | Q(country__isnull=False),
            name=f"{prefix}_country_unless_international",
        ),
        models.CheckConstraint(
            condition=~Q(jurisdiction__in=[Jurisdiction.CANTONAL, Jurisdiction.MUNICIPAL])
            | Q(canton__isnull=False),
            name=f"{prefix}_canton_for_cantonal_or_municipal",
        ),
        models.CheckConstraint(
            condition=Q(jurisdiction__in=[Jurisdiction.CANTONAL, Jurisdiction.MUNICIPAL])
            | Q(canton__isnull=True),
            name=f"{prefix}_no_canton_above_cantonal",
        ),
    ]


def clean_jurisdiction(instance):
    errors = {}
    if instance.jurisdiction != Jurisdiction.INTERNATIONAL and not instance.country_id:
        errors["country"] = _("Bitte das Land angeben.")
    cantonal = instance.jurisdiction in (Jurisdiction.CANTONAL, Jurisdiction.MUNICIPAL)
    if cantonal and not instance.canton_id:
        errors["canton"] = _("Kantonal und kommunal zuständige Stellen brauchen einen Kanton.")
    if not cantonal and instance.canton_id:
        errors["canton"] = _("Nur kantonal oder kommunal zuständige Stellen haben einen Kanton.")
    return errors


class Foundation(KeepsOldSlugs, ShortNameLabel, PublishableModel):
    """A legal or policy foundation: a convention, a law, an ordinance, recommendations."""

    name = models.CharField(_("Titel"), max_length=250)
    short_name = models.CharField(_("Abkürzung"), max_length=40, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=FoundationKind.choices)
    jurisdiction = models.CharField(
        _("Ebene"),
        max_length=20,
        choices=Jurisdiction.choices,
        help_text=JURISDICTION_CONSTRAINT_HELP,
    )
    country = models.ForeignKey(
        "contacts.Country",
        on_delete=models.PROTECT,
        related_name="foundations",
        verbose_name=_("Land"),
        null=True,
        blank=True,
    )
    canton = models.ForeignKey(
        "contacts.Canton",
        on_delete=models.PROTECT,
        related_name="foundations",
        verbose_name=_("Kanton"),
        null=True,
        blank=True,
    )
    issuer = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_foundations",
        verbose_name=_("Herausgeberin"),
        null=True,
        blank=True,
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    adopted_on = models.DateField(_("verabschiedet am"), null=True, blank=True)
    adopted_precision = precision_field(_("Genauigkeit Verabschiedung"))
    in_force_on = models.DateField(_("in Kraft seit"), null=True, blank=True)
    in_force_precision = precision_field(_("Genauigkeit Inkrafttreten"))
    ceased_on = models.DateField(_("ausser Kraft seit"), null=True, blank=True)
    ceased_precision = precision_field(_("Genauigkeit Ausserkrafttreten"))
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("abgelöst durch"),
        null=True,
        blank=True,
    )
    topics = models.ManyToManyField(
        "contacts.Topic", related_name="foundations", verbose_name=_("Themen"), blank=True
    )
    website = models.URLField(_("Website"), blank=True)
    last_verified_on = models.DateField(_("zuletzt geprüft"), null=True, blank=True)

    # history: registered in coordination/translation.py, after the language columns.
    objects = PublishableQuerySet.as_manager()

    canton_scope_lookup = "canton"

    class Meta:
        verbose_name = _("Grundlage")
        verbose_name_plural = _("Grundlagen")
        ordering = ["name_de"]
        constraints = [
            *jurisdiction_constraints("foundation"),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("id")), name="foundation_not_superseding_itself"
            ),
        ]

    def __str__(self):
        if self.short_name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self):
        return reverse("coordination:foundation_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_jurisdiction(self)
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("Eine Grundlage kann sich nicht selbst ablösen.")
        if errors:
            raise ValidationError(errors)

    @property
    def adopted_display(self):
        return format_precise_date(self.adopted_on, self.adopted_precision)

    @property
    def in_force_display(self):
        return format_precise_date(self.in_force_on, self.in_force_precision)

    @property
    def ceased_display(self):
        return format_precise_date(self.ceased_on, self.ceased_precision)

    @property
    def dated_display(self):
        """ "vom 20. November 1989" as sources cite a convention, else "in Kraft seit …"; "" when
        no date is known."""
        if self.adopted_on:
            date = self.adopted_display
            if self.adopted_precision == DatePrecision.YEAR:
                return _("von %(date)s") % {"date": date}
            return _("vom %(date)s") % {"date": date}
        if self.in_force_on:
            return _("in Kraft seit %(date)s") % {"date": self.in_force_display}
        return ""


class BodyQuerySet(PublishableQuerySet):
    def with_period(self):
        """Annotates `has_ended` (dissolved, or gone into a published successor) and
        `succeeded_on`, the date of the first such step, for Body.period_display."""
        steps = Lineage.objects.filter(
            predecessor=OuterRef("pk"), successor__in=Body.objects.published()
        )
        return self.annotate(
            has_ended=Case(
                When(Q(dissolved_on__isnull=False) | Q(Exists(steps)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            succeeded_on=Subquery(steps.order_by("happened_on").values("happened_on")[:1]),
        )

    def current_first(self):
        """Bodies that still exist first, then those dissolved or merged, by name."""
        return self.with_period().order_by("has_ended", "name_de")


class Body(KeepsOldSlugs, ShortNameLabel, PublishableModel):
    """What every coordinating body has: a name, a level, dates, themes, foundations, members."""

    kind = models.CharField(
        _("Art"), max_length=20, choices=BodyKind.choices, editable=False, db_index=True
    )
    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Abkürzung"), max_length=30, blank=True)
    slug = models.SlugField(
        _("Kurzname (URL)"),
        max_length=120,
        unique=True,
        help_text=_("Für Konferenzen die Abkürzung in Kleinbuchstaben, z.B. kkjp."),
    )
    purpose = models.CharField(
        _("Zweck in einem Satz"),
        max_length=300,
        blank=True,
        help_text=_("Erscheint in Übersichten."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    jurisdiction = models.CharField(
        _("Ebene"),
        max_length=20,
        choices=Jurisdiction.choices,
        help_text=JURISDICTION_CONSTRAINT_HELP,
    )
    country = models.ForeignKey(
        "contacts.Country",
        on_delete=models.PROTECT,
        related_name="coordination_bodies",
        verbose_name=_("Land"),
        null=True,
        blank=True,
    )
    canton = models.ForeignKey(
        "contacts.Canton",
        on_delete=models.PROTECT,
        related_name="coordination_bodies",
        verbose_name=_("Kanton"),
        null=True,
        blank=True,
        help_text=_("Leer für interkantonale, nationale und ausländische Gremien."),
    )
    municipality = models.ForeignKey(
        "contacts.Municipality",
        on_delete=models.PROTECT,
        related_name="coordination_bodies",
        verbose_name=_("Gemeinde"),
        null=True,
        blank=True,
    )
    founded_on = models.DateField(_("gegründet / seit"), null=True, blank=True)
    founded_precision = precision_field(_("Genauigkeit Gründung"))
    dissolved_on = models.DateField(_("aufgelöst am"), null=True, blank=True)
    dissolved_precision = precision_field(_("Genauigkeit Auflösung"))
    website = models.URLField(_("Website"), blank=True)
    foundations = models.ManyToManyField(
        Foundation,
        through="BodyFoundation",
        related_name="bodies",
        verbose_name=_("Grundlagen"),
        blank=True,
    )
    themes = models.ManyToManyField(
        "contacts.Topic",
        through="BodyTheme",
        related_name="coordination_bodies",
        verbose_name=_("Schwerpunktthemen"),
        blank=True,
    )
    last_verified_on = models.DateField(_("zuletzt geprüft"), null=True, blank=True)

    objects = BodyQuerySet.as_manager()

    canton_scope_lookup = "canton"

    class Meta:
        verbose_name = _("Gremium (alle Arten)")
        verbose_name_plural = _("Gremien (alle Arten)")
        ordering = ["name_de"]
        constraints = jurisdiction_constraints("body")

    # The child model of each kind and the URL name of its page.
    url_names = {
        BodyKind.CONFERENCE: "coordination:conference_detail",
        BodyKind.OFFICE: "coordination:office_detail",
        BodyKind.COMMITTEE: "coordination:committee_detail",
        BodyKind.FORUM: "coordination:forum_detail",
    }

    def __str__(self):
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self):
        return reverse(self.url_names[self.kind], kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # Each kind of body declares `body_kind`; the shared table records it for lists.
        self.kind = getattr(self, "body_kind", self.kind)
        super().save(*args, **kwargs)

    def clean(self):
        errors = clean_jurisdiction(self)
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = _("Die Auflösung kann nicht vor der Gründung liegen.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_display(self):
        """ "1994–2017" for a body that no longer exists, "" for a current one.

        Needs BodyQuerySet.with_period() for bodies that went into a successor.
        """
        ended_on = self.dissolved_on or getattr(self, "succeeded_on", None)
        if ended_on is None:
            return ""
        if self.founded_on is None:
            return _("bis %(year)s") % {"year": ended_on.year}
        return f"{self.founded_on.year}–{ended_on.year}"


class Conference(Body):
    """An inter-cantonal conference such as the KKJP, often a technical conference of another."""

    body_kind = BodyKind.CONFERENCE

    parent_organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("übergeordnete Organisation"),
        null=True,
        blank=True,
    )
    parent_relation = models.CharField(
        _("Verhältnis zur übergeordneten Organisation"),
        max_length=120,
        blank=True,
        help_text=_('z.B. "fachtechnische Konferenz"'),
    )
    composition = models.TextField(_("Zusammensetzung"), blank=True)

    # history: registered in coordination/translation.py, after the language columns.

    class Meta:
        verbose_name = _("Konferenz")
        verbose_name_plural = _("Konferenzen")
        ordering = ["name_de"]


class CoordinationOffice(Body):
    """A cantonal office that coordinates and develops child and youth welfare."""

    body_kind = BodyKind.OFFICE

    mandate = models.TextField(_("Auftrag"), blank=True)
    host_organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="hosted_coordination_offices",
        verbose_name=_("angesiedelt bei (Amt)"),
        null=True,
        blank=True,
    )
    directorate = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="coordination_offices_in_directorate",
        verbose_name=_("Direktion"),
        null=True,
        blank=True,
    )
    coordinator = models.ForeignKey(
        "contacts.Position",
        on_delete=models.PROTECT,
        related_name="coordinated_offices",
        verbose_name=_("Koordinatorin / Koordinator"),
        null=True,
        blank=True,
    )
    contact_organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="coordination_office_contacts",
        verbose_name=_("Kontaktadresse"),
        null=True,
        blank=True,
    )

    # history: registered in coordination/translation.py, after the language columns.

    class Meta:
        verbose_name = _("Koordinationsstelle")
        verbose_name_plural = _("Koordinationsstellen")
        ordering = ["name_de"]


class Committee(Body):
    """A working body (Gremium): a steering group, an advisory board."""

    body_kind = BodyKind.COMMITTEE

    parent_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("gehört zu"),
        null=True,
        blank=True,
        help_text=_("Die Stelle oder das Forum, zu dem das Gremium gehört."),
    )
    led_by = models.ForeignKey(
        "contacts.Position",
        on_delete=models.PROTECT,
        related_name="led_committees",
        verbose_name=_("Leitung"),
        null=True,
        blank=True,
    )

    # history: registered in coordination/translation.py, after the language columns.

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name_de"]


class Forum(Body):
    """A forum for exchange, such as the German Dialogforum, with its event formats."""

    body_kind = BodyKind.FORUM

    full_title = models.CharField(_("vollständiger Titel"), max_length=300, blank=True)
    host_organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="hosted_forums",
        verbose_name=_("verankert bei"),
        null=True,
        blank=True,
    )
    funder = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="funded_forums",
        verbose_name=_("gefördert von"),
        null=True,
        blank=True,
    )
    funded_since = models.DateField(_("gefördert seit"), null=True, blank=True)
    funded_since_precision = precision_field(_("Genauigkeit Förderbeginn"))
    accompanies = models.ForeignKey(
        Foundation,
        on_delete=models.PROTECT,
        related_name="accompanying_forums",
        verbose_name=_("begleitet"),
        null=True,
        blank=True,
        help_text=_("Die Grundlage, deren Umsetzung das Forum begleitet."),
    )

    # history: registered in coordination/translation.py, after the language columns.

    class Meta:
        verbose_name = _("Forum")
        verbose_name_plural = _("Foren")
        ordering = ["name_de"]

    @property
    def funded_since_display(self):
        return format_precise_date(self.funded_since, self.funded_since_precision)


class BodyThemeQuerySet(PublicQuerySet):
    def published(self):
        """Themes of public bodies."""
        return self.filter(body__in=Body.objects.published())

    def topics(self):
        """The topics of these themes, each once."""
        return Topic.objects.filter(pk__in=self.values("topic"))


class BodyTheme(models.Model):
    """One focus theme of a body, in its area (protection, promotion ...)."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="body_themes", verbose_name=_("Gremium")
    )
    topic = models.ForeignKey(
        "contacts.Topic",
        on_delete=models.PROTECT,
        related_name="body_themes",
        verbose_name=_("Thema"),
    )
    area = models.CharField(_("Bereich"), max_length=20, choices=ThemeArea.choices)
    note = models.CharField(
        _("Präzisierung"),
        max_length=250,
        blank=True,
        help_text=_('z.B. "national und international"'),
    )
    foundation = models.ForeignKey(
        Foundation,
        on_delete=models.PROTECT,
        related_name="body_themes",
        verbose_name=_("Grundlage"),
        null=True,
        blank=True,
    )
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # history: registered in coordination/translation.py, after the language columns.
    objects = BodyThemeQuerySet.as_manager()

    canton_scope_lookup = "body__canton"

    class Meta:
        verbose_name = _("Schwerpunktthema")
        verbose_name_plural = _("Schwerpunktthemen")
        ordering = ["area", "sort_order", "topic__name_de"]
        constraints = [
            models.UniqueConstraint(fields=["body", "topic"], name="unique_theme_per_body")
        ]

    def __str__(self):
        return f"{self.body.label}: {self.topic}"

    @property
    def is_public(self):
        return self.body.is_public


class BodyFoundation(models.Model):
    """A foundation a body works on: a record of its own, so that its history is kept."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="body_foundations", verbose_name=_("Gremium")
    )
    foundation = models.ForeignKey(
        Foundation,
        on_delete=models.PROTECT,
        related_name="body_foundations",
        verbose_name=_("Grundlage"),
    )

    # history: registered in coordination/translation.py, after the language columns.

    canton_scope_lookup = "body__canton"

    class Meta:
        # The table Django created for the plain many-to-many relation before.
        db_table = "coordination_body_foundations"
        verbose_name = _("Grundlage des Gremiums")
        verbose_name_plural = _("Grundlagen des Gremiums")
        ordering = ["foundation__name_de"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "foundation"], name="unique_foundation_per_body"
            )
        ]

    def __str__(self):
        return f"{self.body.label}: {self.foundation}"


class MembershipQuerySet(PublicQuerySet):
    def published(self):
        """Members of a public body whose contact records are public (an unpublished
        contact never shows)."""
        # Joins, not IN (every public position): the database would read them all for a few
        # members. An organisation's rule is its flag, as in Position's rule.
        return self.filter(
            Q(position__isnull=True) | Position.objects.published_condition("position__"),
            Q(organisation__isnull=True) | Q(organisation__is_published=True),
            body__in=Body.objects.published(),
        )

    def with_contacts(self):
        return self.select_related(
            "canton",
            "position__person",
            "position__organisation__canton",
            "organisation__canton",
        )

    def for_member_list(self):
        """with_contacts() with only the columns a member list prints
        (coordination/includes/_member.html) and groups by (the represented canton): every
        column of five records per member made most of a conference page's work. Translated
        fields bring all their languages (modeltranslation), so German stand-ins are still
        marked."""
        return self.with_contacts().only(
            # body.memberships sets each membership's body: a deferred body_id costs a query.
            "body",
            "group_label",
            "role",
            "canton__name",
            "position__title",
            "position__person__first_name",
            "position__person__last_name",
            "position__person__slug",
            "position__organisation__name",
            "position__organisation__short_name",
            "position__organisation__canton__name",
            "organisation__name",
            "organisation__short_name",
            "organisation__slug",
            "organisation__canton__name",
        )


class Membership(models.Model):
    """A member of a body: a position from the contacts, an organisation, or a described group.

    Positions and organisations are references, so the member list follows every change
    made to the contact; a contact that is still a member cannot be deleted (PROTECT).
    """

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Gremium")
    )
    position = models.ForeignKey(
        "contacts.Position",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("Funktion (Person)"),
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "contacts.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
    )
    group_label = models.CharField(
        _("Mitgliedergruppe"),
        max_length=250,
        blank=True,
        help_text=_(
            'Für als Gruppe beschriebene Mitglieder, z.B. "Vertreter*innen der Wissenschaft".'
        ),
    )
    canton = models.ForeignKey(
        "contacts.Canton",
        on_delete=models.PROTECT,
        related_name="coordination_memberships",
        verbose_name=_("vertritt Kanton"),
        null=True,
        blank=True,
        help_text=_("Leer: der Kanton der Organisation des Mitglieds."),
    )
    role = models.CharField(_("Rolle"), max_length=120, blank=True, help_text=_('z.B. "Vorsitz"'))
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # history: registered in coordination/translation.py, after the language columns.
    objects = MembershipQuerySet.as_manager()

    canton_scope_lookup = "body__canton"

    class Meta:
        verbose_name = _("Mitglied")
        verbose_name_plural = _("Mitglieder")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__isnull=False)
                | Q(organisation__isnull=False)
                | ~Q(group_label=""),
                name="membership_names_a_member",
            ),
            models.UniqueConstraint(
                fields=["body", "position"],
                condition=Q(position__isnull=False),
                name="unique_position_per_body",
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(organisation__isnull=False, position__isnull=True),
                name="unique_organisation_per_body",
            ),
        ]

    def __str__(self):
        if self.position_id:
            member = str(self.position)
        elif self.organisation_id:
            member = str(self.organisation)
        else:
            member = self.group_label
        # Names the body too, so a refused delete says where the contact is still a member.
        return _("%(member)s (Mitglied von %(body)s)") % {"member": member, "body": self.body.label}

    def clean(self):
        if not (self.position_id or self.organisation_id or self.group_label):
            raise ValidationError(
                _("Bitte eine Funktion, eine Organisation oder eine Mitgliedergruppe angeben.")
            )

    @property
    def is_public(self):
        return (
            self.body.is_public
            and (self.position is None or self.position.is_public)
            and (self.organisation is None or self.organisation.is_public)
        )

    @property
    def member_canton(self):
        """The canton the member represents, by default the canton of its organisation."""
        if self.canton_id:
            return self.canton
        if self.position_id:
            return self.position.organisation.canton
        if self.organisation_id:
            return self.organisation.canton
        return None


class LineageQuerySet(PublicQuerySet):
    def published(self):
        """Steps between two public bodies."""
        public = Body.objects.published()
        return self.filter(predecessor__in=public, successor__in=public)

    def with_bodies(self):
        return self.select_related("predecessor", "successor")


class Lineage(models.Model):
    """One step in the history of bodies: a predecessor went into a successor."""

    predecessor = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="successor_links",
        verbose_name=_("Vorgänger"),
    )
    successor = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="predecessor_links",
        verbose_name=_("Nachfolger"),
    )
    kind = models.CharField(_("Ereignis"), max_length=20, choices=LineageKind.choices)
    happened_on = models.DateField(_("Datum"), null=True, blank=True)
    happened_precision = precision_field(_("Genauigkeit"))
    note = models.CharField(_("Bemerkung"), max_length=250, blank=True)

    # history: registered in coordination/translation.py, after the language columns.
    objects = LineageQuerySet.as_manager()

    canton_scope_lookup = "successor__canton"

    class Meta:
        verbose_name = _("Vorgänger/Nachfolger")
        verbose_name_plural = _("Geschichte (Vorgänger und Nachfolger)")
        ordering = ["happened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_lineage_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor.label} → {self.successor.label} ({self.get_kind_display()})"

    @property
    def is_public(self):
        return self.predecessor.is_public and self.successor.is_public

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError(_("Ein Gremium kann nicht sein eigener Nachfolger sein."))


class OfficeTask(models.Model):
    """One task of a coordination office, shown and edited on its own."""

    office = models.ForeignKey(
        CoordinationOffice,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("Koordinationsstelle"),
    )
    text = models.TextField(_("Aufgabe"))
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # history: registered in coordination/translation.py, after the language columns.

    canton_scope_lookup = "office__canton"

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["office", "sort_order", "pk"]

    def __str__(self):
        return self.text[:80]


class EventFormatQuerySet(PublicQuerySet):
    def published(self):
        """Formats of a public forum."""
        return self.filter(forum__in=Forum.objects.published())


class EventFormat(KeepsOldSlugs, models.Model):
    """A format of a forum's events, kept as data because forums change formats over time."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="formats", verbose_name=_("Forum")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    audience = models.CharField(_("Zielgruppe"), max_length=250, blank=True)
    is_active = models.BooleanField(_("aktuell angeboten"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # history: registered in coordination/translation.py, after the language columns.
    objects = EventFormatQuerySet.as_manager()

    canton_scope_lookup = "forum__canton"

    class Meta:
        verbose_name = _("Veranstaltungsformat")
        verbose_name_plural = _("Veranstaltungsformate")
        ordering = ["forum", "sort_order", "name_de"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coordination:forum_detail", kwargs={"slug": self.forum.slug})

    @property
    def is_public(self):
        return self.forum.is_public


class TopicArea(models.Model):
    """A topic area that a format's events deal with."""

    format = models.ForeignKey(
        EventFormat,
        on_delete=models.CASCADE,
        related_name="topic_areas",
        verbose_name=_("Veranstaltungsformat"),
    )
    name = models.CharField(_("Name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # history: registered in coordination/translation.py, after the language columns.

    canton_scope_lookup = "format__forum__canton"

    class Meta:
        verbose_name = _("Themenbereich")
        verbose_name_plural = _("Themenbereiche")
        ordering = ["format", "sort_order", "name_de"]
        constraints = [
            models.UniqueConstraint(fields=["format", "name"], name="unique_topic_area_per_format")
        ]

    def __str__(self):
        return self.name


class EventQuerySet(PublishableQuerySet):
    def published(self):
        """Published events of a public format (that is, of a public forum)."""
        return super().published().filter(format__in=EventFormat.objects.published())

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))

    def past(self, now=None):
        now = now or timezone.now()
        return self.exclude(pk__in=self.upcoming(now).values("pk"))

    def with_format(self):
        return self.select_related("format__forum")


class Event(KeepsOldSlugs, PublishableModel):
    """A dated event of one of a forum's formats."""

    format = models.ForeignKey(
        EventFormat,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("Veranstaltungsformat"),
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.CharField(_("Ort"), max_length=250, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    topic_areas = models.ManyToManyField(
        TopicArea, related_name="events", verbose_name=_("Themenbereiche"), blank=True
    )
    registration_url = models.URLField(_("Anmeldung / weitere Informationen"), blank=True)

    # history: registered in coordination/translation.py, after the language columns.
    objects = EventQuerySet.as_manager()

    canton_scope_lookup = "format__forum__canton"

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "title_de"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:event_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende liegt vor dem Beginn.")})

    @property
    def is_public(self):
        return self.is_published and self.format.is_public

    @property
    def ical_uid(self):
        """Stable across edits of title or slug, as RFC 5545 asks."""
        return f"veranstaltung-{self.pk}@drehscheibe.coordination"
