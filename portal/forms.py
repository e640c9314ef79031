from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.lookup import MAX_CHOICES, find_municipalities

__all__ = ["MAX_CHOICES", "MunicipalityLookupForm"]


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
