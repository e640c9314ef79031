"""Form pieces shared by the public forms (print orders, change reports)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A field people never see (the layout hides it); automated senders fill it in and are
    turned away with `honeypot_message`, which each form words for what it takes."""

    honeypot_message = _("Ihre Angaben konnten nicht angenommen werden.")

    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean(self):
        cleaned = super().clean()
        if self.is_spam:
            raise forms.ValidationError(self.honeypot_message, code="honeypot")
        return cleaned
