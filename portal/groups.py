"""The staff roles and how an editor account is set up.

The three groups and their model permissions are derived from the models themselves,
so a model that another app adds later is covered the next time `migrate` runs
(the portal's post_migrate handler calls `sync_groups`):

- "Redaktion Kanton": reads all content, adds, changes and deletes records of the
  models that name their canton (`canton_scope_lookup`); the admin limits this to the
  cantons of the editor's EditingScope.
- "Sekretariat Konferenz": the same, plus the models without a canton of the
  coordination app (foundations, formats, ...) and the shared topic vocabulary; the
  admin lets it edit inter-cantonal records.
- "Administration": every permission, accounts included; edits everything.

`sync_groups` only ever adds permissions, so what an administrator grants by hand stays.
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from contacts.admin_scope import (
    ADMINISTRATION_GROUP,
    CANTONAL_EDITOR_GROUP,
    CONFERENCE_SECRETARIAT_GROUP,
    scoped_lookup,
)

CONTENT_APPS = ("contacts", "coordination", "planning")
EDITOR_GROUPS = (CANTONAL_EDITOR_GROUP, CONFERENCE_SECRETARIAT_GROUP, ADMINISTRATION_GROUP)
# Maintained by the secretariat for everyone: the topic vocabulary shared by all apps.
SECRETARIAT_SHARED_MODELS = {"contacts.Topic"}
# Accounts and who edits which canton: the Administration's business only.
ADMINISTRATION_ONLY_MODELS = {"contacts.EditingScope"}
ALL_ACTIONS = ("view", "add", "change", "delete")


def content_models():
    for model in global_apps.get_models():
        if (
            model._meta.app_label in CONTENT_APPS
            and not issubclass(model, HistoricalChanges)
            and model._meta.label not in ADMINISTRATION_ONLY_MODELS
        ):
            yield model


def group_permission_codes():
    """{group name: {(app_label, codename), ...}} for the two editor groups."""
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
        elif opts.app_label == "coordination" or opts.label in SECRETARIAT_SHARED_MODELS:
            secretariat |= codes(ALL_ACTIONS)
    return {CANTONAL_EDITOR_GROUP: cantonal, CONFERENCE_SECRETARIAT_GROUP: secretariat}


def _permissions(codes, using):
    wanted = set(codes)
    app_labels = {app_label for app_label, _codename in wanted}
    candidates = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=app_labels)
        .select_related("content_type")
    )
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


def sync_groups(using=DEFAULT_DB_ALIAS):
    """Create the three groups and give them their permissions (idempotent)."""
    groups = {}
    for name in EDITOR_GROUPS:
        groups[name] = Group.objects.using(using).get_or_create(name=name)[0]
    for name, codes in group_permission_codes().items():
        groups[name].permissions.add(*_permissions(codes, using))
    groups[ADMINISTRATION_GROUP].permissions.add(*Permission.objects.using(using).all())
    return groups


def sync_groups_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: permissions of models added since the last run join the groups."""
    sync_groups(using=using)


@transaction.atomic
def save_editor(username, email, canton_codes, group_names):
    """Create or update a staff account with its groups and editing scope.

    `canton_codes` and `group_names` replace the current ones when given (not None).
    Returns (user, created). Raises ValidationError for unknown cantons or groups.
    """
    from contacts.models import Canton, EditingScope

    sync_groups()
    cantons = []
    if canton_codes is not None:
        codes = [code.strip().upper() for code in canton_codes]
        found = {canton.code: canton for canton in Canton.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                _("Unbekannter Kanton: %(codes)s. Bekannte Kürzel: %(known)s.")
                % {
                    "codes": ", ".join(unknown),
                    "known": ", ".join(Canton.objects.values_list("code", flat=True))
                    or _("keine (zuerst load_portal_data ausführen)"),
                }
            )
        cantons = [found[code] for code in codes]
    groups = []
    if group_names is not None:
        found_groups = {group.name: group for group in Group.objects.filter(name__in=group_names)}
        unknown = [name for name in group_names if name not in found_groups]
        if unknown:
            raise ValidationError(
                _("Unbekannte Gruppe: %(names)s. Vorhandene Gruppen: %(known)s.")
                % {
                    "names": ", ".join(unknown),
                    "known": ", ".join(
                        Group.objects.order_by("name").values_list("name", flat=True)
                    ),
                }
            )
        groups = [found_groups[name] for name in group_names]

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        if group_names is None:
            groups = [Group.objects.get(name=CANTONAL_EDITOR_GROUP)]
            group_names = [CANTONAL_EDITOR_GROUP]
    if email is not None:
        user.email = email
    user.is_staff = True
    user.is_active = True
    user.save()
    if group_names is not None:
        user.groups.set(groups)
    scope = EditingScope.objects.get_or_create(user=user)[0]
    if canton_codes is not None:
        scope.cantons.set(cantons)
    if user.groups.filter(name=CANTONAL_EDITOR_GROUP).exists() and not scope.cantons.exists():
        raise ValidationError(
            _("Die Gruppe «%(group)s» braucht mindestens einen Kanton (--canton).")
            % {"group": CANTONAL_EDITOR_GROUP}
        )
    return user, created
