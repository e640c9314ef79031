"""Contacts in other formats: vCard 4.0 (RFC 6350), CSV rows and schema.org JSON-LD."""

import json

import vobject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.templatetags.portal_format import phone_display
from core.translation import fallback_language

# The characters that could end a <script> data block or start markup, as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """JSON for a <script type="application/ld+json"> block, safe against "</script>"."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


def _postal_address(organisation):
    address = {
        "@type": "PostalAddress",
        "streetAddress": organisation.street,
        "postOfficeBoxNumber": organisation.po_box,
        "postalCode": organisation.postcode,
        "addressLocality": organisation.town,
        "addressCountry": organisation.country.code,
    }
    return {key: value for key, value in address.items() if value}


def organisation_json_ld(organisation, url):
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization"
        if organisation.kind in {"federal_authority", "directorate", "office", "municipal_office"}
        else "Organization",
        "name": organisation.name,
        "url": url,
        "address": _postal_address(organisation),
    }
    if organisation.short_name:
        data["alternateName"] = organisation.short_name
    if organisation.phone:
        data["telephone"] = organisation.phone.as_e164
    if organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.parent_id:
        data["parentOrganization"] = {"@type": "Organization", "name": organisation.parent.name}
    return data


def person_json_ld(person, positions, url):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": str(person),
        "givenName": person.first_name,
        "familyName": person.last_name,
        "url": url,
    }
    if positions:
        main = positions[0]
        data["jobTitle"] = main.title
        data["worksFor"] = {
            "@type": "Organization",
            "name": main.organisation.name,
            "address": _postal_address(main.organisation),
        }
        if main.phone:
            data["telephone"] = main.phone.as_e164
        if main.email:
            data["email"] = main.email
    return data


def _add_address(card, organisation):
    if not any(
        [organisation.street, organisation.po_box, organisation.postcode, organisation.town]
    ):
        return
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(
        box=organisation.po_box,
        street=organisation.street,
        city=organisation.town,
        code=organisation.postcode,
        country=organisation.country.name,
    )
    adr.params["TYPE"] = ["work"]


def _add_phone(card, number):
    tel = card.add("tel")
    tel.value = f"tel:{number.as_e164}"
    tel.params["VALUE"] = ["uri"]
    tel.params["TYPE"] = ["work", "voice"]


def _add_email(card, address):
    email = card.add("email")
    email.value = address
    email.params["TYPE"] = ["work"]


def _add_text(card, name, instance, field_name, value=None):
    """A text property in the page's language, or German where that stands in (RFC 6350
    LANGUAGE)."""
    prop = card.add(name)
    prop.value = getattr(instance, field_name) if value is None else value
    prop.params["LANGUAGE"] = [fallback_language(instance, field_name) or get_language()]
    return prop


def organisation_vcard(organisation, url):
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("kind").value = "org"
    _add_text(card, "fn", organisation, "name")
    _add_text(card, "org", organisation, "name", [organisation.name])
    if organisation.short_name and organisation.short_name != organisation.name:
        _add_text(card, "nickname", organisation, "short_name")
    _add_address(card, organisation)
    if organisation.phone:
        _add_phone(card, organisation.phone)
    if organisation.email:
        _add_email(card, organisation.email)
    card.add("url").value = url
    if organisation.website:
        card.add("url").value = organisation.website
    return card.serialize()


def person_is_reachable(positions):
    """Whether a vCard of the person with `positions` holds a phone, an e-mail or an address."""
    if any(position.phone or position.email for position in positions):
        return True
    return bool(positions) and bool(positions[0].organisation.postal_lines)


def person_vcard(person, positions, url):
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("kind").value = "individual"
    card.add("fn").value = str(person)
    card.add("n").value = vobject.vcard.Name(family=person.last_name, given=person.first_name)
    for position in positions:
        organisation = position.organisation
        _add_text(card, "title", position, "title")
        _add_text(card, "org", organisation, "name", [organisation.name])
        if position.phone:
            _add_phone(card, position.phone)
        if position.email:
            _add_email(card, position.email)
    if positions:
        _add_address(card, positions[0].organisation)
    card.add("url").value = url
    return card.serialize()


# Lazy: the export speaks the language of the page it is downloaded from.
CSV_HEADER = [
    _("Eintrag"),
    _("Name"),
    _("Vorname"),
    _("Funktion"),
    _("Organisation"),
    _("Abkürzung"),
    _("Typ"),
    _("Kanton"),
    _("Strasse"),
    _("Postfach"),
    _("PLZ"),
    _("Ort"),
    _("Telefon"),
    _("E-Mail"),
    _("Themen"),
    _("Adresse im Portal"),
]


def position_row(position, url):
    organisation = position.organisation
    return [
        str(_("Person")),
        position.person.last_name,
        position.person.first_name,
        position.title,
        organisation.name,
        organisation.short_name,
        organisation.get_kind_display(),
        organisation.canton.code if organisation.canton else "",
        organisation.street,
        organisation.po_box,
        organisation.postcode,
        organisation.town,
        phone_display(position.phone),
        position.email,
        ", ".join(topic.name for topic in position.topics.all()),
        url,
    ]


def organisation_row(organisation, url):
    return [
        str(_("Organisation")),
        organisation.name,
        "",
        "",
        organisation.parent.name if organisation.parent else "",
        organisation.short_name,
        organisation.get_kind_display(),
        organisation.canton.code if organisation.canton else "",
        organisation.street,
        organisation.po_box,
        organisation.postcode,
        organisation.town,
        phone_display(organisation.phone),
        organisation.email,
        ", ".join(topic.name for topic in organisation.topics.all()),
        url,
    ]
