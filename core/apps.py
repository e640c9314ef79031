from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel no domain owns; it imports from none of the portal's apps."""

    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        # modeltranslation (first in INSTALLED_APPS) has loaded every app's translation.py.
        from modeltranslation.translator import translator

        from core.translation import keep_source_column_german

        for model in translator.get_registered_models():
            pre_save.connect(
                keep_source_column_german, sender=model, dispatch_uid=f"german-{model._meta.label}"
            )
