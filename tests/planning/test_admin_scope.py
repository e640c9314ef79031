"""The planning admins under the editing scope (see tests/portal/test_admin_scope.py for
the walk over every admin with the seed data)."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from planning.models import Decision, Document, PrintOrder, Recommendation
from tests.conftest import StaffClient


@pytest.fixture
def plans(make_plan):
    return make_plan(canton="BL"), make_plan(canton="ZH")


def test_plan_admin(check_admin_scope, plans):
    check_admin_scope(*plans)


def test_field_and_measure_admins(check_admin_scope, plans, make_field, make_measure):
    own_field, foreign_field = (make_field(plan) for plan in plans)
    check_admin_scope(own_field, foreign_field)
    check_admin_scope(make_measure(own_field), make_measure(foreign_field))


def test_recommendation_admin(check_admin_scope, plans):
    own, foreign = (
        Recommendation.objects.create(report=plan, number=1, text="Koordination stärken")
        for plan in plans
    )
    check_admin_scope(own, foreign)


def test_decision_admin(check_admin_scope, plans):
    own, foreign = (
        Decision.objects.create(
            plan=plan,
            body="regierungsrat",
            decided_on=datetime.date(2019, 9, 1),
            decided_precision="month",
            title="Landratsvorlage",
        )
        for plan in plans
    )
    check_admin_scope(own, foreign)


def test_document_admin(check_admin_scope, plans):
    own, foreign = (
        Document.objects.create(plan=plan, title="Bericht", url="https://www.example.ch/a.pdf")
        for plan in plans
    )
    check_admin_scope(own, foreign)


def make_order(plan, **fields):
    return PrintOrder.objects.create(
        plan=plan,
        name="Andrea Muster",
        street="Rheinstrasse 31",
        postcode="4410",
        town="Liestal",
        email="andrea@example.ch",
        copies=2,
        **fields,
    )


def test_print_order_admin(check_admin_scope, plans):
    check_admin_scope(*(make_order(plan) for plan in plans))


def test_new_print_orders_of_own_canton_appear_on_the_dashboard(client, make_editor, plans):
    own, foreign = (make_order(plan) for plan in plans)
    client.force_login(make_editor("BL"))

    content = client.get(reverse("staff_dashboard")).content.decode()

    assert reverse("admin:planning_printorder_change", args=[own.pk]) in content
    assert reverse("admin:planning_printorder_change", args=[foreign.pk]) not in content


def test_bulk_action_over_another_cantons_print_orders_is_refused(client, make_editor, plans):
    own, foreign = (make_order(plan) for plan in plans)
    client.force_login(make_editor("BL"))
    response = client.post(
        reverse("admin:planning_printorder_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk, foreign.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert PrintOrder.objects.count() == 2


def test_deleting_an_organisation_responsible_for_a_measure_is_refused(
    client, make_editor, make_organisation, plans, make_field, make_measure
):
    akjb = make_organisation(name="AKJB", canton="BL")
    make_measure(make_field(plans[0]), title="Gesetz ausarbeiten", responsible_organisation=akjb)
    client.force_login(make_editor("BL"))

    response = client.post(
        reverse("admin:contacts_organisation_delete", args=[akjb.pk]), {"post": "yes"}
    )

    assert "kann nicht gelöscht werden" in response.content.decode()
    assert "Gesetz ausarbeiten" in response.content.decode()
    assert type(akjb).objects.filter(pk=akjb.pk).exists()


def resend(client, *orders):
    return client.post(
        reverse("admin:planning_printorder_changelist"),
        {"action": "send_pending_mails", ACTION_CHECKBOX_NAME: [order.pk for order in orders]},
    )


def test_orders_whose_mails_failed_are_listed_on_the_dashboard_with_a_resend_button(
    client, make_editor, plans
):
    failed, foreign_failed = (
        make_order(plan, mail_error="E-Mail-Server nicht erreichbar.") for plan in plans
    )
    complete = make_order(plans[0], notified_at=timezone.now(), confirmed_at=timezone.now())
    client.force_login(make_editor("BL"))

    content = client.get(reverse("staff_dashboard")).content.decode()

    section = content.split('id="print-orders-mail-pending"')[1].split("</section>")[0]
    assert failed.reference in section
    assert "E-Mail-Server nicht erreichbar." in section
    assert f'name="_selected_action" value="{failed.pk}"' in section
    assert 'name="csrfmiddlewaretoken"' in section
    assert foreign_failed.reference not in content
    assert complete.reference not in section


def test_resending_from_the_dashboard_sends_what_is_missing_once(
    client, make_editor, plans, settings
):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    order = make_order(plans[0], confirmed_at=timezone.now())
    client.force_login(make_editor("BL"))

    response = resend(client, order)
    resend(client, order)

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["bestellungen@example.ch"]]
    assert order.reference in mail.outbox[0].subject
    order.refresh_from_db()
    assert order.notified_at is not None
    dashboard = client.get(reverse("staff_dashboard")).content.decode()
    assert 'id="print-orders-mail-pending"' in dashboard
    section = dashboard.split('id="print-orders-mail-pending"')[1].split("</section>")[0]
    assert order.reference not in section
    assert "Zu allen neuen Bestellungen sind die E-Mails versandt." in section


def test_an_editor_of_another_canton_cannot_resend(client, make_editor, plans, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    foreign = make_order(plans[1])
    client.force_login(make_editor("BL"))

    response = resend(client, foreign)

    assert response.status_code == 403
    assert mail.outbox == []
    foreign.refresh_from_db()
    assert foreign.notified_at is None and foreign.confirmed_at is None


def test_a_forged_resend_without_csrf_token_is_refused(make_editor, plans, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = "bestellungen@example.ch"
    order = make_order(plans[0])
    client = StaffClient(enforce_csrf_checks=True)
    client.force_login(make_editor("BL"))

    response = resend(client, order)

    assert response.status_code == 403
    assert mail.outbox == []


def test_resending_needs_a_post(client, make_editor, plans):
    order = make_order(plans[0])
    client.force_login(make_editor("BL"))

    response = client.get(
        reverse("admin:planning_printorder_changelist"),
        {"action": "send_pending_mails", ACTION_CHECKBOX_NAME: order.pk},
    )

    assert response.status_code in {200, 302}
    assert mail.outbox == []
