from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel no domain owns; it imports from none of the portal's apps."""

    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        from core.search.index import connect_signals

        connect_signals()
