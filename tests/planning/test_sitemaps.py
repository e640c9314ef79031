from types import SimpleNamespace

from django.utils import translation

from planning.sitemaps import DevelopmentFieldSitemap, PlanSitemap

SITE = SimpleNamespace(domain="testserver")


def test_sitemaps_list_only_published_plans_and_fields(make_plan, make_field):
    plan = make_plan()
    shown = make_field(plan, 1)
    make_field(plan, 2, is_published=False)
    draft = make_plan(is_published=False)
    make_field(draft, 1)

    assert list(PlanSitemap().items()) == [plan]
    assert list(DevelopmentFieldSitemap().items()) == [shown]
    assert DevelopmentFieldSitemap().location(shown) == shown.get_absolute_url()


def test_a_plan_is_listed_in_four_languages_with_german_as_default(make_plan):
    plan = make_plan()
    make_plan(is_published=False)
    versions = {}
    for language in ("de", "fr", "it", "en"):
        with translation.override(language):
            versions[language] = f"http://testserver{plan.get_absolute_url()}"

    urls = PlanSitemap().get_urls(site=SITE, protocol="http")

    assert [url["location"] for url in urls] == list(versions.values())
    for url in urls:
        alternates = {link["lang_code"]: link["location"] for link in url["alternates"]}
        assert alternates == {**versions, "x-default": versions["de"]}
