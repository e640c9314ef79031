"""While the database is down, every page answers 503 with the site's own page and Retry-After.

Django turns an exception into a response at the boundary of each middleware, so no middleware
sees another one's exception. Two hooks therefore share `database_unavailable`:
`DatabaseUnavailableMiddleware.process_exception` for views (and the templates rendered after
them), the 500 handler (`portal.views.server_error`) for middleware, e.g. a session read. Admin
pages check the connection before their view runs (`process_view`).
"""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

# A database restart or fail-over takes seconds; a proxy or crawler need not retry sooner.
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


def is_connection_failure(exception):
    """The database cannot be reached or dropped the connection; not a mistake in a query
    (ProgrammingError, IntegrityError, DataError stay 500s)."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request, exception):
    """The 503 page, in the language of the address (/fr/ even when the failure came before
    LocaleMiddleware), never cached. 503.html and what it extends read nothing from the
    database: the messages stored in the session are not shown."""
    logger.warning("Database unavailable, %s answers 503: %s", request.path, exception)
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        response = render(request, "503.html", {"messages": ()}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The admin needs the database for all it does, yet its login page could render
        # without: an editor would type a password into a form that can only fail.
        if request.path_info.startswith("/admin/"):
            try:
                connection.cursor().close()
            except (OperationalError, InterfaceError) as exception:
                return database_unavailable(request, exception)
        return None

    def process_exception(self, request, exception):
        if is_connection_failure(exception):
            return database_unavailable(request, exception)
        return None
