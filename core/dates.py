"""Dates known to a year, a month or a day, shown as precisely as they are known."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Jahr")
    MONTH = "month", _("Monat")
    DAY = "day", _("Tag")


def format_precise_date(value, precision):
    """ "2017", "September 2017" or "1. April 2015": in the conventions of the page's
    language (portal/formats: "1 avril 2015", "1 aprile 2015", "1 April 2015")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")
