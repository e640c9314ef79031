from itertools import chain
from urllib.parse import urlencode

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Position
from portal.forms import MAX_CHOICES, MunicipalityLookupForm

SECTIONS = [
    (
        "coordination:index",
        _("Koordination"),
        _("Konferenzen, Gremien und Koordinationsstellen mit ihren Terminen."),
    ),
    (
        "contacts:directory",
        _("Kontakte"),
        _("Ämter, Fachstellen und Ansprechpersonen, filterbar nach Kanton, Thema und Gemeinde."),
    ),
    (
        "planning:index",
        _("Planung"),
        _("Planungen der Kinder- und Jugendhilfe mit ihren Entwicklungsbereichen und Massnahmen."),
    ),
]


def recent_entries(limit=6):
    """The most recently updated published entries, newest first.

    Each entry is a dict with section, title, detail, url and updated_at; other sections
    add their own published records here.
    """
    organisations = Organisation.objects.published().order_by("-updated_at")[:limit]
    positions = (
        Position.objects.published()
        .select_related("person", "organisation")
        .order_by("-updated_at")[:limit]
    )
    entries = chain(
        (
            {
                "section": _("Kontakte"),
                "title": str(organisation),
                "detail": organisation.get_kind_display(),
                "url": organisation.get_absolute_url(),
                "updated_at": organisation.updated_at,
            }
            for organisation in organisations
        ),
        (
            {
                "section": _("Kontakte"),
                "title": str(position.person),
                "detail": f"{position.title}, "
                f"{position.organisation.short_name or position.organisation.name}",
                "url": position.person.get_absolute_url(),
                "updated_at": position.updated_at,
            }
            for position in positions
        ),
    )
    return sorted(entries, key=lambda entry: entry["updated_at"], reverse=True)[:limit]


def home(request):
    form = MunicipalityLookupForm(request.GET if "ort" in request.GET else None)
    matches = []
    if form.is_bound and form.is_valid():
        matches = form.cleaned_data["ort"]
        if len(matches) == 1:
            return redirect(matches[0].get_absolute_url())
    directory = reverse("contacts:directory")
    postcode = getattr(form, "postcode", None)
    context = {
        "form": form,
        "matches": matches[:MAX_CHOICES],
        "too_many_matches": len(matches) > MAX_CHOICES,
        "postcode_url": f"{directory}?{urlencode({'plz': postcode})}" if postcode else "",
        "postcode": postcode,
        "sections": [(reverse(name), title, line) for name, title, line in SECTIONS],
        "recent_entries": recent_entries(),
    }
    return render(request, "portal/home.html", context)


def search(request):
    # For now the portal searches the contact directory.
    query = request.GET.get("q", "").strip()
    target = reverse("contacts:directory")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)


def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def rate_limited(request, exception):
    return render(request, "429.html", status=429)
