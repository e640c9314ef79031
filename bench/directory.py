"""Benchmark of the contact directory on the synthetic demo data (run with `make benchmark`).

Builds a throw-away test database (SQLite by default, PostgreSQL through DATABASE_URL),
loads the seed facts, the registers when available and `generate_demo_data --people N`,
then renders each page many times in-process with Django's test client and prints p50, p99
and queries per request beside a floor page that renders base.html alone.

    .venv/bin/python bench/directory.py [--people 10000] [--requests 200]
"""

import argparse
import io
import statistics
import time
from pathlib import Path

from common import clear_caches, floor, in_process, machine, percentile, say, urlpatterns
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

__all__ = ["floor", "urlpatterns"]  # ROOT_URLCONF is this module: the floor and the portal


def measure(client, url, requests, warmup=10, cold=False):
    """Timings of `url`; `cold` empties the page cache before every request (outside the
    timing), so each one renders the page as the first visitor after a change would."""

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        clear_caches()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: later requests clear the connection's log
    timings = []
    for _ in range(requests):
        if cold:
            clear_caches()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "p50": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "queries": query_count,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from django.core.management import call_command

    from contacts import seed
    from contacts.demo import generate_demo_data

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # A file, as in a real deployment, rather than the in-memory test default.
        database.setdefault("TEST", {})["NAME"] = "/tmp/drehscheibe-bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        out = io.StringIO()
        seed.load(out)
        if settings.PORTAL_REFERENCE_DATA_DIR:
            data = Path(settings.PORTAL_REFERENCE_DATA_DIR)
            call_command("import_municipalities", data / "ch-municipalities.csv", stdout=out)
            call_command("import_postcodes", data / "ch-postcodes.csv", stdout=out)
            seed.link_locations(out)
        start = time.perf_counter()
        counts = generate_demo_data(args.people)
        generated = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        pages = [
            ("floor (base.html only)", "/__bench__/floor/"),
            ("/kontakte/ unfiltered", "/kontakte/"),
            ("/kontakte/?kanton=BL&thema=kinderschutz", "/kontakte/?kanton=BL&thema=kinderschutz"),
            ("/kontakte/?gemeinde=2825", "/kontakte/?gemeinde=2825"),
            ("/kontakte/?q=meier", "/kontakte/?q=meier"),
            ("/kontakte/?q=fullinsdorf", "/kontakte/?q=fullinsdorf"),
        ]
        if not settings.PORTAL_REFERENCE_DATA_DIR:
            pages = [page for page in pages if "gemeinde" not in page[1]]
        results = []
        with in_process(ROOT_URLCONF=__name__):
            client = Client()
            for label, url in pages:
                if url.startswith("/kontakte/"):
                    results.append(
                        (f"{label} (rendered)", measure(client, url, args.requests, cold=True))
                    )
                    results.append((f"{label} (cached)", measure(client, url, args.requests)))
                else:
                    results.append((label, measure(client, url, args.requests)))

        info = machine()
        say(
            f"Machine: {info['nproc']} CPUs, {info['cpu']}; Python {info['python']}, "
            f"Django {info['django']}, {info['database']}"
        )
        say(
            f"Data: {counts['people']} demo people in {counts['organisations']} organisations "
            f"(generated in {generated:.1f} s); {args.requests} requests per page"
        )
        floor_p50 = results[0][1]["p50"]
        say()
        say(f"| {'page':<53} | {'p50 ms':>7} | {'p99 ms':>7} | {'queries':>7} | {'x floor':>7} |")
        say(f"|{'-' * 55}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|")
        for label, result in results:
            say(
                f"| {label:<53} | {result['p50']:7.2f} | {result['p99']:7.2f} | "
                f"{result['queries']:7d} | {result['p50'] / floor_p50:7.2f} |"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
