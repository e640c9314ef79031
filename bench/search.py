"""Benchmark of the site search on the synthetic demo data (run with `make benchmark-search`).

Builds a throw-away test database (PostgreSQL through DATABASE_URL, else SQLite), loads the
portal's data (`load_portal_data`: contacts, registers when available, coordination, planning)
and `generate_demo_data --people N` (which indexes the demo records), then for a set of
realistic queries measures

- the database time of the search's own SQL: the statements a `Searcher.run()` sends,
  captured once and then timed with EXPLAIN (ANALYZE) on the server (PostgreSQL; on SQLite
  the wall time of executing them), p50 and p95 per query;
- the whole page `/suche/?q=` in-process with Django's test client beside the floor page
  (base.html alone), p50, p95 and the ratio;
- the queries per page at a small data size and at N, to show that the count is constant;
- the size of the index (tables, the GIN indexes) and how long indexing took.

    .venv/bin/python bench/search.py [--people 100000] [--small 1000] [--runs 30] [--requests 50]
"""

import argparse
import io
import json
import statistics
import time
from urllib.parse import urlencode

from common import clear_caches, in_process, machine, percentile, say
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

# (label, language, what the visitor typed, further page parameters)
QUERIES = [
    ("abbreviation", "de", "KKJP", {}),
    ("word", "de", "Koordination", {}),
    ("phrase with hyphen", "de", "Kinder- und Jugendhilfe", {}),
    ("topic, many people", "de", "Kinderschutz", {}),
    ("demo last name", "de", "Meier", {}),
    ("in every demo entry", "de", "Fachstelle", {}),
    ("typo", "de", "Jugenhilfe", {}),
    ("phone number", "de", "061 552 17 99", {}),
    ("canton, synonyms", "de", "Basel-Landschaft", {}),
    ("no result", "de", "Xylophonunterricht", {}),
    ("French", "fr", "protection de l'enfance", {}),
    ("French abbreviation", "fr", "CPEJ", {}),
    ("one kind, paged", "de", "Meier", {"typ": "person"}),
    ("one canton", "de", "Meier", {"kanton": "BL"}),
]


def search_url(language, text, params):
    with translation.override(language):
        return f"{reverse('search')}?{urlencode({'q': text, **params})}"


def searcher_for(language, text, params):
    from core.search.searching import Searcher

    return Searcher(text, language, kind=params.get("typ"), canton=params.get("kanton"))


def run_search(language, text, params):
    """What the page asks of the kernel: grouped results, or one page of the chosen kind."""
    searcher = searcher_for(language, text, params)
    with translation.override(language):
        results = searcher.run()
        if searcher.kind and results.total:
            list(searcher.hit_list(results.total)[0:20])
    return results


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET LOCAL")


def captured_sql(language, text, params):
    """The statements a search sends; its transaction and its SET LOCAL (the planner
    settings of core.search.engines) are applied around the timing instead."""
    with CaptureQueriesContext(connection) as queries:
        results = run_search(language, text, params)
    return [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
    ], results


def explain(sql, analyze=True):
    with connection.cursor() as cursor:
        options = "ANALYZE, TIMING OFF, FORMAT JSON" if analyze else "FORMAT JSON"
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]


def statement_time(sql):
    """Milliseconds the database spends on `sql`: planning and execution on PostgreSQL
    (EXPLAIN ANALYZE without per-node timing), wall time of execute and fetch elsewhere."""
    if connection.vendor == "postgresql":
        plan = explain(sql)
        return plan["Planning Time"] + plan["Execution Time"]
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchall()
        return (time.perf_counter() - start) * 1000


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def uses_index(statements, index_name):
    from core.search.engines import engine

    with engine().first_matches_from_the_index():  # the planner settings the search runs with
        return any(
            node.get("Index Name") == index_name
            for sql in statements
            for node in nodes(explain(sql, analyze=False)["Plan"])
        )


def measure_db(statements, runs, warmup=3):
    """Per run, the sum over the search's statements; and each statement's median."""
    from core.search.engines import engine

    with engine().first_matches_from_the_index():
        return _measure_db(statements, runs, warmup)


def _measure_db(statements, runs, warmup):
    for _ in range(warmup):
        for sql in statements:
            statement_time(sql)
    totals, per_statement = [], [[] for _ in statements]
    for _ in range(runs):
        total = 0.0
        for index, sql in enumerate(statements):
            elapsed = statement_time(sql)
            per_statement[index].append(elapsed)
            total += elapsed
        totals.append(total)
    return {
        "p50": statistics.median(totals),
        "p95": percentile(totals, 0.95),
        "statements": [statistics.median(times) for times in per_statement],
    }


def measure_kernel(language, text, params, runs, warmup=3):
    """Wall time of the kernel in Python (SQL, rows to hits, snippets), without the page."""
    for _ in range(warmup):
        run_search(language, text, params)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        run_search(language, text, params)
        timings.append((time.perf_counter() - start) * 1000)
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95)}


def page_query_count(client, url):
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def measure_page(client, url, requests, warmup=3, cold=False):
    """Timings of `url`; `cold` empties the cache before every request (outside the timing)."""
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        if cold:
            clear_caches()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95)}


def index_size():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('core_searchentry'), "
            "pg_relation_size('core_searchentry'), "
            "pg_relation_size('search_entry_vector'), "
            "pg_total_relation_size('core_searchword'), "
            "pg_relation_size('search_word_trigram'), "
            "(SELECT COUNT(*) FROM core_searchentry), (SELECT COUNT(*) FROM core_searchword)"
        )
        row = cursor.fetchone()
    names = ["entry_total", "entry_heap", "vector_index", "word_total", "trigram_index"]
    return {**dict(zip(names, row[:5], strict=True)), "entries": row[5], "words": row[6]}


def mb(size):
    return f"{size / 1024 / 1024:.1f} MB"


def drop_stale_entries():
    """generate_demo_data's raw deletes send no signals: remove the entries of the records
    an earlier (smaller) demo set left behind, as `rebuild_search_index` would."""
    from django.contrib.contenttypes.models import ContentType

    from contacts.models import Organisation, Position
    from core.models import SearchEntry

    removed = 0
    for model in (Organisation, Position):
        content_type = ContentType.objects.get_for_model(model)
        removed += (
            SearchEntry.objects.filter(content_type=content_type)
            .exclude(object_id__in=model._base_manager.values("pk"))
            .delete()[0]
        )
    return removed


def maintain():
    """What autovacuum does after a bulk load: flush the GIN pending lists, fresh statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def generate(people):
    """The demo set of `people`; seconds for all of it and for the indexing step alone."""
    import contacts.demo as demo

    indexing = []
    original = demo.reindex

    def timed_reindex(model, pks):
        start = time.perf_counter()
        original(model, pks)
        indexing.append(time.perf_counter() - start)

    demo.reindex = timed_reindex
    try:
        start = time.perf_counter()
        counts = demo.generate_demo_data(people)
        total = time.perf_counter() - start
    finally:
        demo.reindex = original
    removed = drop_stale_entries()
    maintain()
    return counts, total, sum(indexing), removed


def page_available(client):
    response = client.get(search_url("de", "KKJP", {}))
    return response.status_code == 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller data size")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each search's SQL")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true", help="also time a full rebuild()")
    args = parser.parse_args()

    from django.core.management import call_command

    from core.search.index import rebuild

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = "/tmp/drehscheibe-bench-search.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    bench_settings = in_process(ROOT_URLCONF="common")
    try:
        # Contacts, registers (when available), coordination and planning, as `make run` has them.
        call_command("load_portal_data", stdout=io.StringIO())

        info = machine()
        say(
            f"Machine: {info['nproc']} CPUs, {info['cpu']}; Python {info['python']}, "
            f"Django {info['django']}, {info['database']}"
        )

        # Queries per search and per page at the small size, kept for the comparison.
        bench_settings.enable()
        client = Client()
        has_page = page_available(client)
        bench_settings.disable()
        sizes = {}
        for people in (args.small, args.people):
            counts, total, indexing, removed = generate(people)
            say(
                f"Data: {counts['people']} demo people in {counts['organisations']} "
                f"organisations, generated in {total:.1f} s, of which indexing "
                f"{indexing:.1f} s" + (f" ({removed} stale entries removed)" if removed else "")
            )
            with bench_settings:
                sizes[people] = {
                    label: (
                        len(captured_sql(language, text, params)[0]),
                        page_query_count(client, search_url(language, text, params))
                        if has_page
                        else None,
                    )
                    for label, language, text, params in QUERIES
                }

        if args.rebuild:
            start = time.perf_counter()
            rebuilt = rebuild()
            maintain()
            say(
                f"rebuild(): {sum(rebuilt.values())} records in {time.perf_counter() - start:.1f} s"
            )

        size = index_size()
        if size:
            say()
            say(
                f"Index: core_searchentry {size['entries']} rows, "
                f"{mb(size['entry_total'])} in all (table {mb(size['entry_heap'])}), "
                f"GIN index search_entry_vector {mb(size['vector_index'])}; "
                f"core_searchword {size['words']} rows, {mb(size['word_total'])} in all, "
                f"trigram index search_word_trigram {mb(size['trigram_index'])}"
            )

        # (a) The search's own SQL in the database, and the kernel in Python.
        say()
        say(f"Search SQL in the database ({args.runs} runs; sum of a search's statements):")
        say()
        say(
            f"| {'query':<42} | {'hits':>6} | {'stmts':>5} | {'db p50':>7} | {'db p95':>7} | "
            f"{'slowest':>7} | {'GIN':>3} | {'kernel p50':>10} | {'kernel p95':>10} |"
        )
        say(
            f"|{'-' * 44}|{'-' * 7}:|{'-' * 6}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 5}|"
            f"{'-' * 11}:|{'-' * 11}:|"
        )
        slowest = None
        with bench_settings:
            for _label, language, text, params in QUERIES:
                statements, results = captured_sql(language, text, params)
                timing = measure_db(statements, args.runs)
                kernel = measure_kernel(language, text, params, max(10, args.runs // 2))
                gin = (
                    "yes"
                    if connection.vendor == "postgresql"
                    and uses_index(statements, "search_entry_vector")
                    else "no"
                )
                worst = max(range(len(statements)), key=lambda i: timing["statements"][i])
                if slowest is None or timing["p95"] > slowest[0]:
                    slowest = (timing["p95"], f"{language}: {text} {params or ''}", statements)
                name = f"{language}: {text}" + (f" {urlencode(params)}" if params else "")
                say(
                    f"| {name:<42} | {results.total:6d} | {len(statements):5d} | "
                    f"{timing['p50']:7.2f} | {timing['p95']:7.2f} | "
                    f"{timing['statements'][worst]:7.2f} | {gin:>3} | "
                    f"{kernel['p50']:10.2f} | {kernel['p95']:10.2f} |"
                )

            if connection.vendor == "postgresql" and slowest:
                say()
                say(f"Plans of the slowest search ({slowest[1]}, p95 {slowest[0]:.2f} ms):")
                for sql in slowest[2]:
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                        plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
                    say()
                    say(f"  {sql[:160]}{' …' if len(sql) > 160 else ''}")
                    say(plan)

            # (b) The whole page beside the floor.
            say()
            if not has_page:
                say("The search page does not answer with 200 yet: page timings skipped.")
            else:
                say(f"Whole page ({args.requests} requests each, in-process test client):")
                say()
                # Rendered, as the first-time searches are: from the page cache it would cost
                # no more than a repeat search.
                floor_timing = measure_page(client, "/__bench__/floor/", args.requests, cold=True)
                say(
                    f"| {'page':<58} | {'p50 ms':>7} | {'p95 ms':>7} | {'x floor p50':>11} | "
                    f"{'x floor p95':>11} | {'repeat p50':>10} | {'x floor':>7} |"
                )
                say(
                    f"|{'-' * 60}|{'-' * 9}:|{'-' * 9}:|{'-' * 12}:|{'-' * 12}:|"
                    f"{'-' * 11}:|{'-' * 8}:|"
                )
                floor_repeat = measure_page(client, "/__bench__/floor/", args.requests)
                rows = [("floor (base.html only)", floor_timing, floor_repeat)]
                for _label, language, text, params in QUERIES:
                    url = search_url(language, text, params)
                    # First-time: every cache emptied before each request; repeat: the same
                    # search again, from the page cache as a repeat visitor gets it.
                    rows.append(
                        (
                            url,
                            measure_page(client, url, args.requests, cold=True),
                            measure_page(client, url, args.requests),
                        )
                    )
                for name, timing, repeat in rows:
                    say(
                        f"| {name:<58} | {timing['p50']:7.2f} | {timing['p95']:7.2f} | "
                        f"{timing['p50'] / floor_timing['p50']:11.2f} | "
                        f"{timing['p95'] / floor_timing['p95']:11.2f} | "
                        f"{repeat['p50']:10.2f} | {repeat['p50'] / floor_timing['p50']:7.2f} |"
                    )

        # (c) Queries per search and per page at both sizes.
        say()
        small, large = sizes[args.small], sizes[args.people]
        say(f"Queries at {args.small} and at {args.people} people (search SQL; whole page):")
        say()
        say(f"| {'query':<42} | {'search':>13} | {'page':>13} |")
        say(f"|{'-' * 44}|{'-' * 14}:|{'-' * 14}:|")
        for label, language, text, params in QUERIES:
            name = f"{language}: {text}" + (f" {urlencode(params)}" if params else "")
            search = f"{small[label][0]} / {large[label][0]}"
            page = f"{small[label][1][1]} / {large[label][1][1]}" if small[label][1] else "–"
            say(f"| {name:<42} | {search:>13} | {page:>13} |")
        changed = [label for label in small if small[label] != large[label]]
        say()
        say(
            "Query counts are the same at both sizes."
            if not changed
            else f"Query counts differ for: {', '.join(changed)}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
