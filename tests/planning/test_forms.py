import datetime
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planning.forms import PrintOrderForm
from planning.models import PrintOrder


def order_url(plan):
    return reverse("planning:print_order", kwargs={"slug": plan.slug})


def test_order_form_renders_with_labels_and_csrf(client, orderable_plan):
    response = client.get(order_url(orderable_plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html
    for label in ["Vorname und Name", "Strasse und Nr. oder Postfach", "PLZ", "Ort", "E-Mail"]:
        assert label in html
    assert 'name="website"' in html  # the honeypot, hidden from people
    assert 'style="' not in html


def done_url(plan):
    return reverse("planning:print_order_done", kwargs={"slug": plan.slug})


def test_a_valid_order_is_stored_mailed_and_confirmed(client, orderable_plan, order_data):
    response = client.post(order_url(orderable_plan), order_data)

    assert response.status_code == 302
    assert response["Location"] == done_url(orderable_plan)
    order = PrintOrder.objects.get()
    assert (order.plan, order.name, order.copies, order.postcode, order.status) == (
        orderable_plan,
        "Regula Muster",
        2,
        "4414",
        "new",
    )
    assert order.notified_at is not None and order.confirmed_at is not None
    assert [message.to for message in mail.outbox] == [
        ["bestellungen@example.ch"],
        ["regula.muster@example.ch"],
    ]

    confirmation = client.get(done_url(orderable_plan)).content.decode()
    assert f'Ihre Bestellnummer: <strong class="print-order-reference">{order.reference}' in (
        confirmation
    )
    assert "Sie haben 2 gedruckte Exemplare" in confirmation
    assert "Ergolzstrasse 3" in confirmation
    assert "wir haben die Koordinationsstelle per E-Mail benachrichtigt" in confirmation
    assert "Bestätigung mit der Bestellnummer an regula.muster@example.ch geschickt" in confirmation
    assert "per Post" in confirmation


def test_without_a_recipient_the_page_does_not_claim_the_coordinator_was_told(
    client, orderable_plan, order_data, settings
):
    settings.PORTAL_PRINT_ORDER_EMAIL = ""

    client.post(order_url(orderable_plan), order_data)

    confirmation = client.get(done_url(orderable_plan)).content.decode()
    assert "Ihre Bestellung ist gespeichert; die Koordinationsstelle bearbeitet sie." in (
        confirmation
    )
    assert "benachrichtigt" not in confirmation
    assert "informiert" not in confirmation
    # The confirmation to the person ordering did go out, and the page says so.
    assert "Bestätigung mit der Bestellnummer an regula.muster@example.ch geschickt" in confirmation
    assert [message.to for message in mail.outbox] == [["regula.muster@example.ch"]]


def test_an_unreachable_mail_server_keeps_the_order_and_the_page_says_so(
    client, orderable_plan, order_data, smtp_refusing
):
    response = client.post(order_url(orderable_plan), order_data)

    assert response.status_code == 302
    order = PrintOrder.objects.get()
    assert order.notified_at is None and order.confirmed_at is None
    assert "ConnectionRefusedError" in order.mail_error
    confirmation = client.get(done_url(orderable_plan)).content.decode()
    assert order.reference in confirmation
    assert "Ihre Bestellung ist gespeichert; die Koordinationsstelle bearbeitet sie." in (
        confirmation
    )
    assert (
        "Die Bestätigung an regula.muster@example.ch konnte noch nicht versandt werden; "
        "wir senden sie nach." in confirmation
    )
    assert "geschickt." not in confirmation.split("Wie es weitergeht")[1].split("per Post")[0]


def test_a_mail_server_that_never_answers_delays_the_page_by_the_timeout_only(
    client, orderable_plan, order_data, smtp_silent
):
    started = time.monotonic()
    response = client.post(order_url(orderable_plan), order_data)
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    # EMAIL_TIMEOUT is 1 s; both mails share one connection, so it is waited for once.
    assert elapsed < 3
    order = PrintOrder.objects.get()
    assert order.notified_at is None and order.confirmed_at is None
    assert "konnte noch nicht versandt werden; wir senden sie nach" in (
        client.get(done_url(orderable_plan)).content.decode()
    )


def test_the_thank_you_page_shows_no_order_to_another_browser(client, orderable_plan, order_data):
    client.post(order_url(orderable_plan), order_data)
    reference = PrintOrder.objects.get().reference

    stranger = Client().get(done_url(orderable_plan))

    assert stranger.status_code == 302
    assert stranger["Location"] == order_url(orderable_plan)
    assert reference not in Client().get(done_url(orderable_plan), follow=True).content.decode()


def test_the_thank_you_page_of_another_plan_shows_no_order(
    client, orderable_plan, order_data, make_plan
):
    other = make_plan(print_orderable=True)
    client.post(order_url(orderable_plan), order_data)

    response = client.get(done_url(other))

    assert response.status_code == 302
    assert response["Location"] == order_url(other)


def test_the_same_order_twice_is_stored_once_and_answered_with_its_reference(
    client, orderable_plan, order_data
):
    client.post(order_url(orderable_plan), order_data)
    first = PrintOrder.objects.get()
    mail.outbox.clear()
    again = {
        **order_data,
        "name": "  regula   MUSTER ",
        "street": "ergolzstrasse 3",
        "town": "FÜLLINSDORF",
        "copies": "3",
    }

    response = client.post(order_url(orderable_plan), again)

    assert response.status_code == 302
    assert PrintOrder.objects.count() == 1
    assert mail.outbox == []
    page = client.get(done_url(orderable_plan)).content.decode()
    assert "Diese Bestellung ist bereits eingegangen" in page
    assert first.reference in page
    assert "nicht ein zweites Mal gespeichert" in page


def test_a_repeat_with_another_email_does_not_reveal_the_earlier_order(
    client, orderable_plan, order_data
):
    client.post(order_url(orderable_plan), order_data)
    first = PrintOrder.objects.get()

    client.post(order_url(orderable_plan), {**order_data, "email": "jemand@example.ch"})

    assert PrintOrder.objects.count() == 1
    page = client.get(done_url(orderable_plan)).content.decode()
    assert "nicht ein zweites Mal gespeichert" in page
    assert first.reference not in page
    assert "Ergolzstrasse" not in page
    assert "Uhr eingegangen" not in page
    assert "Die Bestätigung mit der Bestellnummer ging an die E-Mail-Adresse" in page


def test_a_repeat_does_not_claim_a_confirmation_that_has_not_gone_out(
    client, orderable_plan, order_data, smtp_refusing
):
    client.post(order_url(orderable_plan), order_data)

    client.post(order_url(orderable_plan), {**order_data, "email": "jemand@example.ch"})

    page = client.get(done_url(orderable_plan)).content.decode()
    assert "nicht ein zweites Mal gespeichert" in page
    assert "ging an" not in page
    assert "konnte noch nicht versandt werden; wir senden sie nach" in page


def test_an_order_with_another_address_or_after_a_day_is_a_new_order(
    client, orderable_plan, order_data
):
    client.post(order_url(orderable_plan), order_data)
    client.post(order_url(orderable_plan), {**order_data, "street": "Ergolzstrasse 5"})
    PrintOrder.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

    client.post(order_url(orderable_plan), order_data)

    assert PrintOrder.objects.count() == 3
    assert len(set(PrintOrder.objects.values_list("reference", flat=True))) == 3


def test_a_cancelled_order_may_be_placed_again(client, orderable_plan, order_data):
    client.post(order_url(orderable_plan), order_data)
    PrintOrder.objects.update(status="cancelled")

    client.post(order_url(orderable_plan), order_data)

    assert PrintOrder.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"street": ""}, "street", "Bitte geben Sie Strasse und Hausnummer oder Postfach an."),
        ({"postcode": "", "town": ""}, "postcode", "Bitte geben Sie die Postleitzahl an."),
        ({"postcode": "0123"}, "postcode", "Eine Schweizer Postleitzahl hat vier Ziffern"),
        ({"copies": "0"}, "copies", "Bitte bestellen Sie mindestens 1 Exemplar."),
        ({"copies": "500"}, "copies", "Pro Bestellung sind höchstens 20 Exemplare möglich."),
        ({"copies": "zwei"}, "copies", "Bitte geben Sie die Anzahl als ganze Zahl an."),
        ({"email": "regula-at-example"}, "email", "Bitte geben Sie eine gültige E-Mail-Adresse"),
    ],
)
def test_invalid_input_rerenders_with_a_message_and_keeps_the_rest(
    client, orderable_plan, order_data, changes, field, message
):
    response = client.post(order_url(orderable_plan), {**order_data, **changes})

    assert response.status_code == 200
    assert PrintOrder.objects.count() == 0
    assert mail.outbox == []
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    # Everything else the person typed is still in the form.
    for name in ["name", "organisation", "email", "remark"]:
        if name not in changes:
            assert order_data[name] in html
    assert "Die Bestellung ist noch nicht abgeschickt." in html


def test_the_honeypot_turns_away_without_storing(client, orderable_plan, order_data):
    response = client.post(order_url(orderable_plan), {**order_data, "website": "http://spam"})

    assert response.status_code == 200
    assert PrintOrder.objects.count() == 0
    assert mail.outbox == []
    assert "Ihre Bestellung konnte nicht angenommen werden." in response.content.decode()


def test_the_rate_limit_rejects_without_storing(client, orderable_plan, order_data, settings):
    settings.PORTAL_PRINT_ORDER_RATE = "2/h"
    for name in ["Regula Muster", "Andrea Muster"]:
        assert (
            client.post(order_url(orderable_plan), {**order_data, "name": name}).status_code == 302
        )

    response = client.post(order_url(orderable_plan), {**order_data, "name": "Beat Muster"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele Bestellungen in kurzer Zeit." in html
    assert 'value="Ergolzstrasse 3"' in html
    assert PrintOrder.objects.count() == 2
    assert len(mail.outbox) == 4  # notification and confirmation of each stored order


def test_invalid_attempts_do_not_count_against_the_rate_limit(
    client, orderable_plan, order_data, settings
):
    settings.PORTAL_PRINT_ORDER_RATE = "1/h"
    for typo in [{"postcode": "44"}, {"email": "regula-at-example"}, {"copies": "0"}]:
        assert client.post(order_url(orderable_plan), {**order_data, **typo}).status_code == 200

    assert client.post(order_url(orderable_plan), order_data).status_code == 302
    assert PrintOrder.objects.count() == 1
    refused = client.post(order_url(orderable_plan), {**order_data, "name": "Andrea Muster"})
    assert refused.status_code == 429
    assert PrintOrder.objects.count() == 1


def test_honeypot_attempts_do_not_count_and_the_honeypot_still_holds(
    client, orderable_plan, order_data, settings
):
    settings.PORTAL_PRINT_ORDER_RATE = "1/h"
    for _attempt in range(3):
        response = client.post(order_url(orderable_plan), {**order_data, "website": "x"})
        assert response.status_code == 200
    assert PrintOrder.objects.count() == 0

    assert client.post(order_url(orderable_plan), order_data).status_code == 302
    assert PrintOrder.objects.count() == 1


def test_a_repeated_order_does_not_use_up_the_rate_limit(
    client, orderable_plan, order_data, settings
):
    settings.PORTAL_PRINT_ORDER_RATE = "2/h"
    for _attempt in range(3):
        assert client.post(order_url(orderable_plan), order_data).status_code == 302

    other = client.post(order_url(orderable_plan), {**order_data, "name": "Andrea Muster"})

    assert other.status_code == 302
    assert PrintOrder.objects.count() == 2


def test_the_town_must_match_the_postcode_in_the_register(
    client, orderable_plan, order_data, postcode_register
):
    response = client.post(order_url(orderable_plan), {**order_data, "town": "Zürich"})

    assert response.status_code == 200
    assert PrintOrder.objects.count() == 0
    assert response.context["form"].errors["town"] == [
        "Der Ort «Zürich» passt nicht zur Postleitzahl 4414. Meinten Sie «4414 Füllinsdorf»?"
    ]
    assert "Meinten Sie «4414 Füllinsdorf»?" in response.content.decode()


@pytest.mark.parametrize("town", ["Füllinsdorf", "füllinsdorf", "FULLINSDORF", "Fuellinsdorf"])
def test_the_registers_locality_is_accepted_in_any_case_and_umlaut_spelling(
    orderable_plan, order_data, postcode_register, town
):
    form = PrintOrderForm(
        data={**order_data, "town": town}, instance=PrintOrder(plan=orderable_plan)
    )
    assert form.is_valid(), form.errors


def test_a_postcode_missing_from_the_register_is_refused(
    orderable_plan, order_data, postcode_register
):
    form = PrintOrderForm(
        data={**order_data, "postcode": "4499"}, instance=PrintOrder(plan=orderable_plan)
    )
    assert not form.is_valid()
    assert form.errors["postcode"] == [
        "Die Postleitzahl 4499 gibt es im amtlichen Verzeichnis nicht."
    ]
    assert "town" not in form.errors


def test_without_a_loaded_register_only_the_format_is_checked(orderable_plan, order_data):
    form = PrintOrderForm(
        data={**order_data, "postcode": "4414", "town": "Zürich"},
        instance=PrintOrder(plan=orderable_plan),
    )
    assert form.is_valid(), form.errors
    malformed = PrintOrderForm(
        data={**order_data, "postcode": "441"}, instance=PrintOrder(plan=orderable_plan)
    )
    assert not malformed.is_valid()
    assert "vier Ziffern" in malformed.errors["postcode"][0]


def test_csrf_is_enforced(orderable_plan, order_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(order_url(orderable_plan), order_data)

    assert response.status_code == 403
    assert PrintOrder.objects.count() == 0


def test_with_the_csrf_token_the_order_goes_through(orderable_plan, order_data):
    client = Client(enforce_csrf_checks=True)
    client.get(order_url(orderable_plan))
    token = client.cookies["csrftoken"].value
    response = client.post(order_url(orderable_plan), {**order_data, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert PrintOrder.objects.count() == 1


def test_plans_that_cannot_be_ordered_have_no_form(client, make_plan):
    plan = make_plan(print_orderable=False)
    assert client.get(order_url(plan)).status_code == 404
    assert (
        client.get(reverse("planning:print_order", kwargs={"slug": "gibt-es-nicht"})).status_code
        == 404
    )


def test_behind_a_proxy_each_client_has_its_own_rate_limit(
    client, orderable_plan, order_data, settings
):
    settings.PORTAL_PROXY_COUNT = 1
    settings.PORTAL_PRINT_ORDER_RATE = "1/h"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    first = client.post(
        order_url(orderable_plan), order_data, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
    )
    other_client = client.post(
        order_url(orderable_plan),
        {**order_data, "name": "Andrea Muster"},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        **proxy,
    )
    first_again = client.post(
        order_url(orderable_plan),
        {**order_data, "name": "Beat Muster"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        **proxy,
    )

    assert (first.status_code, other_client.status_code, first_again.status_code) == (302, 302, 429)
    assert PrintOrder.objects.count() == 2
