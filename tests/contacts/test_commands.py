import io

import pytest
from django.core.management import CommandError, call_command

from contacts.demo import DEMO_PREFIX
from contacts.models import (
    Canton,
    Country,
    District,
    Municipality,
    Organisation,
    Person,
    Position,
    Postcode,
    Topic,
)
from contacts.seed import TOPICS
from core.models import SearchEntry
from core.text import slugify_german

MUNICIPALITIES_CSV = """bfs_number,name,canton,district
2824,Frenkendorf,BL,Bezirk Liestal
2825,Füllinsdorf,BL,Bezirk Liestal
261,Zürich,ZH,Bezirk Zürich
"""
POSTCODES_CSV = """postcode,locality,bfs_number,canton
4133,Pratteln,2824,BL
4402,Frenkendorf,2824,BL
4414,Füllinsdorf,2825,BL
8001,Zürich,261,ZH
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cantons(db):
    from contacts.seed import load_reference

    load_reference(io.StringIO())


# Register imports


def test_import_municipalities_and_postcodes(tmp_path, cantons):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    _run("import_postcodes", _write(tmp_path, "p.csv", POSTCODES_CSV))
    fuellinsdorf = Municipality.objects.get(bfs_number=2825)
    assert fuellinsdorf.name_folded == "fullinsdorf"
    assert fuellinsdorf.canton.code == "BL"
    assert fuellinsdorf.district.name == "Bezirk Liestal"
    assert list(fuellinsdorf.postcodes.values_list("code", flat=True)) == ["4414"]
    assert Postcode.objects.count() == 4


def test_newer_register_renames_moves_and_deactivates(tmp_path, cantons):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    newer = """bfs_number,name,canton,district
2825,Füllinsdorf-Neu,BL,Bezirk Sissach
261,Zürich,ZH,Bezirk Zürich
"""
    output = _run("import_municipalities", _write(tmp_path, "m2.csv", newer))
    renamed = Municipality.objects.get(bfs_number=2825)
    assert renamed.name == "Füllinsdorf-Neu"
    assert renamed.name_folded == "fullinsdorf-neu"
    assert renamed.district.name == "Bezirk Sissach"
    gone = Municipality.objects.get(bfs_number=2824)
    assert gone.is_active is False
    assert Municipality.objects.count() == 3
    assert "1 aktualisiert" in output
    assert "1 als inaktiv markiert" in output


def test_municipality_referenced_by_an_organisation_is_kept(tmp_path, cantons, make_organisation):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    frenkendorf = Municipality.objects.get(bfs_number=2824)
    office = make_organisation(municipality=frenkendorf)
    _run("import_municipalities", _write(tmp_path, "m2.csv", "bfs_number,name,canton,district\n"
                                         "261,Zürich,ZH,Bezirk Zürich\n"))  # fmt: skip
    office.refresh_from_db()
    assert office.municipality == frenkendorf


def test_a_register_update_lists_the_rows_it_changed_and_no_organisation_data(
    tmp_path, cantons, make_organisation
):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    _run("import_postcodes", _write(tmp_path, "p.csv", POSTCODES_CSV))
    fuellinsdorf = Municipality.objects.get(bfs_number=2825)
    office = make_organisation(
        municipality=fuellinsdorf, street="Ergolzstrasse 3", postcode="4414", town="Füllinsdorf"
    )
    history = Organisation.history.count()
    newer = """bfs_number,name,canton,district
2825,Füllinsdorf-Neu,BL,Bezirk Sissach
261,Zürich,ZH,Bezirk Zürich
"""
    municipalities = _run("import_municipalities", _write(tmp_path, "m2.csv", newer))
    postcodes = _run(
        "import_postcodes",
        _write(tmp_path, "p2.csv", POSTCODES_CSV.replace("4133,Pratteln,2824,BL\n", "")),
    )

    assert (
        "Gemeinde 2825 Füllinsdorf: Name «Füllinsdorf» → «Füllinsdorf-Neu», "
        "Bezirk «Bezirk Liestal» → «Bezirk Sissach»"
    ) in municipalities
    assert "Gemeinde 2824 Frenkendorf: als inaktiv markiert" in municipalities
    assert "Gemeinde 261" not in municipalities
    assert "PLZ 4133 Pratteln (Gemeinde 2824): entfernt" in postcodes
    assert "1 entfernt" in postcodes
    office.refresh_from_db()
    assert (office.street, office.postcode, office.town) == (
        "Ergolzstrasse 3",
        "4414",
        "Füllinsdorf",
    )
    assert office.municipality == fuellinsdorf
    assert Organisation.history.count() == history


def test_bad_municipality_rows_are_reported_by_line_and_nothing_is_written(tmp_path, cantons):
    bad = """bfs_number,name,canton,district
2824,Frenkendorf,BL,Bezirk Liestal
abc,Irgendwo,BL,Bezirk Liestal
2826,,XX,Bezirk Liestal
2824,Doppelt,BL,Bezirk Liestal
"""
    with pytest.raises(CommandError) as error:
        _run("import_municipalities", _write(tmp_path, "bad.csv", bad))
    message = str(error.value)
    assert "Zeile 3: BFS-Nummer «abc» ist keine Zahl." in message
    assert "Zeile 4: Name fehlt; unbekannter Kanton «XX»." in message
    assert "Zeile 5: BFS-Nummer 2824 doppelt." in message
    assert Municipality.objects.count() == 0
    assert District.objects.count() == 0


def test_bad_postcode_rows_are_reported_and_nothing_is_written(tmp_path, cantons):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    bad = """postcode,locality,bfs_number,canton
4414,Füllinsdorf,2825,BL
441,Kurz,2825,BL
4415,Nirgends,7777,BL
8001,Zürich,261,BL
"""
    with pytest.raises(CommandError) as error:
        _run("import_postcodes", _write(tmp_path, "bad.csv", bad))
    message = str(error.value)
    assert "Zeile 3: Postleitzahl «441» hat nicht vier Ziffern." in message
    assert "Zeile 4: keine Gemeinde mit der BFS-Nummer 7777." in message
    assert "Zeile 5: Kanton «BL» passt nicht zur Gemeinde (ZH)." in message
    assert Postcode.objects.count() == 0


def test_wrong_header_is_refused(tmp_path, cantons):
    with pytest.raises(CommandError, match="Zeile 1: erwartete Spalten"):
        _run("import_municipalities", _write(tmp_path, "m.csv", "bfs,name\n1,A\n"))


def test_postcode_rank_follows_the_file_order(tmp_path, cantons):
    _run("import_municipalities", _write(tmp_path, "m.csv", MUNICIPALITIES_CSV))
    text = POSTCODES_CSV + "4133,Pratteln,2825,BL\n"
    _run("import_postcodes", _write(tmp_path, "p.csv", text))
    ranks = dict(
        Postcode.objects.filter(code="4133").values_list("municipality__bfs_number", "rank")
    )
    assert ranks == {2824: 0, 2825: 1}


# load_portal_data


def _counts():
    models = [Country, Canton, Topic, Organisation, Person, Position, Municipality, Postcode]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["history"] = Organisation.history.count() + Position.history.count()
    return counts


def test_load_portal_data_is_idempotent_and_holds_the_seed_facts(tmp_path, db, settings):
    _write(tmp_path, "ch-municipalities.csv", MUNICIPALITIES_CSV)
    _write(tmp_path, "ch-postcodes.csv", POSTCODES_CSV)
    settings.PORTAL_REFERENCE_DATA_DIR = str(tmp_path)
    _run("load_portal_data")
    first = _counts()
    first_updated = Organisation.objects.get(slug="akjb").updated_at
    _run("load_portal_data")
    assert _counts() == first
    assert Organisation.objects.get(slug="akjb").updated_at == first_updated

    assert Canton.objects.count() == 26
    assert Canton.objects.get(code="BL").name == "Basel-Landschaft"
    assert set(Country.objects.values_list("code", "name")) == {
        ("CH", "Schweiz"),
        ("DE", "Deutschland"),
    }
    assert {slugify_german(name) for name in TOPICS} <= set(
        Topic.objects.values_list("slug", flat=True)
    )
    assert Topic.objects.get(slug="fruehe-foerderung").name == "Frühe Förderung"

    akjb = Organisation.objects.get(slug="akjb")
    assert akjb.name == "Amt für Kind, Jugend und Behindertenangebote"
    assert akjb.short_name == "AKJB"
    assert akjb.parent.slug == "bksd"
    assert akjb.postal_lines == ["Ergolzstrasse 3", "Postfach", "4414 Füllinsdorf"]
    assert akjb.phone.as_e164 == "+41615521770"
    assert akjb.email == ""
    assert akjb.municipality.bfs_number == 2825
    assert akjb.is_published
    for slug in ["bksd", "vgd", "sid", "fkd"]:
        directorate = Organisation.objects.get(slug=slug)
        assert directorate.name == directorate.short_name == slug.upper()
        assert directorate.canton.code == "BL"
    sodk = Organisation.objects.get(slug="sodk")
    assert sodk.canton is None
    assert sodk.service_area == "intercantonal"
    assert Organisation.objects.get(slug="difu").country.code == "DE"
    assert Organisation.objects.get(slug="bmfsfj").kind == "federal_authority"

    position = Position.objects.get(person__slug="andrea-ruder")
    assert position.title == "Koordinatorin Kinder- und Jugendhilfe"
    assert position.phone.as_e164 == "+41615521799"
    assert position.email == ""
    assert position.organisation == akjb
    assert list(position.topics.values_list("name", flat=True)) == ["Kinder- und Jugendhilfe"]


def test_load_portal_data_says_when_it_skips_the_registers(db, settings):
    settings.PORTAL_REFERENCE_DATA_DIR = ""
    output = _run("load_portal_data")
    assert "übersprungen" in output
    assert Municipality.objects.count() == 0
    assert Organisation.objects.filter(slug="akjb").exists()


# generate_demo_data


def test_demo_data_is_deterministic_labelled_and_removable(db):
    _run("generate_demo_data", "--people", "60")
    first = list(Position.objects.order_by("person__slug").values_list("person__slug", "title"))
    names = list(Person.objects.order_by("slug").values_list("last_name", flat=True))
    assert len(first) == 60
    assert all(name.startswith("Demo-") for name in names)
    assert all(slug.startswith(DEMO_PREFIX) for slug, _ in first)
    indexed = SearchEntry.objects.filter(kind="person", object_id__in=Position.objects.values("pk"))
    assert indexed.count() == 60  # bulk-created, and still in the site search
    _run("generate_demo_data", "--people", "60")
    assert (
        list(Position.objects.order_by("person__slug").values_list("person__slug", "title"))
        == first
    )
    _run("generate_demo_data", "--delete")
    assert not Person.objects.filter(slug__startswith=DEMO_PREFIX).exists()
    assert not Organisation.objects.filter(slug__startswith=DEMO_PREFIX).exists()
    assert not SearchEntry.objects.filter(kind__in=["person", "organisation"]).exists()


def test_organisations_get_their_municipality_in_one_step_after_the_registers(
    db, make_municipality
):
    from contacts import seed

    seed.load(io.StringIO())
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    seed.load(io.StringIO())
    assert Organisation.objects.get(slug="akjb").municipality is None

    out = io.StringIO()
    seed.link_locations(out)
    assert Organisation.objects.get(slug="akjb").municipality == fuellinsdorf
    assert "Neu: Gemeinde Füllinsdorf" in out.getvalue()
