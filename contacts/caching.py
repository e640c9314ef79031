"""Rendered directory pages for anonymous visitors, kept only while the data is unchanged.

Every request asks the database for a fingerprint of everything a directory page shows or
filters by (the newest change, the highest id, small row counts): one query of index lookups.
Any save, bulk update, delete or relation change alters the fingerprint, so a withdrawn
entry disappears on the very next request, and the page is rendered afresh.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from contacts.models import Municipality, Organisation, Person, Position, Postcode, Topic

CACHE_SECONDS = 600


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _fingerprint_sql():
    """One query of index lookups; only small tables are counted.

    For the large tables, MAX(updated_at) sees every edit (bulk updates set it too), MAX(id)
    every insert, and MAX(history_id) every deletion and topic change, which simple-history
    records one by one.
    """
    parts = []
    for model in [Position, Person, Organisation]:
        parts += [
            f"(SELECT MAX(updated_at) FROM {_table(model)})",
            f"(SELECT MAX(id) FROM {_table(model)})",
            f"(SELECT MAX(history_id) FROM {_table(model.history.model)})",
        ]
    for model in [Topic, Organisation, Organisation.topics.through]:
        parts += [f"(SELECT COUNT(*) FROM {_table(model)})"]
    parts += [
        f"(SELECT MAX(updated_at) FROM {_table(Topic)})",
        f"(SELECT MAX(id) FROM {_table(Position.topics.through)})",
    ]
    # The registers change once a year, by bulk imports without history: count them.
    for model in [Organisation.service_municipalities.through, Postcode]:
        parts += [
            f"(SELECT COUNT(*) FROM {_table(model)})",
            f"(SELECT MAX(id) FROM {_table(model)})",
        ]
    municipalities = _table(Municipality)
    parts += [
        f"(SELECT COUNT(*) FROM {municipalities} WHERE is_active)",
        f"(SELECT SUM(district_id) FROM {municipalities})",
    ]
    return "SELECT " + ", ".join(parts)


def data_fingerprint():
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def cache_key(request):
    """The key for this request's page, or None when it must be rendered for this visitor.

    Visitors with a session (staff, or anyone with a pending message) always get a fresh page.
    """
    if request.method != "GET" or request.user.is_authenticated:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    return f"directory:{data_fingerprint()}:{path}"


def cached_page(key):
    return cache.get(key) if key else None


def store_page(key, response):
    if key and response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
