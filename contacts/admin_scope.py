"""The one rule for who may edit what in the admin, used by the admins of every app.

A model opts in by naming the path to its canton in `canton_scope_lookup`
("canton", "organisation__canton", ...). Records without a canton are
inter-cantonal: the conference secretariat edits them, cantonal editors only read them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

ADMINISTRATION_GROUP = "Administration"
CANTONAL_EDITOR_GROUP = "Redaktion Kanton"
CONFERENCE_SECRETARIAT_GROUP = "Sekretariat Konferenz"


def group_names(user):
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = set(user.groups.values_list("name", flat=True))
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


def may_edit(user, obj):
    if obj is None or scoped_lookup(type(obj)) is None or edits_everything(user):
        return True
    if obj.pk is None:
        return True
    return type(obj)._default_manager.filter(editable_filter(user, type(obj)), pk=obj.pk).exists()


class CantonScopedAdminMixin:
    """Limits change lists, object access and form choices to the editor's cantons."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(readable_filter(request.user, self.model)).distinct()

    def get_object(self, request, object_id, from_field=None):
        # Look the object up outside the scope, so that a record of another canton
        # answers 403 (permission denied) instead of pretending not to exist.
        model = self.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            object_id = field.to_python(object_id)
            obj = model._default_manager.get(**{field.name: object_id})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None
        if not model._default_manager.filter(
            readable_filter(request.user, model), pk=obj.pk
        ).exists():
            raise PermissionDenied
        return obj

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limited = scoped_choices(request.user, db_field.related_model)
        if limited is not None:
            kwargs["queryset"] = limited
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limited = scoped_choices(request.user, db_field.related_model)
        if limited is not None:
            kwargs["queryset"] = limited
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not may_edit(request.user, obj):
            # The form's choices are already limited; this guards what the form cannot see.
            raise PermissionDenied


def scoped_choices(user, related_model):
    """The choices an editor may pick for a relation to `related_model`, or None for all."""
    if edits_everything(user):
        return None
    if related_model._meta.label == "contacts.Canton":
        return related_model._default_manager.filter(pk__in=scope_canton_ids(user))
    if scoped_lookup(related_model) is None:
        return None
    return related_model._default_manager.filter(readable_filter(user, related_model)).distinct()


class PortalModelAdmin(CantonScopedAdminMixin, SimpleHistoryAdmin):
    """Base admin for the portal's content: editing scope and per-object history."""


class ScopedInlineMixin:
    """For inlines: an editor picks related records only from within their scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limited = scoped_choices(request.user, db_field.related_model)
        if limited is not None:
            kwargs["queryset"] = limited
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
