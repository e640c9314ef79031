"""Planning in four languages: pages, German stand-ins, history, print orders and their mail."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.dates import DatePrecision, format_precise_date
from core.translation import translated_fields
from planning import services
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    Plan,
    PrintOrder,
    Recommendation,
)


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Plan, {"title", "authored_by", "introduction"}),
        (DevelopmentArea, {"title", "description"}),
        (DevelopmentField, {"title", "description", "goals"}),
        (Measure, {"title", "description"}),
        (Recommendation, {"text"}),
        (Decision, {"title", "summary"}),
        (Document, {"title", "description"}),
    ],
)
def test_every_text_a_visitor_reads_has_a_column_per_language(model, fields):
    assert set(translated_fields(model)) == fields
    columns = {field.name for field in model._meta.get_fields()}
    for name in fields:
        assert {f"{name}_de", f"{name}_fr", f"{name}_it", f"{name}_en"} <= columns


def test_print_orders_are_not_translated():
    # They hold what a visitor typed, in the visitor's own words.
    assert translated_fields(PrintOrder) == ()


def test_french_plan_page_shows_french_texts_and_marks_german_stand_ins(
    client, make_plan, make_area, make_field
):
    plan = make_plan(title="Planung der Entwicklung", title_fr="Planification du développement")
    area = make_area(plan, "A", title="Kinder- und Jugendhilfe")
    make_field(plan, 1, area=area, title="Frühe Förderung", title_fr="Encouragement précoce")

    html = client.get(url_in("fr", "planning:plan_detail", slug=plan.slug)).content.decode()

    assert "<h1>Planification du développement</h1>" in html
    assert "Planung der Entwicklung" not in html
    assert 'A) <span lang="de">Kinder- und Jugendhilfe</span></h3>' in html
    assert ">Encouragement précoce</a>" in html
    assert 'lang="de">Frühe Förderung' not in html


def test_a_field_without_translations_shows_german_headings_never_blank_ones(
    client, make_plan, make_field
):
    plan = make_plan(title="Planung der Entwicklung")
    field = make_field(plan, 3, title="Schulsozialarbeit")

    html = client.get(
        url_in("it", "planning:field_detail", slug=plan.slug, number=field.number)
    ).content.decode()

    assert '<html lang="it"' in html
    assert '<h1 lang="de">3. Schulsozialarbeit</h1>' in html
    assert '<span lang="de">Planung der Entwicklung</span>' in html
    assert "<h1></h1>" not in html and "<h1> </h1>" not in html


def test_the_contact_and_an_unlinked_decision_mark_their_german_stand_ins(client, orderable_plan):
    Decision.objects.create(
        plan=orderable_plan,
        body="landrat",
        decided_on=datetime.date(2020, 6, 1),
        title="Bestätigung der Umsetzung der Planung",
    )
    organisation = orderable_plan.contact.organisation

    html = client.get(
        url_in("fr", "planning:plan_detail", slug=orderable_plan.slug)
    ).content.decode()

    assert '<span lang="de">Koordinatorin Kinder- und Jugendhilfe</span>' in html
    assert f'<span lang="de">{organisation.label}</span>' in html
    assert '<span lang="de">Bestätigung der Umsetzung der Planung</span>' in html


def test_german_pages_mark_nothing_as_standing_in(client, make_plan, make_field):
    plan = make_plan(title="Planung der Entwicklung")
    make_field(plan, 1, title="Frühe Förderung")

    html = client.get(url_in("de", "planning:plan_detail", slug=plan.slug)).content.decode()

    assert 'lang="de">' not in html.split("<body", 1)[1]


def test_reverting_the_history_brings_back_the_french_title(
    admin_client, admin_post_data, make_plan
):
    plan = make_plan(title="Planung", title_fr="Planification")
    plan.title_fr = "Planification (brouillon)"
    plan.save()
    earlier = plan.history.filter(title_fr="Planification").latest()

    # simple-history's revert page, as staff use it: the earlier version's form, saved.
    url = reverse("admin:planning_plan_simple_history", args=[plan.pk, earlier.pk])
    response = admin_client.post(url, admin_post_data(admin_client.get(url)))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title_fr == "Planification"
    assert plan.title_de == "Planung"


def test_an_order_placed_in_french_is_confirmed_in_french_and_notified_in_german(
    client, orderable_plan, order_data
):
    orderable_plan.title_fr = "Planification du développement"
    orderable_plan.save()

    response = client.post(
        url_in("fr", "planning:print_order", slug=orderable_plan.slug), order_data
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")
    order = PrintOrder.objects.get()
    assert order.language == "fr"
    notification, confirmation = mail.outbox
    assert confirmation.to == [order_data["email"]]
    assert confirmation.subject.startswith(f"Votre commande {order.reference}")
    assert "Planification du développement" in confirmation.subject
    assert "Votre numéro de commande" in confirmation.body
    assert "/fr/" in confirmation.body  # the link back leads to the French page
    # Staff read German, whatever language the visitor used.
    assert notification.subject.startswith(f"Bestellung {order.reference} gedruckte Planung")
    assert "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung" in notification.body


def test_an_order_placed_in_german_is_confirmed_in_german(client, orderable_plan, order_data):
    client.post(url_in("de", "planning:print_order", slug=orderable_plan.slug), order_data)

    order = PrintOrder.objects.get()
    assert order.language == "de"
    assert mail.outbox[1].subject.startswith(f"Ihre Bestellung {order.reference}")


def test_a_resend_goes_out_in_the_orders_language_whoever_sends_it(
    orderable_plan, order_data, smtp_refusing, settings
):
    fields = {key: value for key, value in order_data.items() if key != "website"}
    fields["copies"] = int(fields["copies"])
    order = services.place_print_order(
        PrintOrder(plan=orderable_plan, language="it", **fields)
    ).order
    assert order.confirmed_at is None
    assert "E-Mail-Server nicht erreichbar" in order.mail_error  # staff read German

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with translation.override("fr"):  # a member of staff working in French
        services.send_order_mails(order)

    confirmation = next(message for message in mail.outbox if message.to == [order.email])
    assert confirmation.subject.startswith(f"La Sua ordinazione {order.reference}")
    notification = next(message for message in mail.outbox if message is not confirmation)
    assert notification.subject.startswith(f"Bestellung {order.reference}")


def test_the_order_form_speaks_the_page_language(client, orderable_plan):
    html = client.get(url_in("fr", "planning:print_order", slug=orderable_plan.slug)).content
    html = html.decode()
    with translation.override("fr"):
        help_text = translation.gettext("1 bis %(max)s Exemplare.") % {"max": 20}
    assert help_text in html
    assert "1 bis 20 Exemplare." not in html


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("de", "1. April 2015", "September 2017"),
        ("fr", "1 avril 2015", "septembre 2017"),
        ("en", "1 April 2015", "September 2017"),
    ],
)
def test_dates_follow_the_conventions_of_the_page_language(language, day, month):
    with translation.override(language):
        assert format_precise_date(datetime.date(2015, 4, 1), DatePrecision.DAY) == day
        assert format_precise_date(datetime.date(2017, 9, 1), DatePrecision.MONTH) == month
        assert format_precise_date(datetime.date(2017, 9, 1), DatePrecision.YEAR) == "2017"


def test_italian_dates_write_the_month_in_lower_case():
    with translation.override("it"):
        assert format_precise_date(datetime.date(2015, 4, 1), DatePrecision.DAY) == "1 aprile 2015"


def test_query_counts_do_not_grow_with_the_language(client, make_plan, make_field, make_measure):
    plan = make_plan(title="Planung", title_fr="Planification")
    for number in range(1, 6):
        make_measure(make_field(plan, number))

    def count(language, name, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url_in(language, name, **kwargs)).status_code == 200
        return len(queries)

    for name, kwargs in [
        ("planning:index", {}),
        ("planning:plan_detail", {"slug": plan.slug}),
        ("planning:field_detail", {"slug": plan.slug, "number": 1}),
    ]:
        german = count("de", name, **kwargs)
        for language in ("fr", "it", "en"):
            assert count(language, name, **kwargs) <= german, (name, language)


def test_staff_working_in_french_find_plans_by_their_german_title(admin_client, make_plan):
    plan = make_plan(title="Kinder- und Jugendhilfe Planung")
    admin_client.post(reverse("admin_language"), {"language": "fr", "next": "/admin/"})

    response = admin_client.get(reverse("admin:planning_plan_changelist"), {"q": "Jugendhilfe"})

    assert '<html lang="fr"' in response.content.decode()
    assert list(response.context["cl"].result_list) == [plan]
