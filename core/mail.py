"""Mails that go out once: a record's "sent at" field is claimed before the mail is sent.

The claim is one atomic `UPDATE … WHERE <field> IS NULL`: of two processes that send the
same mail at once (a request and `manage.py send_pending_mails`, two cron runs), only one
wins, so no mail goes twice. A failed send releases the claim, and the mail waits for the
next run. The price: if a process dies between claim and send, that mail counts as sent
(the log shows the claim).
"""

from django.utils import timezone


def claim(obj, field):
    """Mark `obj`'s `field` as sent now; the stamp if this caller won, else None."""
    stamp = timezone.now()
    won = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, **{f"{field}__isnull": True})
        .update(**{field: stamp})
    )
    return stamp if won else None


def release(obj, field, stamp):
    """Undo this caller's claim (the mail did not go out); later claims stay."""
    type(obj)._default_manager.filter(pk=obj.pk, **{field: stamp}).update(**{field: None})


def describe(error):
    """The failure as staff read it in "letzter Fehler beim E-Mail-Versand"."""
    return f"{type(error).__name__}: {error}".rstrip(": ")
