import csv
import logging
import sys
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from contacts.models import Canton, Organisation, Position, Topic
from coordination.models import Body, BodyTheme, Foundation
from core import ratelimits
from core.publishing import sees_drafts
from core.search.index import kinds as search_kinds
from core.search.query import MAX_QUERY_LENGTH
from core.search.searching import Searcher, cantons_with_entries, complete
from core.spreadsheets import CSV_BOM, CSV_DELIMITER, spreadsheet_safe
from planning.models import DevelopmentField, Plan
from portal import cantons, reports
from portal.forms import MAX_CHOICES, ChangeReportForm, MunicipalityLookupForm
from portal.models import ChangeReport
from portal.unavailable import (
    RETRY_AFTER_SECONDS,
    database_unavailable,
    is_connection_failure,
)

logger = logging.getLogger(__name__)

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
    """The most recently updated published entries of every section, newest first.

    Each section gives its newest `limit` records with only the columns the list prints;
    titles, details and addresses are made for the `limit` shown, not for every candidate."""
    sources = [
        (
            _("Kontakte"),
            Organisation.objects.published().only(
                "updated_at", "name", "short_name", "kind", "slug"
            ),
            str,
            lambda organisation: organisation.get_kind_display(),
        ),
        (
            _("Kontakte"),
            Position.objects.published()
            .select_related("person", "organisation")
            .only(
                "updated_at",
                "title",
                "person__first_name",
                "person__last_name",
                "person__slug",
                "organisation__name",
                "organisation__short_name",
            ),
            lambda position: str(position.person),
            lambda position: f"{position.title}, {position.organisation.label}",
        ),
        (
            _("Koordination"),
            Body.objects.published().only("updated_at", "name", "short_name", "kind", "slug"),
            str,
            lambda body: body.get_kind_display(),
        ),
        (
            _("Planung"),
            Plan.objects.published().only("updated_at", "title", "kind", "slug"),
            lambda plan: plan.title,
            lambda plan: plan.get_kind_display(),
        ),
        (
            _("Planung"),
            DevelopmentField.objects.published()
            .select_related("plan")
            .only("updated_at", "number", "title", "plan__title", "plan__slug"),
            lambda field: f"{field.number}. {field.title}",
            lambda field: _("Entwicklungsfeld, %(plan)s") % {"plan": field.plan.title},
        ),
    ]
    candidates = [
        (record, section, title, detail)
        for section, queryset, title, detail in sources
        for record in queryset.order_by("-updated_at")[:limit]
    ]
    newest = sorted(candidates, key=lambda candidate: candidate[0].updated_at, reverse=True)
    return [
        {
            "section": section,
            "title": title(record),
            "detail": detail(record),
            "url": record.get_absolute_url(),
            "updated_at": record.updated_at,
        }
        for record, section, title, detail in newest[:limit]
    ]


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


SEARCH_PAGE_SIZE = 20
SEARCH_GROUP_SIZE = 5
COMPLETION_LIMIT = 8


def search(request):
    """The site search: every published record, grouped by kind, with facets by kind and
    canton (core.search). Without a kind chosen each kind shows its best hits; with one, all
    of them, page by page."""
    text = " ".join(request.GET.get("q", "")[:MAX_QUERY_LENGTH].split())
    cantons = {canton.code: canton for canton in Canton.objects.all()}
    problems = []
    kind = request.GET.get("typ") or None
    if kind is not None and kind not in search_kinds():
        problems.append(_("Diese Art von Einträgen kennen wir nicht; gezeigt werden alle Arten."))
        kind = None
    canton = (request.GET.get("kanton") or "").upper() or None
    if canton is not None and canton not in cantons:
        problems.append(_("Diesen Kanton kennen wir nicht; gezeigt werden alle Kantone."))
        canton = None
    searcher = Searcher(text, get_language(), sees_drafts(request.user), kind=kind, canton=canton)
    results = searcher.run(per_group=SEARCH_GROUP_SIZE)
    page_obj = None
    if kind and results.total:
        paginator = Paginator(searcher.hit_list(results.total), SEARCH_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
    chosen = {"q": results.searched_text, "typ": kind, "kanton": canton}

    def link(**changes):
        parameters = {name: value for name, value in {**chosen, **changes}.items() if value}
        return f"{reverse('search')}?{urlencode(parameters)}"

    hits = [hit for group in results.groups for hit in group.hits]
    hits += list(page_obj.object_list) if page_obj else []
    for hit in hits:
        hit.canton_name = cantons[hit.canton].name if hit.canton in cantons else ""
    for group in results.groups:
        group.url = link(typ=group.kind)
    labels = search_kinds()
    context = {
        "text": text,
        "results": results,
        "problems": problems,
        "page_obj": page_obj,
        "chosen_kind": kind,
        "chosen_kind_label": labels[kind][1] if kind else "",
        "chosen_canton": cantons.get(canton),
        "kind_facets": [
            (labels[name][1], count, link(typ=name), name == kind)
            for name, count in results.kind_counts.items()
        ],
        "canton_facets": [
            (cantons[code], count, link(kanton=code), code == canton)
            for code, count in results.canton_counts.items()
            if code in cantons
        ],
        "all_kinds_url": link(typ=None),
        "all_cantons_url": link(kanton=None),
        "corrected_url": link(),
        "filter_query": urlencode({name: value for name, value in chosen.items() if value}),
        "cantons_with_entries": (
            [
                cantons[code]
                for code in results.cantons_with_entries or cantons_with_entries()
                if code in cantons
            ]
            if text and not results.total
            else []
        ),
    }
    return render(request, "portal/search.html", context)


def search_completions(request):
    """Suggestions for the search box as the visitor types (static/js/search-complete.js)."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    hits = complete(text, get_language(), sees_drafts(request.user), limit=COMPLETION_LIMIT)
    labels = search_kinds()
    response = JsonResponse(
        {
            "query": text,
            "suggestions": [
                {
                    "title": hit.title,
                    "lang": hit.title_language,
                    "kind": str(labels[hit.kind][0]),
                    "url": hit.url,
                }
                for hit in hits
            ],
        }
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness: the database does not answer: %s", error)
        return False
    return True


def _cache_answers():
    """A set and get round trip under a key of its own: concurrent checks do not collide."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:  # whatever the backend raises (Redis, database, memcached)
        logger.warning("Readiness: the cache does not answer: %r", error)
        return False
    if not answered:
        logger.warning("Readiness: the cache did not keep a value")
    return answered


@never_cache
def health(request):
    """Readiness (`/healthz`): 200 when the database and the cache answer, else 503 naming
    what is down, so the load balancer sends no visitors to this instance for now."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            **{name: "ok" if answers else "down" for name, answers in checks.items()},
        },
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
def liveness(request):
    """Liveness (`/livez`): the process answers. It touches neither database nor cache, so an
    outage of either makes the orchestrator hold visitors back (readiness), not restart us."""
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Called while Django handles the exception, so it is still at hand: a database that
    # failed in a middleware (a session read, say) gets the same 503 page as in a view.
    exception = sys.exc_info()[1]
    if is_connection_failure(exception):
        return database_unavailable(request, exception)
    return render(request, "500.html", status=500)


def _comparison(request):
    form = cantons.ComparisonForm(request.GET)
    rows = cantons.comparison_rows()
    shown = cantons.sorted_rows(cantons.filtered_rows(rows, form.filters), form.sort)
    return form, rows, shown


def canton_comparison(request):
    """`/kantone/`: the 26 cantons side by side, sortable and filterable with plain links."""
    form, rows, shown = _comparison(request)
    chosen = {"sortierung": form.sort if form.sort != "kanton" else None, **form.filters}

    def link(url_name="canton_comparison", **changes):
        parameters = {name: value for name, value in {**chosen, **changes}.items() if value}
        query = urlencode(parameters)
        return f"{reverse(url_name)}?{query}" if query else reverse(url_name)

    columns = []
    for name, label in cantons.COLUMNS:
        sort = form.sort.lstrip("-")
        descending = form.sort.startswith("-")
        reverse_sort = f"-{name}" if sort == name and not descending else name
        columns.append(
            {
                "name": name,
                "label": label,
                "sort_url": link(sortierung=reverse_sort),
                "aria_sort": ("descending" if descending else "ascending") if sort == name else "",
                "filter_links": [
                    {
                        "label": choice_label,
                        "count": len(
                            [
                                row
                                for row in cantons.filtered_rows(rows, form.filters, leave_out=name)
                                if cantons.row_matches(row, name, value)
                            ]
                        ),
                        "url": link(**{name: None if form.filters.get(name) == value else value}),
                        "chosen": form.filters.get(name) == value,
                    }
                    for value, choice_label in (
                        form.fields[name].choices if name in form.fields else []
                    )
                ],
            }
        )
    context = {
        "rows": shown,
        "total": len(rows),
        "columns": columns,
        "filtered": bool(form.filters),
        "problems": form.problems,
        "summary": cantons.summary_sentences(rows),
        "reset_url": link(**dict.fromkeys(form.filters)),
        "csv_url": link("canton_comparison_csv"),
    }
    return render(request, "portal/canton_comparison.html", context)


def canton_comparison_csv(request):
    """The comparison's table as CSV, with the same filters and order as the page."""
    form, rows, shown = _comparison(request)
    if form.problems:
        return HttpResponse(
            _("Ungültige Angaben, keine Daten exportiert: %(errors)s")
            % {"errors": " ".join(str(problem) for problem in form.problems)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kantone.csv"'
    response.write(CSV_BOM)
    writer = csv.writer(response, delimiter=CSV_DELIMITER)
    writer.writerow([str(label) for label in cantons.CSV_HEADER])
    for row in shown:
        cells = cantons.csv_row(row, request.build_absolute_uri)
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return response


def _directory_url(canton):
    return f"{reverse('contacts:directory')}?{urlencode({'kanton': canton.code})}"


def canton_profile(request, code):
    """`/kantone/bl/`: everything about one canton, each part linking to its full page."""
    if code != code.lower():
        return redirect("canton_profile", code=code.lower(), permanent=True)
    canton = get_object_or_404(Canton, code=code.upper())
    context = cantons.canton_profile(canton)
    context["staff_links"] = cantons.staff_links(canton) if sees_drafts(request.user) else None
    context["directory_url"] = _directory_url(canton)
    return render(request, "portal/canton_profile.html", context)


SESSION_CHANGE_REPORT = "portal_change_report"


def _reported_record(kind, pk):
    """The public record a report address names, or 404 (drafts take no reports)."""
    model = reports.REPORTABLE_MODELS.get(kind)
    if model is None:
        raise Http404("Kein Eintrag dieser Art nimmt Meldungen an")
    record = model.objects.published().filter(pk=pk).first()
    if record is None or not record.is_public:
        raise Http404("Kein veröffentlichter Eintrag")
    return record


REPORT_RATE_GROUP = "portal.change_report"


def report_change(request, kind, pk):
    """`/aenderung-melden/<kind>/<pk>/`: a visitor reports that an entry is wrong."""
    record = _reported_record(kind, pk)
    form = ChangeReportForm(request.POST or None)
    status, refused = 200, None
    if request.method == "POST":
        refused = ratelimits.refusal(
            request, group=REPORT_RATE_GROUP, rate=settings.PORTAL_CHANGE_REPORT_RATE
        )
        if refused:
            status = ratelimits.status_of(refused)  # the form keeps what was typed
        elif form.is_valid():
            report = form.save(commit=False)
            report.language = get_language()
            submitted = reports.submit_report(
                report, record, site_url=request.build_absolute_uri("/")
            )
            if not submitted.duplicate:  # only stored reports count
                ratelimits.count(
                    request, group=REPORT_RATE_GROUP, rate=settings.PORTAL_CHANGE_REPORT_RATE
                )
            request.session[SESSION_CHANGE_REPORT] = submitted.report.pk
            return redirect("report_change_done")
    context = {"form": form, "record": record, "refusal": refused}
    response = render(request, "portal/changereport_form.html", context, status=status)
    if refused == ratelimits.UNAVAILABLE:
        response["Retry-After"] = str(ratelimits.RETRY_AFTER_SECONDS)
    return response


def report_change_done(request):
    """The report sent from this browser's session; there is no number to guess."""
    report = ChangeReport.objects.filter(pk=request.session.get(SESSION_CHANGE_REPORT)).first()
    if report is None:
        return redirect("home")
    return render(request, "portal/changereport_done.html", {"report": report})


def _pdf_response(request, template_name, context, filename):
    """WeasyPrint takes about 1.6 s to import: a worker loads it with its first PDF, not when
    it starts (gunicorn starts workers again and again, and every page would wait)."""
    from portal import pdf

    return pdf.pdf_response(request, template_name, context, filename)


def canton_profile_pdf(request, code):
    """`/kantone/bl/profil.pdf`: the profile on paper, the public's view of it."""
    if code != code.lower():
        return redirect("canton_profile_pdf", code=code.lower(), permanent=True)
    canton = get_object_or_404(Canton, code=code.upper())
    context = cantons.canton_profile(canton)
    context["directory_url"] = _directory_url(canton)
    context["generated_on"] = timezone.localdate()
    filename = f"kanton-{canton.code.lower()}-profil.pdf"
    return _pdf_response(request, "portal/canton_profile_pdf.html", context, filename)


def canton_contacts_pdf(request, code):
    """`/kantone/bl/kontakte.pdf`: every published contact of the canton, on paper."""
    if code != code.lower():
        return redirect("canton_contacts_pdf", code=code.lower(), permanent=True)
    canton = get_object_or_404(Canton, code=code.upper())
    context = cantons.canton_contacts(canton)
    context["directory_url"] = _directory_url(canton)
    context["generated_on"] = timezone.localdate()
    filename = f"kanton-{canton.code.lower()}-kontakte.pdf"
    return _pdf_response(request, "portal/canton_contacts_pdf.html", context, filename)
