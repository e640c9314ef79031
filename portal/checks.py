"""Start-up checks of the portal as a whole."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.translation, deploy=True)
def compiled_catalogs(app_configs=None, **kwargs):
    """The project's catalogs override the packages' German ("Schließen", "du"): a deploy
    without their compiled .mo files would quietly show those again."""
    errors = []
    for locale_dir in settings.LOCALE_PATHS:
        for catalog in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            compiled = catalog.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < catalog.stat().st_mtime:
                errors.append(
                    Error(
                        f"{compiled} fehlt oder ist älter als {catalog.name}.",
                        hint="python manage.py compilemessages --ignore=.venv",
                        id="portal.E001",
                    )
                )
    return errors
