"""Facts from ../shared/seeds/ for this app, loaded by `manage.py load_portal_data`.

Everything here is stated in seed 001 (the BL page on coordinating and developing child
and youth welfare). The seed names the ten development fields but gives no descriptions,
goals or measures, and it names a report "with ten recommendations" without their wording:
those stay empty, and the pages say they are not yet recorded. Records are only created,
never changed (see core.seeding): a plan's areas, fields and decisions are filled when the
plan is created.

The seed page is German only and no official source gives these texts in French, Italian or
English: they are stored in the German columns and fall back to German until staff translate.
"""

import datetime

from django.db import transaction

from contacts.models import Canton, Position
from contacts.seed import topic
from coordination.models import CoordinationOffice
from coordination.seed import OFFICE_SLUG
from core.dates import DatePrecision
from core.seeding import SeedReport, ensure, ensure_related
from planning.models import (
    Decision,
    DecisionBody,
    DevelopmentArea,
    DevelopmentField,
    Plan,
    PlanKind,
)

REPORT_SLUG = "bericht-kinder-und-jugendhilfe-bl"
PLAN_SLUG = "kinder-und-jugendhilfe-planung-2020-2025"
REPORT_TITLE = (
    "Bericht über die Kinder- und Jugendhilfe im Kanton Basel-Landschaft "
    "mit zehn Handlungsempfehlungen"
)
PLAN_TITLE = "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung"
POSTULATE_TITLE = "Weiterführung der kantonalen Koordinationsstelle für Kinder- und Jugendhilfe"

REPORT_INTRODUCTION = (
    "<p>Der Bericht ist der Ausgangspunkt für die Weiterentwicklung der kantonalen Kinder- und "
    "Jugendhilfe. Eine überdirektionale Arbeitsgruppe erarbeitete ihn im Auftrag des "
    "Regierungsrates; der Regierungsrat beschloss 2013 seine Umsetzung.</p>"
)
PLAN_INTRODUCTION = (
    "<p>Die Kinder- und Jugendhilfe fördert und stärkt Kinder, Jugendliche und Familien durch "
    "früh einsetzende Unterstützungsangebote, begleitet sie durch den Alltag und in schwierigen "
    "Lebenslagen. Ziel ist, dass alle Kinder, Jugendlichen und Familien des Kantons bei Bedarf "
    "rechtzeitig die passende Unterstützung erhalten.</p>"
    f"<p>Das Dokument «{PLAN_TITLE}» vom September 2020 ist eine Fortsetzung der Arbeit am "
    f"«{REPORT_TITLE}». Es gibt einen Überblick über die Meilensteine der Entwicklung der "
    "Kinder- und Jugendhilfe der vergangenen Jahre und beschreibt die geplante Entwicklung der "
    "kommenden Jahre (2020-2025). Die geplanten Entwicklungsschritte werden in fünf "
    "Entwicklungsbereichen und zehn Entwicklungsfeldern beschrieben.</p>"
    "<p>Die Koordinatorin Kinder- und Jugendhilfe gibt gerne Auskunft über die aktualisierte "
    "Planung der Kinder- und Jugendhilfe und die einzelnen Entwicklungsschritte. Ebenso kann bei "
    "ihr das Dokument in gedruckter Form bestellt werden.</p>"
)

# Letter, area title, [(number, field title, [topic names the title itself names])].
AREAS = [
    (
        "A",
        "Übergeordnete Entwicklung der Kinder- und Jugendhilfe",
        [
            (1, "Koordination der Kinder- und Jugendhilfe", ["Kinder- und Jugendhilfe"]),
            (2, "Kinder- und Jugendhilfegesetz", []),
        ],
    ),
    (
        "B",
        "Ergänzende Hilfen zur Erziehung",
        [
            (3, "Rahmenplanung ergänzende Hilfen zur Erziehung", []),
            (4, "Neuregelung ambulante Hilfen", []),
            (5, "Unterbringung und Betreuung UMA", ["Unbegleitete Minderjährige"]),
        ],
    ),
    (
        "C",
        "Beratung und Unterstützung",
        [
            (6, "Beratungsangebote: Schliessen von Lücken", []),
            (7, "Schulsozialarbeit auf der Primarstufe", ["Schulsozialarbeit"]),
        ],
    ),
    (
        "D",
        "Allgemeine Förderung",
        [(8, "Koordination Kinder- und Jugendförderung", ["Kinder- und Jugendförderung"])],
    ),
    (
        "E",
        "Abklärung und Fallführung",
        [
            (9, "Abklärung in der Kinder- und Jugendhilfe", ["Kinder- und Jugendhilfe"]),
            (10, "Fallführung in der Kinder- und Jugendhilfe", ["Kinder- und Jugendhilfe"]),
        ],
    ),
]


def coordinator(stdout):
    position = (
        Position.objects.filter(
            person__slug="andrea-ruder",
            organisation__slug="akjb",
            title_de="Koordinatorin Kinder- und Jugendhilfe",
        )
        .select_related("person")
        .first()
    )
    if position is None:
        stdout.write("planning: Koordinatorin (andrea-ruder, akjb) fehlt, Auskunft bleibt leer.")
    return position


@transaction.atomic
def load(stdout, report=None):
    """Creates what is missing; changes nothing that exists (see core.seeding).

    Writes its report to `stdout` unless the caller passes its own `report`."""
    own_report = report is None
    report = report or SeedReport("Planung")
    canton = Canton.objects.filter(code="BL").first()
    if canton is None:
        stdout.write("planning: Kanton BL fehlt, Planung übersprungen.")
        return
    contact = coordinator(stdout)
    office = CoordinationOffice.objects.filter(slug=OFFICE_SLUG).first()
    if office is None:
        stdout.write(f"planning: Koordinationsstelle «{OFFICE_SLUG}» fehlt, bleibt leer.")

    bl_report, report_created = ensure(
        report,
        Plan,
        {"slug": REPORT_SLUG},
        {
            "kind": PlanKind.REPORT,
            "title_de": REPORT_TITLE,
            "canton": canton,
            "authored_by_de": "Überdirektionale Arbeitsgruppe im Auftrag des Regierungsrates",
            "introduction_de": REPORT_INTRODUCTION,
            "stated_recommendation_count": 10,
            "is_published": True,
        },
        label=f"Bericht «{REPORT_SLUG}»",
    )
    plan, plan_created = ensure(
        report,
        Plan,
        {"slug": PLAN_SLUG},
        {
            "kind": PlanKind.PLAN,
            "title_de": PLAN_TITLE,
            "canton": canton,
            "period_start_year": 2020,
            "period_end_year": 2025,
            "published_on": datetime.date(2020, 9, 1),
            "published_precision": DatePrecision.MONTH,
            "predecessor": bl_report,
            "owner": office,
            "contact": contact,
            "introduction_de": PLAN_INTRODUCTION,
            "print_orderable": True,
            "is_published": True,
        },
        label=f"Planung «{PLAN_SLUG}»",
    )

    if plan is not None:
        for letter, area_title, area_fields in AREAS:
            area, _created = ensure(
                report,
                DevelopmentArea,
                {"plan": plan, "letter": letter},
                {"title_de": area_title},
                label=f"Entwicklungsbereich {letter}",
                create=plan_created,
            )
            for number, title, topic_names in area_fields:
                field, created = ensure(
                    report,
                    DevelopmentField,
                    {"plan": plan, "number": number},
                    {"area": area, "title_de": title, "is_published": True},
                    label=f"Entwicklungsfeld {number}",
                    create=plan_created,
                )
                if field is not None:
                    ensure_related(report, field, created, "topics", map(topic, topic_names))

    decisions = [
        (
            bl_report,
            report_created,
            DecisionBody.REGIERUNGSRAT,
            datetime.date(2013, 1, 1),
            DatePrecision.YEAR,
            "",
            # Genitive, and the title begins with "Bericht": "des Berichts über ...".
            f"Umsetzung des Berichts{REPORT_TITLE.removeprefix('Bericht')}",
            "Der Regierungsrat beschloss die Umsetzung des Berichts.",
        ),
        (
            plan,
            plan_created,
            DecisionBody.REGIERUNGSRAT,
            datetime.date(2019, 9, 1),
            DatePrecision.MONTH,
            "2017/650",
            "Überweisung der Landratsvorlage betreffend Bericht zum Postulat 2017/650 von "
            f"Pascal Ryf «{POSTULATE_TITLE}»",
            "Der Regierungsrat beschloss die Umsetzung der Planung mit der Überweisung der "
            "Landratsvorlage betreffend Bericht zum Postulat 2017/650 von Pascal Ryf "
            f"«{POSTULATE_TITLE}».",
        ),
        (
            plan,
            plan_created,
            DecisionBody.LANDRAT,
            datetime.date(2020, 6, 1),
            DatePrecision.MONTH,
            "",
            "Bestätigung der Umsetzung der Planung",
            "Der Landrat bestätigte den Beschluss des Regierungsrates zur Umsetzung der Planung.",
        ),
    ]
    for decision_plan, created, body, decided_on, precision, reference, title, summary in decisions:
        if decision_plan is None:
            continue
        ensure(
            report,
            Decision,
            {"plan": decision_plan, "body": body, "decided_on": decided_on},
            {
                "decided_precision": precision,
                "reference_number": reference,
                "title_de": title,
                "summary_de": summary,
            },
            label=f"Beschluss «{title}»",
            create=created,
        )
    if own_report:
        report.write(stdout)
