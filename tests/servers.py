"""Real servers for the tests that run the portal as production does: a throwaway PostgreSQL
cluster, a Redis and gunicorn, each on a free port of 127.0.0.1 only, each started here and
stopped by its process id (tests/portal/test_database_outage.py, test_cluster.py, test_redis.py).
"""

import http.client
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

REPO = Path(__file__).resolve().parents[1]
POSTGRESQL_BINARIES = sorted(
    Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda initdb: int(initdb.parts[-3])
)


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


def process_group_members(group_id):
    """The processes still in the process group `group_id` (a server's workers included)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The fields after the command's name, which is in parentheses: state, ppid, pgrp.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == group_id and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1 only, with
    trust authentication; the machine's own cluster (5432) is never touched."""

    def __init__(self):
        self.bin = POSTGRESQL_BINARIES[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="drehscheibe-cluster-"))
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

    def is_stopped(self):
        return not any(process_runs(pid, str(self.data)) for pid in self.started_pids)


class RedisServer:
    """Debian's redis-server on a free port of 127.0.0.1, keeping nothing on disk."""

    binary = shutil.which("redis-server")

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port} within 5 seconds")

    def stop(self):
        stop_process(self.process)


def stop_process(process, seconds=10):
    """SIGTERM to a process started here, by its id, and SIGKILL should it not end in time."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str = field(repr=False)
    seconds: float


def http_request(port, method, path, headers=None, body=None):
    """One request to 127.0.0.1:`port` on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    return Answer(response.status, response.headers, text, time.monotonic() - started)


class Server:
    """`gunicorn -c gunicorn.conf.py portal.wsgi` on a free port of 127.0.0.1 (one worker
    unless `environment` says otherwise), with the production settings apart from
    tests/portal/server_settings.py's shortcuts. Logs to `folder`/`name`.log."""

    def __init__(self, database_url, folder, name="gunicorn", **environment):
        self.port = free_port()
        self.log = folder / f"{name}.log"
        self.environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "DJANGO_SETTINGS_MODULE": "tests.portal.server_settings",
            "DJANGO_SECRET_KEY": "throwaway-key-for-the-server-tests-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "PORTAL_REFERENCE_DATA_DIR": "",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
        }
        for development_only in ("DJANGO_DEBUG", "DJANGO_CACHE", "REDIS_URL"):
            self.environment.pop(development_only, None)
        self.environment.update(environment)
        self.process = None
        self.stopping = False
        self.started_pids = []

    def manage(self, *arguments):
        """`manage.py` with this server's settings; returns what it wrote."""
        finished = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPO,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr
        return finished.stdout

    def migrate(self):
        self.manage("migrate", "--run-syncdb", "--no-input")

    def start(self):
        self.launch()
        self.wait_until_answering()

    def launch(self):
        """Starts gunicorn without waiting for it (several servers boot side by side)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"],
                cwd=REPO,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started_pids.append(self.process.pid)
        self.stopping = False

    def wait_until_answering(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_text()
            try:
                if self.get("/livez").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer within {seconds} seconds:\n{self.log_text()}")

    def request(self, method, path, headers=None, body=None):
        return http_request(self.port, method, path, headers, body)

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def log_text(self):
        return self.log.read_text(errors="replace")[-5000:]

    def kill(self):
        """A crash: the master and its workers end at once (SIGKILL to its process group,
        which is this server's alone: start_new_session), without finishing any request."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=5)

    def stop(self, wait=True):
        """SIGTERM to the master by its pid (it stops its workers), then, should it hang,
        SIGKILL to its whole process group. `wait=False` only sends the signal, so that
        several servers stop side by side (a master takes seconds); `stop()` then waits."""
        if self.process is None or self.process.poll() is not None:
            return
        if not self.stopping:
            self.process.terminate()
            self.stopping = True
        if not wait:
            return
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def leftover_processes(self):
        """Processes of any gunicorn this server started that still run: none once stopped."""
        return [pid for group in self.started_pids for pid in process_group_members(group)]
