"""Mail server down or slow: print orders and change reports are stored and confirmed
truthfully, and `send_pending_mails` sends each waiting mail once, against a real SMTP
server (aiosmtpd, the `mail_server` fixture)."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from planning import services
from planning.models import Plan, PrintOrder
from portal.models import ChangeReport, ChangeReportStatus
from portal.reports import decide, submit_report

MARGIN = 2  # seconds a request may take beyond EMAIL_TIMEOUT on a busy machine

PROBLEM = "Die Telefonnummer stimmt nicht mehr."
CORRECTION = "Neu: 061 552 17 00"


@pytest.fixture
def orderable_plan(make_canton, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    return Plan.objects.create(
        title="Planung Kinder- und Jugendhilfe",
        slug="planung-kjh",
        canton=make_canton("BL"),
        is_published=True,
        print_orderable=True,
    )


@pytest.fixture
def basel_office(make_organisation, make_editor):
    editor = make_editor("BL")
    editor.email = "redaktion@bl.example.ch"
    editor.save()
    return make_organisation(name="Amt für Kind, Jugend und Behindertenangebote", canton="BL")


ORDER = {
    "name": "Regula Muster",
    "street": "Ergolzstrasse 3",
    "postcode": "4414",
    "town": "Füllinsdorf",
    "email": "regula@example.ch",
    "copies": "2",
    "website": "",
}
REPORT = {
    "problem": PROBLEM,
    "correction": CORRECTION,
    "reporter_email": "melder@example.ch",
    "website": "",
}


def order_online(client, plan):
    response = client.post(reverse("planning:print_order", kwargs={"slug": plan.slug}), ORDER)
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def report_online(client, organisation):
    url = reverse("report_change", kwargs={"kind": "organisation", "pk": organisation.pk})
    response = client.post(url, REPORT)
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def place_order(plan, **fields):
    values = {key: value for key, value in ORDER.items() if key != "website"} | {"copies": 2}
    return services.place_print_order(PrintOrder(plan=plan, **(values | fields))).order


def store_report(organisation, **fields):
    values = {key: value for key, value in REPORT.items() if key != "website"} | fields
    return submit_report(ChangeReport(**values), organisation, site_url="").report


def send_pending_mails(*args):
    out = io.StringIO()
    call_command("send_pending_mails", *args, stdout=out)
    return out.getvalue()


def test_with_the_server_down_nothing_is_lost_or_claimed_and_it_all_goes_once_it_is_back(
    client, orderable_plan, basel_office, mail_server, django_capture_on_commit_callbacks
):
    order_page = order_online(client, orderable_plan)
    with django_capture_on_commit_callbacks(execute=True):
        report_page = report_online(client, basel_office)

    order = PrintOrder.objects.get()
    report = ChangeReport.objects.get()
    assert order.notified_at is None and order.confirmed_at is None
    assert "ConnectionRefusedError" in order.mail_error
    assert report.editors_notified_at is None
    assert report.mail_error.startswith("Benachrichtigung der Redaktion nicht versandt")
    assert "ConnectionRefusedError" in report.mail_error
    # The pages say what is stored and that the mail follows, never that it went.
    assert order.reference in order_page
    assert "Ihre Bestellung ist gespeichert; die Koordinationsstelle bearbeitet sie." in order_page
    assert "konnte noch nicht versandt werden; wir senden sie nach" in order_page
    assert "Bestätigung mit der Bestellnummer an" not in order_page
    assert "per E-Mail benachrichtigt" not in order_page
    assert f"Ihre Meldung Nr. {report.pk}" in report_page and "gespeichert" in report_page
    assert "benachrichtigt" not in report_page and "gesendet" not in report_page

    still_down = send_pending_mails()
    assert f"{order.reference}: E-Mail-Server nicht erreichbar (ConnectionRefusedError" in (
        still_down
    )
    assert f"Meldung Nr. {report.pk} zu «{report.record_label}»: Benachrichtigung der " in (
        still_down
    )

    mail_server.start()
    first = send_pending_mails("--base-url", "https://portal.example")
    second = send_pending_mails()

    assert sorted(mail_server.received) == [
        (
            ("bestellungen@example.ch",),
            f"Bestellung {order.reference} gedruckte Planung: 2 × Planung Kinder- und Jugendhilfe",
        ),
        (("redaktion@bl.example.ch",), f"Änderungsmeldung Nr. {report.pk}: {report.record_label}"),
        (
            ("regula@example.ch",),
            f"Ihre Bestellung {order.reference}: «Planung Kinder- und Jugendhilfe»",
        ),
    ]
    assert "Bestellungen mit ausstehenden E-Mails: 1; jetzt vollständig: 1." in first
    assert "Änderungsmeldungen mit ausstehender E-Mail: 1; jetzt versandt: 1." in first
    assert "ausstehenden E-Mails: 0" in second and "ausstehender E-Mail: 0" in second
    report.refresh_from_db()
    assert report.editors_notified_at is not None and report.mail_error == ""
    assert ChangeReport.objects.mail_pending().count() == 0
    assert PrintOrder.objects.mail_pending().count() == 0


def test_the_reporters_answer_waits_for_the_server_and_goes_once(
    basel_office, admin_user, mail_server, django_capture_on_commit_callbacks
):
    report = store_report(basel_office)
    silent = store_report(basel_office, reporter_email="")
    ChangeReport.objects.update(editors_notified_at=timezone.now())
    report.refresh_from_db()
    silent.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decide(report, ChangeReportStatus.ACCEPTED, admin_user, site_url="")
        decide(silent, ChangeReportStatus.ACCEPTED, admin_user, site_url="")

    report.refresh_from_db()
    assert report.reporter_notified_at is None
    assert report.mail_error.startswith("Antwort an die meldende Person nicht versandt")
    assert list(ChangeReport.objects.mail_pending()) == [report]  # not the one without address

    mail_server.start()
    send_pending_mails()
    send_pending_mails()

    assert mail_server.received == [
        (("melder@example.ch",), f"Ihre Änderungsmeldung Nr. {report.pk}")
    ]


def test_a_slow_server_delays_each_request_by_the_timeout_only_and_loses_nothing(
    client, orderable_plan, basel_office, mail_server, settings, django_capture_on_commit_callbacks
):
    mail_server.start()
    mail_server.delay = 30  # far beyond EMAIL_TIMEOUT: the server takes ages to accept

    started = time.monotonic()
    order_page = order_online(client, orderable_plan)
    order_seconds = time.monotonic() - started
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        report_page = report_online(client, basel_office)
    report_seconds = time.monotonic() - started

    assert order_seconds < settings.EMAIL_TIMEOUT + MARGIN  # both mails, one wait
    assert report_seconds < settings.EMAIL_TIMEOUT + MARGIN
    order = PrintOrder.objects.get()
    report = ChangeReport.objects.get()
    assert "timed out" in order.mail_error and "timed out" in report.mail_error
    assert "konnte noch nicht versandt werden; wir senden sie nach" in order_page
    assert "gespeichert" in report_page
    assert mail_server.received == []

    # The slow server gives up the mails it never accepted; back at speed, all go once.
    mail_server.stop()
    mail_server.delay = 0
    mail_server.start()
    send_pending_mails()
    send_pending_mails()
    recipients = sorted(to for to, _subject in mail_server.received)
    assert recipients == [
        ("bestellungen@example.ch",),
        ("redaktion@bl.example.ch",),
        ("regula@example.ch",),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_mail_once(orderable_plan, basel_office, mail_server):
    orders = [place_order(orderable_plan, street=f"Ergolzstrasse {n}") for n in (3, 5)]
    reports = [store_report(basel_office, problem=problem) for problem in ("Alt", "Falsch")]
    assert PrintOrder.objects.mail_pending().count() == 2
    assert ChangeReport.objects.mail_pending().count() == 2
    mail_server.start()
    mail_server.hold = release = threading.Event()

    def first_run():
        try:
            send_pending_mails()
        finally:
            connection.close()

    first = threading.Thread(target=first_run)
    first.start()
    try:
        # The first run has claimed its first order and is stuck handing over its mail;
        # the second run sends all the rest. The first then finds everything else taken:
        # its list of orders was read before the second run claimed them.
        assert mail_server.arrived.wait(10)
        second = send_pending_mails()
    finally:
        release.set()
        first.join(30)
    assert not first.is_alive()
    assert "Bestellungen mit ausstehenden E-Mails: 1; jetzt vollständig: 1." in second
    assert "Änderungsmeldungen mit ausstehender E-Mail: 2; jetzt versandt: 2." in second

    expected = [
        *(("bestellungen@example.ch",) for _order in orders),
        *(("redaktion@bl.example.ch",) for _report in reports),
        *(("regula@example.ch",) for _order in orders),
    ]
    assert sorted(to for to, _subject in mail_server.received) == expected
    assert len(set(mail_server.received)) == len(expected)  # each mail once
    assert PrintOrder.objects.mail_pending().count() == 0
    assert ChangeReport.objects.mail_pending().count() == 0


def test_what_cannot_go_out_is_listed_with_its_reason_and_the_run_still_succeeds(
    make_organisation, mail_server
):
    mail_server.start()
    nobody_reads = make_organisation(name="Amt ohne Redaktion", canton="ZH")
    report = store_report(nobody_reads)

    quiet = send_pending_mails("--verbosity", "0")

    assert quiet == (
        f"Meldung Nr. {report.pk} zu «{report.record_label}»: Benachrichtigung der Redaktion "
        "nicht versandt: niemand in der zuständigen Redaktion hat eine E-Mail-Adresse.\n"
    )
    assert mail_server.received == []
