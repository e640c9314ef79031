"""The production settings, for the portal that tests/portal/test_database_outage.py and
test_cluster.py serve with gunicorn, except for two shortcuts that spare those tests a minute:

- static files from their folders (the production storage wants `collectstatic`'s manifest);
- `migrate --run-syncdb` builds the schema from the models, as pytest-django's
  `--nomigrations` does (the migrations themselves run in every test database of the suite).
"""

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES


class _NoMigrations:
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


MIGRATION_MODULES = _NoMigrations()
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
