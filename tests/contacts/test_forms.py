import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from contacts.filters import PositionFilter
from contacts.models import Organisation


def test_organisation_form_refuses_bad_phone_email_and_postcode_in_german(make_country):
    form_class = forms.modelform_factory(
        Organisation,
        fields=["name", "slug", "kind", "country", "service_area", "phone", "email", "postcode"],
    )
    form = form_class(
        data={
            "name": "Amt",
            "slug": "amt",
            "kind": "office",
            "country": make_country("CH").pk,
            "service_area": "intercantonal",
            "phone": "12ab",
            "email": "x@",
            "postcode": "99",
        }
    )
    assert not form.is_valid()
    assert form.errors["phone"] == [
        "Bitte eine gültige Telefonnummer eingeben, z.B. +41 61 552 17 99 oder 061 552 17 99."
    ]
    assert "E-Mail-Adresse" in form.errors["email"][0]
    assert form.errors["postcode"] == ["Eine Schweizer Postleitzahl hat vier Ziffern, z.B. 4414."]


def test_filter_form_cleans_gemeinde_to_the_municipality(make_municipality):
    fuellinsdorf = make_municipality(bfs_number=2825)
    filterset = PositionFilter(QueryDict("gemeinde=2825"))
    assert filterset.is_valid()
    assert filterset.form.cleaned_data["gemeinde"] == fuellinsdorf


def test_filter_form_lists_active_filters_with_removal_links(make_municipality, make_canton):
    make_canton("BL", "Basel-Landschaft")
    filterset = PositionFilter(QueryDict("kanton=BL&q=kind&page=2"))
    assert filterset.active_filters == [
        ("Kanton", "Basel-Landschaft", "q=kind"),
        ("Suchbegriff", "kind", "kanton=BL"),
    ]


POSTCODE_MESSAGE = "Eine Schweizer Postleitzahl hat vier Ziffern, z.B. 4414."


@pytest.mark.parametrize("postcode", ["0123", "44", "44141"])
def test_every_postcode_entry_checks_the_format_alike(make_municipality, postcode):
    from contacts.filters import PostcodeField
    from contacts.lookup import find_municipalities
    from contacts.validators import is_swiss_postcode

    make_municipality("Füllinsdorf", bfs_number=2825)
    assert not is_swiss_postcode(postcode)
    for check in (PostcodeField().clean, find_municipalities):
        with pytest.raises(ValidationError) as error:
            check(postcode)
        assert error.value.messages == [POSTCODE_MESSAGE]
