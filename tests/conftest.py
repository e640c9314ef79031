"""Fixtures shared by the whole suite. Test-only settings live here, not in settings.py."""

import asyncio
import email
import email.policy
import io
import itertools
import os
import threading

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from hypothesis import settings as hypothesis_settings

from contacts.models import (
    Canton,
    Country,
    District,
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    ServiceArea,
    Topic,
)
from core.text import slugify_german
from tests.servers import RedisServer, free_port

_sequence = itertools.count(1)

# Property-based tests (Hypothesis) try the same examples on every run and machine, so a CI
# failure can be replayed; `HYPOTHESIS_PROFILE=explore` draws new ones, ten times as many.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=1000, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_REFERENCE_DATA_DIR = ""


@pytest.fixture
def redis_server():
    """A Redis of the test's own (Debian's redis-server) on a free loopback port, keeping
    nothing on disk; stopped by its process id. Yields its URL."""
    if RedisServer.binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    server = RedisServer()
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


def redis_caches(url):
    """settings.CACHES as production sets them for REDIS_URL (portal/settings.py)."""
    from portal import settings as portal_settings

    previous, portal_settings.REDIS_URL = portal_settings.REDIS_URL, url
    try:
        return {
            "default": portal_settings.cache_backend("portal", 300),
            "pages": portal_settings.cache_backend("pages", 600),
        }
    finally:
        portal_settings.REDIS_URL = previous


@pytest.fixture
def rendered_pages(settings):
    """For tests that count what rendering a page costs: no page comes from the cache."""
    settings.PORTAL_PAGE_CACHE = False


class StaffClient(Client):
    """The test client; `force_login` of a staff account also enters its second factor
    (a confirmed TOTP device, as after the code page), since every staff account needs one
    (PORTAL_OTP_REQUIRED_FOR). Tests of the second factor pass `verified=False`."""

    def force_login(self, user, backend=None, verified=True):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        if verified and user.is_staff:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return StaffClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = StaffClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _german_first():
    """Every test starts in German, the source language: a request to /fr/ leaves French
    active in the thread, and a later `create(name=...)` would fill the French column."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test's data is rolled back, and with it the page generation: a page another test
    stored under the same number must not be served (core.pagecache). Kept fragments go too,
    so that each test renders its cards itself (core.fragments)."""
    from django.core.cache import caches

    from core import fragments

    for alias in ("default", "pages"):
        caches[alias].clear()
    fragments.memo.clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()
    fragments.memo.clear()


@pytest.fixture
def pages_with_and_without_kept_fragments(client, settings):
    """A function of a URL: its HTML rendered with every piece afresh, then twice with the
    pieces kept (core.fragments), nonces left out; and how many pieces were kept."""
    import re

    from core import fragments

    settings.PORTAL_PAGE_CACHE = False

    def html(url):
        response = client.get(url)
        assert response.status_code == 200
        return re.sub(r'nonce="[^"]*"', "", response.content.decode())

    def render(url):
        original = fragments.memo.size
        fragments.memo.size = 0
        try:
            fresh = html(url)
        finally:
            fragments.memo.size = original
        fragments.memo.clear()
        first = html(url)
        kept = len(fragments.memo)
        return fresh, first, html(url), kept

    return render


@pytest.fixture
def database_down(db):
    """Every query fails the way it does when the database server is gone: the connection is
    refused (django.db.OperationalError), whatever asks for it, view or middleware."""
    from unittest import mock

    from django.db import OperationalError, connection

    refused = OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        yield


# The registers `seeded` loads: the places the tests name, in the official files' format.
SEEDED_MUNICIPALITIES_CSV = """bfs_number,name,canton,district
2825,Füllinsdorf,BL,Bezirk Liestal
261,Zürich,ZH,Bezirk Zürich
"""
SEEDED_POSTCODES_CSV = """postcode,locality,bfs_number,canton
4414,Füllinsdorf,2825,BL
8001,Zürich,261,ZH
"""


@pytest.fixture
def seeded(db, tmp_path_factory, settings):
    """The whole portal data, loaded by `load_portal_data` itself: every seed, and registers
    of Füllinsdorf (2825, 4414, BL) and Zürich (261, 8001, ZH). For the seed's fidelity
    tests and pages that show seed facts; tests of a mechanism build their own data with the
    `make_*` fixtures. Returns the command's output."""
    from django.core.management import call_command

    registers = tmp_path_factory.mktemp("registers")
    (registers / "ch-municipalities.csv").write_text(SEEDED_MUNICIPALITIES_CSV, encoding="utf-8")
    (registers / "ch-postcodes.csv").write_text(SEEDED_POSTCODES_CSV, encoding="utf-8")
    settings.PORTAL_REFERENCE_DATA_DIR = str(registers)
    out = io.StringIO()
    call_command("load_portal_data", stdout=out)
    settings.PORTAL_REFERENCE_DATA_DIR = ""
    return out.getvalue()


@pytest.fixture
def make_country(db):
    def make(code="CH", name=None):
        names = {"CH": "Schweiz", "DE": "Deutschland"}
        return Country.objects.get_or_create(
            code=code, defaults={"name": name or names.get(code, code)}
        )[0]

    return make


@pytest.fixture
def make_canton(db):
    def make(code="BL", name=None):
        return Canton.objects.get_or_create(code=code, defaults={"name": name or code})[0]

    return make


@pytest.fixture
def make_municipality(db, make_canton):
    def make(name="Füllinsdorf", bfs_number=None, canton="BL", district="Bezirk Liestal"):
        canton_obj = make_canton(canton)
        district_obj = District.objects.get_or_create(name=district, canton=canton_obj)[0]
        return Municipality.objects.create(
            name=name,
            bfs_number=bfs_number or 9000 + next(_sequence),
            canton=canton_obj,
            district=district_obj,
        )

    return make


@pytest.fixture
def make_topic(db):
    def make(name="Kinderschutz"):
        return Topic.objects.get_or_create(name=name, defaults={"slug": slugify_german(name)})[0]

    return make


@pytest.fixture
def make_organisation(db, make_country, make_canton):
    def make(
        name=None,
        canton="BL",
        kind=OrganisationKind.OFFICE,
        service_area=None,
        is_published=True,
        country="CH",
        **fields,
    ):
        name = name or f"Amt {next(_sequence)}"
        canton_obj = make_canton(canton) if canton else None
        if service_area is None:
            service_area = ServiceArea.CANTON if canton else ServiceArea.INTERCANTONAL
        return Organisation.objects.create(
            name=name,
            slug=slugify_german(name)[:100] + f"-{next(_sequence)}",
            kind=kind,
            canton=canton_obj,
            country=make_country(country),
            service_area=service_area,
            is_published=is_published,
            **fields,
        )

    return make


@pytest.fixture
def make_person(db):
    def make(first_name="Andrea", last_name=None, is_published=True):
        last_name = last_name or f"Muster{next(_sequence)}"
        return Person.objects.create(
            first_name=first_name,
            last_name=last_name,
            slug=slugify_german(f"{first_name} {last_name}") + f"-{next(_sequence)}",
            is_published=is_published,
        )

    return make


@pytest.fixture
def make_position(db, make_person, make_organisation):
    def make(
        title="Sachbearbeiterin",
        canton="BL",
        person=None,
        organisation=None,
        is_published=True,
        topics=(),
        **fields,
    ):
        position = Position.objects.create(
            person=person or make_person(),
            organisation=organisation or make_organisation(canton=canton),
            title=title,
            is_published=is_published,
            **fields,
        )
        position.topics.set(topics)
        return position

    return make


@pytest.fixture
def make_editor(db, make_canton):
    """A staff account in a group ("Redaktion Kanton" by default) with cantons as its scope."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from contacts.editing_scope import CANTONAL_EDITOR_GROUP
    from contacts.models import EditingScope
    from portal.groups import sync_groups

    def make(*cantons, group=CANTONAL_EDITOR_GROUP, username=None, password="Redaktion-2026!"):
        sync_groups()
        user = get_user_model().objects.create_user(
            username=username or f"redaktion{next(_sequence)}", password=password, is_staff=True
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        scope = EditingScope.objects.create(user=user)
        scope.cantons.set([make_canton(code) for code in cantons])
        return user

    return make


def admin_form_data(response):
    """POST data that resubmits an admin change page as it was rendered (form and inlines),
    for tests that then alter one value."""
    from django import forms

    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            if field.disabled or isinstance(field, forms.FileField):
                continue
            key = form.add_prefix(name)
            value = form[name].value()
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(widget, forms.MultiWidget):
                parts = value if isinstance(value, list | tuple) else widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[key] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[key] = "" if value is None else str(getattr(value, "pk", value))

    add_form(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        initial = formset.initial_form_count()
        data[management.add_prefix("TOTAL_FORMS")] = initial
        for form in formset.forms[:initial]:
            add_form(form)
    return data


@pytest.fixture
def admin_post_data():
    return admin_form_data


@pytest.fixture
def check_admin_scope(client, admin_client, make_editor):
    """Checks one admin against the editing scope, given a record of the editor's canton
    (`own`, BL by default) and one of another canton or an inter-cantonal one (`foreign`):
    list, open, change, reassign, delete and bulk actions; status codes and database."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.core import serializers
    from django.urls import reverse

    from contacts.editing_scope import scoped_lookup

    def url(obj, view):
        opts = obj._meta
        if view == "changelist":
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])

    def snapshot(*objs):
        model = type(objs[0])
        return serializers.serialize(
            "json", model._default_manager.filter(pk__in=[obj.pk for obj in objs])
        )

    def check(own, foreign, canton="BL", group=None):
        foreign_data = admin_form_data(admin_client.get(url(foreign, "change")))
        editor = make_editor(*[canton] if canton else [], **{"group": group} if group else {})
        client.force_login(editor)
        before = snapshot(own, foreign)

        listed = client.get(url(own, "changelist")).context["cl"].result_list
        assert own in listed
        page = client.get(url(own, "change"))
        assert page.status_code == 200 and page.context["has_change_permission"]
        own_data = admin_form_data(page)

        if foreign in listed:  # inter-cantonal: read-only
            assert client.get(url(foreign, "change")).context["has_change_permission"] is False
        else:
            assert client.get(url(foreign, "change")).status_code == 403
        assert client.post(url(foreign, "change"), foreign_data).status_code == 403
        assert client.get(url(foreign, "delete")).status_code == 403
        assert client.post(url(foreign, "delete"), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk, foreign.pk]}
        assert client.post(url(own, "changelist"), bulk | {"post": "yes"}).status_code == 403

        relation = scoped_lookup(type(own)).split("__")[0]
        moved = getattr(foreign, f"{relation}_id")
        if moved is not None and relation in own_data:
            reassign = client.post(url(own, "change"), own_data | {relation: str(moved)})
            assert reassign.status_code == 403
        assert snapshot(own, foreign) == before

        saved = client.post(url(own, "change"), own_data)
        assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
        history_attribute = getattr(type(own)._meta, "simple_history_manager_attribute", None)
        if history_attribute:
            assert getattr(own, history_attribute).latest().history_user == editor
        assert admin_client.get(url(foreign, "change")).status_code == 200

    return check


def xlsx_rows(content):
    """The cell values of an XLSX file's first sheet, row by row."""
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_file(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def read_xlsx():
    return xlsx_rows


def with_cells(rows, **values):
    """An import template's rows (headers, example) with cells of the example replaced,
    by column."""
    headers, example = rows
    cells = zip(headers, example, strict=True)
    return [headers, [values.get(column, cell) for column, cell in cells]]


@pytest.fixture
def change_cells():
    return with_cells


@pytest.fixture
def import_dry_run():
    """Uploads a spreadsheet to the admin import page of `model` and returns the response
    of its dry run. `rows` are lists of cells (the headers first) or an XLSX file's bytes."""
    from django.contrib import admin
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from import_export.formats.base_formats import XLSX

    def dry_run(client, model, rows):
        content = rows if isinstance(rows, bytes) else xlsx_file(rows)
        formats = admin.site._registry[model].get_import_formats()
        opts = model._meta
        return client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
            {
                "format": str(formats.index(XLSX)),
                "import_file": SimpleUploadedFile("import.xlsx", content, XLSX.CONTENT_TYPE),
            },
        )

    return dry_run


class MailServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for Django's SMTP backend: down (a closed
    port) until `start()`. `delay`: seconds it takes to accept a mail (a slow server; it
    gives the mail up when the client leaves first, as aiosmtpd does). `hold`: a
    threading.Event the next mail waits for; `arrived` is set when a mail comes in."""

    def __init__(self, port):
        self.port = port
        self.received = []  # (recipients, subject) of each accepted mail, in order
        self.delay = 0
        self.hold = None
        self.arrived = threading.Event()
        self._controller = None

    def start(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        hold, self.hold = self.hold, None
        if hold is not None:
            await asyncio.get_running_loop().run_in_executor(None, hold.wait, 30)
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((tuple(envelope.rcpt_tos), str(message["Subject"]).strip()))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server(settings):
    """Django's SMTP backend pointed at a MailServer (down until started), EMAIL_TIMEOUT 1 s."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    server = MailServer(port)
    yield server
    if server.hold is not None:
        server.hold.set()
    server.stop()
