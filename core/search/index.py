"""Writing the search index: from the apps' SearchDocuments to SearchEntry rows.

The index is derived data, like a cache: it is rewritten from the records, never edited.
Signal handlers (connected once, in CoreConfig.ready, for the documents' models and their
dependencies) keep it in step inside the transaction of every save, delete and relation
change, as Wagtail's search index does; bulk updates of publishable records call `reindex`
(core.publishing), and imports and seeds save record by record (`load_portal_data` inside
`deferred()`, which writes each entry once at the end). `rebuild` writes it anew.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.module_loading import autodiscover_modules

from core.search.text import exact_key, index_text, vocabulary

BATCH_SIZE = 500
_documents = []
# {model: primary keys} still to reindex, while a `deferred()` block runs; None otherwise.
_deferred = ContextVar("search_index_deferred", default=None)


def register(document_class):
    """Class decorator for an app's SearchDocument (in its search.py)."""
    _documents.append(document_class())
    return document_class


def documents():
    return list(_documents)


def kinds():
    """{kind: (label, plural label)} of every document, in registration order."""
    return {kind: labels for document in _documents for kind, labels in document.kinds.items()}


def _documents_of(model):
    return [document for document in _documents if issubclass(model, document.model)]


def page_languages():
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _entries(document, instance, content_type):
    """The SearchEntry rows of one record: one per distinct set of texts (most records are
    German only, so one row serves every language), and its vocabulary."""
    from core.models import SearchEntry

    by_language = {}
    for language in page_languages():
        with translation.override(language):
            texts = document.texts(instance)
            if texts is None:  # going away (see SearchDocument.texts)
                return [], {}
            by_language[language] = (texts, document.url_of(instance))
    german_texts = by_language["de"][0]
    groups = defaultdict(list)
    for language, (texts, _url) in by_language.items():
        key = (texts.title, tuple(texts.names), tuple(texts.titles), tuple(texts.body))
        groups[key].append(language)
    names = {name for texts, _url in by_language.values() for name in texts.names}
    exact_keys = "|" + "|".join(sorted(filter(None, map(exact_key, names)))) + "|"
    common = {
        "content_type": content_type,
        "object_id": instance.pk,
        "kind": document.kind_of(instance),
        "canton": document.canton_of(instance),
        "is_public": document.is_public(instance),
        "is_current": document.is_current(instance),
        "exact_keys": exact_keys,
    }
    entries, words = [], {}
    for languages in groups.values():
        language = languages[0]
        texts, url = by_language[language]
        title_language = language if texts.title != german_texts.title else "de"
        snippet = _snippet_text(texts)
        body_language = language if snippet != _snippet_text(german_texts) else "de"
        entries.append(
            SearchEntry(
                **common,
                languages="|" + "|".join(languages) + "|",
                language=language,
                title=texts.title[:400],
                title_language=title_language,
                body_language=body_language,
                subtitle=texts.subtitle[:400],
                body=snippet,
                url=url,
                name_text=index_text(texts.names, language),
                title_text=index_text(texts.titles, language),
                body_text=index_text(texts.body, language),
            )
        )
        words.update(vocabulary([texts.title, *texts.names, *texts.titles, *texts.body]))
    return entries, words


def _snippet_text(texts):
    # Plain text, whatever the field held: both engines' snippets then show the same words
    # (PostgreSQL's ts_headline drops markup by itself).
    return strip_tags(texts.snippet or " · ".join(filter(None, texts.body)))


def _store_words(words):
    from core.models import SearchWord

    SearchWord.objects.bulk_create(
        [SearchWord(word=word, display=display[:100]) for word, display in words.items()],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )


def _write(document, instances):
    from core.models import SearchEntry

    content_type = ContentType.objects.get_for_model(document.model)
    entries, words = [], {}
    for instance in instances:
        more_entries, more_words = _entries(document, instance, content_type)
        entries += more_entries
        words.update(more_words)
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    _store_words(words)
    return len(entries)


def reindex(model, pks):
    """Rewrite the entries of `model`'s records `pks` (deleted ones lose theirs)."""
    from core.models import SearchEntry

    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    with transaction.atomic():
        for document in _documents_of(model):
            content_type = ContentType.objects.get_for_model(document.model)
            for chunk in _chunks(sorted(pks)):
                SearchEntry.objects.filter(content_type=content_type, object_id__in=chunk).delete()
                _write(document, document.get_queryset().filter(pk__in=chunk))


@contextmanager
def deferred():
    """Reindexes what the saves inside change once, when the block ends, instead of at each
    save: a seed or an import saves hundreds of records that appear in the same few entries
    (a conference with its members and themes is written once, not once per member). Used
    inside the transaction of those saves, so the index is still right when it commits. A
    block inside another leaves the writing to the outer one; an error writes nothing."""
    if _deferred.get() is not None:
        yield
        return
    pending = defaultdict(set)
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for model, pks in pending.items():
        reindex(model, pks)


def _reindex_now_or_later(model, pks):
    pending = _deferred.get()
    if pending is None:
        reindex(model, pks)
    else:
        pending[model].update(pks)


def records_changed(model, pks):
    """After a change that sends no signal (a bulk update): the records' own entries and
    those of every record that shows them."""
    pks = list(pks)
    affected = defaultdict(set)
    for chunk in _chunks(pks):
        for instance in model._default_manager.filter(pk__in=chunk):
            for affected_model, keys in _affected(instance).items():
                affected[affected_model] |= keys
    for affected_model, keys in affected.items():
        _reindex_now_or_later(affected_model, keys)


def reindex_all(model):
    reindex(model, model._default_manager.values_list("pk", flat=True))


def rebuild():
    """Write the whole index anew; {kind: number of records} for the command to report."""
    from core.models import SearchEntry, SearchWord

    counts = defaultdict(int)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        for document in _documents:
            batch = []
            for instance in document.get_queryset().iterator(chunk_size=BATCH_SIZE):
                counts[document.kind_of(instance)] += 1
                batch.append(instance)
                if len(batch) == BATCH_SIZE:
                    _write(document, batch)
                    batch = []
            _write(document, batch)
    return {kind: counts.get(kind, 0) for kind in kinds()}


def _chunks(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Signals: the records a change touches, through the documents' dependencies.


def _affected(instance):
    """{model: primary keys} of the indexed records whose entries `instance` appears in."""
    affected = defaultdict(set)
    for document in _documents:
        if isinstance(instance, document.model):
            affected[document.model].add(instance.pk)
        for model, related_keys in document.dependencies:
            if isinstance(instance, model):
                affected[document.model].update(related_keys(instance))
    return affected


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: related rows may not exist yet; rebuild_search_index afterwards
        return
    for model, pks in _affected(instance).items():
        _reindex_now_or_later(model, pks)


def _on_delete(sender, instance, **kwargs):
    for model, pks in _affected(instance).items():
        _reindex_now_or_later(model, pks)


def _on_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # The other side's keys are gone after the clear; note them now.
        field_name = _through_fields.get((sender, reverse))
        instance._search_cleared = (
            set(
                sender.objects.filter(**{field_name: instance.pk}).values_list(
                    _other_field[(sender, reverse)], flat=True
                )
            )
            if field_name
            else set()
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    _on_save(type(instance), instance)
    others = pk_set if action != "post_clear" else getattr(instance, "_search_cleared", set())
    if others:
        for document in _documents_of(model):
            _reindex_now_or_later(document.model, others)


_through_fields, _other_field = {}, {}


def connect_signals():
    """Find every app's search.py and connect the handlers for what they index."""
    autodiscover_modules("search")
    watched = set()
    for document in _documents:
        watched |= {m for m in apps.get_models() if issubclass(m, document.model)}
        watched |= {model for model, _keys in document.dependencies}
    for model in watched:
        uid = f"search-{model._meta.label}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid, weak=False)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model is a dependency in its own right
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            _through_fields[(through, False)] = source
            _other_field[(through, False)] = target
            _through_fields[(through, True)] = target
            _other_field[(through, True)] = source
            m2m_changed.connect(
                _on_relation_change, sender=through, dispatch_uid=f"{uid}-{m2m.name}", weak=False
            )
