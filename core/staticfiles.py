"""The static files storage of production: whitenoise's compressed, hashed files, with CSS
comments left alone."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Django 5.2 rewrites every url() in a stylesheet to its hashed name, also in comments,
    and fails on one that names no file: jQuery UI's stylesheets (the admin's language tabs)
    carry their ThemeRoller link in a comment, with URL-encoded url(%22images%2F...%22)
    parameters, so `collectstatic` stopped there. A url() inside a comment is kept as it is."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)
        if not name.endswith(".css"):
            return convert

        def converter(match):
            before = match.string[: match.start()]
            if before.rfind("/*") > before.rfind("*/"):
                return match.group(0)
            return convert(match)

        return converter
