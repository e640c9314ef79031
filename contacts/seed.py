"""Contact facts from ../shared/seeds/, loaded by `manage.py load_portal_data`.

Only what the seeds say: an e-mail address or a full name they do not give stays empty.
Every record is matched on its natural key and saved only when something differs, so a
second run changes nothing (not even `updated_at` or the edit history).
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
from contacts.text import slugify_german

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


def topic_slug(name):
    """ "Frühe Förderung" -> "fruehe-foerderung"."""
    return slugify_german(name)


def _upsert(model, lookup, values):
    """Create the record, or update it only where a value differs; returns (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = False
    for field, value in values.items():
        current = getattr(obj, field)
        if field == "phone":
            current = current.as_e164 if current else ""
        if current != value:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.save()
    return obj, changed


def _set_m2m(manager, objects):
    if set(manager.all()) != set(objects):
        manager.set(objects)
        return True
    return False


def load_reference(stdout):
    """Countries, all 26 cantons and the topic vocabulary."""
    created = 0
    for code, name in COUNTRIES.items():
        created += _upsert(Country, {"code": code}, {"name": name})[1]
    for code, fallback in STATE_CHOICES:
        created += _upsert(Canton, {"code": code}, {"name": CANTON_NAMES_DE.get(code, fallback)})[1]
    for name in TOPICS:
        created += _upsert(Topic, {"slug": topic_slug(name)}, {"name": name})[1]
    return created


@transaction.atomic
def load(stdout):
    """Idempotent: running it twice changes nothing."""
    changes = load_reference(stdout)
    topics = {topic.name: topic for topic in Topic.objects.all()}
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
            "canton": cantons[spec["canton"]] if spec["canton"] else None,
            "country": countries[spec["country"]],
            "parent": organisations[parent] if parent else None,
            "is_published": True,
        }
        organisation, changed = _upsert(Organisation, {"slug": slug}, values)
        changes += changed
        changes += _set_m2m(organisation.topics, [topics[name] for name in topic_names])
        organisations[slug] = organisation

    for slug, spec in PEOPLE.items():
        person, changed = _upsert(
            Person,
            {"slug": slug},
            {
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "is_published": True,
            },
        )
        changes += changed
        for position_spec in spec["positions"]:
            position, changed = _upsert(
                Position,
                {
                    "person": person,
                    "organisation": organisations[position_spec["organisation"]],
                    "title": position_spec["title"],
                },
                {"phone": position_spec["phone"], "is_published": True},
            )
            changes += changed
            changes += _set_m2m(position.topics, [topics[name] for name in position_spec["topics"]])

    changes += link_locations(stdout)
    stdout.write(f"Kontakte: {changes} Änderungen.")


def link_locations(stdout):
    """Point organisations at their municipality once the register holds it."""
    changes = 0
    for slug, bfs_number in LOCATIONS.items():
        municipality = Municipality.objects.filter(bfs_number=bfs_number).first()
        if municipality is None:
            continue
        changes += (
            Organisation.objects.filter(slug=slug)
            .exclude(municipality=municipality)
            .update(municipality=municipality)
        )
    return changes
