from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.lookup import MAX_CHOICES, find_municipalities
from core.forms import HoneypotForm
from portal.models import CHANGE_REPORT_TEXT_LENGTH, ChangeReport

__all__ = ["MAX_CHOICES", "ChangeReportForm", "MunicipalityLookupForm"]


class MunicipalityLookupForm(forms.Form):
    """ "Wer ist zuständig für meine Gemeinde?": a municipality name or a postcode."""

    ort = forms.CharField(
        label=_("Gemeinde oder Postleitzahl"),
        max_length=120,
        help_text=_("z.B. Füllinsdorf oder 4414"),
    )

    def clean_ort(self):
        self.postcode = None
        matches, self.postcode = find_municipalities(self.cleaned_data["ort"])
        return matches


TEXT_TOO_LONG = _(
    "Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen, jetzt %(show_value)d."
)


class ChangeReportForm(HoneypotForm, forms.ModelForm):
    """ "Änderung melden": what is wrong, the correction, optionally who reports it."""

    honeypot_message = _("Ihre Meldung konnte nicht angenommen werden.")

    class Meta:
        model = ChangeReport
        fields = ["problem", "correction", "reporter_name", "reporter_email"]
        labels = {
            "reporter_name": _("Ihr Name (freiwillig)"),
            "reporter_email": _("Ihre E-Mail-Adresse (freiwillig)"),
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4, "maxlength": CHANGE_REPORT_TEXT_LENGTH}),
            "correction": forms.Textarea(attrs={"rows": 4, "maxlength": CHANGE_REPORT_TEXT_LENGTH}),
            "reporter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "reporter_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "problem": _("Zum Beispiel: «Die Telefonnummer stimmt nicht mehr.»"),
            "correction": _("Wie es richtig heisst, und wenn möglich woher Sie es wissen."),
            "reporter_email": _(
                "Nur wenn Sie erfahren möchten, was aus Ihrer Meldung wird. Die Adresse sieht "
                "nur die Redaktion; sie wird nicht veröffentlicht."
            ),
        }
        error_messages = {
            "problem": {
                "required": _("Bitte beschreiben Sie, was falsch ist."),
                "max_length": TEXT_TOO_LONG,
            },
            "correction": {
                "required": _("Bitte geben Sie an, wie es richtig heisst."),
                "max_length": TEXT_TOO_LONG,
            },
            "reporter_email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an, z.B. name@beispiel.ch."
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "problem",
            "correction",
            "reporter_name",
            "reporter_email",
            Div("website", css_class="visually-hidden"),
            Submit("submit", _("Meldung senden")),
        )
