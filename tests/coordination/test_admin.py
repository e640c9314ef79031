import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from contacts.admin_scope import CANTONAL_EDITOR_GROUP
from contacts.models import EditingScope
from coordination import seed
from coordination.models import (
    Body,
    Committee,
    Conference,
    CoordinationOffice,
    Event,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
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
        "name": "Neue Konferenz",
        "short_name": "NK",
        "slug": "nk",
        "jurisdiction": "intercantonal",
        "country": make_country("CH").pk,
        "founded_on": "2020-05-01",
        "founded_precision": "month",
        "dissolved_precision": "day",
        "is_published": "on",
        **inline_management(["body_themes", "memberships", "predecessor_links", "successor_links"]),
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
    response = client.post(admin_url(Conference, "change", kkjp.pk), {"name": "Gekapert"})
    assert response.status_code == 403
    assert client.get(admin_url(CoordinationOffice, "change", office.pk)).status_code == 200
    kkjp.refresh_from_db()
    assert kkjp.name == "Konferenz für Kinder- und Jugendpolitik"


def seeded_cantons(*codes):
    from contacts.models import Canton

    return Canton.objects.filter(code__in=codes)
