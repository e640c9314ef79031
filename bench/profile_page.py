"""Where a rendered page's time goes: milliseconds, queries and a profile, in-process.

Requests each path N times through the full middleware stack with DEBUG off and the page cache
off (every request renders), against the database DATABASE_URL names (e.g. one filled with
`generate_demo_data`), beside the floor (base.html alone) and a bare HttpResponse view.
"CPU ms" is the lowest decile of this process's own time (not the database server's), "calls"
the Python function calls of one request: steadier than the wall clock, and the count does not
depend on the machine's load at all.

    .venv/bin/python bench/profile_page.py / /koordination/ [--requests 50] [--profile]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time

os.environ.setdefault("PORTAL_PAGE_CACHE", "0")

from common import in_process, percentile, say, urlpatterns
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path


def bare(request):
    """What the middleware alone costs: no template, no query."""
    return HttpResponse("<!DOCTYPE html><title>bare</title>")


urlpatterns = [path("__bench__/bare/", bare), *urlpatterns]


def measure(client, url, requests):
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the next request empties the connection's query log.
    sql = [(float(query["time"]) * 1000, query["sql"]) for query in queries.captured_queries]
    profile = cProfile.Profile()
    profile.runcall(client.get, url)
    calls = pstats.Stats(profile).total_calls
    timings, cpu_timings = [], []
    for _ in range(requests):
        start, cpu_start = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu_timings.append((time.process_time() - cpu_start) * 1000)
    return {
        "p50": statistics.median(timings),
        "p90": percentile(timings, 0.9),
        "cpu": percentile(cpu_timings, 0.1),
        "calls": calls,
        "queries": len(sql),
        "query_ms": sum(milliseconds for milliseconds, _sql in sql),
        "sql": sql,
    }


def explain(sql):
    analyse = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(analyse + sql)
        return [" ".join(str(column) for column in row) for row in cursor.fetchall()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/"])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print a cProfile per path")
    parser.add_argument("--sql", action="store_true", help="print each query and its time")
    parser.add_argument(
        "--explain", action="store_true", help="print each query's plan (PostgreSQL: analysed)"
    )
    parser.add_argument("--limit", type=int, default=35, help="lines of each profile")
    args = parser.parse_args()

    paths = ["/__bench__/bare/", "/__bench__/floor/", *args.paths]
    with in_process(
        ROOT_URLCONF=__name__,
        PORTAL_PAGE_CACHE=False,
    ):
        client = Client()
        results = [(url, measure(client, url, args.requests)) for url in paths]
        floor_p50 = results[1][1]["p50"]
        say(
            f"| {'page':<45} | {'p50 ms':>7} | {'p90 ms':>7} | CPU ms |  calls | queries "
            "| SQL ms | % floor |"
        )
        say(
            f"|{'-' * 47}|{'-' * 8}:|{'-' * 8}:|{'-' * 7}:|{'-' * 7}:|{'-' * 8}:|{'-' * 7}:"
            f"|{'-' * 8}:|"
        )
        for url, result in results:
            say(
                f"| {url:<45} | {result['p50']:7.2f} | {result['p90']:7.2f} | "
                f"{result['cpu']:6.2f} | {result['calls']:6d} | "
                f"{result['queries']:7d} | {result['query_ms']:6.2f} | "
                f"{100 * floor_p50 / result['p50']:6.1f}% |"
            )
        if args.sql:
            for url, result in results:
                say(f"\n{url}")
                for milliseconds, sql in result["sql"]:
                    say(f"  {milliseconds:6.2f} ms  {sql[:300]}")
        if args.explain:
            for url, result in results[2:]:
                say(f"\n{url}")
                for _milliseconds, sql in result["sql"]:
                    say(f"\n{sql}")
                    for line in explain(sql):
                        say(f"    {line}")
        if args.profile:
            for url in args.paths:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.requests):
                    client.get(url)
                profile.disable()
                say(f"\n=== {url}: {args.requests} requests")
                stats = pstats.Stats(profile)
                stats.sort_stats("cumulative").print_stats(args.limit)
                stats.sort_stats("tottime").print_stats(args.limit)


if __name__ == "__main__":
    main()
