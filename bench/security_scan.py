"""A Wapiti scan of the public site on a throw-away database (run with `make security-scan`).

Serves the portal as in production, DEBUG off, gunicorn behind a TLS-terminating HAProxy with
a self-signed certificate, on a fresh SQLite database with the portal data, then runs Wapiti
against it and counts the findings: every vulnerability and anomaly Wapiti reports, every
request the portal made to the scanner's out-of-band endpoint, every 5xx in the server's log.
Exits 1 when there is any. docs/security.md says which modules run and why the others don't.

Wapiti lives in a virtualenv of its own (its pins clash with the portal's), created on the
first run from the package index; after that the scan needs no network. It runs in a network
namespace of its own (`unshare --net`) that has only loopback, so no request can leave the
machine. Reports, Wapiti's log and the server's log go to bench/results/security-scan/.

    .venv/bin/python bench/security_scan.py [--max-scan-time 300] [--max-attack-time 120]
        [--max-links-per-page 50] [--max-files-per-dir 30] [--no-isolation]
"""

import argparse
import fcntl
import json
import os
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "security-scan"
WAPITI_VENV = Path(
    os.environ.get("WAPITI_VENV", Path.home() / ".cache" / "drehscheibe" / "wapiti-venv")
)
WAPITI_REQUIREMENT = os.environ.get("WAPITI_REQUIREMENT", "wapiti3==3.2.3")
ISOLATED = "SECURITY_SCAN_ISOLATED"

# Every module but those that reach beyond loopback, measure something other than the portal or
# cannot tell a form's refusal from an injection (docs/security.md, "Modules").
# https_redirect runs on its own, against the plain-http port.
SKIPPED_MODULES = ["wapp", "htp", "nikto", "takeover", "log4shell", "ssl", "ldap", "https_redirect"]
MODULES = ",".join(["all", *(f"-{name}" for name in SKIPPED_MODULES)])


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wapiti():
    wapiti = WAPITI_VENV / "bin" / "wapiti"
    if not wapiti.exists():
        say(f"--- installing {WAPITI_REQUIREMENT} into {WAPITI_VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(WAPITI_VENV)], check=True)
        pip = [str(WAPITI_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, WAPITI_REQUIREMENT], check=True)
    return wapiti


def enter_network_namespace():
    """Runs this script again in a network namespace that has nothing but loopback."""
    command = ["unshare", "--net"]
    if os.geteuid() != 0:
        command.append("--map-root-user")
    if shutil.which("unshare") is None or subprocess.run([*command, "true"]).returncode:
        sys.exit(
            "unshare --net is not available here (util-linux, user namespaces): "
            "run with --no-isolation to scan without a network namespace."
        )
    environment = {**os.environ, ISOLATED: "1"}
    os.execvpe(command[0], [*command, sys.executable, *sys.argv], environment)


def bring_loopback_up():
    """A new network namespace starts with its loopback interface down (ip link set lo up)."""
    get_flags, set_flags, interface_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(sock, get_flags, request)[:18])[1]
        fcntl.ioctl(sock, set_flags, struct.pack("16sH", b"lo", flags | interface_up))


class OutOfBandEndpoint(ThreadingHTTPServer):
    """Stands in for Wapiti's public endpoint: the ssrf, xxe, file and xss modules plant its
    URLs in their payloads, so any request here other than Wapiti's own result queries
    (get_ssrf.php, get_xxe.php) was made by the portal on an attacker's word."""

    def __init__(self, port):
        self.hits = []
        super().__init__(("127.0.0.1", port), self.Handler)

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            if not self.path.startswith(("/get_ssrf.php", "/get_xxe.php")):
                self.server.hits.append(f"{self.command} {self.path}")
            body = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_HEAD = answer

        def log_message(self, *args):
            pass


def portal_environment(workdir, https_port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "PORTAL_BASE_URL": f"https://127.0.0.1:{https_port}",
        # HAProxy is the one proxy: the visitor's address comes from its X-Forwarded-For.
        "PORTAL_PROXY_COUNT": "1",
        # Wapiti submits the public forms thousands of times: past the limit every attack would
        # bounce off 429 without reaching the form's handling (the suite tests the limits).
        "PORTAL_PRINT_ORDER_RATE": "100000/h",
        "PORTAL_CHANGE_REPORT_RATE": "100000/h",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def build_database(environment):
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["load_portal_data"],
    ):
        say(f"--- manage.py {' '.join(command)}")
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL
        )


def self_signed_certificate(workdir):
    key, certificate = workdir / "key.pem", workdir / "certificate.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    bundle = workdir / "haproxy.pem"
    bundle.write_text(certificate.read_text() + key.read_text())
    return bundle


def haproxy_configuration(workdir, https_port, http_port, portal_port):
    """The production layout: TLS ends at the proxy, which tells the portal the scheme."""
    configuration = workdir / "haproxy.cfg"
    configuration.write_text(f"""\
global
    maxconn 256
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend https
    bind 127.0.0.1:{https_port} ssl crt {self_signed_certificate(workdir)}
    http-request set-header X-Forwarded-Proto https
    default_backend portal
frontend http
    bind 127.0.0.1:{http_port}
    http-request set-header X-Forwarded-Proto http
    default_backend portal
backend portal
    server gunicorn 127.0.0.1:{portal_port}
""")
    return configuration


def wait_until_live(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server on port {port} stopped at start-up (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server on port {port} did not answer /livez within {seconds} s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_wapiti(wapiti, workdir, url, report, arguments):
    log = report.with_suffix(".log")
    log.unlink(missing_ok=True)  # Wapiti appends to it
    command = [
        str(wapiti),
        "--url",
        url,
        "--flush-session",
        "--store-session",
        str(workdir / "wapiti-session"),
        "--store-config",
        str(workdir / "wapiti-config"),
        "--no-bugreport",  # a crash report would go to the Wapiti project's server
        # log4shell is not run, but every module is built, and it resolves this name then.
        "--dns-endpoint",
        "127.0.0.1",
        "--verify-ssl",
        "0",  # the throw-away certificate
        "--format",
        "json",
        "--output",
        str(report),
        "--log",
        str(log),
        *arguments,
    ]
    say(f"--- {' '.join(command)}")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text())


def findings_of(report):
    """Every vulnerability and anomaly of a Wapiti JSON report, as (category, entry)."""
    return [
        (category, entry)
        for section in ("vulnerabilities", "anomalies")
        for category, entries in report[section].items()
        for entry in entries
    ]


def server_errors(server_log):
    """The requests the portal answered with a 5xx and the workers killed for taking too long,
    from gunicorn's log (access lines: host - - [time] "request" status ...)."""
    errors = []
    for line in server_log.read_text(errors="replace").splitlines():
        parts = line.split('"')
        status = parts[2].split()[:1] if len(parts) > 2 else []
        if (status and status[0].startswith("5")) or "WORKER TIMEOUT" in line:
            errors.append(line)
    return errors


def scan(arguments):
    missing = [tool for tool in ("haproxy", "openssl") if shutil.which(tool) is None]
    if missing:
        sys.exit(
            f"the scan needs {' and '.join(missing)} (Debian: apt-get install {' '.join(missing)})"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    wapiti = ensure_wapiti()
    if not arguments.no_isolation and not os.environ.get(ISOLATED):
        enter_network_namespace()
    if os.environ.get(ISOLATED):
        bring_loopback_up()

    started = time.monotonic()
    processes = []
    with tempfile.TemporaryDirectory(prefix="drehscheibe-scan-") as temporary:
        workdir = Path(temporary)
        portal_port, https_port, http_port, endpoint_port = (free_port() for _ in range(4))
        environment = portal_environment(workdir, https_port)
        build_database(environment)
        endpoint = OutOfBandEndpoint(endpoint_port)
        threading.Thread(target=endpoint.serve_forever, daemon=True).start()
        access_log = RESULTS / "gunicorn.log"
        try:
            with access_log.open("w") as log:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"],
                        cwd=ROOT,
                        env={**environment, "GUNICORN_BIND": f"127.0.0.1:{portal_port}"},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            wait_until_live(portal_port, processes[-1])
            configuration = haproxy_configuration(workdir, https_port, http_port, portal_port)
            processes.append(subprocess.Popen(["haproxy", "-db", "-f", str(configuration)]))
            wait_until_live(http_port, processes[-1])

            site = f"https://127.0.0.1:{https_port}/"
            public = run_wapiti(
                wapiti,
                workdir,
                site,
                RESULTS / "public.json",
                [
                    "--scope",
                    "folder",
                    "--module",
                    MODULES,
                    # Staff pages: their login is throttled (django-axes) and needs a second
                    # factor; the public site is what anyone can reach.
                    "--exclude",
                    f"{site}admin/*",
                    "--endpoint",
                    f"http://127.0.0.1:{endpoint_port}/",
                    "--max-scan-time",
                    str(arguments.max_scan_time),
                    "--max-attack-time",
                    str(arguments.max_attack_time),
                    "--max-links-per-page",
                    str(arguments.max_links_per_page),
                    "--max-files-per-dir",
                    str(arguments.max_files_per_dir),
                ],
            )
            # Production's redirect from http to https, asked on the plain-http port.
            redirect = run_wapiti(
                wapiti,
                workdir,
                f"http://127.0.0.1:{http_port}/",
                RESULTS / "https-redirect.json",
                ["--scope", "url", "--module", "https_redirect"],
            )
        finally:
            for process in reversed(processes):
                stop(process)
            endpoint.shutdown()

    findings = findings_of(public) + findings_of(redirect)
    errors = server_errors(access_log)
    crawled = public["infos"]["crawled_pages_nbr"]
    say()
    say(f"{public['infos']['version']}, {datetime.now():%Y-%m-%d %H:%M}")
    say(f"modules: {MODULES} (and https_redirect on plain http)")
    say(f"pages crawled: {crawled}, duration: {time.monotonic() - started:.0f} s")
    for category, entry in findings:
        say(f"FINDING {category}: {entry.get('info')} [{entry.get('http_request', '')[:200]}]")
    for hit in endpoint.hits:
        say(f"FINDING out-of-band request from the portal: {hit}")
    for line in errors:
        say(f"FINDING server error: {line}")
    total = len(findings) + len(endpoint.hits) + len(errors)
    say(f"findings: {total} (reports in {RESULTS.relative_to(ROOT)}/)")
    return 1 if total else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-scan-time", type=int, default=300, help="seconds of crawling")
    parser.add_argument("--max-attack-time", type=int, default=120, help="seconds per module")
    parser.add_argument("--max-links-per-page", type=int, default=50)
    parser.add_argument("--max-files-per-dir", type=int, default=30)
    parser.add_argument(
        "--no-isolation",
        action="store_true",
        help="scan without a network namespace (where unshare is not permitted)",
    )
    sys.exit(scan(parser.parse_args()))


if __name__ == "__main__":
    main()
