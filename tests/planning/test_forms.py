from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

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


def test_a_valid_order_is_stored_mailed_and_confirmed(client, orderable_plan, order_data):
    response = client.post(order_url(orderable_plan), order_data)

    done_url = reverse("planning:print_order_done", kwargs={"slug": orderable_plan.slug})
    assert response.status_code == 302
    assert response["Location"] == done_url
    order = PrintOrder.objects.get()
    assert (order.plan, order.name, order.copies, order.postcode, order.status) == (
        orderable_plan,
        "Regula Muster",
        2,
        "4414",
        "new",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bestellungen@example.ch"]

    confirmation = client.get(done_url).content.decode()
    assert "Sie haben 2 gedruckte Exemplare" in confirmation
    assert "Ergolzstrasse 3" in confirmation
    assert "Wie es weitergeht" in confirmation
    assert "per Post" in confirmation


def test_a_mail_failure_keeps_the_order_and_still_confirms(client, orderable_plan, order_data):
    with mock.patch("planning.services.send_mail", side_effect=OSError("SMTP down")):
        response = client.post(order_url(orderable_plan), order_data)

    assert response.status_code == 302
    order = PrintOrder.objects.get()
    assert order.notified_at is None
    assert mail.outbox == []


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
    for _ in range(2):
        assert client.post(order_url(orderable_plan), order_data).status_code == 302

    response = client.post(order_url(orderable_plan), order_data)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele Bestellungen in kurzer Zeit." in html
    assert 'value="Ergolzstrasse 3"' in html
    assert PrintOrder.objects.count() == 2
    assert len(mail.outbox) == 2


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
        order_url(orderable_plan), order_data, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy
    )
    first_again = client.post(
        order_url(orderable_plan), order_data, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
    )

    assert (first.status_code, other_client.status_code, first_again.status_code) == (302, 302, 429)
    assert PrintOrder.objects.count() == 2
