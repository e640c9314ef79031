"""A visitor finds a development field of the BL plan and orders the printed plan."""

import io

from django.core import mail

import contacts.seed
import planning.seed
from planning.models import PrintOrder


def test_from_the_plans_to_field_7_then_order_two_printed_copies(page, transactional_db, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    contacts.seed.load(io.StringIO())
    planning.seed.load(io.StringIO())

    page.goto("/planung/")
    page.get_by_role(
        "heading", name="Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung"
    ).get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung"
    )
    page.get_by_role("link", name="Schulsozialarbeit auf der Primarstufe").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "7. Schulsozialarbeit auf der Primarstufe"
    )
    assert page.get_by_text("Entwicklungsbereich C) Beratung und Unterstützung").is_visible()

    page.get_by_role("link", name="Gedruckte Fassung der Planung bestellen").click()
    page.locator("#id_name").fill("Regula Muster")
    page.locator("#id_organisation").fill("Gemeinde Füllinsdorf")
    page.locator("#id_street").fill("Ergolzstrasse 3")
    page.locator("#id_postcode").fill("4414")
    page.locator("#id_town").fill("Füllinsdorf")
    page.locator("#id_email").fill("regula.muster@example.ch")
    page.locator("#id_copies").fill("2")
    page.get_by_role("button", name="Bestellung absenden").click()

    page.get_by_role("heading", name="Vielen Dank, Ihre Bestellung ist eingegangen").wait_for()
    assert "Sie haben 2 gedruckte Exemplare" in page.content()
    order = PrintOrder.objects.get()
    assert (order.copies, order.name, order.town, order.plan.slug) == (
        2,
        "Regula Muster",
        "Füllinsdorf",
        planning.seed.PLAN_SLUG,
    )
    assert page.locator(".print-order-reference").inner_text() == order.reference
    assert "wir haben die Koordinationsstelle per E-Mail benachrichtigt" in page.content()
    assert [message.to for message in mail.outbox] == [
        ["bestellungen@example.ch"],
        ["regula.muster@example.ch"],
    ]
    assert order.reference in mail.outbox[-1].body
