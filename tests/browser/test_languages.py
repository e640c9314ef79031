"""A French-speaking visitor: switches the home page to French, finds a contact in her canton,
reads the plan and orders it printed, each page in French under /fr/."""

import io

from django.core import mail
from django.urls import reverse
from django.utils import translation

import contacts.seed
import coordination.seed
import planning.seed
from planning.models import PrintOrder


def french(url_name, **kwargs):
    with translation.override("fr"):
        return reverse(url_name, kwargs=kwargs or None)


def test_french_visitor_finds_a_contact_and_orders_the_printed_plan(
    page, transactional_db, settings
):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())

    page.goto("/")
    page.locator(".language-switcher").get_by_role("link", name="FR Français").click()
    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Contacts"
    ).click()
    page.wait_for_url("**/fr/contacts/")
    page.locator(".directory-filters summary").click()
    page.get_by_label("Canton").select_option(label="Bâle-Campagne")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/fr/contacts/?*kanton=BL*")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Andrea Ruder").is_visible()

    plan_url = french("planning:plan_detail", slug=planning.seed.PLAN_SLUG)
    page.goto(plan_url)
    assert page.url.endswith(plan_url) and plan_url.startswith("/fr/planification/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="Commander la version imprimée", exact=True).click()
    page.wait_for_url(f"**{french('planning:print_order', slug=planning.seed.PLAN_SLUG)}")
    page.locator("#id_name").fill("Régine Exemple")
    page.locator("#id_organisation").fill("Commune de Füllinsdorf")
    page.locator("#id_street").fill("Ergolzstrasse 3")
    page.locator("#id_postcode").fill("4414")
    page.locator("#id_town").fill("Füllinsdorf")
    page.locator("#id_email").fill("regine.exemple@example.ch")
    page.locator("#id_copies").fill("2")
    page.get_by_role("button", name="Envoyer la commande").click()

    page.get_by_role("heading", name="Merci, nous avons bien reçu votre commande").wait_for()
    assert page.url.endswith(french("planning:print_order_done", slug=planning.seed.PLAN_SLUG))
    assert page.locator("html").get_attribute("lang") == "fr"
    order = PrintOrder.objects.get()
    assert (order.copies, order.name) == (2, "Régine Exemple")
    assert page.locator(".print-order-reference").inner_text() == order.reference
    # The confirmation speaks the visitor's French; staff are notified in German.
    assert order.language == "fr"
    assert [message.to for message in mail.outbox] == [
        ["bestellungen@example.ch"],
        ["regine.exemple@example.ch"],
    ]
    notification, confirmation = mail.outbox
    assert confirmation.subject.startswith(f"Votre commande {order.reference}")
    assert "Votre numéro de commande" in confirmation.body
    assert notification.subject.startswith(f"Bestellung {order.reference}")
