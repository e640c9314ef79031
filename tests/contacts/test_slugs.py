"""Slugs transliterate German, and a slug that changes keeps its published links working."""

import pytest
from django.apps import apps
from django.urls import reverse

from contacts.models import OldSlug, Person, Topic
from contacts.slugs import transliterate_old_slugs, unique_slug
from core.text import slugify_german


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Frühe Förderung", "fruehe-foerderung"),
        ("Beat Müller", "beat-mueller"),
        ("Unbegleitete Minderjährige", "unbegleitete-minderjaehrige"),
        ("Grossmünster Straße", "grossmuenster-strasse"),
        ("Ärztin Öffentlichkeit Übergang", "aerztin-oeffentlichkeit-uebergang"),
        ("Genève et Neuchâtel", "geneve-et-neuchatel"),
        ("", ""),
    ],
)
def test_slugify_german_transliterates(text, slug):
    assert slugify_german(text) == slug


def test_unique_slug_skips_taken_and_old_slugs(make_person):
    make_person("Beat", "Müller").__class__.objects.filter(first_name="Beat").update(
        slug="beat-mueller"
    )
    other = make_person("Anna", "Meier")
    OldSlug.objects.create(
        content_type=OldSlug.content_type_of(Person), object_id=other.pk, slug="beat-mueller-2"
    )
    assert unique_slug(Person, "Beat Müller") == "beat-mueller-3"


def test_changed_slug_redirects_permanently(client, make_person):
    person = make_person("Beat", "Müller")
    old_url = person.get_absolute_url()
    old_vcard = reverse("contacts:person_vcard", kwargs={"slug": person.slug})
    person.slug = "beat-mueller"
    person.save()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/kontakte/personen/beat-mueller/"
    assert client.get(old_vcard)["Location"] == "/kontakte/personen/beat-mueller/vcard/"
    assert client.get(response["Location"]).status_code == 200


def test_slug_changed_twice_redirects_both_old_urls_to_the_current_one(client, make_organisation):
    organisation = make_organisation(name="Fachstelle Frühe Förderung")
    first = organisation.get_absolute_url()
    organisation.slug = "fachstelle-fruhe-forderung"
    organisation.save()
    second = organisation.get_absolute_url()
    organisation.slug = "fachstelle-fruehe-foerderung"
    organisation.save()

    for url in [first, second]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == organisation.get_absolute_url()


def test_slug_changed_back_is_live_again(client, make_person):
    person = make_person()
    original = person.slug
    person.slug = "zwischenstand"
    person.save()
    person.slug = original
    person.save()

    assert not OldSlug.objects.filter(slug=original).exists()
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get("/kontakte/personen/zwischenstand/")["Location"] == (
        person.get_absolute_url()
    )


def test_old_slug_of_an_unpublished_record_is_not_found(client, make_person):
    person = make_person()
    old_url = person.get_absolute_url()
    person.slug = "neu"
    person.is_published = False
    person.save()

    assert client.get(old_url).status_code == 404


def test_unknown_slug_is_still_not_found(client, db):
    assert client.get("/kontakte/personen/niemand/").status_code == 404


def test_old_topic_slug_in_the_directory_filter_redirects(client, make_position, make_topic):
    topic = make_topic("Frühe Förderung")
    topic.slug = "fruhe-forderung"
    topic.save()
    topic.slug = "fruehe-foerderung"
    topic.save()
    position = make_position()
    position.topics.add(topic)

    response = client.get(
        reverse("contacts:directory"), {"thema": "fruhe-forderung", "kanton": "BL"}
    )
    assert response.status_code == 301
    assert response["Location"] == "/kontakte/?thema=fruehe-foerderung&kanton=BL"
    assert list(client.get(response["Location"]).context["page_obj"]) == [position]

    export = client.get(reverse("contacts:export_csv"), {"thema": "fruhe-forderung"})
    assert export.status_code == 301
    assert export["Location"] == "/kontakte/export.csv?thema=fruehe-foerderung"


@pytest.mark.parametrize("value", ["kinder\x00schutz", "\x00", "kinderschutz\n", "a" * 10_000])
def test_a_topic_parameter_that_is_no_slug_is_an_unknown_topic(client, make_topic, value):
    """No old slug is looked up for it (PostgreSQL refused a NUL byte with a 500)."""
    make_topic("Kinderschutz")
    assert OldSlug.current_slug(Topic, value) is None

    response = client.get(reverse("contacts:directory"), {"thema": value})
    assert response.status_code == 200
    assert "Dieses Thema kennen wir nicht." in response.content.decode()

    export = client.get(reverse("contacts:export_csv"), {"thema": value})
    assert export.status_code == 400
    assert "Thema: Dieses Thema kennen wir nicht." in export.content.decode()


def test_unknown_topic_in_the_directory_filter_is_still_an_error(client, db):
    response = client.get(reverse("contacts:directory"), {"thema": "gibt-es-nicht"})
    assert response.status_code == 200
    assert response.context["filters_invalid"]


def test_migration_renames_slugs_made_the_old_way(client, make_person, make_topic):
    beat = make_person("Beat", "Müller")
    Person.objects.filter(pk=beat.pk).update(slug="beat-muller")
    second = make_person("Beat", "Müller")
    Person.objects.filter(pk=second.pk).update(slug="beat-muller-2")
    chosen = make_person("Jörg", "Bär")
    Person.objects.filter(pk=chosen.pk).update(slug="jb")
    taken = make_person("Anna", "Müller")
    Person.objects.filter(pk=taken.pk).update(slug="anna-muller")
    make_person("Anna", "Mueller").__class__.objects.filter(last_name="Mueller").update(
        slug="anna-mueller"
    )
    topic = make_topic("Unbegleitete Minderjährige")
    Topic.objects.filter(pk=topic.pk).update(slug="unbegleitete-minderjahrige")

    assert transliterate_old_slugs(apps, "contacts", "Person", ["first_name", "last_name"]) == 2
    assert transliterate_old_slugs(apps, "contacts", "Topic", ["name"]) == 1

    slugs = dict(Person.objects.values_list("pk", "slug"))
    assert slugs[beat.pk] == "beat-mueller"
    assert slugs[second.pk] == "beat-mueller-2"
    assert slugs[chosen.pk] == "jb"  # chosen by hand
    assert slugs[taken.pk] == "anna-muller"  # "anna-mueller" belongs to someone else
    assert Topic.objects.get(pk=topic.pk).slug == "unbegleitete-minderjaehrige"

    response = client.get("/kontakte/personen/beat-muller/")
    assert response.status_code == 301
    assert response["Location"] == "/kontakte/personen/beat-mueller/"
    assert client.get("/kontakte/personen/beat-muller-2/")["Location"] == (
        "/kontakte/personen/beat-mueller-2/"
    )
    assert client.get("/kontakte/?thema=unbegleitete-minderjahrige")["Location"] == (
        "/kontakte/?thema=unbegleitete-minderjaehrige"
    )
    # A second run finds nothing left to do.
    assert transliterate_old_slugs(apps, "contacts", "Person", ["first_name", "last_name"]) == 0


def test_admin_makes_a_transliterated_slug_when_left_empty(admin_client, db):
    response = admin_client.post(
        reverse("admin:contacts_topic_add"), {"name_de": "Frühe Förderung", "slug": ""}
    )
    assert response.status_code == 302
    assert Topic.objects.get(name="Frühe Förderung").slug == "fruehe-foerderung"


def test_admin_person_slug_from_both_names(admin_client, admin_post_data, db):
    data = admin_post_data(admin_client.get(reverse("admin:contacts_person_add")))
    data |= {"first_name": "Beat", "last_name": "Müller", "slug": ""}
    response = admin_client.post(reverse("admin:contacts_person_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Person.objects.get(last_name="Müller").slug == "beat-mueller"


def test_admin_offers_no_script_that_would_drop_the_umlaut_e(admin_client, db):
    response = admin_client.get(reverse("admin:contacts_topic_add"))
    assert b"prepopulated_fields" not in response.content
    assert response.context["adminform"].form.fields["slug"].required is False


def test_slug_edited_in_the_admin_keeps_the_old_url(
    client, admin_client, admin_post_data, make_person
):
    person = make_person("Beat", "Müller")
    old_url = person.get_absolute_url()
    change = reverse("admin:contacts_person_change", args=[person.pk])
    data = admin_post_data(admin_client.get(change)) | {"slug": "beat-mueller"}

    assert admin_client.post(change, data).status_code == 302
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/kontakte/personen/beat-mueller/"
