"""A deterministic, clearly labelled synthetic data set for performance work.

Every demo record's slug starts with `demo-` and every name says "Demo", so the set can be
told apart from real data and removed with `generate_demo_data --delete`.
"""

import random

from django.db import transaction

from contacts import seed
from contacts.models import (
    Canton,
    Country,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    ServiceArea,
    Topic,
)
from core.search.index import reindex
from core.text import fold

DEMO_PREFIX = "demo-"
PEOPLE_PER_ORGANISATION = 20
FIRST_NAMES = ["Anna", "Beat", "Chantal", "Dario", "Elif", "Fabian", "Gülsen", "Hans", "Irène",
               "Jonas", "Karin", "Luca", "Miriam", "Noah", "Olivia", "Pascal", "Regula", "Stefan",
               "Tamara", "Urs", "Vreni", "Walter", "Yasmin", "Zoé"]  # fmt: skip
LAST_NAMES = ["Ammann", "Brunner", "Caflisch", "Dubois", "Egger", "Frei", "Gerber", "Huber",
              "Imhof", "Jäggi", "Keller", "Lüthi", "Meier", "Nägeli", "Odermatt", "Pfister",
              "Rüegg", "Schmid", "Tanner", "Vogt", "Wüthrich", "Zürcher"]  # fmt: skip
TITLES = ["Fachperson Kinderschutz", "Sachbearbeiterin", "Sachbearbeiter", "Leiterin",
          "Leiter", "Stv. Leiterin", "Koordinatorin", "Sozialarbeiter", "Beraterin"]  # fmt: skip
KINDS = [OrganisationKind.OFFICE, OrganisationKind.MUNICIPAL_OFFICE,
         OrganisationKind.PRIVATE_PROVIDER, OrganisationKind.ASSOCIATION]  # fmt: skip


def delete_demo_data():
    # Raw deletes: the demo set was bulk-created without edit history, and ten thousand
    # delete signals (one history row each) would only slow the removal down.
    positions = Position.objects.filter(person__slug__startswith=DEMO_PREFIX)
    position_ids = list(positions.values_list("pk", flat=True))
    counts = {"positions": len(position_ids)}
    Position.topics.through.objects.filter(position__in=positions).delete()
    positions._raw_delete(positions.db)
    people = Person.objects.filter(slug__startswith=DEMO_PREFIX)
    counts["people"] = people._raw_delete(people.db)
    organisations = Organisation.objects.filter(slug__startswith=DEMO_PREFIX)
    organisation_ids = list(organisations.values_list("pk", flat=True))
    Organisation.topics.through.objects.filter(organisation__in=organisations).delete()
    counts["organisations"] = organisations._raw_delete(organisations.db)
    # Raw deletes send no signals either: their search entries go here.
    reindex(Position, position_ids)
    reindex(Organisation, organisation_ids)
    return counts


@transaction.atomic
def generate_demo_data(people, seed_value=2026):
    """Replace any earlier demo set with `people` synthetic people (deterministic)."""
    delete_demo_data()
    if not Canton.objects.exists() or not Topic.objects.exists():
        seed.load_reference(None)
    rng = random.Random(seed_value)
    cantons = list(Canton.objects.order_by("code"))
    topics = list(Topic.objects.order_by("slug"))
    switzerland = Country.objects.get(code="CH")

    organisation_count = max(1, people // PEOPLE_PER_ORGANISATION)
    organisations = []
    for number in range(1, organisation_count + 1):
        canton = rng.choice(cantons)
        name = f"Demo-Fachstelle {number:05d} {canton.code}"
        organisation = Organisation(
            name=name,
            short_name=f"DEMO{number}",
            slug=f"{DEMO_PREFIX}fachstelle-{number:05d}",
            kind=rng.choice(KINDS),
            canton=canton,
            country=switzerland,
            service_area=ServiceArea.CANTON,
            town=f"Demo-Ort {canton.code}",
            description="Synthetischer Demo-Eintrag für Leistungstests.",
            is_published=True,
        )
        organisation.search_text = fold(f"{name} {organisation.short_name} {organisation.town}")
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations, batch_size=500)
    organisations = list(Organisation.objects.filter(slug__startswith=DEMO_PREFIX).order_by("slug"))
    Organisation.topics.through.objects.bulk_create(
        [
            Organisation.topics.through(organisation_id=organisation.pk, topic_id=topic.pk)
            for organisation in organisations
            for topic in rng.sample(topics, 2)
        ],
        batch_size=1000,
    )

    persons = []
    for number in range(1, people + 1):
        persons.append(
            Person(
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"Demo-{rng.choice(LAST_NAMES)}",
                slug=f"{DEMO_PREFIX}person-{number:06d}",
                is_published=rng.random() > 0.02,
            )
        )
    Person.objects.bulk_create(persons, batch_size=1000)
    persons = list(Person.objects.filter(slug__startswith=DEMO_PREFIX).order_by("slug"))

    positions = []
    for index, person in enumerate(persons):
        organisation = organisations[index % len(organisations)]
        position = Position(
            person=person,
            organisation=organisation,
            title=rng.choice(TITLES),
            phone=f"+4161{rng.randrange(1000000, 9999999)}",
            is_published=True,
        )
        position.sort_name = position.build_sort_name()
        positions.append(position)
    Position.objects.bulk_create(positions, batch_size=1000)
    position_ids = (
        Position.objects.filter(person__slug__startswith=DEMO_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Position.topics.through.objects.bulk_create(
        [
            Position.topics.through(position_id=position_id, topic_id=topic.pk)
            for position_id in position_ids
            for topic in rng.sample(topics, rng.randint(1, 3))
        ],
        batch_size=2000,
    )
    # Bulk inserts send no signals: the search index learns of the new records here.
    reindex(Organisation, [organisation.pk for organisation in organisations])
    reindex(Position, position_ids)
    return {"organisations": len(organisations), "people": len(persons)}
