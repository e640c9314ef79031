from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Municipality
from contacts.text import fold

MAX_CHOICES = 20


class MunicipalityLookupForm(forms.Form):
    """ "Wer ist zuständig für meine Gemeinde?": a municipality name or a postcode."""

    ort = forms.CharField(
        label=_("Gemeinde oder Postleitzahl"),
        max_length=120,
        help_text=_("z.B. Füllinsdorf oder 4414"),
    )

    def clean_ort(self):
        value = self.cleaned_data["ort"].strip()
        municipalities = Municipality.objects.active().select_related("canton")
        if not Municipality.objects.exists():
            raise forms.ValidationError(
                _(
                    "Das Gemeindeverzeichnis ist noch nicht geladen. Bitte suchen Sie im "
                    "Kontaktverzeichnis nach Kanton oder Stichwort."
                )
            )
        if value.isdigit():
            if len(value) != 4:
                raise forms.ValidationError(_("Eine Postleitzahl hat vier Ziffern, z.B. 4414."))
            matches = municipalities.filter(postcodes__code=value).distinct()
            self.postcode = value
        else:
            self.postcode = None
            folded = fold(value)
            matches = municipalities.filter(name_folded=folded)
            if not matches.exists():
                matches = municipalities.filter(name_folded__startswith=folded)
            if not matches.exists():
                matches = municipalities.filter(name_folded__contains=folded)
        matches = list(matches.order_by("name", "bfs_number")[: MAX_CHOICES + 1])
        if not matches:
            raise forms.ValidationError(
                _(
                    "Zu «%(value)s» haben wir keine Gemeinde gefunden. Bitte prüfen Sie die "
                    "Schreibweise oder geben Sie die vierstellige Postleitzahl ein."
                ),
                params={"value": value},
            )
        return matches
