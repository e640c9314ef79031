"""The portal as it runs in production, served by gunicorn with gunicorn.conf.py, on a
PostgreSQL cluster of its own that the test stops and starts: while the database is down every
page answers 503 with the site's page within 2 seconds, and the portal recovers by itself."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

REPO = Path(__file__).resolve().parents[2]
POSTGRESQL_BINARIES = sorted(
    Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda initdb: int(initdb.parts[-3])
)

pytestmark = pytest.mark.skipif(
    not POSTGRESQL_BINARIES,
    reason="PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin/initdb, Debian: "
    "postgresql); this test runs a throwaway cluster of its own",
)

# The pages a visitor, a French visitor, an editor and the load balancer ask for.
PAGES = ["/", "/fr/", "/admin/login/", "/healthz"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_runs(pid, marker):
    """The process `pid` exists and is still the one started (its command line names
    `marker`), not another that has since been given the same number."""
    try:
        return marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return False


def wait_for_exit(pid, marker, seconds):
    deadline = time.monotonic() + seconds
    while process_runs(pid, marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not process_runs(pid, marker)


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1 only, with
    trust authentication; the machine's own cluster (5432) is never touched."""

    def __init__(self):
        self.bin = POSTGRESQL_BINARIES[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="drehscheibe-outage-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.started_pids = []
        # initdb and postgres refuse to run as root: root runs them as the postgres user,
        # in a folder that user owns.
        self.as_owner = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command):
        finished = subprocess.run(
            [*self.as_owner, *command], capture_output=True, text=True, timeout=60
        )
        assert finished.returncode == 0, f"{command}:\n{finished.stdout}{finished.stderr}"

    def _pg_ctl(self, *arguments):
        self._run(str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "--wait", *arguments)

    def create(self):
        self._run(
            str(self.bin / "initdb"),
            "--pgdata",
            str(self.data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        self.start()

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off -c full_page_writes=off"
        )
        # With a log file of its own: pg_ctl's output would hold the captured pipe open.
        self._pg_ctl("--log", str(self.folder / "postgres.log"), "--options", options, "start")
        self._remember_pid()

    def _remember_pid(self):
        self.started_pids.append(int((self.data / "postmaster.pid").read_text().split()[0]))

    def stop(self):
        self._pg_ctl("--mode=fast", "stop")

    def remove(self):
        """Stops every postmaster this cluster started, by its pid (its children, the
        backends, end with it), then deletes the folder."""
        if (self.data / "postmaster.pid").exists():
            self._remember_pid()  # one that started but was not yet noted
        for pid in set(self.started_pids):
            if process_runs(pid, str(self.data)):
                os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
                if not wait_for_exit(pid, str(self.data), 10):
                    os.kill(pid, signal.SIGKILL)
                    wait_for_exit(pid, str(self.data), 5)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str = field(repr=False)
    seconds: float


class Server:
    """`gunicorn -c gunicorn.conf.py portal.wsgi`, one worker on a free port of 127.0.0.1,
    with the production settings apart from tests/portal/server_settings.py's shortcuts."""

    def __init__(self, database_url, folder):
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "DJANGO_SETTINGS_MODULE": "tests.portal.server_settings",
            "DJANGO_SECRET_KEY": "throwaway-key-for-the-outage-test-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "PORTAL_REFERENCE_DATA_DIR": "",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
        }
        for development_only in ("DJANGO_DEBUG", "DJANGO_CACHE"):
            self.environment.pop(development_only, None)
        self.process = None

    def migrate(self):
        finished = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--run-syncdb", "--no-input"],
            cwd=REPO,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"],
                cwd=REPO,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_text()
            try:
                if self.get("/livez").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer within 30 seconds:\n{self.log_text()}")

    def get(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        started = time.monotonic()
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        return Answer(response.status, response.headers, body, time.monotonic() - started)

    def log_text(self):
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self):
        """The master by its pid (it stops its worker), then, should it hang, its whole
        process group, which is this server's alone (start_new_session)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@pytest.fixture
def cluster():
    cluster = ThrowawayCluster()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def server(cluster):
    server = Server(cluster.url, cluster.folder)
    server.migrate()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


def test_a_database_outage_answers_503_and_the_portal_recovers_without_a_restart(cluster, server):
    for path in PAGES:
        answer = server.get(path)
        assert answer.status == 200, f"{path}: {answer.status}\n{server.log_text()}"

    cluster.stop()
    for path in PAGES:
        answer = server.get(path)
        assert answer.status == 503, f"{path}: {answer.status}\n{server.log_text()}"
        assert int(answer.headers["Retry-After"]) > 0
        assert answer.seconds < 2, f"{path} took {answer.seconds:.2f} s"
        if path == "/healthz":
            assert json.loads(answer.body)["database"] == "down"
        else:
            assert 'class="site-header' in answer.body
            language = "fr" if path.startswith("/fr/") else "de"
            assert f'<html lang="{language}">' in answer.body
            assert in_language(language, "Vorübergehend nicht erreichbar") in answer.body
            assert in_language(language, "Zum Inhalt springen") in answer.body
    assert in_language("fr", "Zum Inhalt springen") != "Zum Inhalt springen", (
        "the French catalog is not compiled (make bootstrap)"
    )
    # A returning editor: the session is read in a middleware, before any view.
    with_session = server.get("/", headers={"Cookie": "sessionid=" + "a" * 32})
    assert with_session.status == 503
    assert 'class="site-header' in with_session.body
    assert server.get("/livez").status == 200

    cluster.start()
    for path in PAGES:
        answer = server.get(path)
        assert answer.status == 200, f"{path}: {answer.status}\n{server.log_text()}"

    # A restart between two requests breaks the worker's persistent connection: the health
    # check of the next request replaces it instead of failing the page.
    cluster.stop()
    cluster.start()
    assert server.get("/").status == 200

    assert server.process.poll() is None
    assert server.log.read_text().count("Booting worker") == 1, "gunicorn restarted its worker"
