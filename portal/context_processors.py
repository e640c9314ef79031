import logging

from django.core.cache import cache

from contacts.models import Municipality
from contacts.registers import REFERENCE_CACHE_KEY
from portal.languages import admin_languages

logger = logging.getLogger(__name__)

# Cached so that a page does not pay a query for the footer; an import clears the key.
REFERENCE_CACHE_SECONDS = 10 * 60


def reference_data_loaded():
    try:
        return cache.get_or_set(
            REFERENCE_CACHE_KEY, Municipality.objects.exists, REFERENCE_CACHE_SECONDS
        )
    except Exception:  # the cache (Redis) is down: ask the database, the page still renders
        logger.warning("Cache nicht erreichbar", exc_info=True)
        return Municipality.objects.exists()


def portal(request):
    return {
        "portal_name": "Drehscheibe",
        "reference_data_loaded": reference_data_loaded,
        "admin_languages": admin_languages,
    }
