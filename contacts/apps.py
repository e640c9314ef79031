from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Kontakte")

    def ready(self):
        from contacts import checks  # noqa: F401 (registers the editing scope's checks)
