"""The page cache: public pages for anonymous visitors, stored whole, never stale.

A stored page is keyed by the page generation (core.models.PageGeneration), a number that
database triggers raise inside the transaction of every write to a table public pages read:
saves, bulk updates, deletes, relation changes, imports and register updates alike, and
raw SQL too. Once a change is committed, the next request reads the new number and misses;
no signal and no list of dependencies has to be kept right by hand.

The key also holds what else a page depends on: the code and translations (`release`),
today's date (upcoming events, the current plan), scheme, host and the full path (which
carries the language). Visitors with a session or a pending message always get a fresh page,
and so does any page that set a cookie or used a CSRF token.

The middleware sits first in MIDDLEWARE, so a hit costs one query of one row and one cache
read; it stores the response with the headers the inner middleware added (security headers,
CSP, Content-Language), so a hit is the same response a render gives.
"""

import functools
import hashlib
import logging
import os

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_TABLE = "core_pagegeneration"
TRIGGER_NAME = "core_page_generation"
# The files whose change changes what a page looks like; a deploy sets PORTAL_RELEASE instead.
RELEASE_FOLDERS = ["core", "contacts", "coordination", "planning", "portal", "templates", "locale"]
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo"}
# A public page in the cache stays valid until the data changes; a proxy in front must ask.
PUBLIC_CACHE_CONTROL = {"public": True, "no_cache": True}


# What the pages show: the tables that carry the generation's triggers.


def watched_models():
    """Every model of the content apps and of core (the search index) whose rows public
    pages read: not their history, not what only staff see (`shown_on_public_pages`)."""
    watched = []
    for app_label in [*settings.PORTAL_CONTENT_APPS, "core"]:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if issubclass(model, HistoricalChanges) or model._meta.db_table == GENERATION_TABLE:
                continue
            if not getattr(model, "shown_on_public_pages", True) or model._meta.proxy:
                continue
            watched.append(model)
    return watched


_BUMP = (
    f"INSERT INTO {GENERATION_TABLE} (id, value) VALUES (1, 1) "
    f"ON CONFLICT (id) DO UPDATE SET value = {GENERATION_TABLE}.value + 1"
)


def trigger_statements(vendor, table):
    """SQL that makes every write to `table` raise the generation (idempotent)."""
    quoted = connection.ops.quote_name(table)
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quoted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_NAME}_bump()"
        ]
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{TRIGGER_NAME}_{table}_{operation.lower()}" '
        f"AFTER {operation} ON {quoted} BEGIN {_BUMP}; END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


def install_triggers(using="default", **kwargs):
    """After every migrate: each watched table gets its trigger (a new one included; on SQLite,
    a table Django rebuilt in a migration gets it back)."""
    from django.db import connections

    db = connections[using]
    if db.vendor not in {"postgresql", "sqlite"}:
        return
    if GENERATION_TABLE not in db.introspection.table_names():
        return  # core's migrations have not run yet
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER_NAME}_bump() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {_BUMP}; RETURN NULL; END $$"
            )
        for model in watched_models():
            for statement in trigger_statements(db.vendor, model._meta.db_table):
                cursor.execute(statement)


def tables_with_triggers():
    """The tables that have the generation's trigger now (for the system check and tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = %s",
                [TRIGGER_NAME],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE %s",
                [f"{TRIGGER_NAME}_%"],
            )
        return {row[0] for row in cursor.fetchall()}


def generation():
    """The current page generation; 0 before the first write (the row appears with it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


@functools.cache
def release():
    """Which code and translations render the pages: set by the deploy (PORTAL_RELEASE), or a
    hash of the files, so that a new template never serves a page stored by the old one."""
    configured = os.environ.get("PORTAL_RELEASE", "").strip()
    if configured:
        return configured
    digest = hashlib.sha256()
    for folder in RELEASE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The middleware.


def _cache_call(method, *args):
    """The page cache is an accelerator: when it fails (Redis down), pages render uncached."""
    try:
        return getattr(caches[CACHE_ALIAS], method)(*args)
    except Exception:
        logger.warning("Seiten-Cache nicht erreichbar (%s)", method, exc_info=True)
        return None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        files = ["/" + prefix.lstrip("/") for prefix in (settings.STATIC_URL, settings.MEDIA_URL)]
        self.bypass_prefixes = tuple(files + settings.PORTAL_PAGE_CACHE_EXEMPT)

    def __call__(self, request):
        if not settings.PORTAL_PAGE_CACHE or request.path.startswith(self.bypass_prefixes):
            return self.get_response(request)
        if not self.for_anonymous_visitor(request):
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response
        key = self.key(request)
        entry = _cache_call("get", key) if key else None
        if entry is not None:
            return self.from_cache(request, entry)
        response = self.get_response(request)
        return self.finish(request, response, key)

    @staticmethod
    def for_anonymous_visitor(request):
        """A request whose page is the same for everyone: no session, no pending message,
        no credentials. Other cookies (a CSRF token from an earlier form) do not matter."""
        if request.method not in {"GET", "HEAD"} or "HTTP_AUTHORIZATION" in request.META:
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def key(request):
        try:
            host = request.get_host()
            data = generation()
        except (DisallowedHost, DatabaseError):
            return None  # the inner middleware answers: 400 for the host, 503 for the database
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return (
            f"page:{release()}:{timezone.localdate().isoformat()}:{data}:"
            f"{request.scheme}:{host}:{path}"
        )

    @staticmethod
    def from_cache(request, entry):
        content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def finish(self, request, response, key):
        if response.status_code != 200 or response.streaming:
            return response
        if response.has_header("Cache-Control"):
            # The view said how it may be kept (never_cache, /healthz): it is not stored.
            return response
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # A cookie or a CSRF token belongs to this visitor alone.
            patch_cache_control(response, private=True, no_store=True)
            return response
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        patch_vary_headers(response, ("Cookie",))
        patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        if key and request.method == "GET":
            _cache_call("set", key, (response.content, list(response.items())))
        return get_conditional_response(request, etag=response["ETag"], response=response)
