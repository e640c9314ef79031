"""The directory's filters: one set of URL parameters for people (positions) and organisations.

`?kanton=BL&thema=kinderschutz&typ=office&gemeinde=2825&plz=4414&q=fullinsdorf`
(`gemeinde` also takes a name: `?gemeinde=Füllinsdorf`)

`gemeinde` and `plz` follow `OrganisationQuerySet.responsible_for_any`: everything that serves the
municipality, from its own offices to the inter-cantonal bodies.
"""

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contacts.lookup import MAX_CHOICES, find_municipalities
from contacts.models import Canton, Municipality, Organisation, OrganisationKind, Position, Topic
from contacts.validators import BFS_NUMBER, is_swiss_postcode, validate_swiss_postcode_format
from core.search.searching import matching_object_ids
from core.text import fold


class MunicipalityField(forms.CharField):
    """A municipality as a visitor types it ("Füllinsdorf", "4414") or as the portal links
    it (its BFS number, `?gemeinde=2825`), cleaned to that municipality.

    Where several fit ("Buchs"), the error lists them in `found` for the page to offer."""

    widget = forms.TextInput(attrs={"autocomplete": "off"})
    canton_code = None  # the directory's chosen canton, which narrows a name to its own

    def clean(self, value):
        value = super().clean(value)
        self.found, self.more_found, self.postcode = [], False, None
        if not value:
            return None
        if value.isdigit():
            municipality = None
            if BFS_NUMBER.match(value):
                municipality = (
                    Municipality.objects.select_related("canton")
                    .filter(bfs_number=int(value))
                    .first()
                )
            if municipality is not None:
                return municipality
            if not is_swiss_postcode(value):
                raise forms.ValidationError(
                    _("Es gibt keine Gemeinde mit der BFS-Nummer %(number)s."),
                    code="unknown",
                    params={"number": value},
                )
        try:
            matches, self.postcode = find_municipalities(value, self.canton_code)
        except forms.ValidationError as error:
            if value.isdigit() and error.code == "unknown":
                raise forms.ValidationError(
                    _("Es gibt keine Gemeinde mit der BFS-Nummer oder Postleitzahl %(number)s."),
                    code="unknown",
                    params={"number": value},
                ) from error
            raise
        if len(matches) == 1:
            return matches[0]
        self.found, self.more_found = matches[:MAX_CHOICES], len(matches) > MAX_CHOICES
        raise forms.ValidationError(
            _("Zu «%(value)s» passen mehrere Gemeinden. Bitte wählen Sie eine aus."),
            code="ambiguous",
            params={"value": value},
        )


class PostcodeField(forms.CharField):
    """A Swiss postcode, cleaned to the list of municipalities it covers."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        validate_swiss_postcode_format(value)
        municipality_ids = list(
            Municipality.objects.filter(postcodes__code=value).values_list("pk", flat=True)
        )
        if not municipality_ids:
            raise forms.ValidationError(
                _("Zur Postleitzahl %(postcode)s ist keine Gemeinde bekannt."),
                code="unknown",
                params={"postcode": value},
            )
        return municipality_ids


class MunicipalityFilter(django_filters.Filter):
    field_class = MunicipalityField


class PostcodeFilter(django_filters.Filter):
    field_class = PostcodeField


def _by_name(choice):
    return fold(choice[1])


class DirectoryFilterSet(django_filters.FilterSet):
    """The directory's parameters. A subclass names its model and `organisation_path`, the
    lookup from that model to its organisation; `organisations()` applies the same validated
    parameters to organisations."""

    organisation_path = ""

    # Cantons and topics are read once per request (code or slug, name, id) in __init__;
    # the same list validates the parameter, fills the select and resolves the filter.
    kanton = django_filters.ChoiceFilter(
        label=_("Kanton"),
        method="filter_canton",
        empty_label=_("Alle Kantone"),
        error_messages={"invalid_choice": _("Diesen Kanton kennen wir nicht.")},
    )
    thema = django_filters.ChoiceFilter(
        label=_("Thema"),
        method="filter_topic",
        empty_label=_("Alle Themen"),
        error_messages={"invalid_choice": _("Dieses Thema kennen wir nicht.")},
    )
    typ = django_filters.ChoiceFilter(
        label=_("Organisationstyp"),
        choices=OrganisationKind.choices,
        method="filter_kind",
        empty_label=_("Alle Typen"),
        error_messages={"invalid_choice": _("Diesen Organisationstyp kennen wir nicht.")},
    )
    gemeinde = MunicipalityFilter(
        label=_("Gemeinde"),
        method="filter_municipality",
        help_text=_(
            "Name oder BFS-Nummer, z.B. Füllinsdorf. Zeigt alles, was für die Gemeinde "
            "zuständig ist."
        ),
    )
    plz = PostcodeFilter(
        label=_("Postleitzahl"),
        method="filter_postcode",
        help_text=_("Zeigt alles, was für die Gemeinden dieser Postleitzahl zuständig ist."),
    )
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=200,
        help_text=_("Name, Funktion, Organisation oder Ort; Umlaute sind nicht nötig."),
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("kanton", "").upper() != data.get("kanton", ""):
            data = data.copy()
            data["kanton"] = data["kanton"].upper()  # ?kanton=bl works as well
        super().__init__(data, *args, **kwargs)
        # Names in the page's language (German where a translation is missing), in the
        # order a reader of that language looks for them.
        cantons = sorted(Canton.objects.values_list("code", "name", "pk"), key=_by_name)
        topics = sorted(Topic.objects.values_list("slug", "name", "pk"), key=_by_name)
        self._responsible_ids = {}
        self.canton_ids = {code: pk for code, _name, pk in cantons}
        self.topic_ids = {slug: pk for slug, _name, pk in topics}
        self.filters["kanton"].extra["choices"] = [(code, name) for code, name, _pk in cantons]
        self.filters["thema"].extra["choices"] = [(slug, name) for slug, name, _pk in topics]

    @property
    def form(self):
        form = super().form
        canton_code = self.data.get("kanton") if self.is_bound else None
        form.fields["gemeinde"].canton_code = (
            canton_code if canton_code in self.canton_ids else None
        )
        return form

    # Each filter method takes the path to the organisation ("organisation__" for positions),
    # so `organisations()` can apply the same parameters to organisations themselves.

    def filter_canton(self, queryset, name, code, path=None):
        return queryset.filter(**{self._path("canton_id", path): self.canton_ids[code]})

    def filter_topic(self, queryset, name, slug, path=None):
        return queryset.filter(topics=self.topic_ids[slug])

    def filter_kind(self, queryset, name, kind, path=None):
        return queryset.filter(**{self._path("kind", path): kind})

    def filter_municipality(self, queryset, name, municipality, path=None):
        municipalities = Municipality.objects.filter(pk=municipality.pk)
        return self._responsible(queryset, name, municipalities, path)

    def filter_postcode(self, queryset, name, municipality_ids, path=None):
        municipalities = Municipality.objects.filter(pk__in=municipality_ids)
        return self._responsible(queryset, name, municipalities, path)

    def filter_text(self, queryset, name, value, path=None):
        # The site search's matching (core.search): umlauts either way, stems, synonyms,
        # phone numbers. People are found in their roles, as the directory lists them.
        kind = "person" if queryset.model is Position else "organisation"
        matching = matching_object_ids(value, get_language(), [kind])
        return queryset.filter(pk__in=matching) if matching is not None else queryset

    def _path(self, lookup, path):
        return f"{self.organisation_path if path is None else path}{lookup}"

    def _responsible(self, queryset, name, municipalities, path):
        # Read once per parameter: the lists and their counts then filter on plain ids
        # instead of compiling the five-way subquery four times.
        ids = self._responsible_ids.get(name)
        if ids is None:
            ids = self._responsible_ids[name] = list(
                Organisation.objects.responsible_for_any(municipalities).values_list(
                    "pk", flat=True
                )
            )
        return queryset.filter(**{self._path("pk__in", path): ids})

    def organisations(self, queryset):
        """The organisations matching the same parameters, from this already validated form
        (a second FilterSet would copy every filter and validate the form again)."""
        if not self.is_bound:
            return queryset
        for name, value in self.form.cleaned_data.items():
            if value not in EMPTY_VALUES:
                method = getattr(self, self.filters[name].method)
                queryset = method(queryset, name, value, path="")
        return queryset

    @property
    def active_filters(self):
        """(label, value shown, URL without this filter) for each filter in use."""
        if not self.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in EMPTY_VALUES:
                continue
            shown = value
            if name in {"kanton", "thema", "typ"}:
                shown = dict(self.form.fields[name].choices)[value]
            elif name == "plz":
                shown = self.data.get("plz")
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            active.append((self.filters[name].label, shown, remaining.urlencode()))
        return active


class PositionFilter(DirectoryFilterSet):
    organisation_path = "organisation__"

    class Meta:
        model = Position
        fields = ["kanton", "thema", "typ", "gemeinde", "plz", "q"]
