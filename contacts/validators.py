"""Validation of contact data wherever it is entered (admin, forms, imports)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SWISS_POSTCODE = re.compile(r"^[1-9]\d{3}$")
# A municipality's BFS number, as the register lists it and the directory links it.
BFS_NUMBER = re.compile(r"^\d{1,5}$")


def is_swiss_postcode(value):
    """Four digits, the first not 0: the one format check for postcodes everywhere."""
    return bool(SWISS_POSTCODE.match((value or "").strip()))


def validate_swiss_postcode_format(value):
    if not is_swiss_postcode(value):
        raise ValidationError(
            _("Eine Schweizer Postleitzahl hat vier Ziffern, z.B. 4414."), code="invalid"
        )


def validate_swiss_postcode(value):
    """Four digits; once the postcode register is loaded, also a postcode that exists."""
    from contacts.models import Postcode

    value = (value or "").strip()
    validate_swiss_postcode_format(value)
    if Postcode.objects.exists() and not Postcode.objects.filter(code=value).exists():
        raise ValidationError(
            _("Die Postleitzahl %(postcode)s gibt es im amtlichen Verzeichnis nicht."),
            code="unknown",
            params={"postcode": value},
        )
