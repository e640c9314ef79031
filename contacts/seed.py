"""Contact facts from ../shared/seeds/, loaded by `manage.py load_portal_data`.

Only what the seeds say: an e-mail address or a full name they do not give stays empty.
Every record is matched on its natural key and created only when it is missing; what staff
changed since is kept and reported, never overwritten (see core.seeding). A second run
changes nothing (not even `updated_at` or the edit history).
"""

from django.db import transaction
from localflavor.ch.ch_states import STATE_CHOICES

from contacts.models import (
    Canton,
    Country,
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    ServiceArea,
    Topic,
)
from core.seeding import SeedReport, describe, ensure, ensure_related, report_differences
from core.text import slugify_german

COUNTRIES = {"CH": "Schweiz", "DE": "Deutschland"}

# The official German names; django-localflavor supplies the codes (its names are English/French).
CANTON_NAMES_DE = {
    "ZH": "Zürich",
    "BE": "Bern",
    "LU": "Luzern",
    "UR": "Uri",
    "SZ": "Schwyz",
    "OW": "Obwalden",
    "NW": "Nidwalden",
    "GL": "Glarus",
    "ZG": "Zug",
    "FR": "Freiburg",
    "SO": "Solothurn",
    "BS": "Basel-Stadt",
    "BL": "Basel-Landschaft",
    "SH": "Schaffhausen",
    "AR": "Appenzell Ausserrhoden",
    "AI": "Appenzell Innerrhoden",
    "SG": "St. Gallen",
    "GR": "Graubünden",
    "AG": "Aargau",
    "TG": "Thurgau",
    "TI": "Tessin",
    "VD": "Waadt",
    "VS": "Wallis",
    "NE": "Neuenburg",
    "GE": "Genf",
    "JU": "Jura",
}

# The shared vocabulary (Themen), used by conferences and planning too.
TOPICS = [
    "Kinderschutz",
    "Fremdplatzierung",
    "Adoption",
    "Sorgerecht",
    "Unterhaltsanspruch",
    "Meldepflichten",
    "Unbegleitete Minderjährige",
    "Gewaltprävention",
    "Kinder- und Jugendförderung",
    "Partizipation",
    "Frühe Förderung",
    "Schulsozialarbeit",
    "Kinderrechte",
    "Kinder- und Jugendhilfe",
]

KJH = "Kinder- und Jugendhilfe"

# slug -> fields; "parent", "canton", "country" and "topics" are natural keys.
ORGANISATIONS = {
    "bksd": {
        "name": "BKSD",
        "short_name": "BKSD",
        "kind": OrganisationKind.DIRECTORATE,
        "canton": "BL",
        "country": "CH",
        "service_area": ServiceArea.CANTON,
    },
    "vgd": {
        "name": "VGD",
        "short_name": "VGD",
        "kind": OrganisationKind.DIRECTORATE,
        "canton": "BL",
        "country": "CH",
        "service_area": ServiceArea.CANTON,
    },
    "sid": {
        "name": "SID",
        "short_name": "SID",
        "kind": OrganisationKind.DIRECTORATE,
        "canton": "BL",
        "country": "CH",
        "service_area": ServiceArea.CANTON,
    },
    "fkd": {
        "name": "FKD",
        "short_name": "FKD",
        "kind": OrganisationKind.DIRECTORATE,
        "canton": "BL",
        "country": "CH",
        "service_area": ServiceArea.CANTON,
    },
    "akjb": {
        "name": "Amt für Kind, Jugend und Behindertenangebote",
        "short_name": "AKJB",
        "kind": OrganisationKind.OFFICE,
        "canton": "BL",
        "country": "CH",
        "service_area": ServiceArea.CANTON,
        "parent": "bksd",
        "street": "Ergolzstrasse 3",
        "po_box": "Postfach",
        "postcode": "4414",
        "town": "Füllinsdorf",
        "phone": "+41615521770",
        "topics": [KJH],
    },
    "sodk": {
        "name": "SODK",
        "short_name": "SODK",
        "kind": OrganisationKind.CONFERENCE,
        "canton": None,
        "country": "CH",
        "service_area": ServiceArea.INTERCANTONAL,
    },
    "difu": {
        "name": "Deutsches Institut für Urbanistik",
        "short_name": "Difu",
        "kind": OrganisationKind.INSTITUTE,
        "canton": None,
        "country": "DE",
        "service_area": ServiceArea.COUNTRY,
    },
    "bmfsfj": {
        "name": "Bundesministerium für Familie, Senioren, Frauen und Jugend",
        "short_name": "BMFSFJ",
        "kind": OrganisationKind.FEDERAL_AUTHORITY,
        "canton": None,
        "country": "DE",
        "service_area": ServiceArea.COUNTRY,
    },
}

# The AKJB sits in Füllinsdorf (BFS 2825); linked once the municipality register is loaded.
LOCATIONS = {"akjb": 2825}

PEOPLE = {
    "andrea-ruder": {
        "first_name": "Andrea",
        "last_name": "Ruder",
        "positions": [
            {
                "organisation": "akjb",
                "title": "Koordinatorin Kinder- und Jugendhilfe",
                "phone": "+41615521799",
                "topics": [KJH],
            }
        ],
    }
}


def topic(name, report=None):
    """The topic called `name`, created with its German slug ("fruehe-foerderung") if missing.

    Found by name first: a topic staff gave another URL name is still the same topic. Every
    seed takes its topics from here; `report` (if given) hears of a topic created."""
    found = Topic.objects.filter(name=name).first()
    if found is None:
        found, _created = ensure(
            report or SeedReport("Themen"),
            Topic,
            {"slug": slugify_german(name)},
            {"name": name},
            label=f"Thema «{name}»",
        )
    return found


def load_reference(stdout, report=None):
    """Countries, all 26 cantons and the topic vocabulary; returns {seed name: topic}.

    These tables keep no history, so a missing row is created again: the other seeds refer
    to them, and a canton or country is never rightly deleted."""
    own_report = report is None
    report = report or SeedReport("Grundlagen")
    for code, name in COUNTRIES.items():
        ensure(report, Country, {"code": code}, {"name": name}, label=f"Land {code}")
    for code, fallback in STATE_CHOICES:
        name = CANTON_NAMES_DE.get(code, fallback)
        ensure(report, Canton, {"code": code}, {"name": name}, label=f"Kanton {code}")
    topics = {name: topic(name, report) for name in TOPICS}
    if own_report:
        report.write(stdout)
    return topics


@transaction.atomic
def load(stdout, report=None):
    """Creates what is missing; changes nothing that exists (see core.seeding).

    Writes its report to `stdout` unless the caller passes its own `report`."""
    own_report = report is None
    report = report or SeedReport("Kontakte")
    topics = load_reference(stdout, report)
    cantons = {canton.code: canton for canton in Canton.objects.all()}
    countries = {country.code: country for country in Country.objects.all()}

    organisations = {}
    for slug, spec in ORGANISATIONS.items():
        spec = dict(spec)
        topic_names = spec.pop("topics", [])
        parent = spec.pop("parent", None)
        values = {
            "street": "",
            "po_box": "",
            "postcode": "",
            "town": "",
            "phone": "",
            **spec,
            "canton": cantons.get(spec["canton"]) if spec["canton"] else None,
            "country": countries.get(spec["country"]),
            "parent": organisations.get(parent) if parent else None,
            "is_published": True,
        }
        organisation, created = ensure(
            report, Organisation, {"slug": slug}, values, label=f"Organisation «{slug}»"
        )
        if organisation is None:
            continue
        ensure_related(
            report, organisation, created, "topics", [topics[name] for name in topic_names]
        )
        organisations[slug] = organisation

    for slug, spec in PEOPLE.items():
        person, person_created = ensure(
            report,
            Person,
            {"slug": slug},
            {
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "is_published": True,
            },
            label=f"Person «{slug}»",
        )
        if person is None:
            continue
        for position_spec in spec["positions"]:
            organisation = organisations.get(position_spec["organisation"])
            if organisation is None:
                continue
            position, created = ensure(
                report,
                Position,
                {"person": person, "organisation": organisation, "title": position_spec["title"]},
                {"phone": position_spec["phone"], "is_published": True},
                label=f"Funktion «{person}, {position_spec['title']}»",
                create=person_created,
            )
            if position is not None:
                ensure_related(
                    report,
                    position,
                    created,
                    "topics",
                    [topics[name] for name in position_spec["topics"]],
                )

    if own_report:
        report.write(stdout)


def link_locations(stdout, report=None):
    """Point an organisation at its municipality once the register holds it, if it has none.

    Run once, after the registers are imported (as `load_portal_data` does): the registers
    need the cantons `load` creates, so `load` itself links nothing.

    A municipality staff chose is kept (and reported when it is another one)."""
    own_report = report is None
    report = report or SeedReport("Standorte der Organisationen")
    for slug, bfs_number in LOCATIONS.items():
        municipality = Municipality.objects.filter(bfs_number=bfs_number).first()
        organisation = Organisation.objects.filter(slug=slug).first()
        if municipality is None or organisation is None:
            continue
        if organisation.municipality_id is None:
            organisation.municipality = municipality
            organisation.save()
            report.add_created(f"Gemeinde {municipality} für {describe(organisation)}")
        else:
            report_differences(report, organisation, {"municipality": municipality})
    if own_report:
        report.write(stdout)
