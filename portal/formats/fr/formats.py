"""fr-CH: the Swiss conventions Django ships."""

from django.conf.locale.fr_CH.formats import *  # noqa: F403
