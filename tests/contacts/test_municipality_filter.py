"""The directory's `gemeinde` filter takes what visitors type (a name, a postcode) as the
home page's lookup does, and the portal's own links (a BFS number)."""

import pytest
from django.urls import reverse

from contacts.models import Municipality, Position, Postcode

DIRECTORY = reverse("contacts:directory")


def _organisations(response):
    return list(response.context["organisation_page"])


@pytest.fixture
def buchs(make_municipality):
    return [
        make_municipality("Buchs (AG)", bfs_number=4002, canton="AG", district="Bezirk Aarau"),
        make_municipality("Buchs (SG)", bfs_number=3272, canton="SG", district="Werdenberg"),
        make_municipality("Buchs (ZH)", bfs_number=88, canton="ZH", district="Bezirk Dielsdorf"),
    ]


@pytest.mark.parametrize("typed", ["Füllinsdorf", "fullinsdorf", " FÜLLINSDORF ", "4414"])
def test_name_or_postcode_filters_like_the_bfs_number(client, seeded, typed):
    by_number = client.get(DIRECTORY, {"gemeinde": "2825"})
    response = client.get(DIRECTORY, {"gemeinde": typed})
    assert not response.context["filters_invalid"]
    assert _organisations(response) == _organisations(by_number)
    assert list(response.context["page_obj"]) == list(by_number.context["page_obj"])
    assert ("Gemeinde", "Füllinsdorf (BL)") in [
        (str(label), str(value)) for label, value, _rest in response.context["active_filters"]
    ]


def test_ambiguous_name_offers_each_municipality_once_labelled(client, seeded, buchs):
    response = client.get(DIRECTORY, {"gemeinde": "Buchs", "typ": "office"})
    content = response.content.decode()
    assert response.context["filters_invalid"]
    assert "Zu «Buchs» passen mehrere Gemeinden. Bitte wählen Sie eine aus." in content
    assert response.context["municipality_choices"] == [
        ("Buchs (AG)", f"{DIRECTORY}?gemeinde=4002&typ=office"),
        ("Buchs (SG)", f"{DIRECTORY}?gemeinde=3272&typ=office"),
        ("Buchs (ZH)", f"{DIRECTORY}?gemeinde=88&typ=office"),
    ]
    assert 'href="/kontakte/?gemeinde=4002&amp;typ=office">Buchs (AG)</a>' in content
    assert "(AG) (" not in content

    picked = client.get(DIRECTORY, {"gemeinde": "4002", "typ": "office"})
    assert not picked.context["filters_invalid"]


def test_a_chosen_canton_narrows_a_name_to_its_own_municipality(client, seeded, buchs):
    response = client.get(DIRECTORY, {"gemeinde": "Buchs", "kanton": "AG"})

    assert not response.context["filters_invalid"]
    assert ("Gemeinde", "Buchs (AG)") in [
        (str(label), str(value)) for label, value, _rest in response.context["active_filters"]
    ]


def test_a_name_found_only_elsewhere_still_offers_it(client, seeded, buchs):
    response = client.get(DIRECTORY, {"gemeinde": "Buchs", "kanton": "BL"})

    assert len(response.context["municipality_choices"]) == 3


def test_postcode_of_several_municipalities_offers_them_and_the_postcode(
    client, seeded, make_municipality
):
    frenkendorf = make_municipality("Frenkendorf", bfs_number=2824)
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=frenkendorf, rank=1)
    response = client.get(DIRECTORY, {"gemeinde": "4414"})
    assert [label for label, _url in response.context["municipality_choices"]] == [
        "Frenkendorf (BL)",
        "Füllinsdorf (BL)",
    ]
    assert response.context["municipality_postcode_url"] == f"{DIRECTORY}?plz=4414"


def test_unknown_name_says_so(client, seeded):
    response = client.get(DIRECTORY, {"gemeinde": "Atlantis"})
    assert "Zu «Atlantis» haben wir keine Gemeinde gefunden." in response.content.decode()


def test_home_labels_namesakes_once(client, buchs):
    content = client.get(reverse("home"), {"ort": "Buchs"}).content.decode()
    assert ">Buchs (AG)</a>" in content
    assert "Buchs (AG) (" not in content


# 900, not 1,000: the directory counts exactly up to the 1,000 people it offers (50 pages).
@pytest.mark.parametrize("size", [10, 900])
def test_query_count_with_a_municipality_name_does_not_grow(
    client, seeded, make_person, django_assert_max_num_queries, size
):
    akjb = Municipality.objects.get(bfs_number=2825).organisations.get(slug="akjb")
    Position.objects.bulk_create(
        [
            Position(person=make_person(), organisation=akjb, title="T", is_published=True)
            for _ in range(size)
        ]
    )
    client.get(DIRECTORY)  # warm the reference-data cache
    with django_assert_max_num_queries(13):
        response = client.get(DIRECTORY, {"gemeinde": "Füllinsdorf"})
    assert response.context["page_obj"].paginator.count == size + 1
