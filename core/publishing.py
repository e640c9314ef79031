"""Published state shared by every public model of the portal.

A model that the public may see subclasses `PublishableQuerySet` for its manager;
public pages use `visible_to(request.user)`, so staff can preview drafts and
everyone else sees only what is published. The admin actions "Veröffentlichen" and
"Zurückziehen" save each record, so every change of state is kept in its history.
"""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PublishableQuerySet(models.QuerySet):
    published_lookup = "is_published"

    def published(self):
        return self.filter(**{self.published_lookup: True})

    def visible_to(self, user):
        """Everything for staff (to preview drafts), only published records for others."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def update(self, **kwargs):
        # A bulk update is a change too: pages cached until the data changes rely on it.
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class PublishableModel(models.Model):
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Einträge erscheinen auf der öffentlichen Website."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class DraftPreviewMixin:
    """For DetailViews of publishable models: staff see drafts with a banner, others get 404.

    The template `base.html` shows the "Entwurf" banner and a noindex robots tag
    whenever `is_draft_preview` is true.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_draft_preview"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def published_or_none(obj):
    """`obj` if the public may see it, else None: for a related record shown on a page."""
    return obj if obj is not None and obj.is_published else None


def _set_published(modeladmin, request, queryset, value, reason):
    count = 0
    for obj in queryset:
        if obj.is_published != value:
            obj.is_published = value
            obj._change_reason = reason
            obj.save()
            count += 1
    return count


@admin.action(description=_("Veröffentlichen"), permissions=["change"])
def publish_selected(modeladmin, request, queryset):
    count = _set_published(modeladmin, request, queryset, True, "veröffentlicht")
    modeladmin.message_user(
        request,
        ngettext("%(count)d Eintrag veröffentlicht.", "%(count)d Einträge veröffentlicht.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Zurückziehen (nicht mehr veröffentlichen)"), permissions=["change"])
def unpublish_selected(modeladmin, request, queryset):
    count = _set_published(modeladmin, request, queryset, False, "zurückgezogen")
    modeladmin.message_user(
        request,
        ngettext("%(count)d Eintrag zurückgezogen.", "%(count)d Einträge zurückgezogen.", count)
        % {"count": count},
        messages.SUCCESS,
    )
