from unittest import mock

from django.db import DatabaseError
from django.urls import reverse


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_does_not(client, db):
    with mock.patch("portal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
