"""What the benchmarks share: Django set up for a throw-away database, the floor page and its
URLconf, percentiles and a description of the machine.

Import this module before anything of Django's: it sets the environment and calls
django.setup().
"""

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402

from portal.urls import urlpatterns as portal_urlpatterns  # noqa: E402


def floor(request):
    """The floor: the shared layout with no content and no queries of its own."""
    return render(request, "base.html")


# The floor page is reachable only through this URLconf, never on the public site. The portal's
# patterns are listed, not include()d: Django refuses i18n_patterns in an included URLconf.
urlpatterns = [
    path("__bench__/floor/", floor),
    *portal_urlpatterns,
]


def in_process(**more):
    """The settings of an in-process measurement with Django's test client: DEBUG off, static
    files from their folders (no collectstatic manifest), the test client's host. Used as a
    context manager; without setup_test_environment(), whose template instrumentation would
    distort the timings."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(STORAGES=storages, DEBUG=False, ALLOWED_HOSTS=["testserver"], **more)


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def machine():
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        elif vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        else:
            version = vendor
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": version,
    }


def clear_caches():
    """Empties every cache: the stored pages, the footer's flag and the kept fragments (a
    first visit)."""
    from django.core.cache import caches

    from core import fragments

    for cache in caches.all():
        cache.clear()
    fragments.memo.clear()
