"""The admin's language: German unless the editor chooses French or Italian.

Public pages take their language from the address (/fr/, /it/, /en/); the admin has one
address for all languages, so the editor's choice is kept in the session.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

# The admin speaks the languages its staff work in; Django's own admin catalogs cover them.
ADMIN_LANGUAGES = ("de", "fr", "it")
SESSION_KEY = "admin_language"


def admin_languages():
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in ADMIN_LANGUAGES]


class AdminLanguageMiddleware:
    """After LocaleMiddleware: /admin/ pages in the language the editor chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            language = request.session.get(SESSION_KEY)
            if language in ADMIN_LANGUAGES:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
@staff_member_required
def admin_language(request):
    language = request.POST.get("language")
    if language in ADMIN_LANGUAGES:
        request.session[SESSION_KEY] = language
    else:
        messages.warning(request, _("Diese Sprache bietet die Redaktion nicht an."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(target)
