"""The search page /suche/ and its suggestions, as visitors and staff use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

SEARCH = "/suche/"


def _hits(response):
    results = response.context["results"]
    return [hit for group in results.groups for hit in group.hits]


def _titles(response):
    return [hit.title for hit in _hits(response)]


def test_hits_are_grouped_by_kind_with_their_counts(client, make_position, make_organisation):
    office = make_organisation(name="Jugendamt Liestal")
    make_position(title="Leiterin Jugendamt", organisation=office)
    response = client.get(SEARCH, {"q": "Jugendamt"})
    groups = {group.kind: group.count for group in response.context["results"].groups}
    assert groups == {"organisation": 1, "person": 1}
    assert response.context["results"].total == 2
    assert "Organisationen" in response.content.decode()


def test_the_query_stays_in_the_box_and_the_title_says_what_was_searched(client, make_organisation):
    make_organisation(name="Jugendamt Liestal")
    response = client.get(SEARCH, {"q": "  Jugendamt  "})
    page = response.content.decode()
    assert "<title>Suche nach «Jugendamt» (1 Treffer) – " in page
    assert 'value="Jugendamt"' in page
    assert "<h1>Suche nach «Jugendamt»</h1>" in page


def test_a_kind_facet_is_a_plain_link_to_every_hit_page_by_page(client, make_organisation):
    for number in range(25):
        make_organisation(name=f"Fachstelle Jugend {number}")
    response = client.get(SEARCH, {"q": "Fachstelle"})
    assert 'href="/suche/?q=Fachstelle&amp;typ=organisation"' in response.content.decode()
    assert len(response.context["results"].groups[0].hits) == 5  # the overview shows the best
    first = client.get(SEARCH, {"q": "Fachstelle", "typ": "organisation"})
    second = client.get(SEARCH, {"q": "Fachstelle", "typ": "organisation", "page": 2})
    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5
    titles = {hit.title for hit in first.context["page_obj"]} | {
        hit.title for hit in second.context["page_obj"]
    }
    assert len(titles) == 25
    assert "typ=organisation&amp;page=2" in first.content.decode()


def test_a_canton_facet_narrows_the_hits_and_counts_per_canton(client, make_organisation):
    make_organisation(name="Jugendamt Liestal", canton="BL")
    zurich = make_organisation(name="Jugendamt Zürich", canton="ZH")
    response = client.get(SEARCH, {"q": "Jugendamt", "kanton": "zh"})
    assert [hit.url for hit in _hits(response)] == [zurich.get_absolute_url()]
    counts = {
        canton.code: count for canton, count, _url, _chosen in response.context["canton_facets"]
    }
    assert counts == {"BL": 1, "ZH": 1}  # every canton stays choosable
    assert "kanton=BL" in response.content.decode()


def test_unknown_kinds_and_cantons_are_reported_and_ignored(client, make_organisation):
    make_organisation(name="Jugendamt Liestal")
    response = client.get(SEARCH, {"q": "Jugendamt", "typ": "rakete", "kanton": "XX"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Diese Art von Einträgen kennen wir nicht" in page
    assert "Diesen Kanton kennen wir nicht" in page
    assert response.context["results"].total == 1


def test_no_hits_say_so_and_name_the_cantons_with_entries(client, make_organisation):
    make_organisation(name="Jugendamt Liestal", canton="BL")
    response = client.get(SEARCH, {"q": "Raumfahrtbehörde"})
    page = response.content.decode()
    assert "Keine Treffer für «Raumfahrtbehörde»" in page
    assert [canton.code for canton in response.context["cantons_with_entries"]] == ["BL"]


def test_a_typo_offers_the_known_word_and_shows_its_hits(client, make_organisation):
    make_organisation(name="Jugendamt Liestal")
    response = client.get(SEARCH, {"q": "Jugenamt"})
    page = response.content.decode()
    assert "Keine Treffer für «Jugenamt»" in page
    assert "Meinten Sie" in page
    assert response.context["results"].searched_text == "Jugendamt"
    assert _titles(response) == ["Jugendamt Liestal"]


def test_visitors_never_find_drafts_staff_find_them_marked(client, admin_client, make_organisation):
    make_organisation(name="Jugendamt Entwurf", is_published=False)
    assert client.get(SEARCH, {"q": "Jugendamt"}).context["results"].total == 0
    response = admin_client.get(SEARCH, {"q": "Jugendamt"})
    assert _titles(response) == ["Jugendamt Entwurf"]
    assert '<span class="badge text-bg-warning">Entwurf</span>' in response.content.decode()


def test_a_withdrawn_record_is_gone_on_the_next_request(client, make_organisation):
    office = make_organisation(name="Jugendamt Liestal")
    assert client.get(SEARCH, {"q": "Jugendamt"}).context["results"].total == 1
    office.is_published = False
    office.save()
    assert client.get(SEARCH, {"q": "Jugendamt"}).context["results"].total == 0


def test_record_text_and_the_query_reach_the_page_escaped(client, make_organisation):
    make_organisation(
        name="Jugendamt Liestal", description="<script>alert(1)</script> Das Jugendamt hilft."
    )
    response = client.get(SEARCH, {"q": 'Jugendamt <img src=x onerror="alert(2)">'})
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    response = client.get(SEARCH, {"q": "Jugendamt"})
    page = response.content.decode()
    assert "alert(1) Das <mark>Jugendamt</mark> hilft" in page  # markup dropped, text kept
    assert "<mark>Jugendamt</mark>" in page


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEARCH, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{"q": "Jugendamt"}, {"q": "Jugendamt", "typ": "person"}])
def test_the_query_count_does_not_grow_with_the_data(
    rendered_pages, client, make_position, make_organisation, params
):
    def add(count):
        for number in range(count):
            office = make_organisation(name=f"Jugendamt {number}", canton=["BL", "ZH"][number % 2])
            make_position(title="Leiterin Jugendamt", organisation=office)

    add(2)
    _queries(client, params)  # the footer's register attribution is read once, then cached
    few = _queries(client, params)
    add(30)
    assert _queries(client, params) == few


def test_suggestions_complete_the_last_word_as_json(client, make_organisation):
    make_organisation(name="Koordinationsstelle Jugend")
    make_organisation(name="Koordination Entwurf", is_published=False)
    response = client.get(reverse("search_completions"), {"q": "Koord"})
    assert response["Content-Type"] == "application/json"
    suggestions = response.json()["suggestions"]
    assert [s["title"] for s in suggestions] == ["Koordinationsstelle Jugend"]
    assert suggestions[0]["kind"] == "Organisation"
    assert client.get(reverse("search_completions"), {"q": "K"}).json()["suggestions"] == []


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_the_header_box_searches_in_the_page_language(client, make_organisation, language):
    make_organisation(name="Jugendamt Liestal")
    with translation.override(language):
        search_url = reverse("search")
        home_url = reverse("home")
    assert search_url.startswith(f"/{language}/")
    assert f'action="{search_url}"' in client.get(home_url).content.decode()
    assert client.get(search_url, {"q": "Jugendamt"}).context["results"].total == 1


@pytest.mark.parametrize("query", ["Mueller", "Muller", "müller"])
def test_the_directory_free_text_filter_matches_as_the_search_does(
    client, make_position, make_person, query
):
    position = make_position(person=make_person(last_name="Müller"))
    response = client.get(reverse("contacts:directory"), {"q": query})
    assert list(response.context["page_obj"]) == [position]


def test_a_broad_query_says_more_than_it_counts_and_how_to_narrow_it(
    client, monkeypatch, make_position, make_organisation
):
    monkeypatch.setattr("core.search.searching.COUNT_LIMIT", 3)
    office = make_organisation(name="Jugendamt Liestal", canton="BL")
    for number in range(4):
        make_position(title=f"Leiterin {number}", organisation=office)
    response = client.get(SEARCH, {"q": "Jugendamt"})
    page = response.content.decode()
    assert "<title>Suche nach «Jugendamt» (mehr als 3 Treffer)" in page
    # The count starts its own line: capitalised there, lower case inside the title.
    assert ">\n      Mehr als 3 Treffer" in page.split('class="result-count"')[1]
    assert "Die Eingrenzung nach Art und Kanton zeigt bei so vielen Treffern keine Zahlen." in page
    facets = page.split('class="search-facets"')[1].split("</section>")[0]
    assert "badge" not in facets  # offered, not numbered
    assert "typ=person" in facets and "kanton=BL" in facets
    assert "Alle Treffer unter «Personen» anzeigen" in page


def test_a_broad_query_pages_through_its_first_hits(
    client, monkeypatch, make_position, make_organisation
):
    monkeypatch.setattr("core.search.searching.COUNT_LIMIT", 3)
    office = make_organisation(name="Jugendamt Liestal")
    for number in range(4):
        make_position(title=f"Leiterin {number}", organisation=office)
    response = client.get(SEARCH, {"q": "Jugendamt", "typ": "person"})
    assert response.context["page_obj"].paginator.count == 3
    assert "mehr als 3 Treffer" in response.content.decode()
    assert "Gezeigt werden 3 davon, zuerst die Treffer in Namen und Titeln." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Jugendamt"},
        {"q": "Jugendamt", "kanton": "ZH"},
        {"q": "Jugendamt", "kanton": "BE"},  # a canton offered, without hits
        {"q": "Jugendamt", "typ": "person", "kanton": "ZH"},
    ],
)
def test_a_broad_query_costs_the_queries_of_a_counted_one(
    client, monkeypatch, make_position, make_organisation, params
):
    monkeypatch.setattr("core.search.searching.COUNT_LIMIT", 3)
    make_organisation(name="Schulamt Bern", canton="BE")
    office = make_organisation(name="Jugendamt Zürich", canton="ZH")
    make_position(title="Leiterin", organisation=office)
    _queries(client, params)
    counted = _queries(client, params)  # two hits: counted exactly
    for number in range(5):
        make_position(title=f"Leiter {number}", organisation=office)
    assert not client.get(SEARCH, params).context["results"].facets_exact  # more than three
    assert _queries(client, params) == counted
