"""What a visitor types for "their" municipality (a name or a postcode), resolved once for
the home page's lookup and the directory's `gemeinde` filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Municipality
from contacts.validators import validate_swiss_postcode_format
from core.text import fold

MAX_CHOICES = 20


def municipalities_named(text, municipalities):
    """Same name first, then names starting with it, then names containing it (folded)."""
    folded = fold(text)
    for lookup in ["name_folded", "name_folded__startswith", "name_folded__contains"]:
        matches = municipalities.filter(**{lookup: folded})
        if matches.exists():
            return matches
    return municipalities.none()


def find_municipalities(value, canton_code=None):
    """(up to MAX_CHOICES + 1 active municipalities, the postcode or None) for `value`;
    a ValidationError with a message for the visitor when nothing fits. With `canton_code`,
    only that canton's matches count where it has any ("Buchs" in AG)."""
    value = value.strip()
    municipalities = Municipality.objects.active().select_related("canton")
    if not Municipality.objects.exists():
        raise forms.ValidationError(
            _(
                "Das Gemeindeverzeichnis ist noch nicht geladen. Bitte suchen Sie im "
                "Kontaktverzeichnis nach Kanton oder Stichwort."
            ),
            code="no_register",
        )
    postcode = None
    if value.isdigit():
        validate_swiss_postcode_format(value)
        postcode = value
        matches = municipalities.filter(postcodes__code=value).distinct()
    else:
        matches = municipalities_named(value, municipalities)
    if canton_code:
        in_canton = matches.filter(canton__code=canton_code)
        if in_canton.exists():
            matches = in_canton
    matches = list(matches.order_by("name", "bfs_number")[: MAX_CHOICES + 1])
    if not matches:
        raise forms.ValidationError(
            _(
                "Zu «%(value)s» haben wir keine Gemeinde gefunden. Bitte prüfen Sie die "
                "Schreibweise oder geben Sie die vierstellige Postleitzahl ein."
            ),
            code="unknown",
            params={"value": value},
        )
    return matches, postcode
