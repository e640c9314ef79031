import io

from django.core import mail
from django.core.management import call_command

from planning import services
from planning.models import PrintOrder


def order(plan, **fields):
    values = {
        "plan": plan,
        "name": "Regula Muster",
        "street": "Ergolzstrasse 3",
        "postcode": "4414",
        "town": "Füllinsdorf",
        "email": "regula@example.ch",
        "copies": 2,
    }
    return services.place_print_order(PrintOrder(**(values | fields))).order


def run(*args):
    out = io.StringIO()
    call_command("send_pending_mails", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_what_failed_and_never_twice(orderable_plan, settings, smtp_refusing):
    failed = order(orderable_plan)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    first = run("--base-url", "https://portal.example")
    second = run()

    assert "ausstehenden E-Mails: 1; jetzt vollständig: 1" in first
    assert "ausstehenden E-Mails: 0" in second
    assert [message.to for message in mail.outbox] == [
        ["bestellungen@example.ch"],
        ["regula@example.ch"],
    ]
    assert (
        f"https://portal.example/admin/planning/printorder/{failed.pk}/change/"
        in mail.outbox[0].body
    )


def test_the_command_reports_what_still_cannot_go_out(orderable_plan, settings):
    settings.PORTAL_PRINT_ORDER_EMAIL = ""
    pending = order(orderable_plan)

    output = run()

    assert f"{pending.reference}: Benachrichtigung nicht versandt: keine Empfängeradresse" in output
    assert len(mail.outbox) == 1  # the confirmation went out when the order was placed


def test_the_command_can_be_limited_to_a_canton(orderable_plan, make_plan, settings, smtp_refusing):
    zurich = make_plan(canton="ZH", print_orderable=True)
    order(orderable_plan)
    foreign = order(zurich)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    run("--canton", "bl")

    assert PrintOrder.objects.mail_pending().get() == foreign
