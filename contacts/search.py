"""What the site search finds in the contacts: organisations and people in their roles."""

from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Person, Position, Topic
from core.search.documents import IndexedTexts, SearchDocument, primary_keys
from core.search.index import register
from core.search.text import phone_token
from core.templatetags.portal_format import phone_display
from core.translation import texts_in_every_language


def in_every_language(record, field_name):
    """One text for all languages: a record whose own texts are German only then needs a
    single index entry (most people), and its canton or topic is found by any name."""
    return " ".join(texts_in_every_language(record, field_name)) if record else ""


def place_texts(organisation):
    """Where an organisation is: address, municipality with its BFS number, canton."""
    municipality = organisation.municipality
    return [
        organisation.street,
        organisation.po_box,
        organisation.postcode,
        organisation.town,
        municipality.name if municipality else "",
        str(municipality.bfs_number) if municipality else "",
        in_every_language(organisation.canton, "name"),
    ]


@register
class OrganisationDocument(SearchDocument):
    model = Organisation
    kinds = {"organisation": (_("Organisation"), _("Organisationen"))}
    dependencies = [(Topic, lambda topic: primary_keys(topic.organisations.all()))]

    def get_queryset(self):
        return Organisation.objects.select_related(
            "canton", "country", "municipality", "parent"
        ).prefetch_related("topics")

    def texts(self, organisation):
        contact = [phone_display(organisation.phone), organisation.email]
        return IndexedTexts(
            title=str(organisation),
            title_field="name",
            names=[organisation.name, organisation.short_name],
            titles=[
                organisation.get_kind_display(),
                organisation.parent.name if organisation.parent else "",
            ],
            body=[
                organisation.description,
                *place_texts(organisation),
                phone_token(organisation.phone),
                *contact,
                organisation.website,
                *(in_every_language(topic, "name") for topic in organisation.topics.all()),
            ],
            subtitle=" · ".join(filter(None, [organisation.get_kind_display(), organisation.town])),
            snippet=" · ".join(
                filter(
                    None,
                    [
                        organisation.description,
                        ", ".join(filter(None, organisation.postal_lines)),
                        *contact,
                    ],
                )
            ),
        )


@register
class PositionDocument(SearchDocument):
    """A person in one role: the directory lists people by their functions, so does the search."""

    model = Position
    kinds = {"person": (_("Person"), _("Personen"))}
    dependencies = [
        (Person, lambda person: primary_keys(person.positions.all())),
        (Organisation, lambda organisation: primary_keys(organisation.positions.all())),
        (Topic, lambda topic: primary_keys(topic.positions.all())),
    ]

    def get_queryset(self):
        return Position.objects.select_related(
            "person", "organisation__canton", "organisation__municipality"
        ).prefetch_related("topics")

    def texts(self, position):
        person, organisation = position.person, position.organisation
        phone = position.phone or organisation.phone
        contact = [phone_display(phone), position.email]
        return IndexedTexts(
            title=str(person),
            names=[
                f"{person.first_name} {person.last_name}",
                f"{person.last_name} {person.first_name}",
            ],
            titles=[position.title],
            body=[
                organisation.name,
                organisation.short_name,
                *place_texts(organisation),
                phone_token(phone),
                *contact,
                *(in_every_language(topic, "name") for topic in position.topics.all()),
            ],
            subtitle=f"{position.title}, {organisation.label}",
            snippet=" · ".join(filter(None, [organisation.name, organisation.town, *contact])),
        )

    def canton_of(self, position):
        return super().canton_of(position.organisation)
