"""CSV as Swiss spreadsheet programs open it, with no cell that runs as a formula.

Every CSV the portal writes (the public directory export, the admin's export formats, the
print-order export) goes through here, so all open alike and are guarded alike.
"""

import re

# The byte order mark makes spreadsheet programs read UTF-8 (umlauts), and Swiss ones
# expect semicolons.
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"

# OWASP's CSV injection list: a cell starting with one of these may run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A phone number as the portal writes it ("+41 61 552 17 99", "+41615521799") starts with
# "+" too, but digits and spaces call no function and reference no cell. It is left as it
# is, so the export shows the number as the website does and the admin can import it again.
PHONE_NUMBER = re.compile(r"^\+\d[\d ]*$")


def spreadsheet_safe(value):
    """`value` as text, a leading apostrophe added where it could start a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PHONE_NUMBER.match(text):
        return "'" + text
    return text
