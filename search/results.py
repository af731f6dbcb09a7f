"""Search results as readers see them: titles and snippets with the words marked."""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal import registry
from portal.sanitize import plain_text
from portal.text import fold

MAX_SNIPPET_SOURCE = 20_000  # characters of body text looked at for a snippet
SNIPPET_CHARS = 240


@dataclass
class Result:
    kind: str  # the model's name: "article", "document"...
    kind_label: str
    url: str
    title_html: str
    snippet_html: str
    date: Any
    section: str
    object: Any


def load_results(rows):
    """The objects of a page of ``search_rows``, in order (one query per kind)."""
    rows = list(rows)
    found = {}
    for kind in {row[0] for row in rows}:
        entry = registry.searchables[kind]
        ids = [pk for row_kind, pk, _s, _d in rows if row_kind == kind]
        queryset = entry.model._default_manager.select_related(*entry.select_related)
        found[kind] = queryset.in_bulk(ids)
    return [(found[kind].get(pk), kind) for kind, pk, _score, _date in rows]


def _joined(obj, names):
    return " ".join(str(getattr(obj, name) or "") for name in names).strip()


def build_results(rows, terms):
    results = []
    for obj, kind in load_results(rows):
        if obj is None:  # deleted between the two queries
            continue
        entry = registry.searchables[kind]
        title = (
            entry.display_title(obj)
            if entry.display_title
            else _joined(obj, entry.title)
        )
        summary = _joined(obj, entry.summary)
        body = " ".join(_html_text(getattr(obj, name)) for name in entry.body)
        text = " ".join(filter(None, [summary, body.strip()]))
        results.append(
            Result(
                kind=entry.model._meta.model_name,
                kind_label=entry.label,
                url=obj.get_absolute_url(),
                title_html=highlight(title, terms),
                snippet_html=snippet(text, terms),
                date=getattr(obj, entry.model.publication.time),
                section=entry.section(obj) if entry.section else "",
                object=obj,
            )
        )
    return results


def _html_text(value):
    return plain_text((value or "")[: MAX_SNIPPET_SOURCE * 2])[:MAX_SNIPPET_SOURCE]


@lru_cache(maxsize=4096)
def _fold_char(ch):
    if ch.isspace():
        return " "
    return fold(ch)


def _folded_map(text):
    """``text`` folded character by character, with each folded character's index
    in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        for folded in _fold_char(ch):
            chars.append(folded)
            index.append(i)
    return "".join(chars), index


def _match_spans(text, terms):
    """Spans of ``text`` (original indexes) where the terms occur, merged."""
    folded, index = _folded_map(text)
    spans = []
    for term in terms:
        pattern = rf"(?<![^\W_]){re.escape(term)}(?![^\W_])"
        for match in re.finditer(pattern, folded):
            start, end = match.span()
            spans.append((index[start], index[end - 1] + 1))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text, spans):
    out, pos = [], 0
    for start, end in spans:
        out.append(conditional_escape(text[pos:start]))
        out.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        pos = end
    out.append(conditional_escape(text[pos:]))
    # Safe: every piece of ``text`` went through conditional_escape above.
    return mark_safe("".join(str(part) for part in out))


def highlight(text, terms):
    """``text`` HTML-escaped, with the words found wrapped in ``<mark>``."""
    text = text or ""
    return _render(text, _match_spans(text, terms))


def snippet(text, terms, length=SNIPPET_CHARS):
    """About ``length`` characters of ``text`` around the first word found."""
    text = text or ""
    spans = _match_spans(text, terms)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = spans[0][0] - length // 3
        space = text.find(" ", start)
        if space != -1 and space < spans[0][0]:
            start = space + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    piece = text[start:end]
    shifted = [
        (max(a, start) - start, min(b, end) - start)
        for a, b in spans
        if b > start and a < end
    ]
    rendered = _render(piece, shifted)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{rendered}{suffix}")
