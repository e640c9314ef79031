import pytest
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.unavailable import (
    RETRY_AFTER_SECONDS,
    DatabaseUnavailableMiddleware,
    database_unavailable,
    is_connection_failure,
)


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert [template.name for template in response.templates][:2] == ["503.html", "base.html"]
    assert 'class="site-header' in response.content.decode()


def test_a_public_page_answers_503_with_the_sites_page_while_the_database_is_down(
    client, database_down
):
    assert_unavailable_page(client.get(reverse("home")))


def test_the_503_page_speaks_the_language_of_the_address(client, database_down):
    with translation.override("fr"):
        url = reverse("contacts:directory")
        skip_link = gettext("Zum Inhalt springen")
    response = client.get(url)
    assert_unavailable_page(response)
    assert '<html lang="fr">' in response.content.decode()
    assert skip_link in response.content.decode()


def test_the_admin_login_answers_503_before_an_editor_types_a_password(client, database_down):
    # Rendering the login form alone would need no database: the middleware asks first.
    assert_unavailable_page(client.get(reverse("admin:login")))


def test_a_database_failure_in_a_middleware_gets_the_503_page_too(database_down):
    # A session cookie: the second-factor middleware reads the user, i.e. the session, before
    # any view runs. The test client re-raises what reaches the 500 handler unless told not to.
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    assert_unavailable_page(client.get(reverse("imprint")))


def test_the_503_page_takes_the_language_from_the_address_even_before_locale_middleware():
    request = RequestFactory().get("/it/")
    with translation.override("de"):
        response = database_unavailable(request, OperationalError("connection refused"))
    assert '<html lang="it">' in response.content.decode()


@pytest.mark.parametrize(
    ("exception", "connection_failure"),
    [
        (OperationalError("server closed the connection unexpectedly"), True),
        (InterfaceError("connection already closed"), True),
        (ProgrammingError('relation "contacts_person" does not exist'), False),
        (IntegrityError("duplicate key value"), False),
        (DatabaseError("something else"), False),
        (ValueError("not the database"), False),
    ],
)
def test_only_connection_failures_count_as_the_database_being_down(exception, connection_failure):
    assert is_connection_failure(exception) is connection_failure


def test_other_errors_are_left_to_the_500_handler():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ProgrammingError("no such column")) is None
    assert middleware.process_exception(request, OperationalError("refused")).status_code == 503
