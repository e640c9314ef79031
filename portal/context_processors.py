from django.core.cache import cache

from contacts.models import Municipality
from contacts.registers import REFERENCE_CACHE_KEY
from portal.languages import admin_languages

# Cached so that a page does not pay a query for the footer; an import clears the key.
REFERENCE_CACHE_SECONDS = 10 * 60


def reference_data_loaded():
    return cache.get_or_set(
        REFERENCE_CACHE_KEY, Municipality.objects.exists, REFERENCE_CACHE_SECONDS
    )


def portal(request):
    return {
        "portal_name": "Drehscheibe",
        "reference_data_loaded": reference_data_loaded,
        "admin_languages": admin_languages,
    }
