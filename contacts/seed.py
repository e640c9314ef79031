"""Contact facts from ../shared/seeds/, loaded by `manage.py load_portal_data`.

Only what the seeds say: an e-mail address or a full name they do not give stays empty.
Every record is matched on its natural key and created only when it is missing; what staff
changed since is kept and reported, never overwritten (see core.seeding). A second run
changes nothing (not even `updated_at` or the edit history).
"""

from django.db import transaction
from localflavor.ch.ch_states import STATE_CHOICES
from modeltranslation.utils import build_localized_fieldname

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
from core.translation import has_text

COUNTRIES = {"CH": "Schweiz", "DE": "Deutschland"}

# The names the Federal Administration writes in French, Italian and English (the FDFA's
# country names, eda.admin.ch/fr, /it, /en).
COUNTRY_NAMES = {
    "CH": {"fr": "Suisse", "it": "Svizzera", "en": "Switzerland"},
    "DE": {"fr": "Allemagne", "it": "Germania", "en": "Germany"},
}

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

# French and Italian: the official names in the Federal Constitution, art. 1 (SR 101, in its
# French and Italian versions). English: the Federal Chancellery's English Style Guide.
CANTON_NAMES = {
    "ZH": {"fr": "Zurich", "it": "Zurigo", "en": "Zurich"},
    "BE": {"fr": "Berne", "it": "Berna", "en": "Bern"},
    "LU": {"fr": "Lucerne", "it": "Lucerna", "en": "Lucerne"},
    "UR": {"fr": "Uri", "it": "Uri", "en": "Uri"},
    "SZ": {"fr": "Schwyz", "it": "Svitto", "en": "Schwyz"},
    "OW": {"fr": "Obwald", "it": "Obvaldo", "en": "Obwalden"},
    "NW": {"fr": "Nidwald", "it": "Nidvaldo", "en": "Nidwalden"},
    "GL": {"fr": "Glaris", "it": "Glarona", "en": "Glarus"},
    "ZG": {"fr": "Zoug", "it": "Zugo", "en": "Zug"},
    "FR": {"fr": "Fribourg", "it": "Friburgo", "en": "Fribourg"},
    "SO": {"fr": "Soleure", "it": "Soletta", "en": "Solothurn"},
    "BS": {"fr": "Bâle-Ville", "it": "Basilea Città", "en": "Basel-Stadt"},
    "BL": {"fr": "Bâle-Campagne", "it": "Basilea Campagna", "en": "Basel-Landschaft"},
    "SH": {"fr": "Schaffhouse", "it": "Sciaffusa", "en": "Schaffhausen"},
    "AR": {
        "fr": "Appenzell Rhodes-Extérieures",
        "it": "Appenzello Esterno",
        "en": "Appenzell Ausserrhoden",
    },
    "AI": {
        "fr": "Appenzell Rhodes-Intérieures",
        "it": "Appenzello Interno",
        "en": "Appenzell Innerrhoden",
    },
    "SG": {"fr": "Saint-Gall", "it": "San Gallo", "en": "St. Gallen"},
    "GR": {"fr": "Grisons", "it": "Grigioni", "en": "Graubünden"},
    "AG": {"fr": "Argovie", "it": "Argovia", "en": "Aargau"},
    "TG": {"fr": "Thurgovie", "it": "Turgovia", "en": "Thurgau"},
    "TI": {"fr": "Tessin", "it": "Ticino", "en": "Ticino"},
    "VD": {"fr": "Vaud", "it": "Vaud", "en": "Vaud"},
    "VS": {"fr": "Valais", "it": "Vallese", "en": "Valais"},
    "NE": {"fr": "Neuchâtel", "it": "Neuchâtel", "en": "Neuchâtel"},
    "GE": {"fr": "Genève", "it": "Ginevra", "en": "Geneva"},
    "JU": {"fr": "Jura", "it": "Giura", "en": "Jura"},
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

# {slug: {field: {language: text}}}, only as the organisations write themselves:
# sodk.ch/fr and sodk.ch/it/la-cdos/ («La Conferenza delle direttrici e dei direttori
# cantonali delle opere sociali (CDOS)»).
ORGANISATION_TRANSLATIONS = {
    "sodk": {
        "name": {
            "fr": "Conférence des directrices et directeurs cantonaux des affaires sociales",
            "it": "Conferenza delle direttrici e dei direttori cantonali delle opere sociali",
        },
        "short_name": {"fr": "CDAS", "it": "CDOS"},
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


def translation_columns(translations):
    """{"name": {"fr": "Suisse"}} -> {"name_fr": "Suisse"}."""
    return {
        build_localized_fieldname(field, language): text
        for field, texts in translations.items()
        for language, text in texts.items()
    }


def ensure_translated(report, model, lookup, values, translations, *, label):
    """`ensure` with the translations a source states: a new record gets them all; an
    existing one gets each language column that is still empty, and keeps what staff wrote
    (reported like any other difference)."""
    columns = translation_columns(translations)
    if not model._default_manager.filter(**lookup).exists():
        return ensure(report, model, lookup, {**values, **columns}, label=label)
    obj, created = ensure(report, model, lookup, values, label=label)
    added = {column: text for column, text in columns.items() if not has_text(getattr(obj, column))}
    for column, text in added.items():
        setattr(obj, column, text)
        field = obj._meta.get_field(column)
        report.add_created(f"{field.verbose_name} «{text}» für {describe(obj)}")
    report_differences(
        report, obj, {column: text for column, text in columns.items() if column not in added}
    )
    if added:
        obj._change_reason = "Übersetzung aus der Quelle"
        obj.save()
    return obj, created


def topic(name, report=None):
    """The topic called `name`, created with its German slug ("fruehe-foerderung") if missing.

    Found by name first: a topic staff gave another URL name is still the same topic. Every
    seed takes its topics from here; `report` (if given) hears of a topic created."""
    found = Topic.objects.filter(name_de=name).first()
    if found is None:
        found, _created = ensure(
            report or SeedReport("Themen"),
            Topic,
            {"slug": slugify_german(name)},
            {"name_de": name},
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
        ensure_translated(
            report,
            Country,
            {"code": code},
            {"name_de": name},
            {"name": COUNTRY_NAMES.get(code, {})},
            label=f"Land {code}",
        )
    for code, fallback in STATE_CHOICES:
        name = CANTON_NAMES_DE.get(code, fallback)
        ensure_translated(
            report,
            Canton,
            {"code": code},
            {"name_de": name},
            {"name": CANTON_NAMES.get(code, {})},
            label=f"Kanton {code}",
        )
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
        values["name_de"] = values.pop("name")
        values["short_name_de"] = values.pop("short_name")
        organisation, created = ensure_translated(
            report,
            Organisation,
            {"slug": slug},
            values,
            ORGANISATION_TRANSLATIONS.get(slug, {}),
            label=f"Organisation «{slug}»",
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
                {
                    "person": person,
                    "organisation": organisation,
                    "title_de": position_spec["title"],
                },
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
