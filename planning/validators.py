"""Upload checks: a document must really be a PDF (by its content) and not too large."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    limit = settings.MAX_UPLOAD_MEGABYTES * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Die Datei ist zu gross: höchstens %(limit)s MB sind erlaubt."),
            code="file_too_large",
            params={"limit": settings.MAX_UPLOAD_MEGABYTES},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    kind = filetype.guess(head)
    if not head.startswith(PDF_MAGIC) or (kind is not None and kind.mime != "application/pdf"):
        raise ValidationError(
            _(
                "Die Datei «%(name)s» ist kein PDF-Dokument, auch wenn ihr Name auf .pdf endet. "
                "Bitte laden Sie eine echte PDF-Datei hoch."
            ),
            code="not_a_pdf",
            params={"name": getattr(upload, "name", "")},
        )
