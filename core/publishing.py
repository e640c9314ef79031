"""Published state shared by every public model of the portal, and the one rule for it.

Each public model answers "may the public see this?" once: its queryset's `published()`
and, beside it, the instance property `is_public`. Where that depends on related
records (a position on its person and organisation, an event on its forum) the model
overrides both together; a test per model pins that they agree. Every view, tag,
sitemap, feed and export asks these two, never the `is_published` flag itself.

Lists, feeds, sitemaps and exports show `published()`. Pages of one record use
`visible_to(request.user)` and `published_or_none(obj, request.user)`, so staff preview
drafts there and everyone else sees only what is public. (Staff still lacking a
required second factor reach public pages as anonymous visitors: portal/security.py.)
The admin actions "Veröffentlichen" and "Zurückziehen" save each record, so every change
of state is kept in its history.
"""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.search.index import records_changed


def sees_drafts(user):
    """Staff preview drafts on public pages; nobody else does."""
    return user.is_authenticated and user.is_staff


class PublicQuerySet(models.QuerySet):
    """Records the public sees only in part; `published()` says which."""

    def published(self):
        raise NotImplementedError(f"{self.model.__name__} must say what is published")

    def visible_to(self, user):
        """Everything for staff (to preview drafts), only published records for others."""
        if sees_drafts(user):
            return self
        return self.published()


class PublishableQuerySet(PublicQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def update(self, **kwargs):
        # A bulk update is a change too: pages cached until the data changes rely on it.
        kwargs.setdefault("updated_at", timezone.now())
        pks = list(self.values_list("pk", flat=True))
        updated = super().update(**kwargs)
        records_changed(self.model, pks)  # no save signal: the search index learns of it here
        return updated


class PublishableModel(models.Model):
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Einträge erscheinen auf der öffentlichen Website."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_public(self):
        """Whether the public may see it; agrees with the queryset's `published()`."""
        return self.is_published


class DraftPreviewMixin:
    """For DetailViews of publishable models: staff see drafts with a banner, others get 404.

    The template `base.html` shows the "Entwurf" banner and a noindex robots tag
    whenever `is_draft_preview` is true.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = not self.object.is_public
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_draft_preview"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def published_or_none(obj, user=None):
    """`obj` if the public may see it (or `user` previews drafts), else None.

    For a related record shown on a record's page, such as an office's coordinator.
    """
    if obj is None:
        return None
    if obj.is_public or (user is not None and sees_drafts(user)):
        return obj
    return None


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


@admin.action(description=_("Als geprüft markieren"), permissions=["change"])
def mark_verified(modeladmin, request, queryset):
    """For the models with "zuletzt geprüft" (`last_verified_on`): checked today."""
    today = timezone.localdate()
    count = 0
    for obj in queryset:
        obj.last_verified_on = today
        obj._change_reason = "Als geprüft markiert"
        obj.save()
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d Eintrag als geprüft markiert (Stand %(date)s).",
            "%(count)d Einträge als geprüft markiert (Stand %(date)s).",
            count,
        )
        % {"count": count, "date": today.strftime("%d.%m.%Y")},
        messages.SUCCESS,
    )
