"""Facts from ../shared/seeds/ for this app, loaded by `manage.py load_portal_data`."""


def load(stdout):
    """Idempotent: running it twice changes nothing."""
