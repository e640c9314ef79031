"""Rendered pages for anonymous visitors, kept only while the data they show is unchanged.

An app gives a fingerprint of everything a page shows or filters by: one cheap query whose
result changes with any save, bulk update, delete or relation change. The fingerprint is
part of the key, so a changed record is seen on the very next request, without any signal
or invalidation.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

CACHE_SECONDS = 600


def quoted_table(model):
    return connection.ops.quote_name(model._meta.db_table)


def fingerprint(sql):
    """A short hash of the row that `sql` (one SELECT of aggregates) returns."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def page_key(request, prefix, data_fingerprint):
    """The key for this request's page, or None when it must be rendered for this visitor.

    Visitors with a session (staff, or anyone with a pending message) always get a fresh
    page. `data_fingerprint` is called only for a page that may come from the cache."""
    if request.method != "GET" or request.user.is_authenticated:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    # The path differs per language already; the language in the key says so outright.
    return f"{prefix}:{get_language()}:{data_fingerprint()}:{path}"


def cached_page(key):
    return cache.get(key) if key else None


def store_page(key, response):
    if key and response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
