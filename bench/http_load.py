"""HTTP benchmark of the portal's pages beside a bare Django project (issue 13; `make benchmark`).

Builds a throw-away database (PostgreSQL through DATABASE_URL, else SQLite) with the portal's
data (`load_portal_data`) and `generate_demo_data --people N`, then serves

- the floor: a bare Django project (written to a temporary folder: one view rendering a 1 KB
  template, no database, two middleware), the figure every page is compared with;
- the portal with its page cache ("cached": what repeat anonymous visitors get);
- the portal with PORTAL_PAGE_CACHE=0 ("rendered": every request renders the page, with the
  cards and member lists each worker keeps, as after a change elsewhere);
- the same with PORTAL_FRAGMENT_MEMO=0 as well ("cold": every piece rendered afresh);

each on gunicorn with the repository's gunicorn.conf.py, 2 sync workers, pinned to core 1. wrk
(16 connections) runs on core 0. Each round measures the floor and the page's three variants
back to back, in alternating order, so that load from other processes falls on all alike; a
ratio is page rps / floor rps within one round, reported as the median and range over rounds.

It also runs EXPLAIN on every statement of the directory's filters and of the detail pages'
lookups (PostgreSQL) and names each sequential scan of a table with more than 1,000 rows, and
reads the memory of each gunicorn worker after the load (/proc/<pid>/smaps_rollup).

    .venv/bin/python bench/http_load.py [--people 10000] [--rounds 5] [--seconds 5]
        [--pages home,directory] [--json out.json] [--compare other-size.json] [--keep-database]

(Not bench/http.py: run as a script, that name would shadow the standard library's `http`.)
"""

import argparse
import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import ROOT, in_process, machine, say
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

SERVER_CORE = "1"
LOAD_CORE = "0"
CONNECTIONS = 16
WORKERS = 2
# A sequential scan of a table this small costs less than an index lookup.
SEQ_SCAN_ROWS = 1_000
# The targets (ratios to the floor's requests per second, MiB per worker).
CACHED_TARGET = 0.60
RENDERED_TARGET = 0.10
SLOWDOWN_TARGET = 1.5
MEMORY_TARGET_MIB = 100

# The floor: a bare Django project, as `startproject` would have it minus the database, the
# apps and most middleware. Its one page is a 1 KB template with a loop and a few variables.
FLOOR_SETTINGS = """\
from pathlib import Path

SECRET_KEY = "benchmark-floor-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "floor_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "floor_templates"],
    }
]
DATABASES = {}
USE_TZ = True
"""
FLOOR_URLS = """\
from django.shortcuts import render
from django.urls import path

ITEMS = [f"Eintrag {number}" for number in range(1, 9)]


def page(request):
    return render(request, "floor.html", {"title": "Boden", "items": ITEMS})


urlpatterns = [path("", page)]
"""
FLOOR_TEMPLATE = """\
<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} – Vergleichsseite</title>
</head>
<body>
  <header><h1>{{ title }}</h1><p>Die Vergleichsseite des Benchmarks: eine Vorlage, kein
  Datenbankzugriff, zwei Middleware.</p></header>
  <main>
    <p>Diese Seite ist so gross wie eine knappe Inhaltsseite ohne Layout. Sie misst, was
    gunicorn und Django für jede Anfrage mindestens leisten: Verbindung, Anfrage lesen, URL
    auflösen, Vorlage darstellen, Antwort schreiben.</p>
    <ul>
    {% for item in items %}<li><a href="#{{ forloop.counter }}">{{ item }}</a></li>
    {% endfor %}</ul>
    <p>Alle Seiten des Portals werden an ihr gemessen, Runde für Runde abwechselnd, damit die
    Last anderer Prozesse auf beide gleich fällt.</p>
  </main>
  <footer><p>{{ title }} · {{ items|length }} Einträge</p></footer>
</body>
</html>
"""
# The portal as in production, except that static files come from their folders (the
# production storage wants `collectstatic`'s manifest).
PORTAL_SETTINGS = """\
from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""

# (key for --pages, label) in the order of the table; the URLs come from the database.
PAGES = [
    ("home", "home /"),
    ("coordination", "/koordination/"),
    ("conference", "conference KKJP"),
    ("plan", "plan BL 2020-2025"),
    ("field", "development field 1"),
    ("person", "person (demo)"),
    ("organisation", "organisation (demo)"),
    ("directory", "/kontakte/"),
    ("directory-canton-topic", "/kontakte/?kanton=BL&thema=kinderschutz"),
    ("directory-municipality", "/kontakte/?gemeinde=2825"),
    ("directory-q", "/kontakte/?q=meier"),
    ("search", "/suche/?q=KKJP"),
    ("imprint", "/impressum/"),
    ("home-fr", "/fr/ home"),
]


def directory_filters(people):
    """Every directory filter, alone and combined, and pagination (the last page the
    directory offers), for EXPLAIN."""
    from contacts.views import DIRECTORY_MAX_PAGES

    return [
        "kanton=BL",
        "thema=kinderschutz",
        "typ=office",
        "gemeinde=2825",
        "plz=4414",
        "q=meier",
        "kanton=BL&thema=kinderschutz&typ=office&q=meier",
        f"page={min(DIRECTORY_MAX_PAGES, max(2, people // 40))}",
        "kanton=BL&page=2",
    ]


def page_urls(people):
    """Each page's URL, resolved as the portal links it."""
    from contacts.models import Organisation, Person
    from coordination.models import Conference
    from planning.models import Plan
    from planning.seed import PLAN_SLUG

    plan = Plan.objects.get(slug=PLAN_SLUG)
    directory = reverse("contacts:directory")
    demo_people = Person.objects.filter(slug__startswith="demo-person-").order_by("slug")
    demo_organisations = Organisation.objects.filter(slug__startswith="demo-").order_by("slug")
    urls = {
        "home": reverse("home"),
        "coordination": reverse("coordination:index"),
        "conference": Conference.objects.get(slug="kkjp").get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "field": plan.fields.order_by("number").first().get_absolute_url(),
        "person": demo_people[people // 2].get_absolute_url(),
        "organisation": demo_organisations[demo_organisations.count() // 2].get_absolute_url(),
        "directory": directory,
        "directory-canton-topic": f"{directory}?kanton=BL&thema=kinderschutz",
        "directory-municipality": f"{directory}?gemeinde=2825",
        "directory-q": f"{directory}?q=meier",
        "search": f"{reverse('search')}?q=KKJP",
        "imprint": reverse("imprint"),
    }
    with translation.override("fr"):
        urls["home-fr"] = reverse("home")
    return urls


# The database.


def prepare_database(people, keep):
    """The throw-away database with `people` demo people; with `keep`, one left by an earlier
    run with as many people is used as it is (generating 100,000 takes minutes)."""
    from django.core.management import call_command

    from contacts.demo import generate_demo_data
    from contacts.models import Person

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = "/tmp/drehscheibe-bench-http.sqlite3"
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=keep
    )
    if keep and Person.objects.filter(slug__startswith="demo-person-").count() == people:
        say(f"Database {database['NAME']}: kept from an earlier run")
        return old_name, None
    call_command("load_portal_data", stdout=io.StringIO())
    start = time.perf_counter()
    generate_demo_data(people)
    generated = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    return old_name, generated


def database_url():
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET ")


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def table_rows(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def explain_requests(urls):
    """For each URL, its statements (rendered, not from the page cache), their database time
    and every sequential scan of a table above SEQ_SCAN_ROWS rows that their plans run."""
    results = []
    with in_process(PORTAL_PAGE_CACHE=False):
        client = Client()
        for url in urls:
            client.get(url)  # the first request of a process fills its own caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            statements = [
                query
                for query in queries.captured_queries
                if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
            ]
            scans = []
            if connection.vendor == "postgresql":
                for query in statements:
                    # ANALYZE: a plan may hold scans it never runs (a subplan for rows
                    # that are not there); only those it runs read the table.
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {query['sql']}")
                        plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    for node in plan_nodes(plan[0]["Plan"]):
                        if node["Node Type"] != "Seq Scan" or not node["Actual Loops"]:
                            continue
                        rows = table_rows(node["Relation Name"])
                        if rows > SEQ_SCAN_ROWS:
                            scans.append((node["Relation Name"], rows, query["sql"]))
            results.append(
                {
                    "url": url,
                    "queries": len(statements),
                    "db_ms": sum(float(query["time"]) for query in statements) * 1000,
                    "seq_scans": scans,
                }
            )
    return results


# The servers and the load.


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py, 2 workers pinned to SERVER_CORE."""

    def __init__(self, name, settings_module, folder, **environment):
        self.name = name
        self.port = free_port()
        self.log = folder / f"{name}.log"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE=settings_module,
            PYTHONPATH=f"{folder}{os.pathsep}{ROOT}",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(WORKERS),
            # No recycling: a worker replaced every 1,000 requests would restart Django
            # several times a second on a fast page, and its memory would never be measured.
            GUNICORN_MAX_REQUESTS="0",
            GUNICORN_LOG_LEVEL="warning",
            **environment,
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    *("taskset", "-c", SERVER_CORE),
                    *(sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")),
                    "floor_wsgi:application" if name == "floor" else "portal.wsgi:application",
                ],
                cwd=folder,
                env=env,
                stdout=subprocess.DEVNULL,  # the access log: written, as in production, unread
                stderr=log,
            )
        self.wait_until_ready()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited\n{self.log.read_text()}")
            try:
                urllib.request.urlopen(self.url("/livez" if self.name != "floor" else "/"))
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError(f"{self.name}: gunicorn not ready\n{self.log.read_text()}")

    def get(self, path):
        with urllib.request.urlopen(self.url(path)) as response:
            return response.status, response.headers, response.read()

    def worker_memory(self):
        """Per worker, RSS, PSS and USS (private pages) in MiB, from smaps_rollup."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        workers = []
        for child in children:
            fields = {}
            for line in Path(f"/proc/{child}/smaps_rollup").read_text().splitlines()[1:]:
                name, value = line.split(":", 1)
                fields[name] = int(value.split()[0]) / 1024  # kB to MiB
            workers.append(
                {
                    "rss": fields["Rss"],
                    "pss": fields["Pss"],
                    "uss": fields["Private_Clean"] + fields["Private_Dirty"],
                }
            )
        return workers

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(url, seconds):
    """Requests per second and median latency (ms) of `seconds` of load on `url`."""
    result = subprocess.run(
        [
            *("taskset", "-c", LOAD_CORE, "wrk"),
            *("--threads", "2", "--connections", str(CONNECTIONS)),
            *("--duration", f"{seconds}s", "--timeout", "60s", "--latency", url),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failed:
        raise RuntimeError(f"{url}: {failed.group(1)} responses were errors\n{output}")
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    if timeouts and int(timeouts.group(1)):
        raise RuntimeError(f"{url}: {timeouts.group(1)} requests timed out\n{output}")
    median = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": float(median.group(1)) * LATENCY_UNITS[median.group(2)],
    }


def write_floor_project(folder):
    (folder / "floor_templates").mkdir()
    (folder / "floor_templates" / "floor.html").write_text(FLOOR_TEMPLATE)
    (folder / "floor_settings.py").write_text(FLOOR_SETTINGS)
    (folder / "floor_urls.py").write_text(FLOOR_URLS)
    (folder / "floor_wsgi.py").write_text(
        "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floor_settings")\n'
        "application = get_wsgi_application()\n"
    )
    (folder / "bench_portal_settings.py").write_text(PORTAL_SETTINGS)


def check_page(cached, rendered, cold, path):
    """The page answers 200 on every portal; whether the page cache stores it."""
    for server in (cached, rendered, cold):
        status, _headers, _body = server.get(path)
        assert status == 200, (server.name, path, status)
    _status, headers, body = cached.get(path)
    return {"stored": "public" in headers.get("Cache-Control", ""), "kb": len(body) / 1024}


def ratio_summary(values):
    return {"median": statistics.median(values), "low": min(values), "high": max(values)}


def measure_page(floor, cached, rendered, cold, path, rounds, seconds):
    """Rounds of floor, cached, rendered and cold back to back, the order reversed every other
    round; per round each variant's rps over the floor's."""
    for server in (cached, rendered, cold):
        wrk(server.url(path), 1)  # warm-up: each worker stores the page, loads its templates
    samples = {"floor": [], "cached": [], "rendered": [], "cold": []}
    for number in range(rounds):
        order = [
            ("floor", floor, "/"),
            ("cached", cached, path),
            ("rendered", rendered, path),
            ("cold", cold, path),
        ]
        for variant, server, url_path in order if number % 2 == 0 else reversed(order):
            samples[variant].append(wrk(server.url(url_path), seconds))
    result = {}
    for variant in ("cached", "rendered", "cold"):
        ratios = [
            page["rps"] / base["rps"]
            for page, base in zip(samples[variant], samples["floor"], strict=True)
        ]
        result[variant] = {
            "rps": statistics.median(sample["rps"] for sample in samples[variant]),
            "p50_ms": statistics.median(sample["p50_ms"] for sample in samples[variant]),
            "ratio": ratio_summary(ratios),
        }
    result["floor_rps"] = statistics.median(sample["rps"] for sample in samples["floor"])
    return result


# The report.


def ratio_text(ratio):
    return f"{ratio['median']:.2f} ({ratio['low']:.2f}–{ratio['high']:.2f})"


def milliseconds(rps):
    # wrk counts finished requests only: none within the duration means slower than that.
    return f"{1000 / rps:.1f}" if rps else "> duration"


def print_pages(results, compare):
    say(
        "| page | KB | stored | cached rps | cached / floor | rendered rps "
        "| rendered ms/req | rendered / floor | cold ms/req | cold / floor |"
        + (" slowdown vs. other size |" if compare else "")
    )
    say("|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|" + ("--:|" if compare else ""))
    for key, label in PAGES:
        if key not in results:
            continue
        page = results[key]
        row = (
            f"| {label} | {page['kb']:.0f} | {'yes' if page['stored'] else 'NO'} "
            f"| {page['cached']['rps']:.0f} | {ratio_text(page['cached']['ratio'])} "
            f"| {page['rendered']['rps']:.1f} | {milliseconds(page['rendered']['rps'])} "
            f"| {ratio_text(page['rendered']['ratio'])} "
            f"| {milliseconds(page['cold']['rps'])} | {ratio_text(page['cold']['ratio'])} |"
        )
        if compare:
            other = compare["pages"].get(key)
            row += f" {slowdown(compare, other, page):.2f} |" if other else " – |"
        say(row)


def slowdown(compare, other, page):
    """How many times slower the rendered page is at the larger of the two sizes, measured
    against the floor of its own run (which cancels the load of each run)."""
    if compare["people"] <= RUN["people"]:
        small, large = other, page
    else:
        small, large = page, other
    large_ratio = large["rendered"]["ratio"]["median"]
    return small["rendered"]["ratio"]["median"] / large_ratio if large_ratio else float("inf")


def print_plans(explained):
    say()
    say(f"Statements per request and sequential scans of tables above {SEQ_SCAN_ROWS} rows:")
    say()
    say("| request | queries | db ms | sequential scans |")
    say("|---|--:|--:|---|")
    for entry in explained:
        scans = sorted({f"{table} ({rows} rows)" for table, rows, _sql in entry["seq_scans"]})
        scan_text = ", ".join(scans) if scans else "none"
        if connection.vendor != "postgresql":
            scan_text = "(EXPLAIN on PostgreSQL only)"
        say(f"| {entry['url']} | {entry['queries']} | {entry['db_ms']:.1f} | {scan_text} |")
    for entry in explained:
        for table, _rows, sql in entry["seq_scans"]:
            say(f"\nSeq Scan on {table} for {entry['url']}:\n    {sql}")


RUN = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5, help="of load per measurement")
    parser.add_argument("--pages", help="comma-separated keys: " + ", ".join(k for k, _ in PAGES))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--compare", type=Path, help="figures of a run at another size (--json)")
    parser.add_argument(
        "--keep-database", action="store_true", help="leave the database for the next run"
    )
    parser.add_argument(
        "--explain-only", action="store_true", help="only the plans, no servers and no load"
    )
    args = parser.parse_args()
    keys = [key for key, _ in PAGES]
    if args.pages:
        unknown = set(args.pages.split(",")) - set(keys)
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
        keys = [key for key in keys if key in args.pages.split(",")]
    compare = json.loads(args.compare.read_text()) if args.compare else None
    RUN["people"] = args.people

    load_before = os.getloadavg()
    old_name, generated = prepare_database(args.people, args.keep_database)
    servers = []
    try:
        urls = page_urls(args.people)
        directory = reverse("contacts:directory")
        lookups = ("person", "organisation", "plan", "field", "conference", *keys)
        explained = explain_requests(
            dict.fromkeys(  # each URL once, in this order
                [f"{directory}?{query}" for query in directory_filters(args.people)]
                + [urls[key] for key in lookups]
            )
        )

        if args.explain_only:
            print_plans(explained)
            return

        with tempfile.TemporaryDirectory(prefix="drehscheibe-bench-") as temporary:
            folder = Path(temporary)
            write_floor_project(folder)
            floor = Gunicorn("floor", "floor_settings", folder)
            servers.append(floor)
            portal = {"DATABASE_URL": database_url()}
            cached = Gunicorn(
                "cached", "bench_portal_settings", folder, PORTAL_PAGE_CACHE="1", **portal
            )
            servers.append(cached)
            rendered = Gunicorn(
                "rendered", "bench_portal_settings", folder, PORTAL_PAGE_CACHE="0", **portal
            )
            servers.append(rendered)
            cold = Gunicorn(
                "cold",
                "bench_portal_settings",
                folder,
                PORTAL_PAGE_CACHE="0",
                PORTAL_FRAGMENT_MEMO="0",
                **portal,
            )
            servers.append(cold)
            wrk(floor.url("/"), 2)
            floor_kb = len(floor.get("/")[2]) / 1024

            results = {}
            for key in keys:
                started = time.monotonic()
                results[key] = {
                    "url": urls[key],
                    **check_page(cached, rendered, cold, urls[key]),
                    **measure_page(
                        floor, cached, rendered, cold, urls[key], args.rounds, args.seconds
                    ),
                }
                say(
                    f"  {key}: cached {ratio_text(results[key]['cached']['ratio'])}, "
                    f"rendered {ratio_text(results[key]['rendered']['ratio'])}, "
                    f"cold {ratio_text(results[key]['cold']['ratio'])} "
                    f"({time.monotonic() - started:.0f} s)"
                )
            memory = {server.name: server.worker_memory() for server in servers}
    finally:
        for server in servers:
            server.stop()
        if not args.keep_database:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    load_after = os.getloadavg()

    info = machine()
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "people": args.people,
                    "machine": info,
                    "load": [load_before, load_after],
                    "pages": results,
                    "memory": memory,
                    "explain": explained,
                },
                indent=2,
            )
        )
    floor_rps = statistics.median(page["floor_rps"] for page in results.values())
    say()
    say(
        f"Machine: {info['nproc']} CPUs, {info['cpu']}; Python {info['python']}, "
        f"Django {info['django']}, {info['database']}; load average (1, 5, 15 min) "
        f"{' '.join(f'{v:.2f}' for v in load_before)} before, "
        f"{' '.join(f'{v:.2f}' for v in load_after)} after"
    )
    say(
        f"Data: {args.people} demo people"
        + (f" (generated in {generated:.0f} s)" if generated else "")
        + f"; gunicorn {WORKERS} sync workers on core {SERVER_CORE}, wrk {CONNECTIONS} "
        f"connections on core {LOAD_CORE}; {args.rounds} rounds of {args.seconds} s per variant; "
        f"floor page {floor_kb:.1f} KB, median {floor_rps:.0f} rps"
    )
    say()
    print_pages(results, compare)

    say()
    say("Worker memory after the load (MiB, the largest worker of each server):")
    say()
    say("| server | RSS | PSS | USS |")
    say("|---|--:|--:|--:|")
    for name, workers in memory.items():
        say(
            f"| {name} | {max(w['rss'] for w in workers):.1f} | "
            f"{max(w['pss'] for w in workers):.1f} | {max(w['uss'] for w in workers):.1f} |"
        )

    print_plans(explained)

    pages = list(results.values())
    worst_memory = max(w["pss"] for workers in memory.values() for w in workers)
    say()
    say("Targets:")
    cached_low = min(page["cached"]["ratio"]["median"] for page in pages)
    rendered_low = min(page["rendered"]["ratio"]["median"] for page in pages)
    say(f"- cached >= {CACHED_TARGET:.0%} of the floor: lowest median {cached_low:.2f}")
    say(f"- rendered >= {RENDERED_TARGET:.0%} of the floor: lowest median {rendered_low:.2f}")
    say(f"- worker memory <= {MEMORY_TARGET_MIB} MiB: largest PSS {worst_memory:.1f} MiB")
    if compare:
        worst = max(
            slowdown(compare, compare["pages"][key], results[key])
            for key in results
            if key in compare["pages"]
        )
        say(f"- no page slower than {SLOWDOWN_TARGET}x at the larger size: worst {worst:.2f}x")
    scanned = sum(1 for entry in explained if entry["seq_scans"])
    say(f"- every filter and lookup on an index: {scanned} requests with a sequential scan")


if __name__ == "__main__":
    main()
