import csv

from django.core.paginator import Paginator
from django.db.models import CharField, ExpressionWrapper, F
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View
from django_filters.views import FilterView

from contacts import exports
from contacts.filters import PositionFilter
from contacts.models import Canton, OldSlug, Organisation, Person, Position, Topic
from core.publishing import DraftPreviewMixin
from core.spreadsheets import CSV_BOM, CSV_DELIMITER, spreadsheet_safe

ORGANISATIONS_PER_PAGE = 10
# The directory offers this many pages and counts up to one more entry than they hold. Deeper
# pages would cost a scan of every row before them (OFFSET), an exact count of a long list one
# of all its rows (70 ms at 100,000 people); a list of thousands is narrowed with its filters
# rather than read page by page, and the page says so.
DIRECTORY_MAX_PAGES = 50
# The stored E.164 text of `phone`, without the field's conversion to a PhoneNumber.
RAW_PHONE = ExpressionWrapper(F("phone"), output_field=CharField())
POSITION_CARD_FIELDS = [
    "title",
    "email",
    "person__first_name",
    "person__last_name",
    "person__slug",
    "organisation__name",
    "organisation__short_name",
    "organisation__slug",
    "organisation__canton__code",
    "organisation__country__code",
    "organisation__country__name",
]
ORGANISATION_CARD_FIELDS = [
    "name",
    "short_name",
    "slug",
    "kind",
    "postcode",
    "town",
    "canton__name",
    "country__code",
    "country__name",
]


class DirectoryPaginator(Paginator):
    """At most DIRECTORY_MAX_PAGES pages; `count` is exact up to what they hold, and
    `is_capped` says there are more.

    With `rows` (a queryset that loads what a page shows), a page is read in two steps: the
    ids of its entries in the list's order, then those entries from `rows`. The database then
    joins, sorts and skips narrow rows (an id and the sort key) instead of whole records with
    every language of every column: for 4,418 matches of "meier" at 100,000 people, 38 + 2
    instead of 57 ms."""

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    @property
    def shown_limit(self):
        return DIRECTORY_MAX_PAGES * self.per_page

    @cached_property
    def count(self):
        # The order does not change how many there are, and without it the database may stop
        # at the first shown_limit + 1 rows it finds.
        return self.object_list.order_by()[: self.shown_limit + 1].count()

    @property
    def is_capped(self):
        return self.count > self.shown_limit

    @property
    def shown_count(self):
        return min(self.count, self.shown_limit)

    @cached_property
    def num_pages(self):
        return min(super().num_pages, DIRECTORY_MAX_PAGES)

    def page(self, number):
        if self.rows is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        entries = {entry.pk: entry for entry in self.rows.filter(pk__in=ids)}
        return self._get_page([entries[pk] for pk in ids if pk in entries], number, self)


def published_positions():
    return Position.objects.published().select_related(
        "person", "organisation", "organisation__canton", "organisation__country"
    )


def published_organisations():
    return Organisation.objects.published().select_related("canton", "country", "parent")


def old_topic_redirect(request, filterset):
    """?thema=<a topic's old slug> (a published link) redirects (301) to its current slug."""
    if "thema" not in filterset.errors:
        return None
    current = OldSlug.current_slug(Topic, request.GET.get("thema", ""))
    if current is None:
        return None
    query = request.GET.copy()
    query["thema"] = current
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


def municipality_choices(filterset, query):
    """Links to pick one municipality where `gemeinde` fits several ("Buchs")."""
    field = filterset.form.fields["gemeinde"]
    found = getattr(field, "found", [])
    if not found:
        return {}
    directory = reverse("contacts:directory")
    choices = []
    for municipality in found:
        choice = query.copy()
        choice["gemeinde"] = municipality.bfs_number
        choices.append((str(municipality), f"{directory}?{choice.urlencode()}"))
    postcode_url = ""
    if field.postcode:
        by_postcode = query.copy()
        by_postcode.pop("gemeinde")
        by_postcode["plz"] = field.postcode
        postcode_url = f"{directory}?{by_postcode.urlencode()}"
    return {
        "municipality_choices": choices,
        "more_municipalities": field.more_found,
        "municipality_postcode": field.postcode,
        "municipality_postcode_url": postcode_url,
    }


def organisations_matching(position_filter, queryset):
    if position_filter.is_bound and not position_filter.is_valid():
        return queryset.none()
    return position_filter.organisations(queryset)


class DirectoryView(FilterView):
    """People (their positions) and organisations, filtered by the same URL parameters."""

    filterset_class = PositionFilter
    paginate_by = 20
    paginator_class = DirectoryPaginator
    template_name = "contacts/position_filter.html"

    def get_queryset(self):
        # sort_name is indexed, so the first page needs no sort of every match.
        return Position.objects.published().order_by("sort_name", "pk")

    def get_paginator(self, queryset, per_page, **kwargs):
        # The cards load only what they print, and the stored E.164 phone instead of a
        # parsed one.
        cards = (
            Position.objects.select_related(
                "person", "organisation__canton", "organisation__country"
            )
            .only(*POSITION_CARD_FIELDS)
            .annotate(phone_e164=RAW_PHONE)
            .prefetch_related("topics")
        )
        return super().get_paginator(queryset, per_page, rows=cards, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        redirect = old_topic_redirect(request, self.filterset)
        return redirect if redirect is not None else response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        organisations = organisations_matching(
            filterset,
            Organisation.objects.published()
            .select_related("canton", "country")
            .only(*ORGANISATION_CARD_FIELDS)
            .annotate(phone_e164=RAW_PHONE)
            .order_by("name_de", "pk"),
        )
        organisation_page = DirectoryPaginator(organisations, ORGANISATIONS_PER_PAGE).get_page(
            self.request.GET.get("orgseite")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("orgseite", None)
        filters_invalid = filterset.is_bound and not filterset.is_valid()
        context.update(municipality_choices(filterset, query))
        context.update(
            organisation_page=organisation_page,
            filter_query=query.urlencode(),
            active_filters=filterset.active_filters,
            has_filters=any(value for value in query.values()),
            filters_invalid=filters_invalid,
        )
        nothing_found = not (
            context["page_obj"].paginator.count or organisation_page.paginator.count
        )
        if nothing_found and not filters_invalid:
            context.update(empty_state(filterset))
        return context


def empty_state(filterset):
    """Why a valid search found nothing: the canton has no entries yet, or the text matched none.

    Only an empty result asks which cantons have entries (one query), so a page with
    results costs no more than before.
    """
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    state = {"searched_text": bool(cleaned.get("q"))}
    code = cleaned.get("kanton")
    if code:
        cantons = list(
            Canton.objects.filter(
                pk__in=Organisation.objects.published().values("canton_id")
            ).order_by("name_de")
        )
        if code not in {canton.code for canton in cantons}:
            state["canton_without_entries"] = dict(filterset.form.fields["kanton"].choices)[code]
            state["cantons_with_entries"] = cantons
    return state


class OrganisationDetailView(DraftPreviewMixin, DetailView):
    model = Organisation

    def get_queryset(self):
        return super().get_queryset().select_related("canton", "country", "parent", "municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        user = self.request.user
        context["children"] = organisation.children.visible_to(user).select_related("canton")
        context["positions"] = list(
            organisation.positions.visible_to(user)
            .select_related("person", "organisation__canton", "organisation__country")
            .prefetch_related("topics")
            .order_by("sort_order", "person__last_name", "person__first_name", "pk")
        )
        context["topics"] = organisation.topics.all()
        context["json_ld"] = exports.json_ld(
            exports.organisation_json_ld(
                organisation, self.request.build_absolute_uri(organisation.get_absolute_url())
            )
        )
        return context


class PersonDetailView(DraftPreviewMixin, DetailView):
    model = Person

    def visible_positions(self):
        return list(
            self.object.positions.visible_to(self.request.user)
            .select_related("organisation", "organisation__country", "organisation__canton")
            .prefetch_related("topics")
            .order_by("sort_order", "title_de", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        positions = self.visible_positions()
        context["positions"] = positions
        context["offers_vcard"] = exports.person_is_reachable(positions)
        context["json_ld"] = exports.json_ld(
            exports.person_json_ld(
                self.object,
                positions,
                self.request.build_absolute_uri(self.object.get_absolute_url()),
            )
        )
        return context


def vcard_response(text, slug):
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.vcf"'
    return response


class OrganisationVCardView(OrganisationDetailView):
    def render_to_response(self, context, **response_kwargs):
        organisation = self.object
        if not organisation.has_contact_details:
            # A card with nothing but a name reaches nobody; the page does not offer it.
            raise Http404("No contact details for a vCard")
        url = self.request.build_absolute_uri(organisation.get_absolute_url())
        return vcard_response(exports.organisation_vcard(organisation, url), organisation.slug)


class PersonVCardView(PersonDetailView):
    def get_context_data(self, **kwargs):
        return {"object": self.object, "is_draft_preview": not self.object.is_public}

    def render_to_response(self, context, **response_kwargs):
        person = self.object
        positions = self.visible_positions()
        if not exports.person_is_reachable(positions):
            raise Http404("No contact details for a vCard")
        url = self.request.build_absolute_uri(person.get_absolute_url())
        return vcard_response(exports.person_vcard(person, positions, url), person.slug)


class _Echo:
    def write(self, value):
        return value


class DirectoryExportView(View):
    """`/kontakte/export.csv`: the directory's filtered people and organisations as CSV."""

    def get(self, request):
        positions = PositionFilter(
            request.GET, queryset=published_positions().prefetch_related("topics")
        )
        if not positions.is_valid():
            redirect = old_topic_redirect(request, positions)
            if redirect is not None:
                return redirect
            errors = "; ".join(
                f"{positions.filters[name].label}: {' '.join(messages)}"
                for name, messages in positions.errors.items()
            )
            return HttpResponse(
                _("Ungültige Filter, keine Daten exportiert: %(errors)s") % {"errors": errors},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
        language = get_language()

        def rows():
            # Written after the view returns: in the language of the page it came from.
            with override(language):
                yield from language_rows()

        def language_rows():
            yield CSV_BOM + writer.writerow([str(label) for label in exports.CSV_HEADER])
            for position in positions.qs.iterator(chunk_size=500):
                url = request.build_absolute_uri(position.get_absolute_url())
                row = exports.position_row(position, url)
                yield writer.writerow([spreadsheet_safe(cell) for cell in row])
            organisations = organisations_matching(
                positions, published_organisations().prefetch_related("topics")
            )
            for organisation in organisations.iterator(chunk_size=500):
                url = request.build_absolute_uri(organisation.get_absolute_url())
                row = exports.organisation_row(organisation, url)
                yield writer.writerow([spreadsheet_safe(cell) for cell in row])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="kontakte.csv"'
        return response
