"""load_portal_data never overrides what staff entered: it creates what is missing, reports
each difference from the source and keeps it, and --check writes nothing at all."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from simple_history.models import HistoricalChanges

from contacts.models import Municipality, Organisation, Position, Topic
from coordination.models import Committee, CoordinationOffice, Foundation, Membership, OfficeTask
from planning.models import DevelopmentField, Plan
from tests.contacts.test_commands import MUNICIPALITIES_CSV, POSTCODES_CSV

COORDINATOR = "Koordinatorin Kinder- und Jugendhilfe"


def load(*args):
    out = io.StringIO()
    call_command("load_portal_data", *args, stdout=out)
    return out.getvalue()


def history_rows():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    }


def all_rows():
    """Every table the project has, history included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def admin_url(obj, action="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


@pytest.fixture
def registers(tmp_path, settings):
    (tmp_path / "ch-municipalities.csv").write_text(MUNICIPALITIES_CSV, encoding="utf-8")
    (tmp_path / "ch-postcodes.csv").write_text(POSTCODES_CSV, encoding="utf-8")
    settings.PORTAL_REFERENCE_DATA_DIR = str(tmp_path)


@pytest.fixture
def loaded(db, registers):
    load()


@pytest.fixture
def edit(admin_client, admin_post_data):
    """Saves `obj`'s admin change form with `changes` (form field -> value), as staff do."""

    def save(obj, changes=None, delete_inline=()):
        data = admin_post_data(admin_client.get(admin_url(obj)))
        data.update(changes or {})
        for part in delete_inline:
            key = next(
                key
                for key, value in data.items()
                if key.startswith(f"{prefix_of(part)}-") and key.endswith("-id")
                if value == str(part.pk)
            )
            data[key.removesuffix("-id") + "-DELETE"] = "on"
        response = admin_client.post(admin_url(obj), data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    return save


def prefix_of(part):
    """The admin inline's form prefix: the related name of the part's owner."""
    return {Membership: "memberships", OfficeTask: "tasks"}[type(part)]


def kept_line(obj, field, record):
    verbose_name = obj._meta.get_field(field).verbose_name
    return f"Beibehalten: {verbose_name} von {record} weicht von der Quelle ab"


def test_contact_corrections_survive_two_runs_without_new_history(loaded, edit):
    coordinator = Position.objects.get(title=COORDINATOR)
    akjb = Organisation.objects.get(slug="akjb")
    edit(coordinator, {"phone": "061 552 17 00"})
    edit(akjb, {"street": "Ergolzstrasse 5"})
    history = history_rows()
    versions = (coordinator.history.latest().pk, akjb.history.latest().pk)

    first, second = load(), load()

    coordinator.refresh_from_db()
    akjb.refresh_from_db()
    assert coordinator.phone.as_e164 == "+41615521700"
    assert akjb.street == "Ergolzstrasse 5"
    assert history_rows() == history
    assert (coordinator.history.latest().pk, akjb.history.latest().pk) == versions
    for output in (first, second):
        assert "Kontakte: 0 neu, 2 abweichend beibehalten." in output
        assert (
            kept_line(coordinator, "phone", f"Funktion «Andrea Ruder, {COORDINATOR}»")
            + " (gespeichert: «+41615521700», Quelle: «+41615521799»)"
        ) in output
        assert (
            kept_line(akjb, "street", f"Organisation «{akjb}»")
            + " (gespeichert: «Ergolzstrasse 5», Quelle: «Ergolzstrasse 3»)"
        ) in output
        assert "Änderungen" not in output


def test_coordination_edits_and_removed_parts_are_kept(loaded, edit):
    office = CoordinationOffice.objects.get(slug="koordination-kinder-und-jugendhilfe-bl")
    steering_group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    vgd = Membership.objects.get(body=steering_group, organisation__slug="vgd")
    last_task = office.tasks.get(sort_order=4)
    edit(office, {"purpose_de": "Die Koordinationsstelle des Kantons."}, delete_inline=[last_task])
    edit(steering_group, delete_inline=[vgd])
    history = history_rows()

    first, second = load(), load()

    office.refresh_from_db()
    assert office.purpose == "Die Koordinationsstelle des Kantons."
    assert office.tasks.count() == 4
    assert [m.organisation.slug for m in steering_group.memberships.all()] == ["sid", "fkd", "bksd"]
    assert history_rows() == history
    for output in (first, second):
        assert kept_line(office, "purpose_de", f"Koordinationsstelle «{office}»") in output
        assert (
            "Beibehalten: Aufgabe 5 von «Koordination und Weiterentwicklung der Kinder- und "
            "Jugendhilfe» steht in der Quelle, ist aber nicht gespeichert; nicht angelegt"
        ) in output
        assert (
            "Beibehalten: Mitglied «VGD» von «Steuergruppe Kinder- und Jugendhilfe» steht in der "
            "Quelle, ist aber nicht gespeichert; nicht angelegt"
        ) in output
        assert "Koordination: 0 neu, 3 abweichend beibehalten." in output


def test_planning_edits_and_a_changed_topic_set_are_kept(loaded, edit):
    plan = Plan.objects.get(slug="kinder-und-jugendhilfe-planung-2020-2025")
    field = DevelopmentField.objects.get(plan=plan, number=7)
    child_protection = Topic.objects.get(name="Kinderschutz")
    edit(plan, {"title_de": "Planung der Kinder- und Jugendhilfe 2020-2025"})
    edit(field, {"topics": [str(child_protection.pk)]})  # instead of "Schulsozialarbeit"
    history = history_rows()

    first, second = load(), load()

    plan.refresh_from_db()
    assert plan.title == "Planung der Kinder- und Jugendhilfe 2020-2025"
    assert list(field.topics.all()) == [child_protection]
    assert history_rows() == history
    for output in (first, second):
        assert kept_line(plan, "title_de", f"Planung «{plan}»") in output
        topics = f"Beibehalten: Themen von Entwicklungsfeld «{field}»"
        assert f"{topics}: «Schulsozialarbeit» steht in der Quelle, ist aber nicht" in output
        assert f"{topics}: «Kinderschutz» steht nicht in der Quelle" in output
        assert "Planung: 0 neu, 3 abweichend beibehalten." in output


def test_a_record_staff_deleted_is_not_created_again(loaded, admin_client):
    foundation = Foundation.objects.get(slug="sgb-viii")
    foundation.bodies.clear()  # a foundation a body names cannot be deleted
    response = admin_client.post(admin_url(foundation, "delete"), {"post": "yes"})
    assert response.status_code == 302

    output = load()

    assert not Foundation.objects.filter(slug="sgb-viii").exists()
    assert (
        "Beibehalten: Grundlage «sgb-viii» steht in der Quelle, wurde aber gelöscht oder "
        "umbenannt; nicht neu angelegt"
    ) in output


def test_a_municipality_staff_chose_is_kept_by_the_register_update(loaded, edit):
    akjb = Organisation.objects.get(slug="akjb")
    frenkendorf = Municipality.objects.get(bfs_number=2824)
    edit(akjb, {"municipality": str(frenkendorf.pk)})
    history = history_rows()

    output = load()

    akjb.refresh_from_db()
    assert akjb.municipality == frenkendorf
    assert history_rows() == history
    assert kept_line(akjb, "municipality", f"Organisation «{akjb}»") in output


def test_an_empty_municipality_is_filled_once_the_register_is_there(db, registers, settings):
    register_directory = settings.PORTAL_REFERENCE_DATA_DIR
    settings.PORTAL_REFERENCE_DATA_DIR = ""
    load()
    assert Organisation.objects.get(slug="akjb").municipality is None
    settings.PORTAL_REFERENCE_DATA_DIR = register_directory

    output = load()

    assert Organisation.objects.get(slug="akjb").municipality.bfs_number == 2825
    assert "Neu: Gemeinde Füllinsdorf (BL) für Organisation «" in output


def test_check_on_an_empty_database_reports_what_it_would_create_and_creates_nothing(db, registers):
    before = all_rows()

    output = load("--check")

    assert all_rows() == before
    assert not Organisation.objects.exists() and not Municipality.objects.exists()
    assert "Neu: Organisation «Amt für Kind, Jugend und Behindertenangebote (AKJB)»" in output
    assert "Neu: Planung «Kinder- und Jugendhilfe: Aktualisierte Planung" in output
    assert "Gemeinden (" in output and "3 neu" in output
    assert "Prüfung (--check): nichts gespeichert." in output
    assert "Portaldaten geladen." not in output


def test_check_lists_the_differences_and_writes_nothing(loaded, edit):
    coordinator = Position.objects.get(title=COORDINATOR)
    edit(coordinator, {"phone": "061 552 17 00"})
    Organisation.objects.get(slug="akjb").topics.clear()  # the link the seed made
    before = all_rows()

    output = load("--check")

    assert all_rows() == before
    coordinator.refresh_from_db()
    assert coordinator.phone.as_e164 == "+41615521700"
    assert kept_line(coordinator, "phone", f"Funktion «Andrea Ruder, {COORDINATOR}»") in output
    assert "«Kinder- und Jugendhilfe» steht in der Quelle, ist aber nicht gespeichert" in output
    assert "Kontakte: 0 neu, 2 abweichend beibehalten." in output


def test_a_second_run_reports_nothing(loaded):
    output = load()
    for label in ("Kontakte", "Koordination", "Planung"):
        assert f"{label}: 0 neu, 0 abweichend beibehalten." in output
    assert "Beibehalten" not in output and "Neu:" not in output
