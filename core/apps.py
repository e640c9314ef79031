from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel no domain owns; it imports from none of the portal's apps."""

    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.pagecache import install_triggers
        from core.search.index import connect_signals

        connect_signals()
        # Once per migrate (core's own signal), after every app's migrations have run.
        post_migrate.connect(
            install_triggers, sender=self, dispatch_uid="core-page-generation", weak=False
        )
