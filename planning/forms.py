from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Postcode
from contacts.validators import is_swiss_postcode
from core.forms import HoneypotForm
from core.text import fold, spellings
from planning.models import MAX_PRINT_COPIES, Measure, PrintOrder


class PrintOrderForm(HoneypotForm, forms.ModelForm):
    honeypot_message = _("Ihre Bestellung konnte nicht angenommen werden.")

    class Meta:
        model = PrintOrder
        fields = ["name", "organisation", "street", "postcode", "town", "email", "copies", "remark"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "4"}
            ),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "copies": forms.NumberInput(attrs={"min": "1", "max": str(MAX_PRINT_COPIES)}),
            "remark": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("Für die Bestätigung mit Ihrer Bestellnummer und für Rückfragen."),
        }
        error_messages = {
            "name": {"required": _("Bitte geben Sie Ihren Namen an.")},
            "street": {"required": _("Bitte geben Sie Strasse und Hausnummer oder Postfach an.")},
            "postcode": {"required": _("Bitte geben Sie die Postleitzahl an.")},
            "town": {"required": _("Bitte geben Sie den Ort an.")},
            "email": {
                "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an, z.B. name@beispiel.ch."
                ),
            },
            "copies": {
                "required": _("Bitte geben Sie an, wie viele Exemplare Sie möchten."),
                "invalid": _("Bitte geben Sie die Anzahl als ganze Zahl an."),
                "min_value": _("Bitte bestellen Sie mindestens 1 Exemplar."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Texts with a number are filled in here, in the request's language: at import
        # time they would be German on every page.
        copies = self.fields["copies"]
        copies.help_text = _("1 bis %(max)s Exemplare.") % {"max": MAX_PRINT_COPIES}
        copies.error_messages["max_value"] = _(
            "Pro Bestellung sind höchstens %(max)s Exemplare möglich."
        ) % {"max": MAX_PRINT_COPIES}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            "organisation",
            "street",
            Div(
                Div("postcode", css_class="col-sm-4"),
                Div("town", css_class="col-sm-8"),
                css_class="row",
            ),
            "email",
            Field("copies", css_class="w-auto"),
            "remark",
            Div("website", css_class="visually-hidden"),
            Submit("submit", _("Bestellung absenden")),
        )

    def clean(self):
        cleaned = super().clean()
        self._check_town_against_register(cleaned.get("postcode"), cleaned.get("town"))
        return cleaned

    def _check_town_against_register(self, postcode, town):
        """The town must be a locality the postcode register lists for the postcode.

        Without a loaded register only the format is checked; an unknown or malformed
        postcode is reported by the postcode field itself.
        """
        postcode = (postcode or "").strip()
        if not town or not is_swiss_postcode(postcode):
            return
        # One locality may span several municipalities: list each name once.
        localities = list(
            dict.fromkeys(
                Postcode.objects.filter(code=postcode)
                .order_by("rank", "locality")
                .values_list("locality", flat=True)
            )
        )
        if not localities:
            return
        if any(fold(town) in spellings(locality) for locality in localities):
            return
        suggestions = _(" oder ").join(f"«{postcode} {locality}»" for locality in localities)
        self.add_error(
            "town",
            forms.ValidationError(
                _(
                    "Der Ort «%(town)s» passt nicht zur Postleitzahl %(postcode)s. "
                    "Meinten Sie %(suggestions)s?"
                ),
                code="town_mismatch",
                params={"town": town, "postcode": postcode, "suggestions": suggestions},
            ),
        )


class MeasureAdminForm(forms.ModelForm):
    """Staff may date a status change when they record it later than it happened."""

    status_changed_on = forms.DateField(
        label=_("Datum der Statusänderung"),
        required=False,
        help_text=_("Nur wenn sich der Stand ändert; leer = heute."),
    )

    class Meta:
        model = Measure
        fields = [
            "field",
            "title",
            "description",
            "status",
            "responsible_organisation",
            "target_date",
            "completed_on",
            "weight",
            "sort_order",
        ]
