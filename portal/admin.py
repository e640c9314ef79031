"""The portal's own records in the admin (confirmed absences), and the second factor's
devices in German.

django-otp's TOTP admin and model carry English labels that no catalog can translate (plain
strings, not gettext), so the portal registers the same admin with German ones. Field labels
are set on the form fields, never on the model, so no migration of django-otp is implied.
"""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.admin_scope import PortalModelAdmin
from contacts.editing_scope import editable_queryset, may_edit
from portal.models import ChangeReport, ChangeReportStatus, ConfirmedAbsence
from portal.reports import apply_url, mark_decided, record_values, tell_reporter

FIELD_LABELS = {
    "user": (_("Benutzer"), _("Das Konto, zu dem das Gerät gehört.")),
    "name": (_("Bezeichnung"), _("Ein Name, an dem das Gerät zu erkennen ist.")),
    "confirmed": (_("bestätigt"), _("Ist das Gerät eingerichtet und einsatzbereit?")),
    "key": (_("Schlüssel"), _("Geheimer Schlüssel, hexadezimal, höchstens 40 Byte.")),
    "step": (_("Zeitschritt"), _("Dauer eines Zeitschritts in Sekunden.")),
    "t0": (_("Startzeit"), _("Unix-Zeit, ab der die Zeitschritte gezählt werden.")),
    "digits": (_("Ziffern"), _("Anzahl Ziffern eines Codes.")),
    "tolerance": (_("Toleranz"), _("Wie viele Zeitschritte ein Code früher oder später gilt.")),
    "drift": (_("Abweichung"), _("Um wie viele Zeitschritte die Uhr des Geräts abweicht.")),
    "last_t": (_("letzter Zeitschritt"), _("Ein neuer Code muss zu einem späteren gehören.")),
    "throttling_failure_timestamp": (
        _("letzter Fehlversuch"),
        _("Zeitpunkt des letzten falschen Codes; leer, wenn der letzte richtig war."),
    ),
    "throttling_failure_count": (_("Fehlversuche"), _("Falsche Codes in Folge.")),
    "created_at": (_("eingerichtet am"), _("Wann das Gerät eingerichtet wurde.")),
    "last_used_at": (_("zuletzt verwendet am"), _("Wann das Gerät zuletzt verwendet wurde.")),
}
FIELDSET_NAMES = {
    "Identity": _("Gerät"),
    "Timestamps": _("Zeitpunkte"),
    "Configuration": _("Einstellungen"),
    "State": _("Zustand"),
    "Throttling": _("Sperre nach Fehlversuchen"),
}

# Names only the admin shows; the model's Meta (and so its migrations) stays as shipped.
apps.get_app_config("otp_totp").verbose_name = _("Zwei-Faktor-Anmeldung")
TOTPDevice._meta.verbose_name = _("Gerät für die Zwei-Faktor-Anmeldung")
TOTPDevice._meta.verbose_name_plural = _("Geräte für die Zwei-Faktor-Anmeldung")


def _column(name):
    @admin.display(description=FIELD_LABELS[name][0], boolean=name == "confirmed")
    def column(*args):
        value = getattr(args[-1], name)  # a function in list_display, a method in fields
        return "–" if value is None else value

    column.__name__ = f"{name}_column"
    return column


class GermanTOTPDeviceAdmin(TOTPDeviceAdmin):
    list_display = [_column(name) for name in TOTPDeviceAdmin.list_display]
    list_display_links = [list_display[0]]
    search_help_text = _("Suche nach Benutzername oder E-Mail-Adresse")
    # The package's time stamps, shown read-only under German labels.
    created_at_shown = _column("created_at")
    last_used_at_shown = _column("last_used_at")
    readonly_fields = ["created_at_shown", "last_used_at_shown", "qrcode_link"]

    @admin.display(description=_("QR-Code"))
    def qrcode_link(self, device):
        return super().qrcode_link(device)

    def get_list_display(self, request):
        return self.list_display

    def get_list_filter(self, request):
        return []  # the package's filters are titled in English

    def get_fieldsets(self, request, obj=None):
        shown = {"created_at": "created_at_shown", "last_used_at": "last_used_at_shown"}
        return [
            (
                FIELDSET_NAMES.get(name, name),
                {**options, "fields": [shown.get(field, field) for field in options["fields"]]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in FIELD_LABELS:
            field.label, field.help_text = FIELD_LABELS[db_field.name]
        return field


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, GermanTOTPDeviceAdmin)


@admin.register(ConfirmedAbsence)
class ConfirmedAbsenceAdmin(PortalModelAdmin):
    """Where staff record that a canton has none of something (a coordination office, a
    plan ...); the comparison of the cantons then says "bestätigt keine" instead of
    "noch nicht erfasst"."""

    list_display = ["canton", "fact", "confirmed_on", "source"]
    list_filter = ["fact", "canton"]
    list_select_related = ["canton"]
    search_fields = ["canton__name_de", "canton__code", "source"]
    autocomplete_fields = ["canton"]
    fields = ["canton", "fact", "confirmed_on", "source"]
    date_hierarchy = "confirmed_on"


class ChangeReportForm(forms.ModelForm):
    class Meta:
        model = ChangeReport
        fields = ["decision_note"]

    def clean(self):
        cleaned = super().clean()
        if REJECT_BUTTON in self.data and not cleaned.get("decision_note", "").strip():
            self.add_error(
                "decision_note",
                _("Bitte begründen Sie die Ablehnung; die meldende Person erhält die Begründung."),
            )
        return cleaned


REJECT_BUTTON = "_reject"


@admin.register(ChangeReport)
class ChangeReportAdmin(PortalModelAdmin):
    """Visitors' reports, each beside its record's current values. "Übernehmen" opens the
    record's form with the suggestion; "Ablehnen" closes it with a note to the reporter."""

    form = ChangeReportForm
    list_display = ["__str__", "canton", "status", "created_at"]
    list_filter = ["status", "canton"]
    list_select_related = ["canton", "content_type"]
    search_fields = ["record_label", "problem", "correction"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "record_link",
        "canton",
        "problem",
        "correction",
        "reporter_name",
        "reporter_email",
        "language",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
        "editors_notified_at",
        "reporter_notified_at",
        "mail_error",
    ]
    fieldsets = [
        (_("Meldung"), {"fields": ["record_link", "canton", "problem", "correction"]}),
        (
            _("Meldende Person"),
            {"fields": ["reporter_name", "reporter_email", "language", "created_at"]},
        ),
        (
            _("Entscheid"),
            {"fields": ["status", "decision_note", "decided_at", "decided_by"]},
        ),
        (
            _("Benachrichtigungen"),
            {"fields": ["editors_notified_at", "reporter_notified_at", "mail_error"]},
        ),
    ]

    @admin.display(description=_("Eintrag"))
    def record_link(self, report):
        return format_html('<a href="{}">{}</a>', report.record_path, report.record_label)

    def get_queryset(self, request):
        # Reporters' names and addresses: only for the editors who handle the report, not
        # for every editor who may read inter-cantonal records.
        return editable_queryset(request.user, ChangeReport, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        # Also its history: an editor who may read inter-cantonal records must still not
        # read the reports on them.
        if obj is not None and not may_edit(request.user, obj):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # reports come from the public form only

    def has_delete_permission(self, request, obj=None):
        return False  # a report is never lost

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_open:
            return [*self.readonly_fields, "decision_note"]
        return self.readonly_fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if report is not None:
            record = report.record
            extra_context.update(
                record=record,
                record_values=record_values(record) if record is not None else [],
                apply_url=apply_url(report) if record is not None and report.is_open else "",
                reject_button=REJECT_BUTTON,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        rejecting = REJECT_BUTTON in request.POST and obj.is_open
        if rejecting:
            mark_decided(obj, ChangeReportStatus.REJECTED, request.user)
        super().save_model(request, obj, form, change)
        if rejecting:
            tell_reporter(obj, site_url=request.build_absolute_uri("/"))
