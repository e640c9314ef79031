"""The portal as it runs in production, served by gunicorn with gunicorn.conf.py, on a
PostgreSQL cluster of its own that the test stops and starts: while the database is down every
page answers 503 with the site's page within 2 seconds, and the portal recovers by itself."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.servers import POSTGRESQL_BINARIES, Server, ThrowawayCluster

pytestmark = pytest.mark.skipif(
    not POSTGRESQL_BINARIES,
    reason="PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin/initdb, Debian: "
    "postgresql); this test runs a throwaway cluster of its own",
)

# The pages a visitor, a French visitor, an editor and the load balancer ask for.
PAGES = ["/", "/fr/", "/admin/login/", "/healthz"]


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
