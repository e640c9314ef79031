"""Filters for the directory's cards (templates/contacts/includes/_*_card.html).

A directory page lists up to 60 entries, so a card formats its phone number from the stored
E.164 text the list annotates (`phone_e164`), once per distinct number, instead of parsing
each number into a `PhoneNumber` when the row is loaded (see docs/performance.md).
"""

from functools import lru_cache

from django import template
from phonenumber_field.phonenumber import PhoneNumber

from core.templatetags.portal_format import phone_display

register = template.Library()


@register.filter
def listed_phone(entry):
    """The entry's phone number as stored (E.164), or ""."""
    raw = getattr(entry, "phone_e164", None)
    if raw is not None:
        return raw
    return entry.phone.as_e164 if entry.phone else ""


@lru_cache(maxsize=8192)
def _display(e164):
    return phone_display(PhoneNumber.from_string(e164))


@register.filter
def e164_display(e164):
    """+41 61 552 17 99 for "+41615521799"."""
    return _display(e164) if e164 else ""
