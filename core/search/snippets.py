"""Snippets of a hit's text with the matched words in <mark>, escaped for HTML."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.search.text import stem, stem_languages, transliterated_words, words

# PostgreSQL's ts_headline marks with these; mark_up escapes the text and then turns them
# into <mark>, so no text of a record ever reaches the page unescaped.
MARK_START, MARK_END = "\u27e6", "\u27e7"
SNIPPET_WORDS = 28
WORD_OR_SPACE = re.compile(r"\w+|\W+")


def mark_up(marked_text):
    html = escape(marked_text or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _matches(original, wanted, prefixes, languages):
    forms = {*words(original), *transliterated_words(original)}
    forms |= {stem(form, language) for form in forms for language in languages}
    return bool(forms & wanted) or any(form.startswith(p) for form in forms for p in prefixes)


def highlight(text, query, language):
    """The part of `text` around the first matched word (about 28 words), marked."""
    text = text or ""
    languages = stem_languages(language)
    prefixes = (
        set(query.clauses[-1].phrase) if query.clauses and query.clauses[-1].prefix else set()
    )
    wanted = set()
    for word in query.highlight_words():
        wanted |= {word, *(stem(word, code) for code in languages)}
    pieces = WORD_OR_SPACE.findall(text)
    marked = [piece[0].isalnum() or piece[0] == "_" for piece in pieces]
    marked = [
        is_word and _matches(piece, wanted, prefixes, languages)
        for piece, is_word in zip(pieces, marked, strict=True)
    ]
    first = marked.index(True) if True in marked else 0
    start = max(0, first - 10)
    end = min(len(pieces), start + 2 * SNIPPET_WORDS)
    snippet = "".join(
        f"{MARK_START}{piece}{MARK_END}" if is_marked else piece
        for piece, is_marked in zip(pieces[start:end], marked[start:end], strict=True)
    ).strip()
    if start > 0:
        snippet = "… " + snippet
    if end < len(pieces):
        snippet += " …"
    return mark_up(snippet)
