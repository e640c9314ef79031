from django.conf import settings


def portal(request):
    return {
        "portal_name": "Drehscheibe",
        "reference_data_loaded": bool(settings.PORTAL_REFERENCE_DATA_DIR),
    }
