"""Production's `collectstatic`: static files hashed and compressed (core/staticfiles.py)."""

import re

from django.core.management import call_command
from xstatic.pkg import jquery_ui


def test_collectstatic_hashes_the_stylesheets_and_keeps_their_comments(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    # jQuery UI's files alone: all of them take a minute to compress (.ci/run collects all).
    settings.STATICFILES_DIRS = [("jquery-ui", jquery_ui.BASE_DIR)]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--no-input", verbosity=0)

    # jQuery UI's stylesheet names its theme's images in a comment (the ThemeRoller link, in
    # URL-encoded url(...) parameters) and in its rules: the rules get the hashed names.
    (stylesheet,) = (tmp_path / "jquery-ui").glob("jquery-ui.min.*.css")
    content = stylesheet.read_text()
    assert "url(%22images%2Fui-icons_444444_256x240.png%22)" in content
    assert re.search(r'url\("images/ui-icons_444444_256x240\.[0-9a-f]{12}\.png"\)', content)
    assert (tmp_path / "jquery-ui" / "jquery-ui.min.css.gz").exists()
