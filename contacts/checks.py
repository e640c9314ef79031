"""Start-up checks of the editing scope's declarations (contacts/editing_scope.py), as
Wagtail's permission policies check their model: a `canton_scope_lookup` that does not
lead to a canton would otherwise fail only when an editor opens the admin."""

from django.apps import apps as global_apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from contacts.editing_scope import scoped_lookup


def canton_scope_lookup_error(model):
    """Why `model.canton_scope_lookup` does not lead to a canton, or None when it does."""
    lookup = scoped_lookup(model)
    if not isinstance(lookup, str) or not lookup:
        return "is not a lookup path (a string such as 'organisation__canton')"
    current = model
    for part in lookup.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return f"names '{part}', which is not a field of {current._meta.label}"
        if not field.is_relation or field.related_model is None:
            return f"names '{part}' of {current._meta.label}, which is not a relation"
        current = field.related_model
    if current._meta.label != "contacts.Canton":
        return f"leads to {current._meta.label}, not to contacts.Canton"
    return None


@checks.register(checks.Tags.models)
def check_canton_scope_lookups(app_configs=None, **kwargs):
    configs = global_apps.get_app_configs() if app_configs is None else app_configs
    errors = []
    for app_config in configs:
        for model in app_config.get_models():
            if scoped_lookup(model) is None:
                continue
            reason = canton_scope_lookup_error(model)
            if reason is not None:
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.canton_scope_lookup "
                        f"'{scoped_lookup(model)}' {reason}.",
                        hint="Name the path from the model to its canton, "
                        "e.g. canton_scope_lookup = 'organisation__canton'.",
                        obj=model,
                        id="contacts.E001",
                    )
                )
    return errors
