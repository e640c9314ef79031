import pytest

from core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    "value",
    [
        "=HYPERLINK(1)",
        "+HYPERLINK(1)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "+41 61 552 17 99 =HYPERLINK(1)",
    ],
)
def test_every_formula_start_is_defused(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["+41 61 552 17 99", "+41615521799"])
def test_phone_numbers_stay_as_the_website_shows_them(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), (3, "3"), ("Koordinatorin", "Koordinatorin")]
)
def test_other_values_become_plain_text(value, text):
    assert spreadsheet_safe(value) == text
