"""Rendered fragments kept in each process, keyed by the records they show.

A directory card or a member line is rendered from the records it is given and nothing else.
Its key is a digest of those records as they were loaded (every loaded column and annotation,
their joined and prefetched records too), with the language, the script prefix and the date.
A changed record gives a new key, so there is nothing to invalidate and nothing to share
between servers: each process keeps its own, without a round trip to a cache server. When the
page cache misses after a change, the page is rendered again, but only the fragments whose
records changed are.

A fragment must not read the database: one that runs a query while it renders (a relation
the view did not load) would show data its key does not hold, so it is used once and not
kept, and a warning names it. Nor may it read what else the key cannot see (settings, a
cache, the time of day): keep such a piece out of {% fragment %}.
"""

import dataclasses
import datetime
import decimal
import hashlib
import logging
import threading
import uuid
from collections import OrderedDict

from django import forms
from django.conf import settings
from django.db import connection, models
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from phonenumbers import PhoneNumber

logger = logging.getLogger(__name__)

PLAIN_TYPES = {
    str,
    int,
    float,
    bool,
    type(None),
    datetime.date,
    datetime.datetime,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    uuid.UUID,
    bytes,
}
# For subclasses (SafeString, a str); the exact types above are the fast path.
PLAIN_VALUES = tuple(PLAIN_TYPES)


class FragmentMemo:
    """A bounded store of rendered fragments: the least recently used goes first."""

    def __init__(self, size):
        self.size = size
        self._fragments = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            fragment = self._fragments.get(key)
            if fragment is not None:
                self._fragments.move_to_end(key)
            return fragment

    def put(self, key, fragment):
        with self._lock:
            self._fragments[key] = fragment
            self._fragments.move_to_end(key)
            while len(self._fragments) > self.size:
                self._fragments.popitem(last=False)

    def clear(self):
        with self._lock:
            self._fragments.clear()

    def __len__(self):
        return len(self._fragments)


memo = FragmentMemo(settings.PORTAL_FRAGMENT_MEMO)


def enabled():
    # Under DEBUG templates are read afresh from disk on every render: a kept fragment would
    # hide an edit.
    return memo.size > 0 and not settings.DEBUG


class Unkeyable(TypeError):
    """A value whose content the digest cannot read (kept fragments are for records)."""


def _content(value, seen):
    """`value` as nested tuples of plain values, which repr() turns into the key's text."""
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, models.Model):
        if id(value) in seen:
            # A record met again (a back-reference, or shared by several): which one it is,
            # by the order records were first met, which the traversal fixes.
            return ("^", seen[id(value)])
        seen[id(value)] = len(seen)
        content = [value._meta.label]
        for name, attribute in sorted(value.__dict__.items()):
            if type(attribute) in PLAIN_TYPES:
                content.append((name, attribute))
            elif name == "_state":
                for relation, related in sorted(attribute.fields_cache.items()):
                    content.append((relation, _content(related, seen)))
            elif name == "_prefetched_objects_cache":
                for relation, queryset in sorted(attribute.items()):
                    content.append((relation, _content(list(queryset), seen)))
            elif not name.startswith("_"):
                content.append((name, _content(attribute, seen)))
        return tuple(content)
    if isinstance(value, (list, tuple)):
        return tuple(_content(item, seen) for item in value)
    if isinstance(value, dict):
        return tuple((name, _content(item, seen)) for name, item in sorted(value.items()))
    if isinstance(value, Promise):
        return str(value)  # a lazy translation, in the key's language
    if isinstance(value, forms.BaseForm):
        # What a form's HTML varies by, when its class sets up its fields: each field's value
        # as it is shown (what was sent, else its initial value), what was wrong with it, and
        # the choices filled in from the database. Parameters of no field (?page=) are not.
        return (
            f"{type(value).__module__}.{type(value).__qualname__}",
            value.prefix,
            value.is_bound,
            _content({name: value[name].value() for name in value.fields}, seen),
            _content({name: list(errors) for name, errors in value.errors.items()}, seen)
            if value.is_bound
            else (),
            _content(
                {
                    name: list(field.choices)
                    for name, field in value.fields.items()
                    if hasattr(field, "choices")
                },
                seen,
            ),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            *(_content(getattr(value, field.name), seen) for field in dataclasses.fields(value)),
        )
    if isinstance(value, PhoneNumber):
        # Every attribute: the leading zero of an Italian number and the text of one that
        # could not be parsed change how it prints.
        return ("PhoneNumber", _content(vars(value), seen))
    if isinstance(value, PLAIN_VALUES):
        return (type(value).__name__, value)  # a subclass: SafeString, datetime
    raise Unkeyable(f"{type(value).__name__} cannot key a kept fragment")


def fragment_key(template_name, values, rendering=()):
    """The key of `template_name` rendered with `values`; `rendering`: the context's flags
    (autoescape, localisation, time zones)."""
    content = (
        template_name,
        get_language(),
        get_script_prefix(),
        timezone.get_current_timezone_name(),
        timezone.localdate(),
        tuple(rendering),
        _content(values, {}),
    )
    return hashlib.blake2b(repr(content).encode(), digest_size=20).hexdigest()


class _QueryWatch:
    """Notes whether a statement ran while a fragment rendered (and lets it run)."""

    ran = False

    def __call__(self, execute, sql, params, many, context):
        self.ran = True
        return execute(sql, params, many, context)


def render(template, values, render_template, rendering=()):
    """`render_template()` (which renders `template` with `values`) once per key and process."""
    if not enabled():
        return render_template()
    try:
        key = fragment_key(template.origin.template_name, values, rendering)
    except (TypeError, RecursionError) as error:  # Unkeyable, or values that cannot be sorted
        logger.warning(
            "Fragment %s ohne Schlüssel gerendert: %s", template.origin.template_name, error
        )
        return render_template()
    fragment = memo.get(key)
    if fragment is not None:
        return fragment
    watch = _QueryWatch()
    with connection.execute_wrapper(watch):
        fragment = render_template()
    if watch.ran:
        logger.warning(
            "Fragment %s las die Datenbank und wird nicht aufbewahrt",
            template.origin.template_name,
        )
    else:
        memo.put(key, fragment)
    return fragment
