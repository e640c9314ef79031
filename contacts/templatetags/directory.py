"""The directory's repeated pieces, rendered in Python.

A directory page repeats a card per person and per organisation and a select with every
canton and topic; as template includes they cost most of the page's time (see
docs/performance.md). These tags produce the same escaped HTML with `format_html`.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.templatetags.portal_format import foreign_country, phone_display

register = template.Library()

_SLUG_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=64)
def _url_pattern(name, script_prefix):
    return reverse(name, kwargs={"slug": _SLUG_PLACEHOLDER})


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}) without resolving the pattern every time."""
    return _url_pattern(name, get_script_prefix()).replace(_SLUG_PLACEHOLDER, slug)


@lru_cache(maxsize=8192)
def _phone_text(e164):
    from phonenumber_field.phonenumber import PhoneNumber

    return phone_display(PhoneNumber.from_string(e164))


def _e164(obj, field, raw_attribute):
    """The stored E.164 string; lists annotate it (`raw_attribute`) to skip parsing."""
    raw = getattr(obj, raw_attribute, None)
    if raw is not None:
        return raw
    number = getattr(obj, field)
    return number.as_e164 if number else ""


def phone_html(e164):
    if not e164:
        return ""
    return f'<a href="tel:{escape(e164)}">{escape(_phone_text(e164))}</a>'


@lru_cache(maxsize=16)
def _directory_url(script_prefix):
    return reverse("contacts:directory")


@lru_cache(maxsize=256)
def _label(text, language):
    return escape(_(text))


def label(text):
    """The translated, escaped label (translations looked up once per language)."""
    return _label(text, get_language())


def _topic_links(topics):
    directory = _directory_url(get_script_prefix())
    return ", ".join(
        f'<a href="{directory}?{escape(urlencode({"thema": topic.slug}))}">{escape(topic.name)}</a>'
        for topic in topics
    )


# The cards below build HTML with escape() on every value: format_html per piece costs
# about ten times as much, and these run once per listed entry.


def _where(organisation):
    """ " (BL)" for a cantonal organisation, " (Deutschland)" for a foreign one."""
    if organisation.canton_id:
        return f" ({escape(organisation.canton.code)})"
    country = foreign_country(organisation)
    return f" ({escape(country)})" if country else ""


@register.simple_tag
def position_card(position):
    person, organisation = position.person, position.organisation
    contact = []
    phone = _e164(position, "phone", "phone_e164")
    if phone:
        contact.append(f"{label('Telefon')} {phone_html(phone)}")
    if position.email:
        email = escape(position.email)
        contact.append(f'{label("E-Mail")} <a href="mailto:{email}">{email}</a>')
    parts = [
        '<li class="directory-entry border-bottom py-2"><h3 class="h6 mb-1">',
        f'<a href="{escape(slug_url("contacts:person_detail", person.slug))}">',
        f"{escape(person.first_name)} {escape(person.last_name)}</a></h3>",
        f'<p class="mb-1">{escape(position.title)}, ',
        f'<a href="{escape(slug_url("contacts:organisation_detail", organisation.slug))}">',
        f"{escape(organisation.short_name or organisation.name)}</a>",
        _where(organisation),
        "</p>",
    ]
    if contact:
        parts.append(f'<p class="mb-1 small">{" · ".join(contact)}</p>')
    topics = list(position.topics.all())
    if topics:
        parts.append(
            f'<p class="mb-0 small text-body-secondary">{label("Themen")}: '
            f"{_topic_links(topics)}</p>"
        )
    parts.append("</li>")
    return mark_safe("".join(parts))


@register.simple_tag
def organisation_card(organisation):
    details = [escape(organisation.get_kind_display())]
    if organisation.canton_id:
        details.append(f"{label('Kanton')} {escape(organisation.canton.name)}")
    elif country := foreign_country(organisation):
        details.append(escape(country))
    place = " ".join(part for part in [organisation.postcode, organisation.town] if part)
    parts = [
        '<li class="directory-entry border-bottom py-2"><h3 class="h6 mb-1">',
        f'<a href="{escape(slug_url("contacts:organisation_detail", organisation.slug))}">',
        f"{escape(str(organisation))}</a></h3>",
        f'<p class="mb-1 small">{", ".join(details)}',
        f" · {escape(place)}" if place else "",
        "</p>",
    ]
    phone = _e164(organisation, "phone", "phone_e164")
    if phone:
        parts.append(f'<p class="mb-0 small">{label("Telefon")} {phone_html(phone)}</p>')
    parts.append("</li>")
    return mark_safe("".join(parts))


@register.simple_tag
def filter_field(bound_field):
    """Label, control, help text and errors of one filter field, Bootstrap-styled."""
    field = bound_field.field
    field_id = bound_field.auto_id
    errors = bound_field.errors
    described_by = []
    help_html = error_html = ""
    if field.help_text:
        described_by.append(f"{field_id}_help")
        help_html = format_html(
            '<div id="{}_help" class="form-text">{}</div>', field_id, field.help_text
        )
    if errors:
        described_by.append(f"{field_id}_errors")
        error_html = format_html(
            '<div id="{}_errors" class="invalid-feedback d-block">{}</div>',
            field_id,
            format_html_join(" ", "<span>{}</span>", ((error,) for error in errors)),
        )
    value = bound_field.data if bound_field.form.is_bound else None
    value = "" if value is None else str(value)
    attributes = format_html(
        'id="{}" name="{}"{}{}',
        field_id,
        bound_field.html_name,
        format_html(' aria-describedby="{}"', " ".join(described_by)) if described_by else "",
        mark_safe(' aria-invalid="true"') if errors else "",
    )
    invalid = " is-invalid" if errors else ""
    if hasattr(field, "choices"):
        options = [(str(choice), str(label)) for choice, label in field.choices]
        control = format_html(
            '<select class="form-select{}" {}>{}</select>',
            invalid,
            attributes,
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option, mark_safe(" selected") if option == value else "", label)
                    for option, label in options
                ),
            ),
        )
    else:
        extra = format_html_join("", ' {}="{}"', sorted(field.widget.attrs.items()))
        control = format_html(
            '<input type="text" class="form-control{}" {} value="{}"{}>',
            invalid,
            attributes,
            value,
            extra,
        )
    return format_html(
        '<div class="mb-3"><label class="form-label" for="{}">{}</label>{}{}{}</div>',
        field_id,
        field.label,
        control,
        help_html,
        error_html,
    )
