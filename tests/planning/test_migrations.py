"""Data migrations of planning, run against a real schema at their own state."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0002_authored_by_example")]
AFTER = [("planning", "0003_printorder_reference_and_mail_state")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_orders_from_before_the_confirmation_get_a_reference_but_no_late_confirmation():
    old_apps = migrate(BEFORE)
    try:
        canton = old_apps.get_model("contacts", "Canton").objects.create(code="BL", name="BL")
        plan = old_apps.get_model("planning", "Plan").objects.create(
            title="Planung", slug="planung", canton=canton
        )
        old_apps.get_model("planning", "PrintOrder").objects.create(
            plan=plan,
            name="Regula Muster",
            street="Ergolzstrasse 3",
            postcode="4414",
            town="Füllinsdorf",
            email="regula@example.ch",
            copies=1,
        )

        new_apps = migrate(AFTER)

        order = new_apps.get_model("planning", "PrintOrder").objects.get()
        assert order.reference.startswith("BL-")
        assert order.confirmation_due is False
        assert order.confirmed_at is None
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
