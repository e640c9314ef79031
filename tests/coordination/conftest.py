import itertools

import pytest
from django.utils import timezone

from coordination.models import (
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    FoundationKind,
    Jurisdiction,
)
from core.text import slugify_german

_sequence = itertools.count(1)


def _name(prefix):
    number = next(_sequence)
    return f"{prefix} {number}", f"{slugify_german(prefix)}-{number}"


@pytest.fixture
def make_conference(db, make_country):
    def make(name=None, slug=None, is_published=True, **fields):
        default_name, default_slug = _name("Konferenz")
        return Conference.objects.create(
            name=name or default_name,
            slug=slug or default_slug,
            jurisdiction=Jurisdiction.INTERCANTONAL,
            country=make_country("CH"),
            is_published=is_published,
            **fields,
        )

    return make


def _cantonal_body_maker(model, prefix, make_country, make_canton):
    def make(name=None, slug=None, canton="BL", is_published=True, **fields):
        default_name, default_slug = _name(prefix)
        return model.objects.create(
            name=name or default_name,
            slug=slug or default_slug,
            jurisdiction=Jurisdiction.CANTONAL,
            country=make_country("CH"),
            canton=make_canton(canton),
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_office(db, make_country, make_canton):
    return _cantonal_body_maker(
        CoordinationOffice, "Koordinationsstelle", make_country, make_canton
    )


@pytest.fixture
def make_committee(db, make_country, make_canton):
    return _cantonal_body_maker(Committee, "Steuergruppe", make_country, make_canton)


@pytest.fixture
def make_forum(db, make_country):
    def make(name=None, slug=None, is_published=True, **fields):
        default_name, default_slug = _name("Forum")
        return Forum.objects.create(
            name=name or default_name,
            slug=slug or default_slug,
            jurisdiction=Jurisdiction.FEDERAL,
            country=make_country("DE"),
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_foundation(db, make_country):
    def make(name=None, slug=None, is_published=True, **fields):
        default_name, default_slug = _name("Gesetz")
        fields.setdefault("jurisdiction", Jurisdiction.FEDERAL)
        fields.setdefault("country", make_country("CH"))
        return Foundation.objects.create(
            name=name or default_name,
            slug=slug or default_slug,
            kind=fields.pop("kind", FoundationKind.LAW),
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_event_format(db, make_forum):
    def make(forum=None, name=None, **fields):
        default_name, default_slug = _name("Format")
        return EventFormat.objects.create(
            forum=forum or make_forum(),
            name=name or default_name,
            slug=fields.pop("slug", default_slug),
            **fields,
        )

    return make


@pytest.fixture
def make_event(db, make_event_format):
    def make(event_format=None, title=None, starts_in_days=10, is_published=True, **fields):
        default_title, default_slug = _name("Plattform")
        starts_at = timezone.now() + timezone.timedelta(days=starts_in_days)
        fields.setdefault("ends_at", starts_at + timezone.timedelta(hours=3))
        return Event.objects.create(
            format=event_format or make_event_format(),
            title=title or default_title,
            slug=fields.pop("slug", default_slug),
            starts_at=starts_at,
            is_published=is_published,
            **fields,
        )

    return make
