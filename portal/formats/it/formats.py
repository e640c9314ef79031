"""it-CH: Django ships Italy's conventions only; Ticino writes dates like the rest of Switzerland.

Numbers follow Django's de-CH and fr-CH choice (decimal comma, no-break space for thousands),
so that a figure reads the same in every language of the portal.
"""

from django.conf.locale.it.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
