"""Swiss German, formal: what staff read in the admin and visitors read on the public pages.

Swiss spelling writes "ss", never "ß" (except in names quoted from German sources), the
portal addresses everyone as "Sie", and no English from the installed packages is left.
"""

import contextlib
import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.models import Organisation
from planning.models import Decision, Plan

# Names quoted from German sources keep their spelling (the Dialogforum's topic area).
QUOTED_GERMAN_NAMES = ["Unterbringung außerhalb der eigenen Familie"]

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deiner|deinen|deinem|deines)\b", re.I)
# English the packages leave untranslated, as it showed in the admin before.
ENGLISH = re.compile(
    r"Select all|\bChanges\b|\bCan (add|change|delete|view)\b|\bhistorical\b|Reset password"
    r"|Password-based|\bEnabled\b|\bDisabled\b|Locked Out|Search by|\bIdentity\b"
    r"|\bConfiguration\b|\bTimestamps\b|\bThrottling\b|\bdevices?\b|\bobject \(\d+\)|\bNone\b"
    r"|could not be parsed|\b(First|Last) Name\b|\bPhone\b|\bLast Verified\b"
    r"|(?i:\bcreated at\b|\blast used at\b|\bconfirmed\b|\btolerance\b|\bdigits\b)"
)
# An attribute name or an upper-case English header where a German label belongs.
TECHNICAL_LABEL = re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b|\b(PHONE|CHANGES|LAST_VERIFIED_ON)\b")


def visible_text(content):
    """What a reader sees: text and the attributes a browser shows, without code samples,
    scripts and the values of form options (those are identifiers, not labels)."""
    content = re.sub(r"(?s)<(script|style|code|textarea)\b.*?</\1>", " ", content)
    shown = re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', content)
    shown += re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', content)
    text = re.sub(r"<[^>]+>", "\n", content)
    lines = [*html.unescape(text).splitlines(), *map(html.unescape, shown)]
    return [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]


def offences(content):
    found = []
    for line in visible_text(content):
        checked = line
        for name in QUOTED_GERMAN_NAMES:
            checked = checked.replace(name, "")
        if "ß" in checked:
            found.append(("ß", line))
        for pattern, kind in ((INFORMAL, "du"), (ENGLISH, "English"), (TECHNICAL_LABEL, "label")):
            if pattern.search(checked):
                found.append((kind, line))
    return found


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.ch", "x" * 16)
    client.force_login(user)
    return client


def admin_urls():
    urls = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("staff_dashboard"),
    ]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls += [reverse(f"{info}_{view}", args=[obj.pk]) for view in ("change", "delete")]
            urls.append(reverse(f"{info}_history", args=[obj.pk]))
        for view in ("import", "export"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"{info}_{view}"))
    return urls


def test_every_admin_page_speaks_swiss_formal_german(superuser_client, seeded):
    organisation = Organisation.objects.order_by("pk").first()
    # A history entry with changes, so that the history page lists changed fields.
    organisation.phone = "+41 61 552 50 00"
    organisation.save()
    # A second factor's device (not confirmed, so the superuser needs no code here).
    editor = get_user_model().objects.create_user("redaktion", is_staff=True)
    TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=False)

    checked, found = 0, {}
    for url in admin_urls():
        response = superuser_client.get(url)
        if response.status_code != 200:  # e.g. no "add" for records only the code creates
            assert response.status_code in (302, 403), url
            continue
        checked += 1
        if problems := offences(response.content.decode()):
            found[url] = problems
    assert checked > 80
    assert found == {}


def test_the_login_page_speaks_swiss_formal_german(client, db):
    response = client.post(reverse("admin:login"), {"username": "nobody", "password": "wrong"})
    content = response.content.decode()
    assert "Gross- und Kleinschreibung" in content
    assert offences(content) == []


@pytest.mark.parametrize(
    ("msgid", "swiss"),
    [
        ("Close", "Schliessen"),
        ("Select all", "Alle auswählen"),
        ("Changes", "Änderungen"),
        (
            "Please correct these errors in your data where possible, then reupload it "
            "using the form above.",
            "Bitte korrigieren Sie diese Fehler in Ihrer Datei und laden Sie sie "
            "anschliessend mit dem Formular oben erneut hoch.",
        ),
        ("Forgotten your password or username?", "Passwort oder Benutzernamen vergessen?"),
    ],
)
def test_the_portals_catalog_overrides_the_packages(msgid, swiss):
    with translation.override("de"):
        assert translation.gettext(msgid) == swiss


def test_change_reason_entered_in_the_admin_is_kept_in_the_history(
    superuser_client, make_organisation
):
    organisation = make_organisation(name="Amt für Kind, Jugend und Behindertenangebote")
    url = reverse("admin:contacts_organisation_change", args=[organisation.pk])
    form = superuser_client.get(url).context["adminform"].form
    assert form.fields["change_reason"].label == "Änderungsgrund"
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "canton": organisation.canton_id,
            "country": organisation.country_id,
            "phone": "+41 61 552 50 00",
            "change_reason": "Neue Telefonnummer laut Website",
            "topics": [],
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert organisation.history.first().history_change_reason == "Neue Telefonnummer laut Website"

    history = superuser_client.get(
        reverse("admin:contacts_organisation_history", args=[organisation.pk])
    ).content.decode()
    assert "Neue Telefonnummer laut Website" in history
    assert "None" not in history


def csv_upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("kontakte.csv", text.encode("utf-8"), content_type="text/csv")


def test_import_dry_run_names_fields_and_errors_in_german(
    superuser_client, make_canton, make_country
):
    from contacts.admin import OrganisationAdmin
    from contacts.resources import SpreadsheetCSV

    make_canton("BL")
    make_country("CH")
    text = (
        "kurzname,name,typ,kanton,land,zustaendigkeit,telefon,zuletzt_geprueft\n"
        "amt-a,Amt A,office,BL,CH,canton,12345,31.2.2025x\n"
    )
    response = superuser_client.post(
        reverse("admin:contacts_organisation_import"),
        {
            "format": str(OrganisationAdmin.import_formats.index(SpreadsheetCSV)),
            "import_file": csv_upload(text),
        },
    )
    result = response.context["result"]
    [row] = result.invalid_rows
    assert set(row.field_specific_errors) == {"Telefon", "Zuletzt geprüft"}
    assert "«31.2.2025x» ist kein Datum" in " ".join(row.field_specific_errors["Zuletzt geprüft"])
    content = response.content.decode()
    assert '<th scope="col">Zuletzt geprüft</th>' in content
    assert "could not be parsed" not in content
    assert "last_verified_on" not in content
    assert offences(content) == []


def test_export_offers_the_columns_by_german_labels(superuser_client, make_organisation):
    make_organisation()
    response = superuser_client.get(reverse("admin:contacts_organisation_export"))
    labels = [str(field.label) for field in response.context["form"] if field.name != "format"]
    assert "Zuletzt geprüft" in labels
    assert "Telefon" in labels
    assert not [label for label in labels if TECHNICAL_LABEL.search(label) or "(" in label]
    assert not [label for label in labels if ENGLISH.search(label)]
    assert "Alle auswählen" in response.content.decode()


# Public pages


def test_accessibility_page_writes_the_contrast_ratio_with_a_decimal_comma(client, db):
    content = client.get(reverse("accessibility")).content.decode()
    assert "4,5:1" in content
    assert "4.5:1" not in content


def test_privacy_page_says_passwords_are_hashed_and_names_the_cookies_really_set(
    client, settings, db
):
    content = client.get(reverse("privacy")).content.decode()
    assert "verschlüsselt" not in content
    assert "Hashwert des Passworts" in content
    named = set(re.findall(r"<code>([^<]+)</code>", content))
    assert named == {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME}


def test_cookies_are_those_the_privacy_page_names(client, settings, make_organisation):
    plan = Plan.objects.create(
        title="Kinder- und Jugendhilfe: Planung",
        slug="planung",
        kind="plan",
        canton=make_organisation().canton,
        is_published=True,
        print_orderable=True,
    )
    for url in (reverse("home"), reverse("contacts:directory"), reverse("privacy")):
        assert not client.get(url).cookies, url
    # The order form sets the CSRF cookie on its first view.
    response = client.get(reverse("planning:print_order", kwargs={"slug": plan.slug}))
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    # Staff get a session when they log in.
    get_user_model().objects.create_user("redaktion", password="x" * 16, is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "redaktion", "password": "x" * 16})
    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_plan_names_its_predecessor_once_and_decisions_use_the_genitive(client, seeded):
    plan = Plan.objects.get(slug="kinder-und-jugendhilfe-planung-2020-2025")
    content = re.sub(r"\s+", " ", client.get(plan.get_absolute_url()).content.decode())
    assert "Diese Planung setzt «" in content
    assert not re.search(r"Bericht\s*«\s*(<a [^>]*>)?\s*Bericht", content)
    titles = Decision.objects.values_list("title", flat=True)
    assert "Umsetzung des Berichts über die Kinder- und Jugendhilfe" in " ".join(titles)
    assert not [title for title in titles if "des «" in title]


def test_public_pages_put_no_spaces_inside_guillemets(client, seeded):
    plan = Plan.objects.get(slug="kinder-und-jugendhilfe-planung-2020-2025")
    field = plan.fields.order_by("number").first()
    urls = [
        reverse("home"),
        plan.get_absolute_url(),
        field.get_absolute_url(),
        reverse("coordination:forum_detail", kwargs={"slug": "dialogforum"}),
        reverse("accessibility"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", response.content.decode())
        text = html.unescape(re.sub(r"<[^>]+>", "", content))
        assert not re.search(r"«\s|\s»", text), url
