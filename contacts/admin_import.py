"""Spreadsheet import and export in the admin, for the admins of every app (coordination
imports it from here, so it lives apart from the contacts' admin registrations): CSV and
XLSX, with a dry run first that explains each rejected row by its column's German label,
and an import template to start from."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from contacts.resources import ExportFieldsForm, SpreadsheetCSV
from core.text import slugify_german


class ContactsImportExportMixin(ImportExportMixin):
    """CSV and XLSX import (with a dry run first) and export of the editor's records."""

    import_formats = [SpreadsheetCSV, XLSX]
    export_formats = [SpreadsheetCSV, XLSX]
    export_form_class = ExportFieldsForm

    def get_urls(self):
        return [
            path(
                "import/vorlage/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """The XLSX import template (ScopedResource.import_template), for whoever may import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class(**self.get_import_resource_kwargs(request))
        filename = f"vorlage-{slugify_german(resource.get_display_name())}.xlsx"
        return HttpResponse(
            resource.import_template(request.user),
            content_type=XLSX.CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )

    def import_action(self, request, **kwargs):
        """A file with rejected rows may still be imported without them, on confirmation."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        context["import_template_url"] = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"
        )
        result = context.get("result")
        if (
            result is not None
            and "confirm_form" not in context
            and not result.has_errors()
            and result.has_validation_errors()
            and any(row.import_type in ("new", "update") for row in result.valid_rows())
        ):
            context["confirm_form"] = self.create_confirm_form(request, import_form=context["form"])
            context["confirms_valid_rows_only"] = True
        if result is not None:
            resource_class = self.choose_import_resource_class(context["form"], request)
            context["column_labels"] = [
                resource_class.field_label(column) for column in result.diff_headers
            ]
            if result.has_validation_errors():
                context["rejected_rows"] = rejected_rows(result)
        return response


def rejected_rows(result):
    """[(row, [(column, reason), ...]), ...] for the dry run; the resource names each
    reason by its column's German label ("Telefon"), as the table's header shows it."""
    rows = []
    for row in result.invalid_rows:
        reasons = [
            (name, message)
            for name, messages in row.field_specific_errors.items()
            for message in messages
        ]
        reasons += [(None, message) for message in row.non_field_specific_errors]
        rows.append((row, reasons))
    return rows
