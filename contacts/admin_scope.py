"""The admin's wiring of the editing scope (contacts/editing_scope.py), used by the admins
of every app.

Everything an editor submits is checked against that rule, not only what the forms
offer: a record, a choice or a bulk-action selection outside the editor's scope answers
403 (PermissionDenied) and, because the admin's views run in one transaction, changes
nothing. Each admin declares its bulk actions (`actions`); every one of them is guarded.
"""

import copy
import functools

from django import forms
from django.apps import apps as global_apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.admin_formfields import HTTPS_URL_FORMFIELDS
from contacts.editing_scope import (
    OUT_OF_SCOPE_MESSAGE,
    editable_queryset,
    edits_everything,
    edits_intercantonal,
    ensure_editable,
    may_edit,
    may_read,
    readable_queryset,
    scoped_choices,
    scoped_lookup,
)

# Bulk actions that only read the selected records (exports) may include inter-cantonal ones.
READ_ONLY_ACTIONS = {"export_admin_action"}


def _submitted_exists(queryset, key, values):
    try:
        return queryset.filter(**{f"{key}__in": list(values)}).exists()
    except (ValueError, TypeError, ValidationError):
        return False


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A choice that exists but lies outside the editor's scope is a forged request: 403."""

    def __init__(self, *args, unscoped_queryset=None, **kwargs):
        self.unscoped_queryset = unscoped_queryset
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice" and _submitted_exists(
                self.unscoped_queryset, self.to_field_name or "pk", [value]
            ):
                raise PermissionDenied(OUT_OF_SCOPE_MESSAGE) from error
            raise


class ScopedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, unscoped_queryset=None, **kwargs):
        self.unscoped_queryset = unscoped_queryset
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code == "invalid_choice" and _submitted_exists(
                self.unscoped_queryset, self.to_field_name or "pk", value
            ):
                raise PermissionDenied(OUT_OF_SCOPE_MESSAGE) from error
            raise


def _limit_choices(request, db_field, kwargs, form_class):
    limited = scoped_choices(request.user, db_field.related_model)
    if limited is not None:
        given = kwargs.get("queryset")
        kwargs["queryset"] = limited if given is None else given.filter(pk__in=limited.values("pk"))
        kwargs["form_class"] = form_class
        kwargs["unscoped_queryset"] = db_field.related_model._default_manager.all()
    return kwargs


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many choice limited to the editor's scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = _limit_choices(request, db_field, kwargs, ScopedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = _limit_choices(request, db_field, kwargs, ScopedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        lookup = scoped_lookup(self.model)
        direct_field = lookup if lookup and "__" not in lookup else None
        if (
            direct_field in form.base_fields
            and not edits_intercantonal(request.user)
            and (obj is None or may_edit(request.user, obj))
        ):
            # A cantonal editor cannot create inter-cantonal records: say so in the form.
            # A copy: a field declared on a custom form class is shared between requests.
            field = copy.copy(form.base_fields[direct_field])
            field.required = True
            form.base_fields[direct_field] = field
        return form


def _action_is_read_only(name, func):
    allowed = set(getattr(func, "allowed_permissions", ()) or ())
    return name in READ_ONLY_ACTIONS or (allowed and allowed <= {"view", "export"})


def _guard_action(name, func):
    """Wrap a bulk action: every selected record must be readable, and for actions that
    change data editable; otherwise the whole action is refused."""

    @functools.wraps(func)
    def guarded(modeladmin, request, queryset):
        user = request.user
        model = modeladmin.model
        if request.POST.get("select_across") != "1":
            selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            found = {str(pk) for pk in queryset.values_list("pk", flat=True)}
            if selected - found and _submitted_exists(
                model._default_manager.all(), "pk", selected - found
            ):
                raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)
        changes_data = not _action_is_read_only(name, func)
        if (
            changes_data
            and scoped_lookup(model) is not None
            and queryset.exclude(pk__in=editable_queryset(user, model).values("pk")).exists()
        ):
            raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)
        return func(modeladmin, request, queryset)

    return guarded


class CantonScopedAdminMixin(ScopedChoicesMixin):
    """Limits change lists, object access, form choices and bulk actions to the editor's
    cantons; inter-cantonal records stay readable for every editor."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_autocomplete(request):
            # Autocomplete offers what the form fields accept (scoped_choices).
            limited = scoped_choices(request.user, self.model)
            return queryset if limited is None else _restrict_to(queryset, limited)
        return readable_queryset(request.user, self.model, queryset)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not edits_everything(request.user):
            # Another canton's record answers 403 rather than pretending not to exist.
            opts = self.model._meta
            field = opts.pk if from_field is None else opts.get_field(from_field)
            if _submitted_exists(self.model._default_manager.all(), field.name, [object_id]):
                raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)
        return obj

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and may_read(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            ensure_editable(request.user, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Checked once the inlines are saved (a person's canton comes from its positions).
        # The admin's views run in a transaction, so refusing here undoes the whole save.
        ensure_editable(request.user, form.instance)
        for formset in formsets:
            saved = list(getattr(formset, "new_objects", []))
            saved += [obj for obj, _fields in getattr(formset, "changed_objects", [])]
            for obj in saved:
                ensure_editable(request.user, obj)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST and self.list_editable:
            self._refuse_list_edits_outside_scope(request)
        return super().changelist_view(request, extra_context)

    def _refuse_list_edits_outside_scope(self, request):
        pk_name = self.model._meta.pk.name
        submitted = {
            value
            for key, value in request.POST.items()
            if key.startswith("form-") and key.endswith(f"-{pk_name}") and value
        }
        allowed = editable_queryset(request.user, self.model)
        if submitted and _submitted_exists(
            self.model._default_manager.exclude(pk__in=allowed.values("pk")), "pk", submitted
        ):
            raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (_guard_action(name, func), name, description)
            for name, (func, _name, description) in actions.items()
        }

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Public facts are never removed by cascade: say what still depends on them.
            messages.error(
                request,
                _(
                    "«%(objects)s» kann nicht gelöscht werden, solange noch andere Einträge "
                    "darauf verweisen: %(dependants)s. Bitte diese zuerst ändern oder löschen."
                )
                % {
                    "objects": ", ".join(str(obj) for obj in objs),
                    "dependants": "; ".join(str(item) for item in protected),
                },
            )
        return deleted, model_count, perms_needed, protected

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert to an earlier version: only within scope, and itself recorded."""
        current = self.get_object(request, admin.utils.unquote(object_id))
        if current is None and not edits_everything(request.user):
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


CHANGE_REASON_FIELD = "change_reason"


def without_link_rows(deleted, model_count):
    """The delete confirmation without the rows that only link two records (a many-to-many
    table, "Group_permissions object (1)"): deleting a record unlinks them anyway."""
    link_models = [
        field.remote_field.through
        for model in global_apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in link_models)
    plurals = {str(model._meta.verbose_name_plural) for model in link_models}

    def keep(items):
        return [
            keep(item) if isinstance(item, list) else item
            for item in items
            if isinstance(item, list) or not str(item).startswith(prefixes)
        ]

    kept = [item for item in keep(deleted) if item != []]
    return kept, {name: count for name, count in model_count.items() if str(name) not in plurals}


class PortalModelAdmin(CantonScopedAdminMixin, SimpleHistoryAdmin):
    """Base admin for the portal's content: editing scope and per-object history.

    Staff may say why they change a record; the reason is kept with its history.
    A model without HistoricalRecords falls back to the admin's own change log."""

    # The same list as simple-history's, without an inline style (blocked by the CSP).
    object_history_list_template = "admin/simple_history/object_history_list.html"
    formfield_overrides = HTTPS_URL_FORMFIELDS
    # What a visitor's change report adds to the form of its record: set by the portal
    # (portal/apps.py, portal.reports.ChangeReportSuggestions), which knows the reports;
    # this app does not.
    suggestions = None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.suggestions is not None and object_id is not None:
            self.suggestions.show(request, self, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _has_history(self):
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return (*without_link_rows(deleted, model_count), perms_needed, protected)

    def get_form(self, request, obj=None, **kwargs):
        if self._has_history():
            kwargs["form"] = type(
                "ChangeReasonForm",
                (kwargs.get("form", self.form),),
                {
                    CHANGE_REASON_FIELD: forms.CharField(
                        label=_("Änderungsgrund"),
                        required=False,
                        max_length=100,  # simple-history's history_change_reason
                        help_text=_("Freiwillig: erscheint in der Geschichte dieses Eintrags."),
                    )
                },
            )
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._has_history():
            return fieldsets
        without_reason = [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != CHANGE_REASON_FIELD]},
            )
            for name, options in fieldsets
        ]
        return [*without_reason, (None, {"fields": [CHANGE_REASON_FIELD]})]

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(CHANGE_REASON_FIELD)
        if change and self.suggestions is not None:
            reason = self.suggestions.change_reason(request, obj, reason)
        if reason:
            obj._change_reason = reason  # read by simple-history when it records the save
        super().save_model(request, obj, form, change)
        if change and self.suggestions is not None:
            self.suggestions.applied(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if not self._has_history():
            response = admin.ModelAdmin.history_view(self, request, object_id, extra_context)
            if hasattr(response, "template_name"):
                response.template_name = "admin/object_history.html"
            return response
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._has_history():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: an editor sees and edits only related records within their scope,
    picks choices only from within it, and a forged id of another record answers 403."""

    def get_queryset(self, request):
        return editable_queryset(request.user, self.model, super().get_queryset(request))

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        user = request.user

        class ScopedFormSet(formset_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.is_bound:
                    self._refuse_ids_outside_scope()

            def _refuse_ids_outside_scope(self):
                pk_name = self.model._meta.pk.name
                try:
                    count = self.total_form_count()
                except ValidationError:
                    return
                submitted = {
                    self.data.get(f"{self.add_prefix(index)}-{pk_name}") for index in range(count)
                } - {None, ""}
                if not submitted:
                    return
                own = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
                foreign = submitted - own
                if foreign and _submitted_exists(self.model._default_manager.all(), "pk", foreign):
                    raise PermissionDenied(OUT_OF_SCOPE_MESSAGE)

        ScopedFormSet.__name__ = formset_class.__name__
        return formset_class if edits_everything(user) else ScopedFormSet


def is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def _restrict_to(queryset, limited):
    return queryset.filter(pk__in=limited.values("pk"))


class ScopedAutocompleteMixin:
    """For admins of choice lists such as cantons: autocomplete offers an editor only
    the entries within their scope, like the limited select would."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request):
            limited = scoped_choices(request.user, self.model)
            if limited is not None:
                queryset = _restrict_to(queryset, limited)
        return queryset, may_have_duplicates
