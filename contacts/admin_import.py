"""Spreadsheet import and export in the admin, for the admins of every app (coordination
imports it from here, so it lives apart from the contacts' admin registrations): CSV and
XLSX, with a dry run first that explains each rejected row by its column's German label."""

from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from contacts.resources import ExportFieldsForm, SpreadsheetCSV


class ContactsImportExportMixin(ImportExportMixin):
    """CSV and XLSX import (with a dry run first) and export of the editor's records."""

    import_formats = [SpreadsheetCSV, XLSX]
    export_formats = [SpreadsheetCSV, XLSX]
    export_form_class = ExportFieldsForm

    def import_action(self, request, **kwargs):
        """A file with rejected rows may still be imported without them, on confirmation."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
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
