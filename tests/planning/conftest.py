"""Builders for planning tests: a plan with areas and fields, measures, print-order input."""

import itertools
import socket

import pytest

import planning.seed
from planning.models import DevelopmentArea, DevelopmentField, Measure, Plan

_sequence = itertools.count(1)


@pytest.fixture
def make_plan(db, make_canton):
    def make(title=None, canton="BL", is_published=True, **fields):
        number = next(_sequence)
        return Plan.objects.create(
            title=title or f"Planung {number}",
            slug=fields.pop("slug", f"planung-{number}"),
            canton=make_canton(canton),
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_area(db):
    def make(plan, letter="A", title=None):
        return DevelopmentArea.objects.create(
            plan=plan, letter=letter, title=title or f"Bereich {letter}"
        )

    return make


@pytest.fixture
def make_field(db, make_area):
    def make(plan, number=1, area=None, title=None, is_published=True, **fields):
        area = area or DevelopmentArea.objects.filter(plan=plan).first() or make_area(plan)
        return DevelopmentField.objects.create(
            plan=plan,
            area=area,
            number=number,
            title=title or f"Feld {number}",
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_measure(db):
    def make(field, status="planned", weight=1, title=None, **fields):
        return Measure.objects.create(
            field=field,
            status=status,
            weight=weight,
            title=title or f"Massnahme {next(_sequence)}",
            **fields,
        )

    return make


@pytest.fixture
def orderable_plan(make_plan, make_position, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    coordinator = make_position(title="Koordinatorin Kinder- und Jugendhilfe", phone="+41615521799")
    return make_plan(
        title="Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung",
        slug="kjh-planung",
        contact=coordinator,
        print_orderable=True,
    )


@pytest.fixture
def order_data():
    return {
        "name": "Regula Muster",
        "organisation": "Gemeinde Füllinsdorf",
        "street": "Ergolzstrasse 3",
        "postcode": "4414",
        "town": "Füllinsdorf",
        "email": "regula.muster@example.ch",
        "copies": "2",
        "remark": "Bitte mit Rechnung.",
        "website": "",
    }


@pytest.fixture
def seeded_plan(seeded):
    """The plan of seed 001, from the whole portal data (`seeded`)."""
    return Plan.objects.get(slug=planning.seed.PLAN_SLUG)


@pytest.fixture
def postcode_register(make_municipality):
    """A loaded postcode register with the places the order tests use."""
    from contacts.models import Postcode

    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    liestal = make_municipality("Liestal", bfs_number=2829)
    zurich = make_municipality("Zürich", bfs_number=261, canton="ZH", district="Bezirk Zürich")
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=fuellinsdorf)
    Postcode.objects.create(code="4410", locality="Liestal", municipality=liestal)
    Postcode.objects.create(code="8001", locality="Zürich", municipality=zurich)


def _smtp_settings(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1


@pytest.fixture
def smtp_refusing(settings):
    """A real SMTP backend pointed at a closed port: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _smtp_settings(settings, port)


@pytest.fixture
def smtp_silent(settings):
    """A socket that accepts connections but never says a word (a hung mail server)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        _smtp_settings(settings, server.getsockname()[1])
        yield
