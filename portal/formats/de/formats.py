"""de-CH: the Swiss conventions Django ships."""

from django.conf.locale.de_CH.formats import *  # noqa: F403
