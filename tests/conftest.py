"""Fixtures shared by the whole suite. Test-only settings live here, not in settings.py."""

import itertools

import pytest
from django.utils.text import slugify

from contacts.models import (
    Canton,
    Country,
    District,
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    ServiceArea,
    Topic,
)

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_REFERENCE_DATA_DIR = ""


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_country(db):
    def make(code="CH", name=None):
        names = {"CH": "Schweiz", "DE": "Deutschland"}
        return Country.objects.get_or_create(
            code=code, defaults={"name": name or names.get(code, code)}
        )[0]

    return make


@pytest.fixture
def make_canton(db):
    def make(code="BL", name=None):
        return Canton.objects.get_or_create(code=code, defaults={"name": name or code})[0]

    return make


@pytest.fixture
def make_municipality(db, make_canton):
    def make(name="Füllinsdorf", bfs_number=None, canton="BL", district="Bezirk Liestal"):
        canton_obj = make_canton(canton)
        district_obj = District.objects.get_or_create(name=district, canton=canton_obj)[0]
        return Municipality.objects.create(
            name=name,
            bfs_number=bfs_number or 9000 + next(_sequence),
            canton=canton_obj,
            district=district_obj,
        )

    return make


@pytest.fixture
def make_topic(db):
    def make(name="Kinderschutz"):
        return Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]

    return make


@pytest.fixture
def make_organisation(db, make_country, make_canton):
    def make(
        name=None,
        canton="BL",
        kind=OrganisationKind.OFFICE,
        service_area=None,
        is_published=True,
        country="CH",
        **fields,
    ):
        name = name or f"Amt {next(_sequence)}"
        canton_obj = make_canton(canton) if canton else None
        if service_area is None:
            service_area = ServiceArea.CANTON if canton else ServiceArea.INTERCANTONAL
        return Organisation.objects.create(
            name=name,
            slug=slugify(name)[:100] + f"-{next(_sequence)}",
            kind=kind,
            canton=canton_obj,
            country=make_country(country),
            service_area=service_area,
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_person(db):
    def make(first_name="Andrea", last_name=None, is_published=True):
        last_name = last_name or f"Muster{next(_sequence)}"
        return Person.objects.create(
            first_name=first_name,
            last_name=last_name,
            slug=slugify(f"{first_name} {last_name}") + f"-{next(_sequence)}",
            is_published=is_published,
        )

    return make


@pytest.fixture
def make_position(db, make_person, make_organisation):
    def make(
        title="Sachbearbeiterin",
        canton="BL",
        person=None,
        organisation=None,
        is_published=True,
        topics=(),
        **fields,
    ):
        position = Position.objects.create(
            person=person or make_person(),
            organisation=organisation or make_organisation(canton=canton),
            title=title,
            is_published=is_published,
            **fields,
        )
        position.topics.set(topics)
        return position

    return make
