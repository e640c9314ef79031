"""Staff accounts: the editor groups get their permissions, an editor account is set up.

Which group may do what is the editing scope's rule (contacts/editing_scope.py); the
portal's post_migrate handler applies it after every `migrate`, when the permissions of
every app exist. `sync_groups` only ever adds permissions, so what an administrator grants
by hand stays.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _

from contacts.editing_scope import (
    ADMINISTRATION_GROUP,
    CANTONAL_EDITOR_GROUP,
    EDITOR_GROUPS,
    group_permission_codes,
)


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
