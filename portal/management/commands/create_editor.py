"""manage.py create_editor <username> --email <address> --canton BL [--canton BS] [--group ...]

The documented way to onboard staff: creates or updates the account, makes it staff,
puts it into its groups and sets its editing scope, then prints a one-time link to set
a password (or, with --generate-password, a generated password). The link points to the
portal's real address: --base-url, else the PORTAL_BASE_URL setting; only with DEBUG does
it fall back to the local development server.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contacts.editing_scope import EDITOR_GROUPS
from portal.groups import save_editor

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LOCAL_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Legt ein Redaktionskonto an oder aktualisiert es (Mitarbeiterstatus, Gruppen, "
        "Kantone) und gibt einen einmaligen Link zum Setzen des Passworts aus."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", help="E-Mail-Adresse des Kontos")
        parser.add_argument(
            "--canton",
            action="append",
            dest="cantons",
            metavar="KÜRZEL",
            help="Kanton im Bearbeitungsbereich, z.B. BL "
            "(mehrfach möglich; ersetzt die bisherigen)",
        )
        parser.add_argument(
            "--group",
            action="append",
            dest="groups",
            metavar="GRUPPE",
            help=f"Gruppe (mehrfach möglich; ersetzt die bisherigen): {', '.join(EDITOR_GROUPS)}. "
            "Neue Konten kommen ohne Angabe in «Redaktion Kanton».",
        )
        parser.add_argument(
            "--generate-password",
            action="store_true",
            help="Statt eines Links ein zufälliges Passwort setzen und ausgeben",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="Adresse des Portals für den Link, z.B. https://drehscheibe.example.ch "
            f"(Standard: PORTAL_BASE_URL; mit DEBUG {LOCAL_BASE_URL})",
        )

    def handle(self, *args, username, email, cantons, groups, generate_password, base_url, **opts):
        # Checked before the account is touched: a link to the wrong host is worse than none.
        portal_url = None if generate_password else self.portal_url(base_url)
        try:
            user, created = save_editor(username, email, cantons, groups)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        scope = ", ".join(user.editing_scope.cantons.values_list("code", flat=True)) or "–"
        group_list = ", ".join(user.groups.values_list("name", flat=True)) or "–"
        action = "angelegt" if created else "aktualisiert"
        self.stdout.write(
            self.style.SUCCESS(f"Konto «{user.username}» {action}.")
            + f" Gruppen: {group_list}. Kantone: {scope}."
        )
        if generate_password:
            password = get_random_string(20, PASSWORD_ALPHABET)
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(
                f"Passwort (nur jetzt sichtbar, bitte sicher übermitteln): {password}"
            )
        else:
            self.stdout.write(
                "Einmaliger Link zum Setzen des Passworts (gültig "
                f"{settings.PASSWORD_RESET_TIMEOUT // 3600} Stunden):\n"
                + portal_url
                + self.password_path(user)
            )

    def portal_url(self, base_url):
        base_url = (base_url or settings.PORTAL_BASE_URL or "").strip().rstrip("/")
        if base_url:
            if not base_url.startswith(("https://", "http://")):
                raise CommandError(
                    f"--base-url/PORTAL_BASE_URL braucht http:// oder https://: {base_url}"
                )
            return base_url
        if settings.DEBUG:
            return LOCAL_BASE_URL
        raise CommandError(
            "Unbekannt, unter welcher Adresse das Portal läuft: bitte --base-url "
            "https://… angeben oder PORTAL_BASE_URL setzen. Das Konto wurde nicht geändert."
        )

    def password_path(self, user):
        # A new account sets its first password; an existing one gets the reset wording.
        view = "password_reset_confirm" if user.has_usable_password() else "first_password_set"
        return reverse(
            view,
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
