"""The 26 cantons side by side (/kantone/): what the apps hold about each, nothing more.

Each fact of a canton (portal.models.CantonFact) has one of three states: present (with
its records), confirmed absent (staff recorded that the canton has none, with the date)
or not yet captured. The page never turns "not captured" into "none". The rows are read
in a fixed number of queries, whatever the cantons hold; sorting and filtering work on
the 26 rows in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from contacts.models import Canton, Position, Topic
from coordination.models import Committee, Event, Membership
from core.dates import format_precise_date
from core.publishing import published_or_none
from core.text import fold
from planning.models import Decision, DevelopmentArea, DevelopmentField, Plan, PlanKind
from portal.models import CantonFact, ConfirmedAbsence, fact_records

# A contact whose "Stand" is older than this is due for checking (as on the staff dashboard).
VERIFICATION_DUE_AFTER = datetime.timedelta(days=365)


class FactState:
    PRESENT = "erfasst"
    ABSENT = "keine"
    MISSING = "offen"

    labels = {
        PRESENT: _("erfasst"),
        ABSENT: _("bestätigt keine"),
        MISSING: _("noch nicht erfasst"),
    }
    # Sorting by a fact's column: present first, then confirmed absent, then the gaps.
    rank = {PRESENT: 0, ABSENT: 1, MISSING: 2}


@dataclass
class Fact:
    kind: str
    records: list = field(default_factory=list)
    absence: ConfirmedAbsence | None = None

    @property
    def state(self):
        if self.records:
            return FactState.PRESENT
        if self.absence:
            return FactState.ABSENT
        return FactState.MISSING

    @property
    def state_label(self):
        return FactState.labels[self.state]

    @property
    def first(self):
        return self.records[0] if self.records else None


@dataclass
class CantonRow:
    canton: Canton
    facts: dict  # CantonFact -> Fact
    contact_count: int = 0
    oldest_verified_on: datetime.date | None = None
    undated_contacts: int = 0

    @property
    def office(self):
        return self.facts[CantonFact.OFFICE]

    @property
    def plan(self):
        return self.facts[CantonFact.PLAN]

    @property
    def foundations(self):
        return self.facts[CantonFact.FOUNDATIONS]

    @property
    def members(self):
        return self.facts[CantonFact.CONFERENCE_MEMBERS]

    @property
    def verification_due(self):
        """Some contact is undated or older than a year: the canton's list needs checking."""
        if not self.contact_count:
            return False
        due_before = timezone.localdate() - VERIFICATION_DUE_AFTER
        return bool(self.undated_contacts) or (
            self.oldest_verified_on is not None and self.oldest_verified_on < due_before
        )


def _records_by_canton(queryset):
    grouped = defaultdict(list)
    for record in queryset:
        grouped[record.fact_canton_id].append(record)
    return grouped


def _current_plans():
    fields = DevelopmentField.objects.published().with_progress()
    plans = (
        fact_records(CantonFact.PLAN)
        .current_first()
        .prefetch_related(Prefetch("fields", queryset=fields, to_attr="published_fields"))
    )
    current = {}
    for plan in plans:  # current first: the first plan seen of a canton is its current one
        if plan.fact_canton_id not in current:
            plan.progress = plan.progress_from(plan.published_fields)
            current[plan.fact_canton_id] = [plan]
    return current


def comparison_rows():
    """One row per canton, in the order of their names, in nine queries."""
    records = {
        CantonFact.OFFICE: _records_by_canton(
            fact_records(CantonFact.OFFICE)
            .select_related("coordinator__person", "coordinator__organisation")
            .order_by("name_de")
        ),
        CantonFact.PLAN: _current_plans(),
        CantonFact.FOUNDATIONS: _records_by_canton(
            fact_records(CantonFact.FOUNDATIONS).order_by("name_de")
        ),
        CantonFact.CONFERENCE_MEMBERS: _records_by_canton(
            fact_records(CantonFact.CONFERENCE_MEMBERS).with_contacts()
        ),
    }
    absences = {
        (absence.canton_id, absence.fact): absence for absence in ConfirmedAbsence.objects.all()
    }
    contacts = {
        entry["organisation__canton"]: entry
        for entry in Position.objects.published()
        .filter(organisation__canton__isnull=False)
        .values("organisation__canton")
        .annotate(
            count=Count("pk"),
            oldest=Min("last_verified_on"),
            undated=Count("pk", filter=Q(last_verified_on__isnull=True)),
        )
        .order_by()
    }
    rows = []
    for canton in Canton.objects.all():
        facts = {
            kind: Fact(
                kind,
                records[kind].get(canton.pk, []),
                absences.get((canton.pk, kind)),
            )
            for kind in CantonFact.values
        }
        counted = contacts.get(canton.pk, {})
        rows.append(
            CantonRow(
                canton,
                facts,
                contact_count=counted.get("count", 0),
                oldest_verified_on=counted.get("oldest"),
                undated_contacts=counted.get("undated", 0),
            )
        )
    rows.sort(key=lambda row: fold(row.canton.name))
    return rows


# The table's columns, by the names the URL gives them.
COLUMNS = [
    ("kanton", _("Kanton")),
    ("koordinationsstelle", _("Koordinationsstelle")),
    ("planung", _("Aktuelle Planung")),
    ("grundlagen", _("Kantonale Grundlagen")),
    ("kkjp", _("Mitglieder der KKJP")),
    ("kontakte", _("Veröffentlichte Kontakte")),
    ("stand", _("Ältester Stand")),
]

# The columns as the URL names them (German in every language, like the directory's
# ?kanton=), each with the fact behind it where there is one.
FACT_COLUMNS = {
    "koordinationsstelle": CantonFact.OFFICE,
    "planung": CantonFact.PLAN,
    "grundlagen": CantonFact.FOUNDATIONS,
    "kkjp": CantonFact.CONFERENCE_MEMBERS,
}


def _canton_name(row):
    return fold(row.canton.name)


def _fact_state(kind):
    return lambda row: FactState.rank[row.facts[kind].state]


def _office_since(row):
    # The longest-standing office first; an office without a date after those with one.
    office = row.office.first
    return office.founded_on if office and office.founded_on else datetime.date.max


def _plan_end(row):
    plan = row.plan.first
    return -(plan.period_end_year or 0) if plan else 0


def _record_count(kind):
    return lambda row: -len(row.facts[kind].records)


def _no_group(row):
    return 0


# Per column: the group a row belongs to, which keeps its place in either direction
# (present, then confirmed absent, then not captured; cantons without contacts last),
# and what orders the rows within it, ascending or descending.
SORT_KEYS = {
    "kanton": (_no_group, _canton_name),
    "koordinationsstelle": (_fact_state(CantonFact.OFFICE), _office_since),
    "planung": (_fact_state(CantonFact.PLAN), _plan_end),
    "grundlagen": (_fact_state(CantonFact.FOUNDATIONS), _record_count(CantonFact.FOUNDATIONS)),
    "kkjp": (
        _fact_state(CantonFact.CONFERENCE_MEMBERS),
        _record_count(CantonFact.CONFERENCE_MEMBERS),
    ),
    "kontakte": (_no_group, lambda row: -row.contact_count),
    # The oldest "Stand" first (most in need of checking), undated contacts before those.
    "stand": (
        lambda row: row.contact_count == 0,
        lambda row: (row.undated_contacts == 0, row.oldest_verified_on or datetime.date.max),
    ),
}

STATE_CHOICES = [(state, label) for state, label in FactState.labels.items()]
CONTACT_CHOICES = [("mit", _("mit Kontakten")), ("ohne", _("ohne Kontakte"))]
VERIFICATION_CHOICES = [
    ("faellig", pgettext_lazy("Stand der Kontakte", "Prüfung fällig")),
    ("aktuell", pgettext_lazy("Stand der Kontakte", "aktuell")),
]


class ComparisonForm(forms.Form):
    """The comparison's sorting and filters, from the query string. A value it does not
    know is reported and that one filter left out; the others still apply."""

    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[(f"{sign}{name}", name) for name in SORT_KEYS for sign in ("", "-")],
    )
    koordinationsstelle = forms.ChoiceField(
        label=_("Koordinationsstelle"), required=False, choices=STATE_CHOICES
    )
    planung = forms.ChoiceField(label=_("Kantonale Planung"), required=False, choices=STATE_CHOICES)
    grundlagen = forms.ChoiceField(
        label=_("Kantonale Grundlagen"), required=False, choices=STATE_CHOICES
    )
    kkjp = forms.ChoiceField(label=_("Mitglied der KKJP"), required=False, choices=STATE_CHOICES)
    kontakte = forms.ChoiceField(label=_("Kontakte"), required=False, choices=CONTACT_CHOICES)
    stand = forms.ChoiceField(
        label=_("Stand der Kontakte"), required=False, choices=VERIFICATION_CHOICES
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.is_valid()  # fills cleaned_data with the values it knows

    @cached_property
    def sort(self):
        return self.cleaned_data.get("sortierung") or "kanton"

    @cached_property
    def filters(self):
        """{column: value} of the filters in use, the unknown ones left out."""
        return {
            name: self.cleaned_data[name]
            for name in [*FACT_COLUMNS, "kontakte", "stand"]
            if self.cleaned_data.get(name)
        }

    @property
    def problems(self):
        """A sentence per value that was not understood, for the page to show."""
        return [
            _(
                "«%(value)s» ist für «%(field)s» kein möglicher Wert; "
                "dieser Filter ist nicht angewendet."
            )
            % {"value": self.data.get(name, "")[:40], "field": self.fields[name].label}
            if name != "sortierung"
            else _("«%(value)s» ist keine mögliche Sortierung; sortiert ist nach Kanton.")
            % {"value": self.data.get(name, "")[:40]}
            for name in self.errors
        ]


def row_matches(row, column, value):
    if column in FACT_COLUMNS:
        return row.facts[FACT_COLUMNS[column]].state == value
    if column == "kontakte":
        return (row.contact_count > 0) == (value == "mit")
    if column == "stand":
        return row.contact_count > 0 and row.verification_due == (value == "faellig")
    raise ValueError(column)


def filtered_rows(rows, filters, leave_out=None):
    """The rows every filter but `leave_out` keeps (so a column's own links count what
    choosing them would show)."""
    return [
        row
        for row in rows
        if all(
            row_matches(row, column, value)
            for column, value in filters.items()
            if column != leave_out
        )
    ]


def sorted_rows(rows, sort):
    """`rows` ordered by a column ("planung", or "-planung" descending); each sort is
    stable, so equal rows stay in the order of the canton names."""
    group, detail = SORT_KEYS[sort.lstrip("-")]
    rows = sorted(rows, key=_canton_name)
    rows = sorted(rows, key=detail, reverse=sort.startswith("-"))
    return sorted(rows, key=group)


def fact_summary(rows):
    """{CantonFact: {state: count}} over `rows`, for the summary sentences."""
    summary = {kind: dict.fromkeys(FactState.labels, 0) for kind in CantonFact.values}
    for row in rows:
        for kind, fact in row.facts.items():
            summary[kind][fact.state] += 1
    return summary


SUMMARY_SENTENCES = {
    CantonFact.OFFICE: ngettext_lazy(
        "%(present)s von %(total)s Kantonen mit erfasster Koordinationsstelle "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "%(present)s von %(total)s Kantonen mit erfasster Koordinationsstelle "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "present",
    ),
    CantonFact.PLAN: ngettext_lazy(
        "%(present)s von %(total)s Kantonen mit erfasster kantonaler Planung "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "%(present)s von %(total)s Kantonen mit erfasster kantonaler Planung "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "present",
    ),
    CantonFact.FOUNDATIONS: ngettext_lazy(
        "%(present)s von %(total)s Kantonen mit erfassten kantonalen Grundlagen "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "%(present)s von %(total)s Kantonen mit erfassten kantonalen Grundlagen "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "present",
    ),
    CantonFact.CONFERENCE_MEMBERS: ngettext_lazy(
        "%(present)s von %(total)s Kantonen mit erfassten Mitgliedern der KKJP "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "%(present)s von %(total)s Kantonen mit erfassten Mitgliedern der KKJP "
        "(bestätigt keine: %(absent)s, noch nicht erfasst: %(missing)s).",
        "present",
    ),
}


def summary_sentences(rows):
    """The table in words: per fact how many cantons have it, have none, are not captured."""
    counts = fact_summary(rows)
    sentences = [
        SUMMARY_SENTENCES[kind]
        % {
            "total": len(rows),
            "present": counts[kind][FactState.PRESENT],
            "absent": counts[kind][FactState.ABSENT],
            "missing": counts[kind][FactState.MISSING],
        }
        for kind in CantonFact.values
    ]
    with_contacts = [row for row in rows if row.contact_count]
    sentences.append(
        ngettext_lazy(
            "%(cantons)s von %(total)s Kantonen mit veröffentlichten Kontakten, "
            "zusammen %(contacts)s.",
            "%(cantons)s von %(total)s Kantonen mit veröffentlichten Kontakten, "
            "zusammen %(contacts)s.",
            "cantons",
        )
        % {
            "cantons": len(with_contacts),
            "total": len(rows),
            "contacts": sum(row.contact_count for row in with_contacts),
        }
    )
    return sentences


CSV_HEADER = [
    _("Kürzel"),
    _("Kanton"),
    _("Koordinationsstelle"),
    _("Koordinationsstelle seit"),
    _("Aktuelle Planung"),
    _("Zeitraum"),
    _("Fortschritt (%)"),
    _("Kantonale Grundlagen"),
    _("Mitglieder der KKJP"),
    _("Veröffentlichte Kontakte"),
    _("Ältester Stand"),
    _("Kontakte ohne Stand"),
    _("Profil"),
]


def _fact_cell(fact, describe):
    """What a spreadsheet cell says of a fact: its records, "bestätigt keine (date)", or
    "noch nicht erfasst"."""
    if fact.state == FactState.PRESENT:
        return "; ".join(describe(record) for record in fact.records)
    if fact.state == FactState.ABSENT:
        return _("bestätigt keine (%(date)s)") % {
            "date": fact.absence.confirmed_on.strftime("%d.%m.%Y")
        }
    return str(FactState.labels[FactState.MISSING])


def _member_name(membership):
    if membership.position_id:
        return str(membership.position.person)
    if membership.organisation_id:
        return membership.organisation.name
    return membership.group_label


def csv_row(row, absolute_url):
    office, plan = row.office.first, row.plan.first
    return [
        row.canton.code,
        row.canton.name,
        _fact_cell(row.office, lambda office: office.name),
        format_precise_date(office.founded_on, office.founded_precision) if office else "",
        _fact_cell(row.plan, lambda plan: plan.title),
        plan.period_display if plan else "",
        "" if plan is None or plan.progress.percent is None else plan.progress.percent,
        _fact_cell(row.foundations, lambda foundation: foundation.name),
        _fact_cell(row.members, _member_name),
        row.contact_count,
        row.oldest_verified_on.strftime("%d.%m.%Y") if row.oldest_verified_on else "",
        row.undated_contacts if row.contact_count else "",
        absolute_url(reverse("canton_profile", kwargs={"code": row.canton.code.lower()})),
    ]


# A canton's profile lists this many contacts per topic, then links to the directory.
CONTACTS_PER_TOPIC = 5
EVENTS_SHOWN = 10


@dataclass
class TopicContacts:
    topic: Topic
    count: int
    positions: list


def _offices(canton):
    committees = Committee.objects.published().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.published().with_contacts())
    )
    offices = list(
        fact_records(CantonFact.OFFICE)
        .filter(fact_canton_id=canton.pk)
        .order_by("name_de")
        .select_related(
            "coordinator__person",
            "coordinator__organisation",
            "host_organisation",
            "directorate",
        )
        .prefetch_related(Prefetch("committees", queryset=committees, to_attr="public_committees"))
    )
    for office in offices:
        office.public_coordinator = published_or_none(office.coordinator)
        office.public_host = published_or_none(office.host_organisation)
        office.public_directorate = published_or_none(office.directorate)
    return offices


def _plans(canton):
    """The canton's published plans and reports, current first, the current plan with its
    areas, fields (with progress) and decisions."""
    fields = DevelopmentField.objects.published().with_progress().order_by("number")
    plans = list(
        Plan.objects.published()
        .filter(canton=canton)
        .current_first()
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=DevelopmentArea.objects.order_by("letter").prefetch_related(
                    Prefetch("fields", queryset=fields, to_attr="published_fields")
                ),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "pk")),
        )
    )
    current = next((plan for plan in plans if plan.kind == PlanKind.PLAN), None)
    if current is not None:
        fields = []
        for area in current.areas.all():
            area.progress = current.progress_from(area.published_fields)
            for field_ in area.published_fields:
                field_.plan = current  # for its URL, without a query per field
            fields.extend(area.published_fields)
        current.progress = current.progress_from(fields)
    return current, [plan for plan in plans if plan is not current]


def _contacts_by_topic(canton):
    positions = Position.objects.published().filter(organisation__canton=canton)
    links = Position.topics.through.objects.filter(position__in=positions)
    counts = dict(
        links.values("topic").annotate(count=Count("pk")).order_by().values_list("topic", "count")
    )
    first = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("topic"),
                order_by=[F("position__sort_name").asc(), F("position__pk").asc()],
            )
        )
        .filter(rank__lte=CONTACTS_PER_TOPIC)
        .select_related("topic", "position__person", "position__organisation")
        .order_by("topic__name_de", "rank")
    )
    groups = {}
    for link in first:
        group = groups.setdefault(
            link.topic_id, TopicContacts(link.topic, counts.get(link.topic_id, 0), [])
        )
        group.positions.append(link.position)
    summary = positions.aggregate(
        count=Count("pk"),
        oldest=Min("last_verified_on"),
        newest=Max("last_verified_on"),
        undated=Count("pk", filter=Q(last_verified_on__isnull=True)),
        without_topic=Count(
            "pk", filter=~Exists(Position.topics.through.objects.filter(position=OuterRef("pk")))
        ),
    )
    return sorted(groups.values(), key=lambda group: fold(group.topic.name)), summary


def _oldest(dates):
    known = [date for date in dates if date]
    return min(known) if known else None


def canton_profile(canton):
    """Everything the portal holds about `canton`, in a fixed number of queries."""
    absences = {absence.fact: absence for absence in canton.confirmed_absences.all()}
    offices = _offices(canton)
    plan, other_plans = _plans(canton)
    foundations = list(
        fact_records(CantonFact.FOUNDATIONS).filter(fact_canton_id=canton.pk).order_by("name_de")
    )
    members = list(
        fact_records(CantonFact.CONFERENCE_MEMBERS).filter(fact_canton_id=canton.pk).with_contacts()
    )
    topic_groups, contact_summary = _contacts_by_topic(canton)
    events = (
        Event.objects.published()
        .with_format()
        .filter(format__forum__canton=canton)
        .upcoming()
        .order_by("starts_at", "pk")[:EVENTS_SHOWN]
    )
    return {
        "canton": canton,
        "office": Fact(CantonFact.OFFICE, offices, absences.get(CantonFact.OFFICE)),
        "offices": offices,
        "plan": Fact(CantonFact.PLAN, [plan] if plan else [], absences.get(CantonFact.PLAN)),
        "current_plan": plan,
        "other_plans": other_plans,
        "foundations": Fact(
            CantonFact.FOUNDATIONS, foundations, absences.get(CantonFact.FOUNDATIONS)
        ),
        "foundations_verified_on": _oldest(f.last_verified_on for f in foundations),
        "members": Fact(
            CantonFact.CONFERENCE_MEMBERS, members, absences.get(CantonFact.CONFERENCE_MEMBERS)
        ),
        "members_verified_on": _oldest(
            m.position.last_verified_on for m in members if m.position_id
        ),
        "topic_groups": topic_groups,
        "contacts": contact_summary,
        "events": list(events),
    }


def canton_contacts(canton):
    """Every published contact of `canton` for its contact list (PDF), in one query: by
    organisation, as a reader calls or writes to an office, and by name within it."""
    positions = list(
        Position.objects.published()
        .filter(organisation__canton=canton)
        .select_related("person", "organisation__country")
        .order_by("organisation__name_de", "organisation__pk", "sort_name", "pk")
    )
    dates = [position.last_verified_on for position in positions if position.last_verified_on]
    return {
        "canton": canton,
        "positions": positions,
        "oldest_verified_on": min(dates, default=None),
        "newest_verified_on": max(dates, default=None),
        "undated_count": len(positions) - len(dates),
    }


def staff_links(canton):
    """Where staff add what a profile lacks: the admin's forms, with the canton filled in."""

    def add(url_name, **initial):
        return f"{reverse(url_name)}?{urlencode({'canton': canton.pk, **initial})}"

    def absence(fact):
        return add("admin:portal_confirmedabsence_add", fact=fact)

    return {
        "office": add("admin:coordination_coordinationoffice_add", jurisdiction="cantonal"),
        "office_absent": absence(CantonFact.OFFICE),
        "plan": add("admin:planning_plan_add"),
        "plan_absent": absence(CantonFact.PLAN),
        "foundation": add("admin:coordination_foundation_add", jurisdiction="cantonal"),
        "foundations_absent": absence(CantonFact.FOUNDATIONS),
        "members": reverse("admin:coordination_conference_changelist"),
        "members_absent": absence(CantonFact.CONFERENCE_MEMBERS),
        "contacts": reverse("admin:contacts_position_add"),
        "contacts_import": reverse("admin:contacts_position_import"),
        "contacts_due": (
            f"{reverse('admin:contacts_position_changelist')}?"
            f"{urlencode({'organisation__canton__id__exact': canton.pk})}"
        ),
    }


@dataclass
class ChecklistItem:
    label: str
    done: bool
    url: str = ""
    absent_url: str = ""


def onboarding_checklist(row):
    """What the profile of `row`'s canton still lacks, in the order a coordinator adds it
    (docs/onboarding.md); each open item links to where it is added."""
    links = staff_links(row.canton)
    office = row.office.first
    items = [
        ChecklistItem(
            _("Koordinationsstelle erfassen"),
            row.office.state != FactState.MISSING,
            links["office"],
            links["office_absent"],
        ),
    ]
    if office is not None:
        items.append(
            ChecklistItem(
                _("Koordinatorin oder Koordinator der Stelle angeben"),
                published_or_none(office.coordinator) is not None,
                reverse("admin:coordination_coordinationoffice_change", args=[office.pk]),
            )
        )
    items += [
        ChecklistItem(
            _("Kontakte erfassen oder importieren"), row.contact_count > 0, links["contacts_import"]
        ),
        ChecklistItem(
            _("Stand der Kontakte prüfen (höchstens 12 Monate alt)"),
            row.contact_count > 0 and not row.verification_due,
            links["contacts_due"],
        ),
        ChecklistItem(
            _("Aktuelle Planung erfassen"),
            row.plan.state != FactState.MISSING,
            links["plan"],
            links["plan_absent"],
        ),
        ChecklistItem(
            _("Kantonale Grundlagen erfassen"),
            row.foundations.state != FactState.MISSING,
            links["foundation"],
            links["foundations_absent"],
        ),
        ChecklistItem(
            _("Mitglied der KKJP angeben (erfasst das Sekretariat der Konferenz)"),
            row.members.state != FactState.MISSING,
            links["members"],
            links["members_absent"],
        ),
    ]
    return items
