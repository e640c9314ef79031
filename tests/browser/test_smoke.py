def test_home_page_opens_in_chromium(page, db):
    page.goto("/")
    assert "Drehscheibe" in page.title()
