import socket

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.unavailable import RETRY_AFTER_SECONDS


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_on_a_closed_port():
    pytest.importorskip("redis", reason="the redis package is not installed")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
    }


FAILING_CACHES = {
    # Keeps nothing: the round trip reads back nothing.
    "forgetful": lambda: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    # Raises on every call, as a cache in an unreachable database does.
    "raising": lambda: {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "no_such_cache_table",
    },
    "redis-refused": redis_on_a_closed_port,
}


def test_readiness_answers_ok_when_the_database_and_the_cache_answer(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_answers_503_naming_the_database_when_it_is_down(client, database_down):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok"}
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("cache", FAILING_CACHES.values(), ids=FAILING_CACHES.keys())
def test_readiness_answers_503_naming_the_cache_when_it_fails(client, db, cache):
    with override_settings(CACHES={"default": cache()}):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "down"}


def test_liveness_touches_neither_database_nor_cache(client):
    # No `db` fixture: any query fails the test, and so would this cache, which lives in the
    # database.
    with override_settings(CACHES={"default": FAILING_CACHES["raising"]()}):
        response = client.get(reverse("liveness"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url_name", ["health", "liveness"])
def test_probes_over_plain_http_are_answered_not_redirected_to_https(
    client, db, settings, url_name
):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse(url_name)).status_code == 200
