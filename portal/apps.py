from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from contacts.admin_scope import PortalModelAdmin
        from portal import checks  # noqa: F401  (registers the start-up checks)
        from portal.groups import sync_groups_after_migrate
        from portal.reports import ChangeReportSuggestions

        # Visitors' change reports are applied in the records' own admin forms.
        PortalModelAdmin.suggestions = ChangeReportSuggestions()

        # Setup, not business logic: keeps the staff groups' permissions complete
        # when later migrations add models. The portal is the last app, so every
        # other app's permissions exist by the time it runs.
        post_migrate.connect(sync_groups_after_migrate, sender=self)
