import io

import vobject

from contacts import seed


def test_find_the_coordinator_and_download_her_vcard(page, db):
    seed.load(io.StringIO())

    page.goto("/kontakte/")
    page.locator(".directory-filters summary").click()  # folded away until a filter is in use
    page.get_by_label("Kanton").select_option(label="Basel-Landschaft")
    page.get_by_label("Thema").select_option(label="Kinder- und Jugendhilfe")
    page.get_by_role("button", name="Anzeigen").click()

    page.wait_for_url("**/kontakte/?*kanton=BL*")
    assert "thema=kinder-und-jugendhilfe" in page.url
    assert page.get_by_text("1 Person,").is_visible()
    page.get_by_role("link", name="Andrea Ruder").click()

    page.wait_for_url("**/kontakte/personen/andrea-ruder/")
    assert page.get_by_role("heading", level=1).inner_text() == "Andrea Ruder"
    assert page.get_by_role("link", name="+41 61 552 17 99").get_attribute("href") == (
        "tel:+41615521799"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Visitenkarte von Andrea Ruder herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "andrea-ruder.vcf"
    with open(download.path(), encoding="utf-8") as handle:
        card = vobject.readOne(handle.read())
    assert card.fn.value == "Andrea Ruder"
    assert card.title.value == "Koordinatorin Kinder- und Jugendhilfe"
    assert card.org.value == ["Amt für Kind, Jugend und Behindertenangebote"]
    assert card.tel.value == "tel:+41615521799"
    assert card.adr.value.city == "Füllinsdorf"
