import pytest
from django.core.exceptions import ValidationError

from contacts.models import Municipality, Organisation, Postcode, ServiceArea


def _full_clean_errors(instance, exclude=()):
    with pytest.raises(ValidationError) as error:
        instance.full_clean(exclude=exclude)
    return error.value.message_dict


def test_invalid_phone_is_refused_with_a_german_message(make_organisation):
    organisation = make_organisation()
    organisation.phone = "12ab"
    errors = _full_clean_errors(organisation)
    assert errors["phone"] == [
        "Bitte eine gültige Telefonnummer eingeben, z.B. +41 61 552 17 99 oder 061 552 17 99."
    ]


def test_swiss_phone_is_stored_canonically(make_organisation):
    organisation = make_organisation(phone="061 552 17 70")
    organisation.full_clean()
    organisation.refresh_from_db()
    assert organisation.phone.as_e164 == "+41615521770"


def test_invalid_email_is_refused_with_a_german_message(make_position):
    position = make_position()
    position.email = "andrea.ruder-at-bl.ch"
    errors = _full_clean_errors(position)
    assert errors["email"] == ["Bitte eine gültige E-Mail-Adresse eingeben, z.B. name@example.ch."]


@pytest.mark.parametrize("postcode", ["441", "44140", "ABCD", "0441"])
def test_swiss_postcode_needs_four_digits(make_organisation, postcode):
    organisation = make_organisation(postcode=postcode)
    errors = _full_clean_errors(organisation)
    assert errors["postcode"] == ["Eine Schweizer Postleitzahl hat vier Ziffern, z.B. 4414."]


def test_swiss_postcode_must_exist_once_the_register_is_loaded(
    make_organisation, make_municipality
):
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=make_municipality())
    make_organisation(postcode="4414").full_clean()
    organisation = make_organisation(postcode="4499")
    errors = _full_clean_errors(organisation)
    assert errors["postcode"] == ["Die Postleitzahl 4499 gibt es im amtlichen Verzeichnis nicht."]


def test_foreign_postcode_is_not_held_to_swiss_rules(make_organisation):
    organisation = make_organisation(
        canton=None, country="DE", service_area=ServiceArea.COUNTRY, postcode="10969"
    )
    organisation.full_clean()


def test_cantonal_service_area_needs_a_canton(make_country):
    organisation = Organisation(
        name="Amt",
        slug="amt",
        kind="office",
        country=make_country(),
        service_area=ServiceArea.CANTON,
    )
    errors = _full_clean_errors(organisation)
    assert "canton" in errors


def test_position_sort_name_follows_a_renamed_person(make_position):
    position = make_position()
    position.person.last_name = "Müller"
    position.person.save()
    position.refresh_from_db()
    assert position.sort_name == f"muller {position.person.first_name.lower()}"


def test_responsible_for_covers_every_level(make_municipality, make_organisation):
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    liestal = make_municipality("Liestal", bfs_number=2829)
    local = make_organisation(name="Gemeindestelle", municipality=fuellinsdorf,
                              service_area=ServiceArea.MUNICIPALITIES)  # fmt: skip
    listed = make_organisation(name="Regionaler Dienst", service_area=ServiceArea.MUNICIPALITIES)
    listed.service_municipalities.set([fuellinsdorf, liestal])
    district = make_organisation(name="Bezirksdienst", service_area=ServiceArea.DISTRICT,
                                 service_district=fuellinsdorf.district)  # fmt: skip
    canton = make_organisation(name="Kantonales Amt")
    intercantonal = make_organisation(name="SODK", canton=None)
    other_canton = make_organisation(name="Amt Zürich", canton="ZH")
    other_town = make_organisation(name="Liestal lokal", municipality=liestal,
                                   service_area=ServiceArea.MUNICIPALITIES)  # fmt: skip
    german = make_organisation(name="BMFSFJ", canton=None, country="DE",
                               service_area=ServiceArea.COUNTRY)  # fmt: skip

    served = Municipality.objects.filter(pk=fuellinsdorf.pk)
    responsible = set(Organisation.objects.responsible_for_any(served))

    assert {local, listed, district, canton, intercantonal} <= responsible
    assert not {other_canton, other_town, german} & responsible


def test_organisation_label_is_the_short_name_where_there_is_one(make_organisation):
    office = make_organisation(
        name="Amt für Kind, Jugend und Behindertenangebote", short_name="AKJB"
    )
    unnamed = make_organisation(name="Jugendsekretariat")

    assert office.label == "AKJB"
    assert unnamed.label == "Jugendsekretariat"
