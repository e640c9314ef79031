"""Staff accounts and their security: groups, create_editor, dashboard, lockout, sessions,
security headers and the second factor."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.editing_scope import (
    ADMINISTRATION_GROUP,
    CANTONAL_EDITOR_GROUP,
    CONFERENCE_SECRETARIAT_GROUP,
)
from portal.groups import sync_groups

User = get_user_model()


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_migration_created_the_three_groups_with_their_permissions(db):
    cantonal = codenames(CANTONAL_EDITOR_GROUP)
    secretariat = codenames(CONFERENCE_SECRETARIAT_GROUP)
    administration = codenames(ADMINISTRATION_GROUP)

    assert {"change_organisation", "delete_position", "view_canton"} <= cantonal
    assert not {"change_canton", "change_topic", "change_user", "view_editingscope"} & cantonal
    assert {"change_organisation", "change_topic"} <= secretariat
    assert "change_user" not in secretariat
    assert {"change_user", "change_editingscope", "view_accessattempt"} <= administration


def test_sync_groups_is_idempotent_and_keeps_manual_additions(db):
    group = Group.objects.get(name=CANTONAL_EDITOR_GROUP)
    extra = Group.objects.get(name=ADMINISTRATION_GROUP).permissions.get(codename="view_user")
    group.permissions.add(extra)
    before = codenames(CANTONAL_EDITOR_GROUP)

    sync_groups()
    sync_groups()

    assert codenames(CANTONAL_EDITOR_GROUP) == before
    assert Group.objects.filter(name__in=[CANTONAL_EDITOR_GROUP]).count() == 1


def test_editor_groups_migration_imports_no_live_code():
    import ast
    import importlib
    import inspect

    migration = importlib.import_module("portal.migrations.0001_editor_groups")
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(inspect.getsource(migration)))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert all(name.split(".")[0] == "django" for name in imported), imported


def test_every_migrate_gives_the_groups_their_permissions(db):
    from django.core.management.sql import emit_post_migrate_signal

    for group in Group.objects.filter(name__in=[CANTONAL_EDITOR_GROUP, ADMINISTRATION_GROUP]):
        group.permissions.clear()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert {"change_organisation", "view_canton"} <= codenames(CANTONAL_EDITOR_GROUP)
    assert "change_user" in codenames(ADMINISTRATION_GROUP)


def run_create_editor(*args):
    out = StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


def printed_link(output):
    return next(line for line in output.splitlines() if "/admin/passwort/" in line)


def test_create_editor_creates_staff_with_scope_and_prints_password_link(db, make_canton, client):
    make_canton("BL")
    make_canton("BS")

    output = run_create_editor(
        "akjb",
        "--email",
        "redaktion@example.ch",
        "--canton",
        "BL",
        "--canton",
        "bs",
        "--base-url",
        "https://drehscheibe.example.ch",
    )

    user = User.objects.get(username="akjb")
    assert user.is_staff and not user.is_superuser
    assert user.email == "redaktion@example.ch"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [CANTONAL_EDITOR_GROUP]
    assert set(user.editing_scope.cantons.values_list("code", flat=True)) == {"BL", "BS"}
    link = printed_link(output)
    path = link[link.index("/admin/passwort/") :]
    # The one-time link opens the form to set a password (Django redirects to a safe URL).
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_create_editor_links_to_the_given_base_url(db, make_canton, settings, debug):
    make_canton("BL")
    settings.DEBUG = debug
    settings.PORTAL_BASE_URL = "https://falsch.example.ch"

    link = printed_link(
        run_create_editor("akjb", "--canton", "BL", "--base-url", "https://portal.example.ch/")
    )

    assert link.startswith("https://portal.example.ch/admin/passwort/erstes/")


def test_create_editor_links_to_the_portal_base_url_setting(db, make_canton, settings):
    make_canton("BL")
    settings.PORTAL_BASE_URL = "https://drehscheibe.example.ch"

    link = printed_link(run_create_editor("akjb", "--canton", "BL"))

    assert link.startswith("https://drehscheibe.example.ch/admin/passwort/erstes/")


def test_create_editor_refuses_without_base_url_in_production(db, make_canton, settings):
    make_canton("BL")
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = ""

    with pytest.raises(CommandError, match="PORTAL_BASE_URL"):
        run_create_editor("akjb", "--canton", "BL")
    assert not User.objects.filter(username="akjb").exists()


def test_create_editor_falls_back_to_the_local_server_with_debug(db, make_canton, settings):
    make_canton("BL")
    settings.DEBUG = True
    settings.PORTAL_BASE_URL = ""

    link = printed_link(run_create_editor("akjb", "--canton", "BL"))

    assert link.startswith("http://127.0.0.1:8000/admin/passwort/erstes/")


def test_create_editor_link_opens_a_page_to_set_the_first_password(
    db, make_canton, client, settings
):
    make_canton("BL")
    settings.PORTAL_BASE_URL = "https://drehscheibe.example.ch"
    link = printed_link(run_create_editor("akjb", "--canton", "BL"))

    page = client.get(link.removeprefix(settings.PORTAL_BASE_URL), follow=True)

    content = page.content.decode()
    assert "<title>Erstes Passwort festlegen" in content
    assert "Passwort festlegen" in content and "new_password1" in content
    assert "zurücksetzen" not in content.lower() and "Neues Passwort" not in content
    set_password = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Erstes-Passwort-2026", "new_password2": "Erstes-Passwort-2026"},
    )
    assert set_password["Location"] == reverse("first_password_done")
    assert User.objects.get(username="akjb").check_password("Erstes-Passwort-2026")
    done = client.get(set_password["Location"]).content.decode()
    assert "<title>Passwort festgelegt" in done
    assert "zurückgesetzt" not in done.lower() and "Zwei-Faktor" in done


def test_password_reset_link_of_an_existing_password_keeps_its_wording(
    db, make_editor, client, settings
):
    make_editor("BL", username="akjb")  # has a password already
    settings.PORTAL_BASE_URL = "https://drehscheibe.example.ch"

    link = printed_link(run_create_editor("akjb"))
    page = client.get(link.removeprefix(settings.PORTAL_BASE_URL), follow=True)

    assert "/erstes/" not in link
    assert page.status_code == 200 and "new_password1" in page.content.decode()
    assert "Erstes Passwort" not in page.content.decode()


def test_create_editor_updates_existing_account_and_can_generate_password(db, make_canton):
    make_canton("BL")
    make_canton("ZH")
    run_create_editor("akjb", "--canton", "BL", "--base-url", "https://drehscheibe.example.ch")

    output = run_create_editor(
        "akjb", "--canton", "ZH", "--group", CONFERENCE_SECRETARIAT_GROUP, "--generate-password"
    )

    user = User.objects.get(username="akjb")
    assert list(user.editing_scope.cantons.values_list("code", flat=True)) == ["ZH"]
    assert list(user.groups.values_list("name", flat=True)) == [CONFERENCE_SECRETARIAT_GROUP]
    password = output.strip().rsplit(" ", 1)[-1]
    assert user.check_password(password)
    assert User.objects.filter(username="akjb").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--canton", "XX"], "Unbekannter Kanton: XX"),
        (["--canton", "BL", "--group", "Chefredaktion"], "Unbekannte Gruppe: Chefredaktion"),
        ([], "braucht mindestens einen Kanton"),
    ],
)
def test_create_editor_refuses_unknown_canton_or_group(db, make_canton, args, message):
    make_canton("BL")
    with pytest.raises(CommandError, match=message):
        run_create_editor("akjb", *args, "--base-url", "https://drehscheibe.example.ch")
    assert not User.objects.filter(username="akjb").exists()


def test_dashboard_lists_stale_records_drafts_within_scope_with_links(
    client, make_editor, make_organisation, make_position
):
    editor = make_editor("BL")
    stale = make_organisation(
        name="Altes Amt", canton="BL", last_verified_on=datetime.date(2020, 5, 1)
    )
    fresh = make_organisation(
        name="Frisches Amt", canton="BL", last_verified_on=timezone.localdate()
    )
    draft = make_position(canton="BL", title="Entwurfsfunktion", is_published=False)
    make_organisation(name="Zürcher Amt", canton="ZH", is_published=False)
    client.force_login(editor)

    response = client.get(reverse("staff_dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("admin:contacts_organisation_change", args=[stale.pk]) in content
    assert "zuletzt geprüft am 1. Mai 2020" in content
    assert reverse("admin:contacts_position_change", args=[draft.pk]) in content
    assert (
        reverse("admin:contacts_organisation_change", args=[fresh.pk])
        not in content.split("Unveröffentlichte Entwürfe")[0]
    )
    assert "Zürcher Amt" not in content


def test_dashboard_asks_the_admin_site_for_its_admins(client, make_editor, monkeypatch):
    from django.contrib import admin

    from contacts.models import Organisation

    asked = []
    get_model_admin = admin.site.get_model_admin

    def spy(model):
        asked.append(model)
        return get_model_admin(model)

    monkeypatch.setattr(admin.site, "get_model_admin", spy)
    client.force_login(make_editor("BL"))
    assert client.get(reverse("staff_dashboard")).status_code == 200
    assert Organisation in asked


def test_dashboard_is_linked_from_admin_index_and_closed_to_visitors(client, admin_client):
    assert reverse("staff_dashboard") in admin_client.get(reverse("admin:index")).content.decode()
    response = client.get(reverse("staff_dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_dashboard_query_count_does_not_grow_with_records(
    client, make_editor, make_organisation, django_assert_max_num_queries
):
    editor = make_editor("BL")
    client.force_login(editor)
    for index in range(2):
        make_organisation(name=f"Amt {index}", canton="BL", is_published=False)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("staff_dashboard"))
    for index in range(40):
        make_organisation(name=f"Weiteres Amt {index}", canton="BL", is_published=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("staff_dashboard"))


def test_login_is_locked_after_repeated_failures(client, make_editor, settings):
    make_editor("BL", username="redaktorin", password="Richtiges-Passwort-1")
    login_url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login_url, {"username": "redaktorin", "password": "falsch"})
        assert response.status_code == 200

    locked = client.post(login_url, {"username": "redaktorin", "password": "falsch"})
    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.content.decode()

    # Locked even with the right password until the cool-off ends.
    again = client.post(login_url, {"username": "redaktorin", "password": "Richtiges-Passwort-1"})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockouts_are_visible_to_administrators(admin_client, client, make_editor, settings):
    make_editor("BL", username="redaktorin")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "redaktorin", "password": "falsch"})

    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert "redaktorin" in response.content.decode()


def test_staff_session_expires_after_inactivity(client, make_editor, settings):
    editor = make_editor("BL")
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # Every request renews the session for SESSION_COOKIE_AGE ...
    assert session.expire_date > timezone.now() + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60
    )

    # ... so it lapses only after that long without a request.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_is_served_with_the_security_headers(client, db):
    response = client.get(reverse("admin:login"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client, settings, db):
    # No script of the portal or the admin reads it: the forms carry the token themselves.
    response = client.get(reverse("admin:login"))

    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True


def test_password_validators_refuse_weak_passwords(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


@pytest.fixture(autouse=True)
def _no_otp_throttling(settings):
    # django-otp delays the next try after a wrong code; the tests try right after one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def totp_token(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"  # as an app shows it: with leading zeros


def test_administration_group_must_set_up_a_second_factor(client, make_editor):
    administrator = make_editor(group=ADMINISTRATION_GROUP)
    client.force_login(administrator, verified=False)

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert setup.context["qr_code"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)

    wrong = client.post(reverse("otp_setup"), {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    confirmed = client.post(reverse("otp_setup"), {"token": totp_token(device), "next": "/admin/"})
    assert confirmed.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_administration_login_asks_for_the_code_of_a_confirmed_device(client, make_editor):
    administrator = make_editor(group=ADMINISTRATION_GROUP)
    device = TOTPDevice.objects.create(user=administrator, name="App", confirmed=True)
    client.force_login(administrator, verified=False)

    response = client.get(reverse("admin:contacts_organisation_changelist"))
    assert response["Location"].startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_verify"), {"token": "000000"}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302

    verified = client.post(
        reverse("otp_verify"), {"token": totp_token(device), "next": "/admin/contacts/"}
    )
    assert verified["Location"] == "/admin/contacts/"
    assert client.get(reverse("admin:index")).status_code == 200


def log_in(client, username, password="Redaktion-2026!"):
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, "login failed"
    return client.get(response["Location"])


def test_editor_without_device_is_sent_to_set_up_on_first_login(client, make_editor):
    editor = make_editor("BL", username="redaktorin")

    first_page = log_in(client, "redaktorin")

    assert first_page.status_code == 302
    assert first_page["Location"].startswith(reverse("otp_setup"))
    setup = client.get(first_page["Location"])
    assert "Für Ihr Konto ist die Zwei-Faktor-Anmeldung vorgeschrieben" in setup.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    confirmed = client.post(reverse("otp_setup"), {"token": totp_token(device), "next": "/admin/"})
    assert confirmed["Location"] == "/admin/"
    assert client.get(reverse("admin:contacts_organisation_changelist")).status_code == 200


def test_editor_with_device_enters_the_code_after_login(client, make_editor):
    editor = make_editor("BL", username="redaktorin")
    device = TOTPDevice.objects.create(user=editor, name="App", confirmed=True)

    first_page = log_in(client, "redaktorin")

    assert first_page["Location"].startswith(reverse("otp_verify"))
    client.post(reverse("otp_verify"), {"token": totp_token(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_unverified_editor_reaches_no_admin_page_even_by_forged_requests(
    client, make_editor, make_organisation
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from contacts.models import Organisation

    make_editor("BL", username="redaktorin")
    organisation = make_organisation(canton="BL", name="Eigenes Amt", is_published=False)
    log_in(client, "redaktorin")
    changelist = reverse("admin:contacts_organisation_changelist")
    change = reverse("admin:contacts_organisation_change", args=[organisation.pk])
    publish = {"action": "publish", ACTION_CHECKBOX_NAME: [organisation.pk]}
    delete = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [organisation.pk], "post": "yes"}
    requests = [
        ("get", reverse("admin:index"), {}),
        ("get", changelist, {}),
        ("get", change, {}),
        ("post", change, {"name": "Gefälscht", "short_name": organisation.short_name}),
        ("post", changelist, publish),
        ("post", changelist, delete),
        ("get", reverse("admin:contacts_organisation_delete", args=[organisation.pk]), {}),
        ("get", reverse("admin:contacts_organisation_history", args=[organisation.pk]), {}),
        ("get", reverse("admin:contacts_organisation_import"), {}),
        ("post", reverse("admin:contacts_organisation_import"), {"format": "0"}),
        ("post", reverse("admin:contacts_organisation_process_import"), {"format": "0"}),
        ("get", reverse("admin:contacts_organisation_export"), {}),
        ("post", reverse("admin:contacts_organisation_export"), {"format": "0"}),
        ("get", reverse("admin:contacts_position_changelist"), {}),
        ("get", reverse("admin:auth_user_changelist"), {}),
        ("get", reverse("staff_dashboard"), {}),
    ]

    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("otp_setup")), (method, url)
    organisation.refresh_from_db()
    assert organisation.name == "Eigenes Amt" and not organisation.is_published
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_limited_to_administration_editors_need_no_second_factor(client, make_editor, settings):
    settings.PORTAL_OTP_REQUIRED_FOR = "administration"
    make_editor("BL", username="redaktorin")
    make_editor(group=ADMINISTRATION_GROUP, username="administratorin")

    assert log_in(client, "redaktorin").status_code == 200
    client.logout()
    administrator_page = log_in(client, "administratorin")
    assert administrator_page.status_code == 302
    assert administrator_page["Location"].startswith(reverse("otp_setup"))


def test_limited_to_administration_local_superusers_need_no_second_factor(
    client, admin_user, settings
):
    settings.PORTAL_OTP_REQUIRED_FOR = "administration"
    client.force_login(admin_user, verified=False)
    assert client.get(reverse("admin:index")).status_code == 200


def test_by_default_superusers_need_a_second_factor_too(client, admin_user):
    client.force_login(admin_user, verified=False)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("otp_setup"))


# Publishing: drafts are previewed by staff only and never listed or exported.


@pytest.fixture
def draft_person(make_position, make_person):
    person = make_person(first_name="Entwurf", last_name="Unveröffentlicht", is_published=False)
    make_position(person=person, canton="BL", title="Koordinatorin")
    return person


def test_staff_preview_a_draft_with_banner_and_noindex(client, make_editor, draft_person):
    client.force_login(make_editor("BL"))

    response = client.get(draft_person.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Entwurf" in content and "draft-banner" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_anonymous_visitors_get_404_for_drafts(client, draft_person, make_organisation):
    draft_organisation = make_organisation(canton="BL", is_published=False)

    assert client.get(draft_person.get_absolute_url()).status_code == 404
    assert client.get(reverse("contacts:person_vcard", args=[draft_person.slug])).status_code == 404
    assert client.get(draft_organisation.get_absolute_url()).status_code == 404
    vcard = reverse("contacts:organisation_vcard", args=[draft_organisation.slug])
    assert client.get(vcard).status_code == 404


def test_drafts_are_absent_from_list_and_export_even_for_staff(
    client, make_editor, draft_person, make_position
):
    published = make_position(canton="BL", title="Sichtbare Funktion")
    client.force_login(make_editor("BL"))

    listing = client.get(reverse("contacts:directory")).content.decode()
    csv_response = client.get(reverse("contacts:export_csv"))
    export = b"".join(csv_response.streaming_content).decode("utf-8-sig")

    assert published.person.last_name in listing and published.person.last_name in export
    for page in (listing, export):
        assert "Unveröffentlicht" not in page


def test_the_search_shows_staff_their_drafts_marked_and_visitors_none(
    client, make_editor, draft_person
):
    visitor = client.get(reverse("search"), {"q": "Unveröffentlicht"}).content.decode()
    assert draft_person.get_absolute_url() not in visitor
    client.force_login(make_editor("BL"))
    staff = client.get(reverse("search"), {"q": "Unveröffentlicht"}).content.decode()
    assert draft_person.get_absolute_url() in staff
    assert '<span class="badge text-bg-warning">Entwurf</span>' in staff


def test_person_page_shows_when_the_position_was_last_verified(client, make_position):
    position = make_position(canton="BL", last_verified_on=datetime.date(2026, 3, 1))
    content = client.get(position.person.get_absolute_url()).content.decode()
    assert "Stand: 1. März 2026" in content


def test_organisation_page_shows_when_it_was_last_verified(client, make_organisation):
    organisation = make_organisation(canton="BL", last_verified_on=datetime.date(2026, 3, 1))
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Stand: 1. März 2026" in content


def test_administrators_manage_accounts_with_their_editing_scope(admin_client, make_canton):
    bl = make_canton("BL")
    add = admin_client.get(reverse("admin:auth_user_add"))
    assert add.status_code == 200

    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "neue-redaktorin",
            "usable_password": "false",
            "editing_scope-TOTAL_FORMS": "1",
            "editing_scope-INITIAL_FORMS": "0",
            "editing_scope-MIN_NUM_FORMS": "0",
            "editing_scope-MAX_NUM_FORMS": "1",
            "editing_scope-0-cantons": [str(bl.pk)],
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="neue-redaktorin")
    assert list(user.editing_scope.cantons.all()) == [bl]


def test_staff_see_drafts_on_public_pages_only_after_their_second_factor(
    client, make_editor, make_organisation
):
    draft = make_organisation(is_published=False)
    editor = make_editor("BL")

    client.force_login(editor, verified=False)
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_without_a_required_second_factor_staff_may_preview_drafts(
    client, settings, make_editor, make_organisation
):
    settings.PORTAL_OTP_REQUIRED_FOR = "administration"
    draft = make_organisation(is_published=False)

    client.force_login(make_editor("BL"), verified=False)

    assert client.get(draft.get_absolute_url()).status_code == 200
