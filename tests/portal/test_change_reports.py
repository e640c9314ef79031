"""Corrections from the public ("Änderung melden"): the form, the editors it reaches, the
moderation in the admin and the reporter's answer."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.editing_scope import CONFERENCE_SECRETARIAT_GROUP
from contacts.models import Organisation
from portal import reports
from portal.models import ChangeReport, ChangeReportStatus
from portal.reports import submit_report
from tests.conftest import admin_form_data

PROBLEM = "Die Telefonnummer stimmt nicht mehr."
CORRECTION = "Neu: 061 552 17 00 (Auskunft am Empfang)"


def report_url(obj, kind):
    return reverse("report_change", kwargs={"kind": kind, "pk": obj.pk})


def send_report(client, obj, kind, **data):
    fields = {"problem": PROBLEM, "correction": CORRECTION, **data}
    return client.post(report_url(obj, kind), fields)


def stored_report(obj, **fields):
    fields = {"problem": PROBLEM, "correction": CORRECTION, **fields}
    return submit_report(ChangeReport(**fields), obj, site_url="http://testserver/").report


@pytest.fixture
def basel_office(make_organisation):
    return make_organisation(name="Amt für Kind, Jugend und Behindertenangebote", canton="BL")


@pytest.fixture
def zurich_office(make_organisation):
    return make_organisation(name="Amt für Jugend und Berufsberatung", canton="ZH")


# Every entry page offers it


SEEDED_PAGES = [
    "/kontakte/organisationen/akjb/",
    "/kontakte/personen/andrea-ruder/",
    "/koordination/konferenzen/kkjp/",
    "/koordination/stellen/koordination-kinder-und-jugendhilfe-bl/",
    "/koordination/gremien/steuergruppe-kinder-und-jugendhilfe/",
    "/koordination/foren/dialogforum/",
    "/koordination/grundlagen/kjsg/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/felder/7/",
]


def test_every_public_entry_page_links_its_report_form(seeded, client):
    for path in SEEDED_PAGES:
        content = client.get(path).content.decode()
        assert 'href="/aenderung-melden/' in content, path
        link = content.split('href="/aenderung-melden/')[1].split('"')[0]
        assert client.get(f"/aenderung-melden/{link}").status_code == 200, path


def test_an_event_page_links_its_report_form(make_country, client):
    from coordination.models import Event, EventFormat, Forum, Jurisdiction

    forum = Forum.objects.create(
        name="Dialogforum",
        slug="forum",
        jurisdiction=Jurisdiction.FEDERAL,
        country=make_country("DE"),
        is_published=True,
    )
    event_format = EventFormat.objects.create(forum=forum, name="Fachtag", slug="fachtag")
    event = Event.objects.create(
        format=event_format,
        title="Fachtag 2027",
        slug="fachtag-2027",
        starts_at=timezone.now(),
        is_published=True,
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/aenderung-melden/veranstaltung/{event.pk}/"' in content


def test_lists_and_drafts_take_no_reports(basel_office, client, admin_client):
    assert "aenderung-melden" not in client.get("/kontakte/").content.decode()
    Organisation.objects.filter(pk=basel_office.pk).update(is_published=False)
    preview = admin_client.get(basel_office.get_absolute_url())
    assert preview.status_code == 200  # staff preview the draft ...
    assert "aenderung-melden" not in preview.content.decode()  # ... without a report link
    assert client.get(report_url(basel_office, "organisation")).status_code == 404
    assert client.get("/aenderung-melden/benutzer/1/").status_code == 404


# The form


def test_a_report_is_stored_with_its_record_canton_and_language(basel_office, client):
    response = send_report(client, basel_office, "organisation", reporter_name="Regula Muster")
    assert response.status_code == 302
    report = ChangeReport.objects.get()
    assert (report.record, report.canton.code, report.language) == (basel_office, "BL", "de")
    assert report.record_label == str(basel_office)
    assert report.record_path == basel_office.get_absolute_url()
    assert report.status == ChangeReportStatus.OPEN
    done = client.get(response["Location"])
    assert f"Ihre Meldung Nr. {report.pk}" in done.content.decode()
    assert "Die Redaktion des Kantons BL prüft sie." in done.content.decode()


def test_the_thank_you_page_shows_only_this_browsers_report(basel_office, client):
    stored_report(basel_office)
    response = client.get(reverse("report_change_done"))
    assert response.status_code == 302  # no report sent from this session


def test_bad_input_is_explained_and_nothing_typed_is_lost(basel_office, client):
    response = send_report(
        client,
        basel_office,
        "organisation",
        problem="",
        correction="x" * 2001,
        reporter_email="keine-adresse",
        reporter_name="Regula Muster",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert not ChangeReport.objects.exists()
    assert "Bitte beschreiben Sie, was falsch ist." in content
    assert "höchstens 2000 Zeichen, jetzt 2001" in content
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in content
    assert 'value="Regula Muster"' in content
    assert 'value="keine-adresse"' in content


def test_the_honeypot_turns_automated_senders_away(basel_office, client):
    response = send_report(client, basel_office, "organisation", website="http://spam.example")
    assert response.status_code == 200
    assert not ChangeReport.objects.exists()
    assert "Ihre Meldung konnte nicht angenommen werden." in response.content.decode()


def test_the_form_needs_its_csrf_token(basel_office):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        report_url(basel_office, "organisation"),
        {"problem": PROBLEM, "correction": CORRECTION},
    )
    assert response.status_code == 403
    assert not ChangeReport.objects.exists()


def test_the_rate_limit_counts_stored_reports_only(basel_office, client, settings):
    settings.PORTAL_CHANGE_REPORT_RATE = "2/h"
    for _attempt in range(3):
        send_report(client, basel_office, "organisation", problem="")  # rejected: not counted
    assert send_report(client, basel_office, "organisation", problem="Erstens").status_code == 302
    assert send_report(client, basel_office, "organisation", problem="Zweitens").status_code == 302
    refused = send_report(
        client, basel_office, "organisation", problem="Drittens", reporter_name="Regula Muster"
    )
    assert refused.status_code == 429
    assert "Zu viele Meldungen in kurzer Zeit." in refused.content.decode()
    assert 'value="Regula Muster"' in refused.content.decode()
    assert ChangeReport.objects.count() == 2


def test_what_a_reporter_typed_is_never_rendered_as_html(basel_office, client, admin_client):
    send_report(client, basel_office, "organisation", problem="<script>alert(1)</script>")
    report = ChangeReport.objects.get()
    page = admin_client.get(reverse("admin:portal_changereport_change", args=[report.pk]))
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


# Who gets it


def test_the_editors_of_the_records_canton_get_a_mail(
    basel_office, client, make_editor, django_capture_on_commit_callbacks
):
    basel = make_editor("BL", username="redaktion-bl")
    basel.email = "redaktion@bl.example.ch"
    basel.save()
    zurich = make_editor("ZH", username="redaktion-zh")
    zurich.email = "redaktion@zh.example.ch"
    zurich.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_report(client, basel_office, "organisation")
    [message] = mail.outbox
    assert message.to == ["redaktion@bl.example.ch"]
    report = ChangeReport.objects.get()
    assert f"Änderungsmeldung Nr. {report.pk}" in message.subject
    assert CORRECTION in message.body
    assert f"/admin/portal/changereport/{report.pk}/change/" in message.body
    report.refresh_from_db()
    assert report.editors_notified_at is not None


def test_reports_on_intercantonal_records_go_to_the_secretariat(
    make_organisation, make_editor, django_capture_on_commit_callbacks
):
    conference_office = make_organisation(name="Sekretariat SODK", canton=None)
    secretariat = make_editor(group=CONFERENCE_SECRETARIAT_GROUP, username="sekretariat")
    secretariat.email = "sekretariat@example.ch"
    secretariat.save()
    editor = make_editor("BL", username="redaktion-bl")
    editor.email = "redaktion@bl.example.ch"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = stored_report(conference_office)
    assert report.canton is None
    assert [message.to for message in mail.outbox] == [["sekretariat@example.ch"]]


def test_a_report_is_kept_when_the_mail_server_fails(
    basel_office, client, make_editor, mail_server, django_capture_on_commit_callbacks
):
    editor = make_editor("BL")
    editor.email = "redaktion@bl.example.ch"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = send_report(client, basel_office, "organisation")
    assert response.status_code == 302
    report = ChangeReport.objects.get()
    assert report.editors_notified_at is None  # not claimed as sent
    assert report.mail_error == (
        "Benachrichtigung der Redaktion nicht versandt "
        "(ConnectionRefusedError: [Errno 111] Connection refused)."
    )
    assert list(ChangeReport.objects.mail_pending()) == [report]


def test_a_report_mail_another_process_has_claimed_is_not_sent_again(
    basel_office, make_editor, django_capture_on_commit_callbacks
):
    editor = make_editor("BL")
    editor.email = "redaktion@bl.example.ch"
    editor.save()
    report = stored_report(basel_office)  # its mail is not sent yet (no commit)
    stale = ChangeReport.objects.get(pk=report.pk)
    assert reports.notify_editors(report) is True

    assert reports.notify_editors(stale) is False  # read before the other run sent it
    assert len(mail.outbox) == 1


def test_the_admin_shows_the_last_mail_error(basel_office, admin_client):
    report = stored_report(basel_office)
    ChangeReport.objects.filter(pk=report.pk).update(mail_error="E-Mail-Server nicht erreichbar.")
    page = admin_client.get(reverse("admin:portal_changereport_change", args=[report.pk]))
    assert "E-Mail-Server nicht erreichbar." in page.content.decode()
    assert 'name="mail_error"' not in page.content.decode()  # read-only


# Scope in the admin


def test_an_editor_never_sees_another_cantons_reports(
    basel_office, zurich_office, make_organisation, client, make_editor
):
    own = stored_report(basel_office)
    foreign = stored_report(zurich_office)
    intercantonal = stored_report(make_organisation(name="Sekretariat SODK", canton=None))
    client.force_login(make_editor("BL"))
    listed = client.get(reverse("admin:portal_changereport_changelist")).context["cl"]
    assert list(listed.result_list) == [own]
    for other in (foreign, intercantonal):
        change = reverse("admin:portal_changereport_change", args=[other.pk])
        page = client.get(change)
        assert page.status_code in (302, 403, 404)
        assert PROBLEM not in page.content.decode()
        forged = client.post(change, {"decision_note": "Nein", "_reject": "1"})
        assert forged.status_code in (302, 403, 404)
        other.refresh_from_db()
        assert other.status == ChangeReportStatus.OPEN


def test_the_secretariat_handles_the_intercantonal_reports(
    basel_office, make_organisation, client, make_editor
):
    stored_report(basel_office)
    intercantonal = stored_report(make_organisation(name="Sekretariat SODK", canton=None))
    client.force_login(make_editor(group=CONFERENCE_SECRETARIAT_GROUP))
    listed = client.get(reverse("admin:portal_changereport_changelist")).context["cl"]
    assert intercantonal in listed.result_list


def test_nobody_deletes_a_report(basel_office, admin_client):
    report = stored_report(basel_office)
    delete = reverse("admin:portal_changereport_delete", args=[report.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ChangeReport.objects.filter(pk=report.pk).exists()


# Moderation


def test_the_report_is_shown_beside_the_records_current_values(basel_office, admin_client):
    basel_office.phone = "+41615521799"
    basel_office.save()
    report = stored_report(basel_office)
    page = admin_client.get(reverse("admin:portal_changereport_change", args=[report.pk]))
    content = page.content.decode()
    assert "Der Eintrag heute" in content
    assert "+41615521799" in content or "061 552 17 99" in content
    assert CORRECTION in content
    apply = page.context["apply_url"]
    assert apply == (
        reverse("admin:contacts_organisation_change", args=[basel_office.pk])
        + f"?meldung={report.pk}"
    )


def test_accepting_applies_the_suggestion_and_names_the_report_in_the_history(
    basel_office, client, make_editor, django_capture_on_commit_callbacks
):
    report = stored_report(basel_office, reporter_email="regula@example.ch", language="fr")
    editor = make_editor("BL")
    client.force_login(editor)
    apply = reverse("admin:contacts_organisation_change", args=[basel_office.pk])
    form_page = client.get(f"{apply}?meldung={report.pk}")
    shown = [str(message) for message in form_page.context["messages"]]
    assert any(CORRECTION in message for message in shown)

    data = admin_form_data(form_page) | {"phone": "061 552 17 00"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{apply}?meldung={report.pk}", data)
    assert response.status_code == 302
    basel_office.refresh_from_db()
    assert basel_office.phone == "+41615521700"
    latest = basel_office.history.latest()
    assert latest.history_change_reason == f"Änderungsmeldung Nr. {report.pk}"
    assert latest.history_user == editor
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ChangeReportStatus.ACCEPTED, editor)
    [answer] = mail.outbox
    assert answer.to == ["regula@example.ch"]
    assert f"Votre signalement n° {report.pk}" in answer.subject  # in the reporter's language


def test_a_report_for_another_record_does_not_touch_this_ones_history(
    basel_office, make_organisation, admin_client
):
    other = make_organisation(canton="BL")
    report = stored_report(other)
    change = reverse("admin:contacts_organisation_change", args=[basel_office.pk])
    page = admin_client.get(f"{change}?meldung={report.pk}")
    admin_client.post(f"{change}?meldung={report.pk}", admin_form_data(page))
    assert basel_office.history.latest().history_change_reason is None
    report.refresh_from_db()
    assert report.status == ChangeReportStatus.OPEN


def test_rejecting_needs_a_note_and_tells_the_reporter(
    basel_office, admin_client, django_capture_on_commit_callbacks
):
    report = stored_report(basel_office, reporter_email="regula@example.ch")
    change = reverse("admin:portal_changereport_change", args=[report.pk])
    refused = admin_client.post(change, {"decision_note": "", "_reject": "1"})
    assert "Bitte begründen Sie die Ablehnung" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {"decision_note": "Die Nummer ist aktuell.", "_reject": "1"})
    report.refresh_from_db()
    assert report.status == ChangeReportStatus.REJECTED
    [answer] = mail.outbox
    assert "Die Nummer ist aktuell." in answer.body
    assert report.reporter_notified_at is not None


def test_the_dashboard_shows_open_reports_per_canton_with_their_age(
    basel_office, zurich_office, client, make_editor
):
    old = stored_report(basel_office)
    ChangeReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    stored_report(zurich_office)
    client.force_login(make_editor("BL"))
    response = client.get(reverse("staff_dashboard"))
    [group] = response.context["open_change_reports"]
    assert group["canton"].code == "BL"
    assert [item["age_days"] for item in group["items"]] == [3]
    assert "seit 3 Tagen offen" in response.content.decode()


def test_a_report_sent_twice_is_stored_and_mailed_once(
    basel_office, client, make_editor, django_capture_on_commit_callbacks
):
    editor = make_editor("BL")
    editor.email = "redaktion@bl.example.ch"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_report(client, basel_office, "organisation")
        again = send_report(client, basel_office, "organisation")
    assert again.status_code == 302
    assert ChangeReport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_person_is_reported_to_the_canton_of_their_public_functions(
    make_person, make_position, make_canton
):
    person = make_person()
    make_position(person=person, canton="ZH", is_published=False)  # an old draft
    make_position(person=person, canton="BL")
    assert stored_report(person).canton.code == "BL"


def test_only_active_staff_with_an_address_in_the_canton_get_the_mail(make_editor, make_canton):
    from portal.reports import editors_of

    wanted = make_editor("BL", username="aktiv")
    wanted.email = "aktiv@bl.example.ch"
    wanted.save()
    for username, changes in [
        ("ohne-adresse", {}),
        ("inaktiv", {"email": "inaktiv@bl.example.ch", "is_active": False}),
        ("kein-staff", {"email": "kein-staff@bl.example.ch", "is_staff": False}),
    ]:
        user = make_editor("BL", username=username)
        for name, value in changes.items():
            setattr(user, name, value)
        user.save()
    other = make_editor("ZH", username="zuerich")
    other.email = "zh@example.ch"
    other.save()
    assert list(editors_of(make_canton("BL"))) == [wanted]


def test_a_report_is_not_shown_through_the_form_of_a_record_out_of_scope(
    zurich_office, make_organisation, client, make_editor
):
    foreign = stored_report(zurich_office)
    intercantonal_record = make_organisation(name="Sekretariat SODK", canton=None)
    intercantonal = stored_report(intercantonal_record)
    client.force_login(make_editor("BL"))
    for record, report in [(zurich_office, foreign), (intercantonal_record, intercantonal)]:
        change = reverse("admin:contacts_organisation_change", args=[record.pk])
        page = client.get(f"{change}?meldung={report.pk}")
        assert PROBLEM not in page.content.decode()
        assert CORRECTION not in page.content.decode()
        client.post(f"{change}?meldung={report.pk}", {"name": "Übernommen?"})
        report.refresh_from_db()
        assert report.status == ChangeReportStatus.OPEN


def test_the_history_of_another_cantons_or_an_intercantonal_report_is_closed(
    zurich_office, make_organisation, client, make_editor
):
    reports = [
        stored_report(zurich_office),
        stored_report(make_organisation(name="Sekretariat SODK", canton=None)),
    ]
    client.force_login(make_editor("BL"))
    for report in reports:
        history = client.get(reverse("admin:portal_changereport_history", args=[report.pk]))
        assert history.status_code in (403, 404)
        assert report.record_label not in history.content.decode()


def test_a_rejection_reaches_the_reporter_in_their_language(
    basel_office, admin_client, django_capture_on_commit_callbacks
):
    report = stored_report(basel_office, reporter_email="regula@example.ch", language="it")
    change = reverse("admin:portal_changereport_change", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {"decision_note": "Il numero è corretto.", "_reject": "1"})
    [answer] = mail.outbox
    assert answer.subject == f"La Sua segnalazione n. {report.pk}"
    assert "non ha modificato la voce" in answer.body
    assert "Il numero è corretto." in answer.body
