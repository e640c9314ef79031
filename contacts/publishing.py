"""Published state shared by every public model of the portal.

A model that the public may see subclasses `PublishableQuerySet` for its manager;
public pages use `visible_to(request.user)`, so staff can preview drafts and
everyone else sees only what is published.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishableQuerySet(models.QuerySet):
    published_lookup = "is_published"

    def published(self):
        return self.filter(**{self.published_lookup: True})

    def visible_to(self, user):
        """Everything for staff (to preview drafts), only published records for others."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()


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
