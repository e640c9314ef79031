"""The page in other languages, and German text marked as German where it stands in."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from core.translation import fallback_language

register = template.Library()


@register.filter
def fallback_lang(instance, field_name):
    """` lang="de"` for the element showing `instance.<field_name>` when German stands in."""
    language = fallback_language(instance, field_name)
    return mark_safe(f' lang="{language}"') if language else ""


@register.simple_tag
def translated(instance, field_name):
    """The field's text in the visitor's language; German stand-ins in a <span lang="de">."""
    value = getattr(instance, field_name)
    language = fallback_language(instance, field_name)
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return value


def _address_in(language, request):
    """This page's address in `language`, as django.urls.translate_url gives it, without
    resolving the path again for every language: the request's own match is reversed."""
    path = request.get_full_path()
    match = request.resolver_match
    if match is None:
        return path  # no page at this address
    with override(language):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = request.META.get("QUERY_STRING", "")
    return f"{translated}?{iri_to_uri(query)}" if query else translated


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: [{code, name, url, is_current}], or [] when it has none.

    Staff pages under /admin/ have one address for all languages and get no switcher; a page
    that does not exist (404) leads to the home page of each language.
    """
    request = context.get("request")
    if request is None:
        return []
    versions = [
        {
            "code": code,
            "name": name,
            "url": _address_in(code, request),
            "is_current": code == get_language(),
        }
        for code, name in settings.LANGUAGES
    ]
    if len({version["url"] for version in versions}) == len(versions):
        return versions
    if request.path.startswith("/admin/"):
        return []
    for version in versions:
        with override(version["code"]):
            version["url"] = reverse("home")
    return versions
