"""Builders for planning tests: a plan with areas and fields, measures, print-order input."""

import itertools

import pytest

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
