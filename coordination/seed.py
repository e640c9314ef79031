"""Facts from ../shared/seeds/ for this app, loaded by `manage.py load_portal_data`.

Seed 000: the KKJP and its predecessors. Seed 001: the coordination office of
Basel-Landschaft and its Steuergruppe. Seed 002: the German Dialogforum.
Organisations and people come from the contacts seed, which runs first; anything the
seeds do not say stays empty. Records are only created, never changed (see core.seeding):
a body's themes, members, tasks and formats are filled when the body is created.
"""

import datetime

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from contacts.models import Canton, Country, Organisation, Position
from contacts.seed import COUNTRIES, ensure_translated, topic
from coordination.models import (
    BodyTheme,
    Committee,
    Conference,
    CoordinationOffice,
    EventFormat,
    Forum,
    Foundation,
    FoundationKind,
    Jurisdiction,
    Lineage,
    LineageKind,
    Membership,
    OfficeTask,
    ThemeArea,
    TopicArea,
)
from core.dates import DatePrecision
from core.seeding import SeedReport, ensure, ensure_related, report_extra_parts
from core.translation import SOURCE_LANGUAGE, translated_fields

OFFICE_SLUG = "koordination-kinder-und-jugendhilfe-bl"

OFFICE_TASKS = [
    "Die Koordinationsstelle fördert eine gemeinsame Orientierung über die Kinder- und "
    "Jugendhilfe.",
    "Sie bearbeitet fachliche und gesetzliche Grundlagen, schlägt Entwicklungsschritte vor und "
    "leistet Beiträge zu deren Erreichung.",
    "Die Koordinationsstelle verantwortet die Vernetzung zwischen Bund und Kanton, innerhalb des "
    "Kantons sowie mit Gemeinden und Privaten in der Kinder- und Jugendpolitik und in der "
    "Kinder- und Jugendhilfe.",
    "Sie fungiert als Ansprechstelle und Informationsdrehscheibe für Gemeinden, Private und "
    "Verwaltungsstellen in Fragen zur Kinder- und Jugendhilfe, sie bündelt Wissen zu Grundlagen "
    "und Angeboten der Kinder- und Jugendhilfe und leistet Beratung.",
    "Die Koordinatorin bezieht alle relevanten Partnerinnen und Partner ein, damit diese ihren "
    "Beitrag zu einer wirkungsvollen Kinder- und Jugendhilfe und deren Weiterentwicklung leisten "
    "können.",
]

# Translations only where an official source states them; every other text falls back to
# German (core.translation).

# https://sodk.ch/fr/ (SODK/CDAS, French site, theme «Enfance et jeunesse»)
KKJP_TRANSLATIONS = {
    "name": {"fr": "Conférence pour la politique de l'enfance et de la jeunesse"},
    "short_name": {"fr": "CPEJ"},
}

FOUNDATION_TRANSLATIONS = {
    # https://www.fedlex.admin.ch, SR 0.107 (French and Italian versions); English: the
    # convention's authentic English text (United Nations, https://www.ohchr.org).
    "uno-krk": {
        "name": {
            "fr": "Convention relative aux droits de l'enfant",
            "it": "Convenzione sui diritti del fanciullo",
            "en": "Convention on the Rights of the Child",
        },
    },
    # https://www.fedlex.admin.ch, SR 211.222.338 (French and Italian versions)
    "pavo": {
        "name": {
            "fr": "Ordonnance sur le placement d'enfants",
            "it": "Ordinanza sull'affiliazione",
        },
        "short_name": {"fr": "OPE", "it": "OAMin"},
    },
    # https://www.fedlex.admin.ch, SR 446.1 (French and Italian versions)
    "kjfg": {
        "name": {
            "fr": "Loi sur l'encouragement de l'enfance et de la jeunesse",
            "it": "Legge sulla promozione delle attività giovanili extrascolastiche",
        },
        "short_name": {"fr": "LEEJ", "it": "LPAG"},
    },
}

PLATFORM_TOPIC_AREAS = [
    "Besserer Kinderschutz",
    "Unterbringung außerhalb der eigenen Familie",
    "Prävention im Sozialraum stärken",
    "Inklusion/ Wirksamere Hilfesysteme",
    "Partizipation und Beteiligung",
]

PROJEKTBEIRAT_GROUPS = [
    ("Vertreter*innen des BMFSFJ", "bmfsfj"),
    ("Praktiker*innen der öffentlichen und freien Jugendhilfe", None),
    ("Vertreter*innen der kommunalen Spitzenverbände", None),
    (
        "Vertreter*innen verschiedener Fachverbände der Jugendhilfe sowie der Gesundheits- "
        "und Behindertenhilfe",
        None,
    ),
    ("Vertreter*innen der Landesjugendämter", None),
    ("Vertreter*innen der Wissenschaft", None),
]


def in_german(model, fields):
    """The seeds are written in German: `name` is stored and compared as `name_de`."""
    translated = translated_fields(model)
    return {
        build_localized_fieldname(name, SOURCE_LANGUAGE) if name in translated else name: value
        for name, value in fields.items()
    }


def upsert(report, model, slug, values, *, create=True, translations=None):
    """The record with `slug`, created if missing; never changed (see core.seeding).

    `translations` ({"name": {"fr": ...}}) are those an official source states; they fill
    only language columns that are still empty (contacts.seed.ensure_translated)."""
    label = f"{model._meta.verbose_name} «{slug}»"
    if translations:
        return ensure_translated(
            report, model, {"slug": slug}, in_german(model, values), translations, label=label
        )
    return ensure(
        report, model, {"slug": slug}, in_german(model, values), label=label, create=create
    )


def record_merger(report, predecessors, successor, created, happened_on, precision):
    """That `predecessors` merged into `successor`: one lineage step each, for a new successor."""
    for predecessor in predecessors:
        if predecessor is None:
            continue
        ensure(
            report,
            Lineage,
            {"predecessor": predecessor, "successor": successor},
            {
                "kind": LineageKind.MERGER,
                "happened_on": happened_on,
                "happened_precision": precision,
            },
            label=f"Zusammenschluss «{predecessor.label}» → «{successor.label}»",
            create=created,
        )


def set_themes(report, body, created, themes):
    """`body`'s themes: (topic, area, note, foundation) tuples in order."""
    kept = []
    for sort_order, (theme_topic, area, note, foundation) in enumerate(themes):
        theme, _created = ensure(
            report,
            BodyTheme,
            {"body": body, "topic": theme_topic},
            in_german(
                BodyTheme,
                {"area": area, "note": note, "foundation": foundation, "sort_order": sort_order},
            ),
            label=f"Schwerpunktthema «{theme_topic}» von «{body.label}»",
            create=created,
        )
        kept.append(theme)
    report_extra_parts(report, body, BodyTheme.objects.filter(body=body), kept)


def set_organisation_members(report, body, created, organisations):
    """The organisations in `organisations` (in order) as the organisation members of `body`."""
    kept = []
    for sort_order, organisation in enumerate(organisations):
        membership, _created = ensure(
            report,
            Membership,
            {"body": body, "organisation": organisation, "position": None},
            {"sort_order": sort_order, "group_label_de": ""},
            label=f"Mitglied «{organisation}» von «{body.label}»",
            create=created,
        )
        kept.append(membership)
    members = Membership.objects.filter(
        body=body, position=None, organisation__isnull=False, group_label_de=""
    )
    report_extra_parts(report, body, members, kept)


def set_member_groups(report, body, created, groups):
    """`groups` ((label, organisation or None) pairs) as the described member groups of `body`."""
    kept = []
    for sort_order, (label, organisation) in enumerate(groups):
        membership, _created = ensure(
            report,
            Membership,
            {"body": body, "group_label_de": label, "position": None},
            {"sort_order": sort_order, "organisation": organisation},
            label=f"Mitgliedergruppe «{label}» von «{body.label}»",
            create=created,
        )
        kept.append(membership)
    groups = Membership.objects.filter(body=body, position=None).exclude(group_label_de="")
    report_extra_parts(report, body, groups, kept)


class Lookup:
    """Finds contacts by natural key and reports the ones the contacts seed did not create."""

    def __init__(self, stdout):
        self.stdout = stdout

    def organisation(self, slug):
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            self.stdout.write(f"coordination: Organisation «{slug}» fehlt, Verweis bleibt leer.")
        return found

    def position(self, person_slug, organisation_slug, title):
        found = Position.objects.filter(
            person__slug=person_slug, organisation__slug=organisation_slug, title_de=title
        ).first()
        if found is None:
            self.stdout.write(f"coordination: Funktion «{title}» fehlt, Verweis bleibt leer.")
        return found


def country(report, code):
    """The country the contacts seed made; made here only when this seed runs alone."""
    existing = Country.objects.filter(code=code).first()
    values = {"name_de": COUNTRIES[code]}
    return existing or ensure(report, Country, {"code": code}, values, label=f"Land {code}")[0]


def load_foundations(report, ch, de, lookup):
    def foundation(slug, translations=None, **fields):
        topics = fields.pop("topics", [])
        obj, created = upsert(
            report, Foundation, slug, {"is_published": True, **fields}, translations=translations
        )
        if obj is not None:
            ensure_related(report, obj, created, "topics", topics)
        return obj

    return {
        "uno-krk": foundation(
            "uebereinkommen-ueber-die-rechte-des-kindes",
            name="Übereinkommen über die Rechte des Kindes",
            translations=FOUNDATION_TRANSLATIONS["uno-krk"],
            kind=FoundationKind.TREATY,
            jurisdiction=Jurisdiction.INTERNATIONAL,
            country=None,
            adopted_on=datetime.date(1989, 11, 20),
            adopted_precision=DatePrecision.DAY,
            topics=[topic("Kinderrechte")],
        ),
        "sodk": foundation(
            "empfehlungen-sodk-kinder-und-jugendpolitik",
            name=(
                "Empfehlungen der SODK für die Weiterentwicklung der Kinder- und Jugendpolitik "
                "in den Kantonen"
            ),
            kind=FoundationKind.RECOMMENDATION,
            jurisdiction=Jurisdiction.INTERCANTONAL,
            country=ch,
            issuer=lookup.organisation("sodk"),
        ),
        "pavo": foundation(
            "pavo",
            name="Pflegekinderverordnung",
            short_name="PAVO",
            translations=FOUNDATION_TRANSLATIONS["pavo"],
            kind=FoundationKind.ORDINANCE,
            jurisdiction=Jurisdiction.FEDERAL,
            country=ch,
            topics=[topic("Fremdplatzierung")],
        ),
        "kjfg": foundation(
            "kjfg",
            name="Kinder- und Jugendförderungsgesetz",
            short_name="KJFG",
            translations=FOUNDATION_TRANSLATIONS["kjfg"],
            kind=FoundationKind.LAW,
            jurisdiction=Jurisdiction.FEDERAL,
            country=ch,
            description=(
                "Auf der Grundlage des KJFG unterstützt der Bund die ausserschulische Arbeit mit "
                "Kindern und Jugendlichen mit dem Ziel, zur Verbesserung ihres Wohlbefindens und "
                "ihrer sozialen Integration beizutragen."
            ),
            topics=[topic("Kinder- und Jugendförderung")],
        ),
        "sgb-viii": foundation(
            "sgb-viii",
            name="SGB VIII",
            kind=FoundationKind.LAW,
            jurisdiction=Jurisdiction.FEDERAL,
            country=de,
            topics=[topic("Kinder- und Jugendhilfe")],
        ),
        "kjsg": foundation(
            "kjsg",
            name="Kinder- und Jugendstärkungsgesetz",
            short_name="KJSG",
            kind=FoundationKind.LAW,
            jurisdiction=Jurisdiction.FEDERAL,
            country=de,
            in_force_on=datetime.date(2021, 6, 10),
            in_force_precision=DatePrecision.DAY,
            topics=[topic("Kinder- und Jugendhilfe")],
        ),
    }


def load_conferences(report, ch, foundations, lookup):
    """Seed 000."""
    kkjp, created = upsert(
        report,
        Conference,
        "kkjp",
        {
            "is_published": True,
            "name": "Konferenz für Kinder- und Jugendpolitik",
            "short_name": "KKJP",
            "jurisdiction": Jurisdiction.INTERCANTONAL,
            "country": ch,
            "canton": None,
            "purpose": (
                "Setzt sich ein für die Umsetzung der Kinderrechte und die Weiterentwicklung der "
                "Kinder- und Jugendpolitik (Schutz, Förderung und Mitwirkung) in der Schweiz sowie "
                "für ihre Koordination unter den Kantonen."
            ),
            "description": (
                "Die KKJP berät die Gremien der SODK zu Fragen der Kinder- und Jugendpolitik. "
                "Sie arbeitet eng mit dem Bund und weiteren Akteuren in diesem Themenbereich "
                "zusammen.\n\n"
                "Die KKJP nimmt regelmässig an den Diskussionen zu aktuellen Themen, "
                "beispielsweise der Partizipation von Kindern und Jugendlichen, teil, bringt "
                "Erfahrung auf dem Gebiet mit und hebt die Mehrwerte der Kinder- und "
                "Jugendförderung hervor."
            ),
            "composition": (
                "Die KKJP setzt sich aus den kantonalen Verantwortlichen für den Schutz und die "
                "Förderung von Kindern und Jugendlichen zusammen."
            ),
            "parent_organisation": lookup.organisation("sodk"),
            "parent_relation": "fachtechnische Konferenz",
            "founded_on": datetime.date(2017, 9, 1),
            "founded_precision": DatePrecision.MONTH,
        },
        translations=KKJP_TRANSLATIONS,
    )
    kkjf, _created = upsert(
        report,
        Conference,
        "kkjf",
        {
            "is_published": True,
            "name": "Konferenz der kantonalen Beauftragten für Kinder- und Jugendförderung",
            "short_name": "KKJF",
            "jurisdiction": Jurisdiction.INTERCANTONAL,
            "country": ch,
            "canton": None,
            "founded_on": datetime.date(1994, 1, 1),
            "founded_precision": DatePrecision.YEAR,
        },
    )
    kkjs, _created = upsert(
        report,
        Conference,
        "kkjs",
        {
            "is_published": True,
            "name": "Konferenz der kantonalen Verantwortlichen für Kindesschutz und Jugendhilfe",
            "short_name": "KKJS",
            "jurisdiction": Jurisdiction.INTERCANTONAL,
            "country": ch,
            "canton": None,
            "founded_on": datetime.date(1989, 1, 1),
            "founded_precision": DatePrecision.YEAR,
        },
    )
    if kkjp is None:
        return None
    record_merger(
        report, [kkjf, kkjs], kkjp, created, datetime.date(2017, 9, 1), DatePrecision.MONTH
    )

    protection, promotion, general = ThemeArea.PROTECTION, ThemeArea.PROMOTION, ThemeArea.GENERAL
    set_themes(
        report,
        kkjp,
        created,
        [
            (topic("Kinderrechte"), general, "Umsetzung der Kinderrechte", None),
            (
                topic("Fremdplatzierung"),
                protection,
                "Anwendung der Pflegekinderverordnung (PAVO)",
                foundations["pavo"],
            ),
            (topic("Adoption"), protection, "national und international", None),
            (topic("Sorgerecht"), protection, "", None),
            (topic("Unterhaltsanspruch"), protection, "", None),
            (topic("Meldepflichten"), protection, "", None),
            (topic("Unbegleitete Minderjährige"), protection, "", None),
            (
                topic("Gewaltprävention"),
                protection,
                "Präventionsmassnahmen gegen die Gewalt an Kindern und Jugendlichen",
                None,
            ),
            (
                topic("Kinder- und Jugendförderung"),
                promotion,
                "Anwendung des Kinder- und Jugendförderungsgesetzes (KJFG) in den Kantonen",
                foundations["kjfg"],
            ),
            (topic("Partizipation"), promotion, "Partizipation von Kindern und Jugendlichen", None),
            (topic("Frühe Förderung"), promotion, "", None),
        ],
    )
    ensure_related(
        report,
        kkjp,
        created,
        "foundations",
        [foundations["uno-krk"], foundations["sodk"], foundations["pavo"], foundations["kjfg"]],
    )
    return kkjp


def load_office(report, ch, lookup):
    """Seed 001."""
    basel_landschaft = Canton.objects.filter(code="BL").first()
    if basel_landschaft is None:
        lookup.stdout.write("coordination: Kanton BL fehlt, Koordinationsstelle übersprungen.")
        return None
    coordinator = lookup.position("andrea-ruder", "akjb", "Koordinatorin Kinder- und Jugendhilfe")
    akjb = lookup.organisation("akjb")
    office, created = upsert(
        report,
        CoordinationOffice,
        OFFICE_SLUG,
        {
            "is_published": True,
            "name": "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe",
            "jurisdiction": Jurisdiction.CANTONAL,
            "country": ch,
            "canton": basel_landschaft,
            "purpose": (
                "Stelle zur Koordination und Weiterentwicklung der Kinder- und Jugendhilfe im "
                "Kanton Basel-Landschaft."
            ),
            "mandate": (
                "Eine wirkungsvolle Kinder- und Jugendhilfe hängt von einem gemeinsamen "
                "Verständnis und einer guten Zusammenarbeit aller Akteure ab und wird von den "
                "Verantwortlichen laufend weiterentwickelt und an sich ändernde Bedürfnisse "
                "angepasst. Ziel der Koordinationsstelle ist die Optimierung der Zusammenarbeit "
                "und des fachlichen Austauschs."
            ),
            "founded_on": datetime.date(2015, 4, 1),
            "founded_precision": DatePrecision.DAY,
            "host_organisation": akjb,
            "directorate": lookup.organisation("bksd"),
            "coordinator": coordinator,
            "contact_organisation": akjb,
        },
    )
    if office is not None:
        tasks = [
            ensure(
                report,
                OfficeTask,
                {"office": office, "sort_order": sort_order},
                {"text_de": text},
                label=f"Aufgabe {sort_order + 1} von «{office.label}»",
                create=created,
            )[0]
            for sort_order, text in enumerate(OFFICE_TASKS)
        ]
        report_extra_parts(report, office, OfficeTask.objects.filter(office=office), tasks)
        set_themes(
            report,
            office,
            created,
            [(topic("Kinder- und Jugendhilfe"), ThemeArea.GENERAL, "", None)],
        )

    steering_group, created = upsert(
        report,
        Committee,
        "steuergruppe-kinder-und-jugendhilfe",
        {
            "is_published": True,
            "name": "Steuergruppe Kinder- und Jugendhilfe",
            "jurisdiction": Jurisdiction.CANTONAL,
            "country": ch,
            "canton": basel_landschaft,
            "purpose": (
                "Das Koordinationsgefäss der kantonalen Verwaltung für die Kinder- und Jugendhilfe."
            ),
            "description": (
                "Die Steuergruppe wird von der Koordinatorin Kinder- und Jugendhilfe geleitet. "
                "Die vier Direktionen VGD, SID, FKD und BKSD sind in ihr vertreten."
            ),
            "parent_body": office,
            "led_by": coordinator,
        },
    )
    if steering_group is not None:
        directorates = [lookup.organisation(slug) for slug in ["vgd", "sid", "fkd", "bksd"]]
        set_organisation_members(
            report, steering_group, created, [org for org in directorates if org]
        )
        set_themes(
            report,
            steering_group,
            created,
            [(topic("Kinder- und Jugendhilfe"), ThemeArea.GENERAL, "", None)],
        )
    return office


def load_dialogforum(report, de, foundations, lookup):
    """Seed 002."""
    forum, created = upsert(
        report,
        Forum,
        "dialogforum",
        {
            "is_published": True,
            "name": "Dialogforum",
            "full_title": (
                "Bund trifft kommunale Praxis - Inklusive Kinder- und Jugendhilfe aktiv "
                "miteinander gestalten"
            ),
            "jurisdiction": Jurisdiction.FEDERAL,
            "country": de,
            "canton": None,
            "purpose": (
                "Unterstützt den kontinuierlichen Austausch zwischen Bund und Kommunen über die "
                "Weiterentwicklung der Kinder- und Jugendhilfe mit Blick auf das KJSG."
            ),
            "description": (
                "Das Dialogforum begleitet den Diskurs um eine Modernisierung des SGB VIII. "
                "Es unterstützt den Austausch auf dem Weg zu einer inklusiven Kinder- und "
                "Jugendhilfe und diskutiert damit einhergehende Fragen der praktischen Umsetzung "
                "sowie Erfahrungen in der Praxis. Hiermit soll die erfolgreiche Umsetzung des "
                "neuen KJSG durch einen transparenten und systemübergreifend geführten "
                "Diskussionsprozess unterstützt werden.\n\n"
                "Wichtige Erkenntnisse, Erfahrungswerte und konkrete Umsetzungsfragen aus der "
                "Praxis, die in den Diskussionen beider Formate deutlich werden, werden vom "
                "Dialogforum gesammelt und an das BMFSFJ übermittelt."
            ),
            "host_organisation": lookup.organisation("difu"),
            "funder": lookup.organisation("bmfsfj"),
            "funded_since": datetime.date(2017, 1, 1),
            "funded_since_precision": DatePrecision.YEAR,
            "accompanies": foundations["kjsg"],
        },
    )
    if forum is None:
        return None
    ensure_related(
        report, forum, created, "foundations", [foundations["kjsg"], foundations["sgb-viii"]]
    )
    set_themes(
        report, forum, created, [(topic("Kinder- und Jugendhilfe"), ThemeArea.GENERAL, "", None)]
    )

    platforms, platforms_created = upsert(
        report,
        EventFormat,
        "plattformen-erfahrungsaustausch",
        {
            "forum": forum,
            "name": "Plattformen für öffentlichen Erfahrungsaustausch",
            "description": (
                "Die Plattformen dienen dem Austausch über inhaltliche Aspekte, bereits "
                "vorhandenes Know-how und Umsetzungserfahrungen des KJSG. Ziel ist eine "
                "bundesweite Diskussion der laufenden Praxis, bei der das Lernen voneinander "
                "zentral ist."
            ),
            "sort_order": 0,
        },
        create=created,
    )
    if platforms is not None:
        for sort_order, name in enumerate(PLATFORM_TOPIC_AREAS):
            ensure(
                report,
                TopicArea,
                {"format": platforms, "name_de": name},
                {"sort_order": sort_order},
                label=f"Themenbereich «{name}»",
                create=platforms_created,
            )
    upsert(
        report,
        EventFormat,
        "expertengespraeche",
        {
            "forum": forum,
            "name": "Expertengespräche",
            "audience": "leitende Fach- und Führungskräfte",
            "description": (
                "Im Mittelpunkt stehen der Austausch und die Verständigung über inhaltliche "
                "Aspekte des neuen KJSG. Ziel ist es, Konzepte und Lösungsvorschläge zu "
                "entwickeln, um die neuen Aufgaben und Handlungsanforderungen in fachlich hoher "
                "Qualität gut umsetzen zu können."
            ),
            "sort_order": 1,
        },
        create=created,
    )

    advisory_board, created = upsert(
        report,
        Committee,
        "projektbeirat-dialogforum",
        {
            "is_published": True,
            "name": "Projektbeirat",
            "jurisdiction": Jurisdiction.FEDERAL,
            "country": de,
            "canton": None,
            "purpose": (
                "Berät als unterstützendes Gremium die inhaltliche Entwicklung des Dialogforums "
                "und spricht hierfür Empfehlungen aus."
            ),
            "parent_body": forum,
        },
    )
    if advisory_board is not None:
        set_member_groups(
            report,
            advisory_board,
            created,
            [
                (label, lookup.organisation(slug) if slug else None)
                for label, slug in PROJEKTBEIRAT_GROUPS
            ],
        )
    return forum


@transaction.atomic
def load(stdout, report=None):
    """Creates what is missing; changes nothing that exists (see core.seeding).

    Writes its report to `stdout` unless the caller passes its own `report`."""
    own_report = report is None
    report = report or SeedReport("Koordination")
    lookup = Lookup(stdout)
    ch = country(report, "CH")
    de = country(report, "DE")
    foundations = load_foundations(report, ch, de, lookup)
    load_conferences(report, ch, foundations, lookup)
    load_office(report, ch, lookup)
    load_dialogforum(report, de, foundations, lookup)
    if own_report:
        report.write(stdout)
