from planning.sitemaps import DevelopmentFieldSitemap, PlanSitemap


def test_sitemaps_list_only_published_plans_and_fields(make_plan, make_field):
    plan = make_plan()
    shown = make_field(plan, 1)
    make_field(plan, 2, is_published=False)
    draft = make_plan(is_published=False)
    make_field(draft, 1)

    assert list(PlanSitemap().items()) == [plan]
    assert list(DevelopmentFieldSitemap().items()) == [shown]
    assert DevelopmentFieldSitemap().location(shown) == shown.get_absolute_url()
