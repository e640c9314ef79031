"""The editing scope's rule and its declarations: one module without admin imports, a
start-up check of every `canton_scope_lookup`, and admins that declare their actions."""

import ast
import inspect

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import checks
from django.test import RequestFactory

import contacts.editing_scope
from contacts.admin_scope import PortalModelAdmin
from contacts.checks import check_canton_scope_lookups
from contacts.models import Organisation, Person, Position
from core.publishing import PublishableModel


def imported_modules(module):
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_scope_rule_imports_neither_the_admin_nor_the_apps_to_its_right():
    imported = imported_modules(contacts.editing_scope)
    assert not {name for name in imported if name.startswith("django.contrib.admin")}
    assert not {
        name for name in imported if name.split(".")[0] in {"coordination", "planning", "portal"}
    }


def test_the_project_passes_the_canton_scope_check():
    assert check_canton_scope_lookups() == []
    assert not [
        error
        for error in checks.run_checks(tags=[checks.Tags.models])
        if error.id == "contacts.E001"
    ]


@pytest.mark.parametrize(
    ("model", "lookup", "reason"),
    [
        (Organisation, "kind", "'kind' of contacts.Organisation, which is not a relation"),
        (Organisation, "country", "leads to contacts.Country, not to contacts.Canton"),
        (Position, "organisation__kanton", "'kanton', which is not a field"),
        (Person, "", "is not a lookup path"),
    ],
)
def test_a_lookup_that_does_not_lead_to_a_canton_fails_at_start_up(
    monkeypatch, model, lookup, reason
):
    monkeypatch.setattr(model, "canton_scope_lookup", lookup)
    errors = check_canton_scope_lookups([apps.get_app_config("contacts")])
    assert [error.id for error in errors] == ["contacts.E001"]
    assert errors[0].obj is model
    assert f"{model._meta.label}.canton_scope_lookup '{lookup}'" in errors[0].msg
    assert reason in errors[0].msg


def superuser_request():
    from django.contrib.auth import get_user_model

    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def test_an_admin_has_only_the_actions_it_declares():
    class UndeclaredAdmin(PortalModelAdmin):
        pass

    actions = UndeclaredAdmin(Organisation, admin.site).get_actions(superuser_request())
    assert not {"publish_selected", "unpublish_selected", "mark_verified"} & set(actions)


def test_the_registered_admins_declare_publishing_and_verifying():
    request = superuser_request()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        if not model_admin.has_change_permission(request):
            continue
        actions = set(model_admin.get_actions(request))
        if issubclass(model, PublishableModel):
            assert {"publish_selected", "unpublish_selected"} <= actions, model._meta.label
        fields = {field.name for field in model._meta.get_fields()}
        assert ("mark_verified" in actions) == ("last_verified_on" in fields), model._meta.label


def test_admin_url_fields_assume_https():
    form_class = admin.site.get_model_admin(Organisation).get_form(superuser_request())
    assert form_class.base_fields["website"].clean("www.example.ch") == "https://www.example.ch"
