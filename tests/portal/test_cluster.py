"""The portal scaled out: two gunicorn servers, A and B, with the production settings
(tests/servers.py), sharing a throwaway PostgreSQL cluster and a Redis, behind HAProxy that
checks their readiness (/healthz). A page changed through A is fresh on B at the next request,
a login lockout triggered through A holds on B, and a load of 32 connections loses no request
while B is stopped and comes back; when B crashes, only the answer it was writing can be lost.
Everything listens on 127.0.0.1 only, and every process started is stopped by its id at the
end.

The suite runs the load for CLUSTER_LOAD_SECONDS (15 by default); `make cluster-test` for 60.
"""

import contextlib
import csv
import hashlib
import http.cookies
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django_otp.oath import TOTP

from tests.servers import (
    POSTGRESQL_BINARIES,
    RedisServer,
    Server,
    ThrowawayCluster,
    free_port,
    http_request,
    stop_process,
)

LOAD_SECONDS = int(os.environ.get("CLUSTER_LOAD_SECONDS", "15"))
CONNECTIONS = 32
# Early and fixed: B must reboot on cores busy with the load and serve again before it ends.
KILLED_AFTER_SECONDS = 2
# Debian installs it in /usr/sbin, which is not on every user's PATH.
HAPROXY = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
WRK = shutil.which("wrk")
LOGIN = "/admin/login/?next=/admin/"
LOGIN_FAILURE_LIMIT = 3
STAFF_PASSWORD = "Cluster-Redaktion-2026!"
# The administrator's authenticator app: the shared secret of a TOTP device.
TOTP_KEY = "3132333435363738393031323334353637383930"

# The data, written once with server A's settings: organisations and a person of two
# cantons; an administrator with a confirmed TOTP device (every staff account needs a second
# factor); an editor whose login the lockout test blocks.
SETUP = f"""
import json
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from contacts.models import (
    Canton, Country, Organisation, OrganisationKind, Person, Position, ServiceArea
)

switzerland = Country.objects.create(code="CH", name="Schweiz")
cantons = {{
    "BL": Canton.objects.create(code="BL", name="Basel-Landschaft"),
    "ZH": Canton.objects.create(code="ZH", name="Zürich"),
}}

def organisation(name, slug, canton):
    return Organisation.objects.create(
        name=name, slug=slug, kind=OrganisationKind.OFFICE, country=switzerland,
        canton=cantons[canton], service_area=ServiceArea.CANTON, is_published=True,
    )

office = organisation("Amt für Kind, Jugend und Behindertenangebote", "akjb", "BL")
zurich = organisation("Kinder- und Jugendhilfe Zürich", "kjh-zuerich", "ZH")
withdrawn = organisation("Fachstelle Kinderschutz", "fachstelle-kinderschutz", "BL")
person = Person.objects.create(
    first_name="Andrea", last_name="Muster", slug="andrea-muster", is_published=True
)
Position.objects.create(
    person=person, organisation=office, title="Koordinatorin Kinder- und Jugendhilfe",
    is_published=True,
)

users = get_user_model().objects
administrator = users.create_superuser("administration", "admin@example.ch", {STAFF_PASSWORD!r})
TOTPDevice.objects.create(user=administrator, name="App", confirmed=True, key={TOTP_KEY!r})
users.create_user("gesperrt", password={STAFF_PASSWORD!r}, is_staff=True)

print(json.dumps({{
    "withdrawn": {{"pk": withdrawn.pk, "path": withdrawn.get_absolute_url()}},
    "records": [record.get_absolute_url() for record in (office, zurich, person)],
}}))
"""

# The public pages of the load, besides the records' own. Not the search: its structures
# come from its migration, which the servers' `migrate --run-syncdb` skips (server_settings).
PAGES = [
    "/",
    "/fr/",
    "/kontakte/",
    "/kontakte/?kanton=BL",
    "/kantone/",
    "/kantone/bl/",
    "/impressum/",
]

HAPROXY_CONFIG = """
global
    log stdout format raw local0
    stats socket {stats_socket} mode 600 level admin

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 60s
    timeout check 10s

frontend portal
    bind 127.0.0.1:{port}
    default_backend portal

backend portal
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # Each server gets as many requests at a time as it has (synchronous) workers; the others
    # wait here, for whichever server is free first, not in the backlog of a busy or
    # restarting one. A refused connection marks a server down at once: it would otherwise
    # draw every request until the checks notice, being the one with a free slot.
    default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
    # A request whose server refused the connection (down, not yet marked so) or closed it
    # without an answer (crashed mid-request) is sent again, each time to another server;
    # the latter only if it is safe to repeat (a form sent twice could be stored twice).
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
    http-request disable-l7-retry unless METH_GET
{servers}
"""


class Balancer:
    """HAProxy in the foreground (`-db`) on a free port of 127.0.0.1, with the configuration
    above; it logs every request to `folder`/haproxy.log and reports its servers' states on
    a stats socket."""

    def __init__(self, folder, servers):
        self.port = free_port()
        self.config = folder / "haproxy.cfg"
        self.log = folder / "haproxy.log"
        self.stats_socket = folder / "haproxy.sock"
        self.config.write_text(
            HAPROXY_CONFIG.format(
                stats_socket=self.stats_socket,
                port=self.port,
                servers="\n".join(
                    f"    server {name} 127.0.0.1:{server.port} check "
                    f"maxconn {server.environment['WEB_CONCURRENCY']}"
                    for name, server in servers.items()
                ),
            )
        )
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [HAPROXY, "-db", "-f", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )

    def server_states(self):
        """{server name: "UP", "DOWN", ...} as HAProxy sees them now."""
        with socket.socket(socket.AF_UNIX) as stats:
            stats.connect(str(self.stats_socket))
            stats.sendall(b"show stat\n")
            report = b"".join(iter(lambda: stats.recv(65536), b"")).decode()
        rows = csv.DictReader(report.removeprefix("# ").splitlines())
        return {row["svname"]: row["status"] for row in rows if row["pxname"] == "portal"}

    def wait_until(self, state, *names, seconds=60):
        """Until HAProxy reports the servers `names` in `state`, "UP" or "DOWN"."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_text()
            try:
                states = self.server_states()
                if all(states.get(name, "").startswith(state) for name in names):
                    return
            except (FileNotFoundError, ConnectionRefusedError):
                pass  # not listening yet
            time.sleep(0.1)
        pytest.fail(f"HAProxy did not see {names} {state} within {seconds} s:\n{self.log_text()}")

    def get(self, path):
        return http_request(self.port, "GET", path)

    def log_text(self):
        return self.log.read_text(errors="replace")[-5000:]

    def failed_requests(self):
        """The log lines of requests answered otherwise than 2xx or 3xx, with HAProxy's
        termination state (e.g. `SC--`: the server refused the connection)."""
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if re.search(r'\s[45]\d\d\s.*"GET ', line)]

    def responses_cut_by(self, server, since=0):
        """The log lines of answers `server` broke off after HAProxy had begun passing them
        on (termination state `SD`), in the log after byte `since`."""
        lines = self.log_since(since).splitlines()
        return [line for line in lines if f" portal/{server} " in line and " SD" in line]

    def log_since(self, since):
        with self.log.open("rb") as log:
            log.seek(since)
            return log.read().decode(errors="replace")

    def redispatched_requests(self, since=0):
        """How many requests went to another server after theirs failed (retries marked +)."""
        return len(re.findall(r" \d+/\d+/\d+/\d+/\+\d+ ", self.log_since(since)))

    def stop(self):
        stop_process(self.process)


class Visitor:
    """What of a browser matters here: its cookies, which go to every server of the host
    (cookies know no ports), and forms sent back with the CSRF token of their page."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = server.request(method, path, headers, body)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, server, path):
        return self.request(server, "GET", path)

    def submit(self, server, path, fields):
        """The form of the page at `path`, filled in with `fields` and posted back."""
        page = self.get(server, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, f"{path}: {page.status}, no form with a CSRF token"
        return self.request(server, "POST", path, {"csrfmiddlewaretoken": token[1], **fields})


@dataclass
class Cluster:
    a: Server
    b: Server
    balancer: Balancer
    redis: RedisServer
    facts: dict
    folder: Path

    def page_cache_holds(self, server, path):
        """Redis holds the page at `path` as `server` stored it (core.pagecache's key ends
        with scheme, host and the path's hash)."""
        digest = hashlib.sha256(path.encode()).hexdigest()[:32]
        pattern = f"pages:*:page:*:http:127.0.0.1:{server.port}:{digest}"
        return bool(redis.Redis.from_url(self.redis.url).keys(pattern))


def missing_programs():
    programs = {"haproxy": HAPROXY, "wrk": WRK, "redis-server": RedisServer.binary}
    missing = [f"{name} (Debian: {name})" for name, found in programs.items() if not found]
    if not POSTGRESQL_BINARIES:
        missing.append("initdb (Debian: postgresql)")
    return missing


# For the module, set up once: `make test` runs a module's tests in one worker (loadscope).
@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    missing = missing_programs()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing: {', '.join(missing)}; .ci/run installs them")
        pytest.skip(f"not installed: {', '.join(missing)}")

    folder = tmp_path_factory.mktemp("cluster")
    database = ThrowawayCluster()
    cache = RedisServer()
    environment = {
        "REDIS_URL": cache.url,
        # One worker each (HAProxy's maxconn): a server that restarts under the load boots
        # in seconds; each worker more would cost as much CPU again, on cores the load keeps busy.
        "WEB_CONCURRENCY": "1",
        # The servers answer over plain http on loopback, behind HAProxy (X-Forwarded-For).
        "DJANGO_SECURE_COOKIES": "0",
        "PORTAL_PROXY_COUNT": "1",
        "PORTAL_LOGIN_FAILURE_LIMIT": str(LOGIN_FAILURE_LIMIT),
    }
    servers = {name: Server(database.url, folder, name, **environment) for name in ("a", "b")}
    balancer = Balancer(folder, servers)
    try:
        database.create()
        cache.start()
        servers["a"].migrate()
        for server in servers.values():
            server.launch()  # they boot while the data is written
        facts = json.loads(servers["a"].manage("shell", "--command", SETUP).splitlines()[-1])
        for server in servers.values():
            server.wait_until_answering()
        balancer.start()
        balancer.wait_until("UP", "a", "b")
        yield Cluster(servers["a"], servers["b"], balancer, cache, facts, folder)
    finally:
        # Each step on its own: one that fails must not leave the later processes running.
        with contextlib.ExitStack() as stops:
            stops.callback(database.remove)
            stops.callback(cache.stop)
            for server in servers.values():
                stops.callback(server.stop)
            for server in servers.values():
                stops.callback(server.stop, wait=False)
            stops.callback(balancer.stop)

    assert balancer.process.poll() is not None
    for server in servers.values():
        assert server.leftover_processes() == [], f"gunicorn {server.log} left processes"
    assert cache.process.poll() is not None
    assert database.is_stopped()


def test_a_page_changed_through_a_is_fresh_on_b_at_the_next_request(cluster):
    a, b = cluster.a, cluster.b
    page = cluster.facts["withdrawn"]["path"]
    assert b.get(page).status == 200
    assert cluster.page_cache_holds(b, page)
    assert b.get(page).status == 200

    editor = Visitor()
    password = editor.submit(
        a, LOGIN, {"username": "administration", "password": STAFF_PASSWORD, "next": "/admin/"}
    )
    assert password.status == 302, password.body[-2000:]
    second_factor = editor.submit(
        a,
        "/admin/zwei-faktor/?next=/admin/",
        {"token": f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}", "next": "/admin/"},
    )
    assert second_factor.status == 302, second_factor.body[-2000:]
    withdrawal = editor.submit(
        a,
        "/admin/contacts/organisation/",
        {
            "action": "unpublish_selected",
            "_selected_action": cluster.facts["withdrawn"]["pk"],
            "index": "0",
            "select_across": "0",
        },
    )
    assert withdrawal.status == 302, withdrawal.body[-2000:]

    assert b.get(page).status == 404


def test_a_login_lockout_triggered_through_a_holds_on_b(cluster):
    intruder = Visitor()
    for attempt in range(1, LOGIN_FAILURE_LIMIT + 1):
        refused = intruder.submit(
            cluster.a, LOGIN, {"username": "gesperrt", "password": "falsch", "next": "/admin/"}
        )
        assert refused.status == (429 if attempt == LOGIN_FAILURE_LIMIT else 200)

    owner = Visitor()
    locked = owner.submit(
        cluster.b, LOGIN, {"username": "gesperrt", "password": STAFF_PASSWORD, "next": "/admin/"}
    )
    assert locked.status == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.body
    assert "sessionid" not in owner.cookies


@dataclass
class LoadResult:
    requests: int
    seconds: float
    requests_per_second: float
    latency: dict  # percentile: "12.34ms", as wrk writes it
    socket_errors: dict  # connect, read, write, timeout
    not_2xx_or_3xx: int
    statuses: dict  # status: count, from wrk_pages.lua
    report: str

    @classmethod
    def parse(cls, report):
        requests, duration, unit = re.search(r"(\d+) requests in ([\d.]+)(\w+),", report).groups()
        errors = re.search(r"Socket errors: (.*)", report)
        not_2xx_or_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
        return cls(
            requests=int(requests),
            seconds=float(duration) * {"ms": 0.001, "s": 1, "m": 60}[unit],
            requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report)[1]),
            latency=dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", report, re.MULTILINE)),
            socket_errors={
                kind: int(count)
                for kind, count in re.findall(r"(\w+) (\d+)", errors[1] if errors else "")
            },
            not_2xx_or_3xx=int(not_2xx_or_3xx[1]) if not_2xx_or_3xx else 0,
            statuses={
                int(status): int(count)
                for status, count in re.findall(
                    r"(\d+)=(\d+)", re.search(r"statuses(.*)", report)[1]
                )
            },
            report=report,
        )

    def summary(self):
        return (
            f"{self.requests} requests in {self.seconds:.1f} s, "
            f"{self.requests_per_second:.0f} requests/s, latency p50 {self.latency.get('50')} "
            f"p90 {self.latency.get('90')} p99 {self.latency.get('99')}, statuses {self.statuses}"
        )


def pages_served(server, since):
    """The pages (not health checks) in `server`'s access log after byte `since`."""
    with server.log.open("rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    return sum('"GET /' in line and '"GET /healthz' not in line for line in lines)


def stop_gracefully(server):
    """A restart as a deploy or an orchestrator makes it: SIGTERM, running requests finish."""
    server.stop()


def crash(server):
    """A crash: SIGKILL to the master and its workers, mid-request."""
    server.kill()


@pytest.mark.parametrize("stop", [stop_gracefully, crash], ids=["stopped", "crashed"])
def test_a_load_loses_no_request_while_a_server_stops_and_restarts(cluster, stop):
    balancer, b = cluster.balancer, cluster.b
    if b.process.poll() is not None:  # an earlier load failed before B was back
        b.start()
    balancer.wait_until("UP", "a", "b", seconds=2 * LOAD_SECONDS)
    log_before = balancer.log.stat().st_size
    pages = PAGES + cluster.facts["records"]
    for path in pages:
        assert balancer.get(path).status == 200, path

    started = time.monotonic()
    load = subprocess.Popen(
        [WRK, "--threads", "2", "--connections", str(CONNECTIONS)]
        + ["--duration", f"{LOAD_SECONDS}s", "--timeout", "30s", "--latency"]
        + ["--script", str(Path(__file__).with_name("wrk_pages.lua")), balancer.url, "--"]
        + pages,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Early: a new server boots for seconds on cores busy with the load.
        time.sleep(KILLED_AFTER_SECONDS)
        stop(b)
        balancer.wait_until("DOWN", "b", seconds=LOAD_SECONDS)
        restarted_log = b.log.stat().st_size
        b.start()
        balancer.wait_until("UP", "b", seconds=2 * LOAD_SECONDS)
        back_after = time.monotonic() - started
        report, _ = load.communicate(timeout=LOAD_SECONDS + 60)
    finally:
        if load.poll() is None:
            load.send_signal(signal.SIGKILL)
            load.wait()
    (cluster.folder / "wrk.txt").write_text(report)
    result = LoadResult.parse(report)
    redispatched = balancer.redispatched_requests(since=log_before)
    sys.stdout.write(
        f"wrk through HAProxy, B {stop.__name__} after {KILLED_AFTER_SECONDS:.1f} s and back after "
        f"{back_after:.1f} s, {redispatched} requests sent on to A: {result.summary()}\n"
    )

    assert back_after < LOAD_SECONDS - 1, "B came back only after the load"
    failed = "\n".join(balancer.failed_requests()[-20:])
    assert result.not_2xx_or_3xx == 0, f"{result.report}\nHAProxy:\n{failed}"
    cut = balancer.responses_cut_by("b", since=log_before)
    if stop is crash:
        # The one request a crash cannot give back: the answer B's worker was writing when it
        # died, its headers already passed on to the visitor (HAProxy's `SD`: the server
        # ended the connection in the middle of the data). No proxy that streams answers can
        # send it again; every other request of the crash is sent on to A (above).
        assert len(cut) <= int(b.environment["WEB_CONCURRENCY"]), cut
        assert result.socket_errors.get("read", 0) == len(cut), (result.report, cut)
        errors = {kind: n for kind, n in result.socket_errors.items() if kind != "read"}
    else:
        assert cut == [], cut
        errors = result.socket_errors
    assert set(errors.values()) <= {0}, result.report
    assert all(200 <= status < 400 for status in result.statuses), result.report
    assert result.requests > CONNECTIONS * 10, result.report
    if stop is crash:
        assert redispatched > 0, "no request met the crash: the test proved nothing"
    assert pages_served(b, since=restarted_log) > 0, "HAProxy sent B nothing after its restart"
