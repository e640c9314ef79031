"""The directory's fingerprint for the page cache (core.caching).

Every request asks the database for a fingerprint of everything a directory page shows or
filters by (the newest change, the highest id, small row counts): one query of index lookups.
Any save, bulk update, delete or relation change alters the fingerprint, so a withdrawn
entry disappears on the very next request, and the page is rendered afresh.
"""

import functools

from contacts.models import Municipality, Organisation, Person, Position, Postcode, Topic
from core.caching import fingerprint, page_key, quoted_table


@functools.cache
def _fingerprint_sql():
    """One query of index lookups; only small tables are counted. Built once: it is the same
    for every request, and building it (history managers, quoting) costs more than running it.

    For the large tables, MAX(updated_at) sees every edit (bulk updates set it too), MAX(id)
    every insert, and MAX(history_id) every deletion and topic change, which simple-history
    records one by one.
    """
    parts = []
    for model in [Position, Person, Organisation]:
        parts += [
            f"(SELECT MAX(updated_at) FROM {quoted_table(model)})",
            f"(SELECT MAX(id) FROM {quoted_table(model)})",
            f"(SELECT MAX(history_id) FROM {quoted_table(model.history.model)})",
        ]
    for model in [Topic, Organisation, Organisation.topics.through]:
        parts += [f"(SELECT COUNT(*) FROM {quoted_table(model)})"]
    parts += [
        f"(SELECT MAX(updated_at) FROM {quoted_table(Topic)})",
        f"(SELECT MAX(id) FROM {quoted_table(Position.topics.through)})",
    ]
    # The registers change once a year, by bulk imports without history: count them.
    for model in [Organisation.service_municipalities.through, Postcode]:
        parts += [
            f"(SELECT COUNT(*) FROM {quoted_table(model)})",
            f"(SELECT MAX(id) FROM {quoted_table(model)})",
        ]
    municipalities = quoted_table(Municipality)
    parts += [
        f"(SELECT COUNT(*) FROM {municipalities} WHERE is_active)",
        f"(SELECT SUM(district_id) FROM {municipalities})",
    ]
    return "SELECT " + ", ".join(parts)


def data_fingerprint():
    return fingerprint(_fingerprint_sql())


def cache_key(request):
    """The key for this request's directory page, or None (see core.caching.page_key)."""
    return page_key(request, "directory", data_fingerprint)
