"""The editing scope, checked for every ModelAdmin registered on admin.site whose model names
its canton (`canton_scope_lookup`): an admin added later is covered without a new test.

Data: the seed facts (Basel-Landschaft's and inter-cantonal records). An editor of Zurich
must not change any of them; an editor of Basel-Landschaft changes BL's.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.core import serializers
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import planning.seed
from contacts.admin_scope import CantonScopedAdminMixin, ScopedInlineMixin
from contacts.editing_scope import scoped_lookup
from contacts.models import Canton, Country
from coordination.models import Conference, Event, EventFormat, Forum, Foundation, FoundationKind
from planning.models import Document, Measure, Plan, PrintOrder, Recommendation
from portal.models import CantonFact, ChangeReport, ConfirmedAbsence
from portal.reports import submit_report


def scoped_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if scoped_lookup(model) is not None
        ),
        key=lambda item: item[0]._meta.label,
    )


SCOPED_MODELS = [model for model, _model_admin in scoped_admins()]
FOREIGN_CHOICES = {
    "contacts.Canton",
    "contacts.Organisation",
    "contacts.Position",
    "contacts.Person",
}


def _superuser_request():
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def _editable(model_admin):
    return model_admin.has_change_permission(_superuser_request())


def _offers_canton_choices(model_admin):
    form = model_admin.get_form(_superuser_request())
    return any(
        getattr(field, "queryset", None) is not None
        and field.queryset.model._meta.label in FOREIGN_CHOICES
        for field in form.base_fields.values()
    )


# Read at collection, so that each test runs only where it applies instead of skipping.
EDITABLE_MODELS = [model for model, model_admin in scoped_admins() if _editable(model_admin)]
MODELS_WITH_CANTON_CHOICES = [
    model
    for model, model_admin in scoped_admins()
    if _editable(model_admin) and _offers_canton_choices(model_admin)
]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def snapshot(obj):
    return serializers.serialize("json", type(obj)._default_manager.filter(pk=obj.pk))


@pytest.fixture
def basel_records(seeded):
    add_basel_records()


def add_basel_records():
    """A Basel-Landschaft record of each scoped model the seeds do not hold one of (staff
    add these in the admin), so that every check below runs for every admin."""
    basel = Canton.objects.get(code="BL")
    switzerland = Country.objects.get(code="CH")
    cantonal = {"jurisdiction": "cantonal", "country": switzerland, "canton": basel}
    Conference.objects.create(name="Kantonale Testkonferenz", slug="bl-konferenz", **cantonal)
    Foundation.objects.create(
        name="Kantonales Testgesetz", slug="bl-gesetz", kind=FoundationKind.LAW, **cantonal
    )
    forum = Forum.objects.create(name="Kantonales Testforum", slug="bl-forum", **cantonal)
    event_format = EventFormat.objects.create(forum=forum, name="Austausch", slug="bl-austausch")
    Event.objects.create(
        format=event_format, title="Testaustausch", slug="bl-austausch-1", starts_at=timezone.now()
    )
    plan = Plan.objects.get(slug=planning.seed.PLAN_SLUG)
    Measure.objects.create(field=plan.fields.get(number=7), title="Testmassnahme")
    Document.objects.create(plan=plan, title="Testdokument", url="https://example.ch/plan.pdf")
    Recommendation.objects.create(report=plan.predecessor, number=1, text="Testempfehlung")
    PrintOrder.objects.create(
        plan=plan,
        name="Regula Muster",
        street="Ergolzstrasse 3",
        postcode="4414",
        town="Füllinsdorf",
        email="regula.muster@example.ch",
        copies=2,
    )
    ConfirmedAbsence.objects.create(canton=basel, fact=CantonFact.CONFERENCE_MEMBERS)
    submit_report(
        ChangeReport(problem="Telefon veraltet", correction="061 552 17 00"),
        plan,
        site_url="http://testserver/",
    )


def record(model, canton_code):
    lookup = scoped_lookup(model)
    if canton_code is None:
        return model._default_manager.filter(**{f"{lookup}__isnull": True}).first()
    return model._default_manager.filter(**{f"{lookup}__code": canton_code}).first()


def test_every_admin_of_a_scoped_model_uses_the_scope_rule(db, make_editor):
    request = RequestFactory().get("/")
    request.user = make_editor("BL")
    assert SCOPED_MODELS, "no scoped admin found"
    for model, model_admin in scoped_admins():
        assert isinstance(model_admin, CantonScopedAdminMixin), model._meta.label
        for inline in model_admin.get_inline_instances(request):
            if scoped_lookup(inline.model) is None or isinstance(inline, ScopedInlineMixin):
                continue
            # An inline outside the rule is acceptable only when it is read-only.
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request, None), inline
            assert not inline.has_delete_permission(request, None), inline


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model._meta.label)
def test_canton_scope_lookup_leads_to_a_canton(model):
    current = model
    for part in scoped_lookup(model).split("__"):
        current = current._meta.get_field(part).related_model
        assert current is not None, f"{model._meta.label}: {part} is not a relation"
    assert current is Canton


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model._meta.label)
def test_editor_of_another_canton_cannot_touch_the_record(
    basel_records, model, make_editor, client, admin_client, admin_post_data
):
    obj = record(model, "BL") or record(model, None)
    assert obj is not None, "add a BL record of this model to add_basel_records()"
    superuser_page = admin_client.get(url(model, "change", obj.pk))
    assert superuser_page.status_code == 200  # the superuser is unrestricted
    assert admin_client.get(url(model, "history", obj.pk)).status_code == 200
    data = admin_post_data(superuser_page)
    before = snapshot(obj)
    client.force_login(make_editor("ZH"))

    changelist = client.get(url(model, "changelist"))
    assert changelist.status_code == 200
    if record(model, "BL") is not None:
        assert obj not in changelist.context["cl"].result_list
        assert client.get(url(model, "change", obj.pk)).status_code == 403
        assert client.get(url(model, "history", obj.pk)).status_code == 403
    assert client.post(url(model, "change", obj.pk), data).status_code == 403
    assert client.get(url(model, "delete", obj.pk)).status_code == 403
    assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    bulk = client.post(
        url(model, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
    )
    if "delete_selected" in admin.site._registry[model].get_actions(bulk.wsgi_request):
        assert bulk.status_code == 403
    assert snapshot(obj) == before


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda model: model._meta.label)
def test_editor_of_the_canton_lists_opens_and_changes_the_record(
    basel_records, model, make_editor, client, admin_post_data
):
    obj = record(model, "BL")
    assert obj is not None, "add a BL record of this model to add_basel_records()"
    editor = make_editor("BL")
    client.force_login(editor)

    assert obj in client.get(url(model, "changelist")).context["cl"].result_list
    page = client.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True
    # Visitors' reports are never deleted, by anyone (tests/portal/test_change_reports.py).
    deletable = model is not ChangeReport
    assert client.get(url(model, "delete", obj.pk)).status_code == (200 if deletable else 403)

    response = client.post(url(model, "change", obj.pk), admin_post_data(page))
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors

    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return
    history = getattr(obj, model._meta.simple_history_manager_attribute).all()
    assert history.latest().history_user == editor
    # Revert to the first version: the revert is checked and recorded like any change.
    versions = history.count()
    revert_url = url(model, "simple_history", obj.pk, history.earliest().history_id)
    reverted = client.post(revert_url, admin_post_data(client.get(revert_url)))
    assert reverted.status_code == 302
    assert history.count() == versions + 1
    assert history.latest().history_user == editor


@pytest.mark.parametrize("model", MODELS_WITH_CANTON_CHOICES, ids=lambda model: model._meta.label)
def test_forged_choice_of_another_canton_answers_403(
    basel_records, model, make_editor, make_position, client, admin_post_data
):
    obj = record(model, "BL")
    assert obj is not None, "add a BL record of this model to add_basel_records()"
    zurich_position = make_position(canton="ZH")
    foreign = {
        "contacts.Canton": zurich_position.organisation.canton,
        "contacts.Organisation": zurich_position.organisation,
        "contacts.Position": zurich_position,
        "contacts.Person": zurich_position.person,
    }
    client.force_login(make_editor("BL"))
    page = client.get(url(model, "change", obj.pk))
    form = page.context["adminform"].form
    forgeable = [
        (name, foreign[field.queryset.model._meta.label])
        for name, field in form.fields.items()
        if hasattr(field, "queryset") and field.queryset.model._meta.label in foreign
    ]
    assert forgeable
    before = snapshot(obj)
    for name, value in forgeable:
        data = admin_post_data(page)
        data[name] = [str(value.pk)] if isinstance(data.get(name), list) else str(value.pk)
        response = client.post(url(model, "change", obj.pk), data)
        assert response.status_code == 403, name
        assert snapshot(obj) == before
