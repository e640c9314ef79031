from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SHARED_PARTIALS = [
    "coordination/includes/_dissolved.html",
    "coordination/includes/_body_facts.html",
    "coordination/includes/_themes.html",
    "coordination/includes/_foundations.html",
    "coordination/includes/_committees.html",
    "coordination/includes/_timeline.html",
]


@pytest.mark.parametrize(
    ("maker", "page"),
    [
        ("make_conference", "coordination/conference_detail.html"),
        ("make_office", "coordination/coordinationoffice_detail.html"),
        ("make_committee", "coordination/committee_detail.html"),
        ("make_forum", "coordination/forum_detail.html"),
    ],
)
def test_every_body_page_extends_the_body_base(db, client, request, maker, page):
    body = request.getfixturevalue(maker)()
    response = client.get(body.get_absolute_url())
    names = [template.name for template in response.templates]
    assert names[:2] == [page, "coordination/body_detail.html"]
    for partial in SHARED_PARTIALS:
        assert names.count(partial) == 1, partial
    # The page's own templates name no shared partial; the base includes them.
    assert not any(partial in (TEMPLATES / page).read_text() for partial in SHARED_PARTIALS)


def test_partials_live_beside_their_app():
    site_wide = {path.name for path in (TEMPLATES / "includes").glob("*.html")}
    assert site_wide == {"_pagination.html", "_data_sources.html", "_form_unavailable.html"}
    stray = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("*/_*.html")
        if path.parent.name != "includes"
    ]
    assert stray == []
