"""Formatting shared by every template: phone numbers, sanitised rich text, whole addresses."""

import nh3
import phonenumbers
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}


@register.filter
def phone_display(number):
    """+41 61 552 17 99"""
    if not number:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def phone_link(number):
    """A tel: link that reads as +41 61 552 17 99."""
    if not number:
        return ""
    return format_html('<a href="tel:{}">{}</a>', number.as_e164, phone_display(number))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a whole address (https://…/kantone/bl/), for a reader of paper."""
    return context["request"].build_absolute_uri(path)


# The portal's own country: facts of another country are marked with its name.
HOME_COUNTRY = "CH"


@register.filter
def foreign_country(obj):
    """The name of `obj`'s country unless it is Switzerland (or none, as for treaties)."""
    country = getattr(obj, "country", None)
    if country is None or country.code == HOME_COUNTRY:
        return ""
    return country.name


@register.filter
def rich_text(value):
    """Staff-entered HTML reduced to a safe set of tags (no scripts, styles or handlers)."""
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
    )
    return mark_safe(cleaned)
