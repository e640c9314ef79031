from urllib.parse import urlencode

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from contacts.models import Organisation, Position, Topic
from coordination.models import Body, BodyTheme, Foundation
from planning.models import DevelopmentField, Plan
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


def _recent(section, queryset, title, detail, limit):
    return [
        {
            "section": section,
            "title": title(record),
            "detail": detail(record),
            "url": record.get_absolute_url(),
            "updated_at": record.updated_at,
        }
        for record in queryset.order_by("-updated_at")[:limit]
    ]


def recent_entries(limit=6):
    """The most recently updated published entries of every section, newest first."""
    entries = [
        *_recent(
            _("Kontakte"),
            Organisation.objects.published(),
            str,
            lambda organisation: organisation.get_kind_display(),
            limit,
        ),
        *_recent(
            _("Kontakte"),
            Position.objects.published().select_related("person", "organisation"),
            lambda position: str(position.person),
            lambda position: f"{position.title}, {position.organisation.label}",
            limit,
        ),
        *_recent(
            _("Koordination"),
            Body.objects.published(),
            str,
            lambda body: body.get_kind_display(),
            limit,
        ),
        *_recent(
            _("Planung"),
            Plan.objects.published(),
            lambda plan: plan.title,
            lambda plan: plan.get_kind_display(),
            limit,
        ),
        *_recent(
            _("Planung"),
            DevelopmentField.objects.published().select_related("plan"),
            lambda field: f"{field.number}. {field.title}",
            lambda field: _("Entwicklungsfeld, %(plan)s") % {"plan": field.plan.title},
            limit,
        ),
    ]
    return sorted(entries, key=lambda entry: entry["updated_at"], reverse=True)[:limit]


class TopicDetailView(DetailView):
    """A topic (contacts) with the bodies, foundations (coordination), contacts and
    development fields (planning) on it: a page of every app, so the portal builds it."""

    model = Topic
    template_name = "coordination/theme_detail.html"
    context_object_name = "topic"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        context["body_themes"] = (
            BodyTheme.objects.published()
            .filter(topic=topic)
            .select_related("body__country", "foundation")
            .order_by("body__name_de")
        )
        context["foundations"] = (
            Foundation.objects.published().filter(topics=topic).select_related("country")
        )
        context["positions"] = (
            Position.objects.published()
            .filter(topics=topic)
            .select_related("person", "organisation__canton", "organisation__country")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        context["organisations"] = (
            Organisation.objects.published()
            .filter(topics=topic)
            .select_related("canton", "country")
        )
        context["development_fields"] = (
            DevelopmentField.objects.published()
            .filter(topics=topic)
            .with_progress()
            .select_related("plan__canton", "area")
            .order_by("plan__title_de", "number")
        )
        return context


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
