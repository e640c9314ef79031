"""The staff dashboard's translation worklist: German texts without their translation."""

from django.urls import reverse

from contacts.models import Organisation
from portal.dashboard import TRANSLATIONS_PER_LIST, translation_worklist


def worklist_html(client):
    html = client.get(reverse("staff_dashboard")).content.decode()
    return html.split('id="translation-worklist"')[1].split("</section>")[0]


def french(html):
    return html.split('id="translation-worklist-fr"')[1].split('id="translation-worklist-it"')[0]


def change_url(obj):
    return reverse("admin:contacts_organisation_change", args=[obj.pk])


def test_editor_sees_the_missing_french_of_their_own_canton_only(
    client, make_editor, make_organisation
):
    own = make_organisation(name="Amt für Kind und Jugend", canton="BL")
    foreign = make_organisation(name="Zürcher Jugendamt", canton="ZH")
    client.force_login(make_editor("BL"))

    html = french(worklist_html(client))

    assert f'href="{change_url(own)}#sprache-fr"' in html
    assert "Amt für Kind und Jugend" in html and "ohne Übersetzung: Name" in html
    assert change_url(foreign) not in html and "Zürcher Jugendamt" not in html


def test_a_filled_translation_leaves_the_list(client, make_editor, make_organisation):
    organisation = make_organisation(name="Amt für Soziales", canton="BL")
    client.force_login(make_editor("BL"))
    assert change_url(organisation) in french(worklist_html(client))

    organisation.name_fr = "Office de l'action sociale"
    organisation.save()

    html = worklist_html(client)
    assert change_url(organisation) not in french(html)
    # Italian and English are still missing.
    assert f"{change_url(organisation)}#sprache-it" in html
    assert f"{change_url(organisation)}#sprache-en" in html


def test_only_the_missing_fields_are_named(client, make_editor, make_organisation):
    make_organisation(name="Amt", name_fr="Office", description="Berät Familien.", canton="BL")
    client.force_login(make_editor("BL"))
    assert "ohne Übersetzung: Beschreibung</li>" in french(worklist_html(client))


def test_superuser_sees_every_canton_and_the_models_without_canton(
    admin_client, make_organisation, make_topic
):
    make_organisation(name="Basler Amt", canton="BL")
    make_organisation(name="Zürcher Amt", canton="ZH")
    make_topic(name="Kinderschutz")

    html = french(worklist_html(admin_client))

    assert "Basler Amt" in html and "Zürcher Amt" in html
    assert "Kinderschutz" in html


def test_the_list_is_capped_and_links_to_the_filtered_list(
    client, rf, make_editor, make_organisation
):
    for index in range(TRANSLATIONS_PER_LIST + 3):
        make_organisation(name=f"Amt {index:02d}", canton="BL")
    client.force_login(make_editor("BL"))

    html = french(worklist_html(client))

    assert html.count("#sprache-fr") == TRANSLATIONS_PER_LIST
    assert "und 3 weitere Einträge" in html
    filtered = reverse("admin:contacts_organisation_changelist") + "?uebersetzung_fehlt=fr"
    assert filtered in html
    listed = client.get(filtered).context["cl"].result_list
    assert len(listed) == TRANSLATIONS_PER_LIST + 3


def test_empty_state_when_nothing_is_missing(client, make_editor, make_organisation):
    make_organisation(
        name="Amt", name_fr="Office", name_it="Ufficio", name_en="Office", canton="BL"
    )
    client.force_login(make_editor("BL"))

    html = worklist_html(client)

    assert "#sprache-" not in html
    assert "Französisch: In Ihrem Bearbeitungsbereich fehlt keine Übersetzung." in html
    assert "Englisch: In Ihrem Bearbeitungsbereich fehlt keine Übersetzung." in html


def test_whitespace_counts_as_missing_as_in_the_templates(rf, make_editor, make_organisation):
    organisation = make_organisation(name="Amt", canton="BL")
    Organisation.objects.filter(pk=organisation.pk).update(name_fr="  ")
    request = rf.get("/")
    request.user = make_editor("BL")
    french_list = translation_worklist(request)[0]
    assert french_list["code"] == "fr" and french_list["total"] == 1


def test_query_count_does_not_grow_with_records(
    client, make_editor, make_organisation, make_position, django_assert_max_num_queries
):
    client.force_login(make_editor("BL"))
    for index in range(3):
        make_position(organisation=make_organisation(name=f"Amt {index}", canton="BL"))
    with django_assert_max_num_queries(80) as small:
        worklist_html(client)
    for index in range(27):
        make_position(organisation=make_organisation(name=f"Weiteres Amt {index}", canton="BL"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        worklist_html(client)
