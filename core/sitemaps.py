"""The base of every sitemap: each public page in every language, with its alternates.

German pages have no prefix, the others live under /fr/, /it/ and /en/ (i18n_patterns in
portal/urls.py). Each entry names its versions in the other languages (xhtml:link
hreflang) and the German one as x-default, so that a search engine shows the page in the
searcher's language instead of treating the four as duplicates.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class NamedPagesSitemap(TranslatedSitemap):
    """Pages without a model behind them, listed by their URL names."""

    url_names = ()

    def items(self):
        return list(self.url_names)

    def location(self, url_name):
        return reverse(url_name)
