"""The one rule for what staff may edit: the roles, the editing scope and the permissions
each role is given. The admins of every app apply it (contacts/admin_scope.py), as do the
contact imports and the staff dashboard; nothing here depends on the admin.

A model opts in by naming the path to its canton in `canton_scope_lookup`
("canton", "organisation__canton", ...); a system check (contacts/checks.py) refuses to
start when the path does not lead to a canton. Records without a canton are
inter-cantonal: the conference secretariat edits them, cantonal editors only read them.

The roles are three groups:

- "Redaktion Kanton": reads all content, adds, changes and deletes records of the
  models that name their canton; the scope limits this to the cantons of the editor's
  EditingScope.
- "Sekretariat Konferenz": the same, plus the models without a canton of the
  coordination app (foundations, formats, ...) and the shared topic vocabulary; it may
  edit inter-cantonal records.
- "Administration": every permission, accounts included; edits everything.

Their model permissions are derived from the models (named by app label, so this module
imports nothing from the apps that build on contacts): a model another app adds later
is covered when `migrate` next runs (portal/groups.py, `sync_groups`).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

ADMINISTRATION_GROUP = "Administration"
CANTONAL_EDITOR_GROUP = "Redaktion Kanton"
CONFERENCE_SECRETARIAT_GROUP = "Sekretariat Konferenz"
EDITOR_GROUPS = (CANTONAL_EDITOR_GROUP, CONFERENCE_SECRETARIAT_GROUP, ADMINISTRATION_GROUP)

CONTENT_APPS = tuple(settings.PORTAL_CONTENT_APPS)
# The app whose records without a canton (foundations, formats, ...) the secretariat keeps.
SECRETARIAT_APP = "coordination"
# Maintained by the secretariat for everyone: the topic vocabulary shared by all apps.
SECRETARIAT_SHARED_MODELS = {"contacts.Topic"}
# Accounts and who edits which canton: the Administration's business only.
ADMINISTRATION_ONLY_MODELS = {"contacts.EditingScope"}
ALL_ACTIONS = ("view", "add", "change", "delete")

OUT_OF_SCOPE_MESSAGE = _("Dieser Eintrag liegt ausserhalb Ihres Bearbeitungsbereichs.")


def group_names(user):
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._portal_group_names


def edits_everything(user):
    return user.is_superuser or ADMINISTRATION_GROUP in group_names(user)


def edits_intercantonal(user):
    return edits_everything(user) or CONFERENCE_SECRETARIAT_GROUP in group_names(user)


def scope_canton_ids(user):
    """Ids of the cantons whose records `user` may edit (cached on the user for the request)."""
    if not hasattr(user, "_portal_scope_canton_ids"):
        scope = getattr(user, "editing_scope", None) if user.is_authenticated else None
        user._portal_scope_canton_ids = (
            set(scope.cantons.values_list("pk", flat=True)) if scope else set()
        )
    return user._portal_scope_canton_ids


def scoped_lookup(model):
    return getattr(model, "canton_scope_lookup", None)


def editable_filter(user, model):
    """A Q object selecting the records of `model` that `user` may change."""
    lookup = scoped_lookup(model)
    if lookup is None or edits_everything(user):
        return Q()
    condition = Q(**{f"{lookup}__in": scope_canton_ids(user)})
    if edits_intercantonal(user):
        condition |= Q(**{f"{lookup}__isnull": True})
    return condition


def readable_filter(user, model):
    """Editable records, plus inter-cantonal ones that every editor may read."""
    lookup = scoped_lookup(model)
    if lookup is None or edits_everything(user):
        return Q()
    return editable_filter(user, model) | Q(**{f"{lookup}__isnull": True})


def _restrict(queryset, condition):
    """Filter through a subquery: lookups across to-many relations then neither
    duplicate rows nor need distinct() (which bulk deletion refuses)."""
    if not condition:
        return queryset
    model = queryset.model
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def editable_queryset(user, model, queryset=None):
    queryset = model._default_manager.all() if queryset is None else queryset
    return _restrict(queryset, editable_filter(user, model))


def readable_queryset(user, model, queryset=None):
    queryset = model._default_manager.all() if queryset is None else queryset
    return _restrict(queryset, readable_filter(user, model))


def instance_canton_ids(obj, lookup):
    """The cantons `obj` belongs to, read from the instance itself (for objects not in the
    database, such as the last historical version of a deleted record)."""
    objects = [obj]
    for part in lookup.split("__"):
        found = []
        for current in objects:
            value = getattr(current, part, None)
            if isinstance(value, Manager):
                found.extend(value.all())
            elif value is not None:
                found.append(value)
        objects = found
    return {canton.pk for canton in objects}


def _in_scope(user, obj, condition_for):
    model = type(obj)
    if obj is None or scoped_lookup(model) is None or edits_everything(user):
        return True
    if obj.pk is None:
        # Not saved yet: the admin checks the saved record again
        # (CantonScopedAdminMixin.save_related).
        return True
    if model._default_manager.filter(pk=obj.pk).exists():
        return model._default_manager.filter(condition_for(user, model), pk=obj.pk).exists()
    canton_ids = instance_canton_ids(obj, scoped_lookup(model))
    if not canton_ids:
        return condition_for is readable_filter or edits_intercantonal(user)
    return bool(canton_ids & scope_canton_ids(user))


def may_edit(user, obj):
    return _in_scope(user, obj, editable_filter)


def may_read(user, obj):
    return _in_scope(user, obj, readable_filter)


def ensure_editable(user, obj):
    if not may_edit(user, obj):
        raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)


def scoped_choices(user, related_model):
    """The choices an editor may pick for a relation to `related_model`, or None for all.

    Cantons: only the editor's own. Scoped records: for cantonal editors their own
    cantons' and inter-cantonal ones; the conference secretariat may link any record
    (conference members come from every canton). Whatever is chosen, the edited record
    itself must stay within the editor's scope, which the admin checks after saving.
    """
    if edits_everything(user):
        return None
    if related_model._meta.label == "contacts.Canton":
        return related_model._default_manager.filter(pk__in=scope_canton_ids(user))
    if scoped_lookup(related_model) is None or edits_intercantonal(user):
        return None
    return readable_queryset(user, related_model)


def content_models():
    for model in global_apps.get_models():
        if (
            model._meta.app_label in CONTENT_APPS
            and not issubclass(model, HistoricalChanges)
            and model._meta.label not in ADMINISTRATION_ONLY_MODELS
        ):
            yield model


def group_permission_codes():
    """{group name: {(app_label, codename), ...}} for the two editor groups; the
    Administration has every permission."""
    cantonal, secretariat = set(), set()
    for model in content_models():
        opts = model._meta

        def codes(actions, opts=opts):
            return {(opts.app_label, f"{action}_{opts.model_name}") for action in actions}

        cantonal |= codes(["view"])
        secretariat |= codes(["view"])
        if scoped_lookup(model) is not None:
            cantonal |= codes(ALL_ACTIONS)
            secretariat |= codes(ALL_ACTIONS)
        elif opts.app_label == SECRETARIAT_APP or opts.label in SECRETARIAT_SHARED_MODELS:
            secretariat |= codes(ALL_ACTIONS)
    return {CANTONAL_EDITOR_GROUP: cantonal, CONFERENCE_SECRETARIAT_GROUP: secretariat}
