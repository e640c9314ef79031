import pytest
from django.test import RequestFactory

from portal.client_ip import client_ip


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "198.51.100.9", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # a forged entry on the left
        (2, "198.51.100.9, 10.0.0.5", "198.51.100.9"),
        (2, "198.51.100.9", "10.0.0.2"),  # fewer entries than proxies: do not trust it
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(
    settings, proxy_count, forwarded_for, expected
):
    settings.PORTAL_PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == expected
