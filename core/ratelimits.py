"""Rate limits of the public forms: django-ratelimit's counters in the shared cache.

A limit that cannot be checked (the cache, Redis in production, is down) refuses the
submission instead of letting any number through (fail safe): the form is shown again
with what the visitor typed and a message to try again in a few minutes.
"""

import logging

from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

LIMITED = "limited"  # answered with 429
UNAVAILABLE = "unavailable"  # answered with 503 and Retry-After
RETRY_AFTER_SECONDS = 60


def refusal(request, *, group, rate):
    """None when this POST may be stored; LIMITED or UNAVAILABLE when it may not."""
    try:
        usage = _usage(request, group, rate, increment=False)
    except Exception:
        logger.warning("Zähler für %s nicht erreichbar", group, exc_info=True)
        return UNAVAILABLE
    if usage is None:
        return None
    if usage["limit"] == 0 and usage["time_left"] == -1:
        return UNAVAILABLE  # django-ratelimit's own answer when its cache failed quietly
    return LIMITED if usage["count"] >= usage["limit"] else None


def count(request, *, group, rate):
    """Counts a stored submission. Without the cache it goes uncounted: it is stored already."""
    try:
        _usage(request, group, rate, increment=True)
    except Exception:
        logger.warning("Zähler für %s nicht erhöht", group, exc_info=True)


def status_of(reason):
    return 503 if reason == UNAVAILABLE else 429


def _usage(request, group, rate, *, increment):
    return get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=increment)
