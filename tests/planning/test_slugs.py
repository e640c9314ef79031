"""A plan's old slug redirects (301) on every page under it."""

from django.apps import apps
from django.urls import reverse

from contacts.slugs import transliterate_old_slugs
from planning.models import Plan


def test_old_plan_slug_redirects_plan_and_field_pages(client, make_plan, make_field):
    plan = make_plan()
    make_field(plan, number=3)
    old = plan.slug
    plan.slug = "kinder-und-jugendhilfe-planung"
    plan.save()

    response = client.get(reverse("planning:plan_detail", kwargs={"slug": old}))
    assert response.status_code == 301
    assert response["Location"] == "/planung/kinder-und-jugendhilfe-planung/"
    field = client.get(reverse("planning:field_detail", kwargs={"slug": old, "number": 3}))
    assert field.status_code == 301
    assert field["Location"] == "/planung/kinder-und-jugendhilfe-planung/felder/3/"
    assert client.get(field["Location"]).status_code == 200


def test_unknown_field_of_a_current_plan_is_still_not_found(client, make_plan):
    plan = make_plan()
    url = reverse("planning:field_detail", kwargs={"slug": plan.slug, "number": 9})
    assert client.get(url).status_code == 404


def test_migration_renames_a_plan_made_the_old_way(client, make_plan):
    plan = make_plan(title="Planung Frühe Förderung", slug="planung-fruhe-forderung")
    transliterate_old_slugs(apps, "planning", "Plan", ["title"])
    assert Plan.objects.get(pk=plan.pk).slug == "planung-fruehe-foerderung"
    response = client.get("/planung/planung-fruhe-forderung/")
    assert response["Location"] == "/planung/planung-fruehe-foerderung/"


def test_admin_makes_the_plan_slug_from_the_title(admin_client, admin_post_data, make_plan):
    plan = make_plan(title="Planung Frühe Förderung")
    change = reverse("admin:planning_plan_change", args=[plan.pk])
    data = admin_post_data(admin_client.get(change)) | {"slug": ""}
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert plan.slug == "planung-fruehe-foerderung"
