"""The admin's language: German unless the editor switches to French or Italian, which
leaves the public pages in the language of their address."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import StaffClient

SWITCH = reverse("admin_language")
ADMIN_INDEX = reverse("admin:index")

# Strings of Django's own admin catalogs, in the language the admin should speak.
SITE_ADMINISTRATION = {
    "de": "Website-Verwaltung",
    "fr": "Site d’administration",
    "it": "Amministrazione sito",
}


@pytest.fixture
def staff_client(client, make_editor):
    client.force_login(make_editor("BL"))
    return client


def test_the_admin_speaks_german_by_default(staff_client):
    html = staff_client.get(ADMIN_INDEX).content.decode()
    assert '<html lang="de"' in html
    assert SITE_ADMINISTRATION["de"] in html


@pytest.mark.parametrize("language", ["fr", "it"])
def test_staff_switch_the_admin_to_french_or_italian(staff_client, language):
    response = staff_client.post(SWITCH, {"language": language, "next": ADMIN_INDEX})
    assert response.status_code == 302 and response.url == ADMIN_INDEX

    html = staff_client.get(ADMIN_INDEX).content.decode()
    assert f'<html lang="{language}"' in html
    assert SITE_ADMINISTRATION[language] in html
    assert SITE_ADMINISTRATION["de"] not in html


def test_the_switch_back_to_german(staff_client):
    staff_client.post(SWITCH, {"language": "fr"})
    staff_client.post(SWITCH, {"language": "de"})
    assert '<html lang="de"' in staff_client.get(ADMIN_INDEX).content.decode()


@pytest.mark.parametrize("language", ["en", "xx", ""])
def test_a_language_the_admin_does_not_offer_is_ignored_with_a_message(staff_client, language):
    staff_client.post(SWITCH, {"language": "fr"})

    response = staff_client.post(SWITCH, {"language": language, "next": ADMIN_INDEX})

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)]
    # The earlier choice stays.
    assert '<html lang="fr"' in staff_client.get(ADMIN_INDEX).content.decode()


def test_the_message_is_shown_on_the_next_admin_page(staff_client):
    response = staff_client.post(SWITCH, {"language": "xx", "next": ADMIN_INDEX}, follow=True)
    assert "Diese Sprache bietet die Redaktion nicht an." in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(db, client):
    response = client.post(SWITCH, {"language": "fr"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "admin_language" not in client.session


def test_a_next_address_on_another_host_is_not_followed(staff_client):
    response = staff_client.post(SWITCH, {"language": "fr", "next": "https://example.com/admin/"})
    assert response.url == ADMIN_INDEX


def test_a_next_address_on_this_site_is_followed(staff_client):
    target = reverse("admin:contacts_organisation_changelist") + "?o=1"
    response = staff_client.post(SWITCH, {"language": "it", "next": target})
    assert response.url == target


def test_get_is_not_allowed(staff_client):
    assert staff_client.get(SWITCH, {"language": "fr"}).status_code == 405


def test_the_switch_needs_the_csrf_token(make_editor):
    client = StaffClient(enforce_csrf_checks=True)
    client.force_login(make_editor("BL"))

    assert client.post(SWITCH, {"language": "fr"}).status_code == 403

    client.get(ADMIN_INDEX)  # sets the CSRF cookie, as the page with the selector does
    token = client.cookies["csrftoken"].value
    response = client.post(SWITCH, {"language": "fr", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert '<html lang="fr"' in client.get(ADMIN_INDEX).content.decode()


def test_the_selector_offers_german_french_and_italian(staff_client):
    html = staff_client.get(ADMIN_INDEX).content.decode()
    assert f'action="{SWITCH}"' in html
    for code in ("de", "fr", "it"):
        assert f'<option value="{code}" lang="{code}"' in html
    assert '<option value="en"' not in html


def test_public_pages_stay_german_after_the_admin_switch(staff_client, make_organisation):
    organisation = make_organisation(name="Amt für Kind, Jugend und Behindertenhilfe")
    staff_client.post(SWITCH, {"language": "fr"})

    for url in (reverse("home"), organisation.get_absolute_url()):
        html = staff_client.get(url).content.decode()
        assert '<html lang="de"' in html, url
