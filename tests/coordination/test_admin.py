import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from contacts.editing_scope import CANTONAL_EDITOR_GROUP
from contacts.models import Canton, EditingScope
from coordination import seed
from coordination.models import (
    Body,
    BodyFoundation,
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
    Membership,
)

MODELS = [Body, Conference, CoordinationOffice, Committee, Forum, Foundation, EventFormat, Event]


def admin_url(model, action, *args):
    return reverse(f"admin:coordination_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_change_lists_render_for_a_superuser(admin_client, seeded, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m is not Body], ids=lambda m: m.__name__)
def test_add_forms_render_for_a_superuser(admin_client, seeded, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_change_forms_render_with_their_inlines(admin_client, seeded, make_event):
    kkjp = Conference.objects.get(slug="kkjp")
    html = admin_client.get(admin_url(Conference, "change", kkjp.pk)).content.decode()
    assert "Vorgänger (Geschichte)" in html
    assert "Schwerpunktthemen" in html
    assert "Mitglieder" in html
    office = CoordinationOffice.objects.get(slug=seed.OFFICE_SLUG)
    html = admin_client.get(admin_url(CoordinationOffice, "change", office.pk)).content.decode()
    assert "Informationsdrehscheibe" in html
    committee = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    assert admin_client.get(admin_url(Committee, "change", committee.pk)).status_code == 200
    forum = Forum.objects.get(slug="dialogforum")
    html = admin_client.get(admin_url(Forum, "change", forum.pk)).content.decode()
    assert "Expertengespräche" in html
    event_format = EventFormat.objects.get(slug="plattformen-erfahrungsaustausch")
    html = admin_client.get(admin_url(EventFormat, "change", event_format.pk)).content.decode()
    assert "Unterbringung außerhalb der eigenen Familie" in html
    foundation = Foundation.objects.get(slug="kjsg")
    assert admin_client.get(admin_url(Foundation, "change", foundation.pk)).status_code == 200
    event = make_event(event_format=event_format)
    assert admin_client.get(admin_url(Event, "change", event.pk)).status_code == 200


def test_change_form_links_to_the_public_page(admin_client, seeded):
    kkjp = Conference.objects.get(slug="kkjp")
    html = admin_client.get(admin_url(Conference, "change", kkjp.pk)).content.decode()
    assert "Auf der Website anzeigen" in html or "View on site" in html


def inline_management(prefixes):
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_superuser_adds_a_conference_with_its_predecessor(
    admin_client, make_conference, make_country
):
    predecessor = make_conference(slug="alt", short_name="ALT")
    data = {
        "name_de": "Neue Konferenz",
        "short_name_de": "NK",
        "slug": "nk",
        "jurisdiction": "intercantonal",
        "country": make_country("CH").pk,
        "founded_on": "2020-05-01",
        "founded_precision": "month",
        "dissolved_precision": "day",
        "is_published": "on",
        **inline_management(
            [
                "body_themes",
                "body_foundations",
                "memberships",
                "predecessor_links",
                "successor_links",
            ]
        ),
        "predecessor_links-TOTAL_FORMS": "1",
        "predecessor_links-0-predecessor": predecessor.pk,
        "predecessor_links-0-kind": "merger",
        "predecessor_links-0-happened_on": "2020-05-01",
        "predecessor_links-0-happened_precision": "month",
    }
    response = admin_client.post(admin_url(Conference, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    conference = Conference.objects.get(slug="nk")
    assert conference.kind == "conference"
    assert Lineage.objects.get(successor=conference).predecessor_id == predecessor.pk


def test_cantonal_editor_reads_but_cannot_change_intercantonal_conference(client, seeded):
    editor = User.objects.create_user("redaktion-bl", password="x", is_staff=True)
    group = Group.objects.get_or_create(name=CANTONAL_EDITOR_GROUP)[0]
    editor.groups.add(group)
    from django.contrib.auth.models import Permission

    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="coordination"))
    scope = EditingScope.objects.create(user=editor)
    scope.cantons.set(seeded_cantons("BL"))
    client.force_login(editor)
    kkjp = Conference.objects.get(slug="kkjp")
    office = CoordinationOffice.objects.get(slug=seed.OFFICE_SLUG)
    response = client.post(admin_url(Conference, "change", kkjp.pk), {"name_de": "Gekapert"})
    assert response.status_code == 403
    assert client.get(admin_url(CoordinationOffice, "change", office.pk)).status_code == 200
    kkjp.refresh_from_db()
    assert kkjp.name == "Konferenz für Kinder- und Jugendpolitik"


def seeded_cantons(*codes):
    from contacts.models import Canton

    return Canton.objects.filter(code__in=codes)


def test_deleting_the_coordinators_position_is_refused_and_names_the_bodies(admin_client, seeded):
    office = CoordinationOffice.objects.get(slug=seed.OFFICE_SLUG)
    coordinator = office.coordinator
    url = reverse("admin:contacts_position_delete", args=[coordinator.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert page.status_code == response.status_code == 200
    content = response.content.decode()
    assert "kann nicht gelöscht werden" in content
    assert "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe" in content
    assert "Steuergruppe Kinder- und Jugendhilfe" in content
    office.refresh_from_db()
    assert office.coordinator == coordinator


def test_deleting_a_member_directorate_is_refused_and_names_the_steering_group(
    admin_client, seeded
):
    group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    directorate = group.memberships.get(organisation__slug="vgd").organisation
    url = reverse("admin:contacts_organisation_delete", args=[directorate.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "kann nicht gelöscht werden" in content
    assert "Mitglied von Steuergruppe Kinder- und Jugendhilfe" in content
    assert group.memberships.filter(organisation=directorate).exists()
    assert type(directorate).objects.filter(pk=directorate.pk).exists()


def test_conference_change_is_in_its_history_and_can_be_reverted(
    admin_client, admin_user, seeded, admin_post_data
):
    kkjp = Conference.objects.get(slug="kkjp")
    themes = list(kkjp.body_themes.order_by("pk").values_list("pk", "topic_id", "area"))
    original = kkjp.history.latest()
    change_url = admin_url(Conference, "change", kkjp.pk)
    data = admin_post_data(admin_client.get(change_url))
    data["composition_de"] = "Geänderte Zusammensetzung"
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kkjp.refresh_from_db()
    assert kkjp.composition == "Geänderte Zusammensetzung"
    changed = kkjp.history.latest()
    assert (changed.history_user, changed.history_type) == (admin_user, "~")

    history_page = admin_client.get(admin_url(Conference, "history", kkjp.pk))
    assert history_page.status_code == 200
    revert_url = reverse(
        "admin:coordination_conference_simple_history", args=[kkjp.pk, original.history_id]
    )
    assert revert_url in history_page.content.decode()

    form_page = admin_client.get(revert_url)
    assert form_page.status_code == 200
    response = admin_client.post(revert_url, admin_post_data(form_page))

    assert response.status_code == 302
    kkjp.refresh_from_db()
    assert kkjp.composition == original.composition != "Geänderte Zusammensetzung"
    assert kkjp.history.count() == 3
    reverted = kkjp.history.latest()
    assert (reverted.history_user, reverted.history_type) == (admin_user, "~")
    assert reverted.composition == original.composition
    assert list(kkjp.body_themes.order_by("pk").values_list("pk", "topic_id", "area")) == themes
    assert admin_client.get(admin_url(Conference, "history", kkjp.pk)).status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m is not Body], ids=lambda m: m.__name__)
def test_every_edited_record_has_a_history_page(admin_client, seeded, make_event, model):
    make_event(event_format=EventFormat.objects.get(slug="expertengespraeche"))
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    version = obj.history.latest()
    assert admin_url(model, "simple_history", obj.pk, version.history_id) in (
        response.content.decode()
    )


def test_a_bodys_history_page_shows_who_changed_its_members_and_when(
    admin_client, admin_user, seeded, admin_post_data
):
    group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    change_url = admin_url(Committee, "change", group.pk)
    data = admin_post_data(admin_client.get(change_url))
    prefix = next(key for key in data if key.endswith("-0-role_de") and "membership" in key)[
        : -len("-0-role_de")
    ]
    data[f"{prefix}-0-DELETE"] = "on"
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    page = admin_client.get(admin_url(Committee, "history", group.pk)).content.decode()

    assert "Änderungen an: Mitglieder" in page
    assert "entfernt" in page
    assert admin_user.username in page


def test_removing_a_foundation_from_a_body_is_recorded_and_shown(
    admin_client, admin_user, seeded, admin_post_data
):
    kkjp = Conference.objects.get(slug="kkjp")
    pavo = kkjp.foundations.get(slug="pavo")
    change_url = admin_url(Conference, "change", kkjp.pk)
    data = admin_post_data(admin_client.get(change_url))
    row = next(
        key[: -len("-foundation")]
        for key, value in data.items()
        if key.startswith("body_foundations-")
        and key.endswith("-foundation")
        and value == str(pavo.pk)
    )
    data[f"{row}-DELETE"] = "on"
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert pavo not in kkjp.foundations.all()
    removal = BodyFoundation.history.filter(body_id=kkjp.pk, foundation_id=pavo.pk).latest()
    assert (removal.history_type, removal.history_user) == ("-", admin_user)
    page = admin_client.get(admin_url(Conference, "history", kkjp.pk)).content.decode()
    assert "Änderungen an: Grundlagen des Gremiums" in page
    assert "Pflegekinderverordnung" in page


def restore_url(body, history):
    return reverse(
        "admin:coordination_committee_restore_part",
        args=[body.pk, history.instance._meta.model_name, history.history_id],
    )


def test_a_removed_member_is_restored_from_the_bodys_history_in_one_click(
    admin_client, admin_user, seeded
):
    group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    membership = group.memberships.order_by("pk").first()
    member, membership_id = str(membership), membership.pk
    membership.delete()
    removal = Membership.history.filter(id=membership_id).latest()
    history_page = admin_client.get(admin_url(Committee, "history", group.pk)).content.decode()
    assert restore_url(group, removal) in history_page

    response = admin_client.post(restore_url(group, removal))

    assert response.status_code == 302
    restored = group.memberships.get(pk=membership_id)
    assert str(restored) == member
    latest = Membership.history.filter(id=membership_id).latest()
    assert (latest.history_type, latest.history_user) == ("+", admin_user)


def test_restoring_a_part_needs_a_post_and_the_right_to_change_the_body(client, seeded, admin_user):
    group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    membership = group.memberships.order_by("pk").first()
    membership_id = membership.pk
    membership.delete()
    removal = Membership.history.filter(id=membership_id).latest()
    zurich_editor = User.objects.create_user("zh", password="x", is_staff=True)
    zurich_editor.groups.add(Group.objects.get(name=CANTONAL_EDITOR_GROUP))
    EditingScope.objects.create(user=zurich_editor).cantons.add(
        Canton.objects.get_or_create(code="ZH", defaults={"name": "Zürich"})[0]
    )

    client.force_login(admin_user)
    assert client.get(restore_url(group, removal)).status_code == 405
    client.force_login(zurich_editor)
    assert client.post(restore_url(group, removal)).status_code == 403
    assert not group.memberships.filter(pk=membership_id).exists()


def test_a_restore_that_contradicts_todays_data_is_refused_with_a_message(admin_client, seeded):
    kkjp = Conference.objects.get(slug="kkjp")
    link = BodyFoundation.objects.get(body=kkjp, foundation__slug="pavo")
    link_id, pavo = link.pk, link.foundation
    link.delete()
    removal = BodyFoundation.history.filter(id=link_id).latest()
    BodyFoundation.objects.create(body=kkjp, foundation=pavo)  # added again since
    url = reverse(
        "admin:coordination_conference_restore_part",
        args=[kkjp.pk, "bodyfoundation", removal.history_id],
    )

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert "kann nicht wiederhergestellt werden" in response.content.decode()
    assert kkjp.foundations.filter(pk=pavo.pk).count() == 1
