"""PDFs of the portal's pages: a template (templates/portal/*_pdf.html) rendered by WeasyPrint.

WeasyPrint fetches a document's stylesheets and images itself. It is given only the portal's
own static files, read from disk: rendering never opens a connection, so a link or image in
a record cannot make the server request an address, and a PDF never waits for the network.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedFetch(ValueError):
    """WeasyPrint asked for something that is not one of the portal's static files."""


class StaticFilesFetcher(URLFetcher):
    """Serves the static files under `static_url` (the site's absolute STATIC_URL) from disk
    and refuses every other address, whatever its scheme (http, file, data …)."""

    def __init__(self, static_url):
        super().__init__(allowed_protocols=())
        self.static_url = static_url

    def fetch(self, url, headers=None):
        if not url.startswith(self.static_url):
            raise RefusedFetch(f"Not a static file of the portal: {url}")
        name = unquote(urlsplit(url[len(self.static_url) :]).path)
        if name != posixpath.normpath(name) or name == ".." or name.startswith(("../", "/")):
            raise RefusedFetch(f"Not a static file of the portal: {url}")
        path = self.find(name)
        if path is None:
            raise RefusedFetch(f"No such static file: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})

    @staticmethod
    def find(name):
        # The sources (development, tests), else the collected files with their hashed
        # names, which {% static %} gives in production.
        found = finders.find(name)
        if found:
            return found
        if settings.STATIC_ROOT and staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
        return None


def write_pdf(html, request):
    """The PDF of `html`, a page of this site as `request` addresses it: its relative links
    become links to the site."""
    fetcher = StaticFilesFetcher(request.build_absolute_uri(settings.STATIC_URL))
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher)
    return document.write_pdf()


def pdf_response(request, template_name, context, filename):
    html = render_to_string(template_name, context, request=request)
    response = HttpResponse(write_pdf(html, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
