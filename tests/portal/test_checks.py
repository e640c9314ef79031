import os

from portal.checks import compiled_catalogs


def test_a_missing_or_stale_compiled_catalog_fails_the_deploy_check(tmp_path, settings):
    messages = tmp_path / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalog = messages / "django.po"
    catalog.write_text('msgid ""\nmsgstr ""\n')
    settings.LOCALE_PATHS = [tmp_path]

    assert [error.id for error in compiled_catalogs()] == ["portal.E001"]

    compiled = messages / "django.mo"
    compiled.write_bytes(b"")
    os.utime(compiled, (catalog.stat().st_mtime - 10,) * 2)
    assert [error.id for error in compiled_catalogs()] == ["portal.E001"]

    os.utime(compiled, (catalog.stat().st_mtime + 10,) * 2)
    assert compiled_catalogs() == []


def test_the_project_catalogs_are_compiled():
    assert compiled_catalogs() == []
