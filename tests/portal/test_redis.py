"""Redis as the shared cache (REDIS_URL): pages and rate limits there, and what happens when
it is unreachable. A real redis-server of the test's own, never the machine's."""

# ruff: noqa: F401, F811
import pytest
import redis
from django.urls import reverse

from planning.models import PrintOrder
from portal.models import ChangeReport
from tests.conftest import redis_caches
from tests.planning.conftest import make_plan, order_data, orderable_plan
from tests.portal.test_change_reports import basel_office, send_report
from tests.servers import free_port


@pytest.fixture
def on_redis(settings, redis_server):
    settings.CACHES = redis_caches(redis_server)
    return redis.Redis.from_url(redis_server)


@pytest.fixture
def redis_gone(settings):
    """REDIS_URL points at a port where nothing listens (Redis down)."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")


def test_pages_are_stored_in_redis(client, on_redis, make_position, django_assert_num_queries):
    make_position(title="Leiterin Kinderschutz")
    directory = reverse("contacts:directory")
    first = client.get(directory)
    assert any(key.startswith(b"pages:") for key in on_redis.keys("*"))
    with django_assert_num_queries(1):
        again = client.get(directory)
    assert again.content == first.content


def test_rate_limits_count_in_redis(client, on_redis, basel_office, settings):
    settings.PORTAL_CHANGE_REPORT_RATE = "1/h"
    assert send_report(client, basel_office, "organisation").status_code == 302
    assert any(key.startswith(b"portal:") for key in on_redis.keys("*"))
    refused = send_report(client, basel_office, "organisation", problem="Noch etwas")
    assert refused.status_code == 429
    assert ChangeReport.objects.count() == 1


def test_pages_render_when_redis_is_down(client, redis_gone, make_position):
    make_position(title="Leiterin Kinderschutz")
    for url in [reverse("home"), reverse("contacts:directory"), reverse("contacts:directory")]:
        response = client.get(url)
        assert response.status_code == 200
    assert "Leiterin Kinderschutz" in response.content.decode()


def test_a_change_report_is_refused_safely_when_redis_is_down(client, redis_gone, basel_office):
    refused = send_report(client, basel_office, "organisation", reporter_name="Regula Muster")
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert "Das Formular kann gerade nicht angenommen werden." in page
    assert 'value="Regula Muster"' in page  # what was typed stays
    assert not ChangeReport.objects.exists()


def test_a_print_order_is_refused_safely_when_redis_is_down(
    client, redis_gone, orderable_plan, order_data
):
    url = reverse("planning:print_order", args=[orderable_plan.slug])
    refused = client.post(url, order_data)
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    assert "Das Formular kann gerade nicht angenommen werden." in refused.content.decode()
    assert 'value="Ergolzstrasse 3"' in refused.content.decode()
    assert not PrintOrder.objects.exists()


def test_redis_stopping_midway_loses_nothing(client, settings, redis_server, make_position):
    """Stored pages vanish with Redis; the next visitor gets the page rendered."""
    settings.CACHES = redis_caches(redis_server)
    make_position(title="Leiterin Kinderschutz")
    directory = reverse("contacts:directory")
    assert client.get(directory).status_code == 200
    redis.Redis.from_url(redis_server).shutdown(nosave=True)
    response = client.get(directory)
    assert response.status_code == 200
    assert "Leiterin Kinderschutz" in response.content.decode()
