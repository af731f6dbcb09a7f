"""Site search over published articles and documents, with or without diacritics.

The reader's text is cleaned and folded to words (``parse_query``) before it gets
anywhere near SQL: "Đảng bộ" and "dang bo" both become the terms ``dang`` and
``bo``. Every term must occur in a result.

Matching is done by the database in C, over folded text:

- articles: ``search_text``, the folded title, lead and body text that
  ``Article.save()`` stores. A substring test (``LIKE``) is a cheap first pass; a
  whole-word test follows (``GLOB`` on SQLite, a regular expression on PostgreSQL),
  so "bo" finds "Đảng bộ" but not "bồi dưỡng".
- titles and leads, for ranking, and documents (which have no folded column):
  folded on the fly, with ``lower(unaccent(...))`` on PostgreSQL (the ``unaccent``
  extension is created by portal/migrations/0002) and a ``portal_fold`` function
  registered on the SQLite connection.

PostgreSQL's full-text search (``to_tsvector``) was measured and left out: without
a stored, indexed vector column, building the vectors at query time took 1.6 s
for 10,000 articles against 0.2 s for these tests (docs/search.md).

On both, results whose title holds every term come first, then those whose lead
does, then body matches; newest first within each group.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Length, Substr
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .sanitize import plain_text
from .text import fold, nfc

MAX_QUERY_CHARS = 200  # what we keep of the reader's text
MAX_TERMS = 8
MAX_TERM_CHARS = 40
SNIPPET_CHARS = 240
MAX_SNIPPET_SOURCE = 20_000  # characters of body text looked at for a snippet

# Words: letters and digits (Unicode), nothing else survives parsing.
_TERM_RE = re.compile(r"[^\W_]+")
_SPACE_RE = re.compile(r"\s+")

TITLE_SCORE = 4.0
LEAD_SCORE = 2.0
BODY_SCORE = 1.0
MAX_RESULTS = 500  # matches listed for one query (50 pages)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned text, shown back in the search box
    terms: tuple[str, ...]  # folded words, each must match

    @property
    def is_empty(self):
        return not self.terms


def _clean_text(raw):
    """``raw`` in NFC without control/format/private characters, spaces collapsed."""
    raw = (raw or "")[: MAX_QUERY_CHARS * 4]
    raw = nfc(raw)
    kept = [
        " " if unicodedata.category(ch)[0] in ("C", "Z") else ch
        for ch in raw
        if ch != "\ufffd"
    ]
    return _SPACE_RE.sub(" ", "".join(kept)).strip()[:MAX_QUERY_CHARS].strip()


def parse_query(raw):
    """The reader's query as display text and folded search terms."""
    text = _clean_text(raw)
    terms = []
    for word in _TERM_RE.findall(fold(text)):
        word = word[:MAX_TERM_CHARS]
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return ParsedQuery(text=text, terms=tuple(terms))


# --- SQL helpers -----------------------------------------------------------------


def _sqlite_fold(value):
    return None if value is None else fold(value)


def _sqlite_fold_html(value):
    return None if value is None else fold(plain_text(value))


@lru_cache(maxsize=64)
def _word_patterns(words):
    return [
        re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])") for word in words.split()
    ]


def _sqlite_has_words(value, words):
    if value is None:
        return 0
    return int(all(p.search(value) for p in _word_patterns(words)))


def _register_sqlite_functions(conn):
    """Register ``portal_fold``, ``portal_fold_html`` and ``portal_has_words``."""
    # Registering again replaces the same function: cheap, and it survives the
    # connection being replaced (CONN_MAX_AGE=0 opens one per request).
    conn.ensure_connection()
    raw = conn.connection
    raw.create_function("portal_fold", 1, _sqlite_fold, deterministic=True)
    raw.create_function("portal_fold_html", 1, _sqlite_fold_html, deterministic=True)
    raw.create_function("portal_has_words", 2, _sqlite_has_words, deterministic=True)


class Fold(Func):
    """Lowercase text without diacritics, as ``portal.text.fold`` makes it.

    PostgreSQL: ``lower(unaccent(...))``; SQLite: our Python function (used on short
    fields, and on document bodies, which are few).
    """

    function = "portal_fold"
    output_field = TextField()

    def as_sqlite(self, compiler, conn, **extra):
        _register_sqlite_functions(conn)
        return super().as_sql(compiler, conn, **extra)

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(
            compiler, conn, template="lower(unaccent(%(expressions)s))", **extra
        )


class FoldHtml(Fold):
    """Folded text content of an HTML column."""

    function = "portal_fold_html"

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(
            compiler,
            conn,
            template=(
                "lower(unaccent(regexp_replace(%(expressions)s, '<[^>]*>', ' ', 'g')))"
            ),
            **extra,
        )


class HasWords(Func):
    """True when the folded text ``expression`` holds every word of ``words``,
    each as a whole word.

    PostgreSQL: one regular expression per word, in C. SQLite: one call per row of
    ``portal_has_words`` (compiled Python patterns), which measured faster than
    ``GLOB`` (docs/search.md). The words come from ``parse_query``: letters
    and digits only, so they carry no pattern syntax.
    """

    output_field = BooleanField()

    def __init__(self, expression, words, *, short=False):
        self.words = tuple(words)
        self.short = short
        super().__init__(Coalesce(expression, Value(""), output_field=TextField()))

    def as_sql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.short:
            # Titles and leads: GLOB in C beats a call into Python per row.
            test = f"((' ' || {sql} || ' ') GLOB %s)"
            patterns = [f"*[^a-z0-9]{word}[^a-z0-9]*" for word in self.words]
            return self._all(test, params, patterns)
        _register_sqlite_functions(conn)
        return f"portal_has_words({sql}, %s)", (*params, " ".join(self.words))

    def as_postgresql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        test = f"((' ' || {sql} || ' ') ~ %s)"
        patterns = [f"[^a-z0-9]{word}[^a-z0-9]" for word in self.words]
        return self._all(test, params, patterns)

    @staticmethod
    def _all(test, params, patterns):
        """``test AND test ...``, one per pattern, each with its own parameters."""
        sql = " AND ".join([test] * len(patterns))
        all_params = []
        for pattern in patterns:
            all_params.extend([*params, pattern])
        return f"({sql})", tuple(all_params)


def _contains_all(field, terms):
    q = Q()
    for term in terms:
        q &= Q(**{f"{field}__contains": term})
    return q


def _score(title_q, lead_q):
    return Case(
        When(title_q, then=Value(TITLE_SCORE)),
        When(lead_q, then=Value(LEAD_SCORE)),
        default=Value(BODY_SCORE),
        output_field=FloatField(),
    )


def _blank(expression):
    return Coalesce(expression, Value(""), output_field=TextField())


def _rows(qs, kind, score):
    return (
        qs.annotate(
            s_kind=Value(kind, output_field=CharField()),
            s_score=score,
            s_date=F("published_at"),
        )
        .values_list("s_kind", "pk", "s_score", "s_date")
        .order_by()
    )


def _article_rows(terms, now):
    from bulletins.models import Article

    # ``search_text`` is the folded title, lead and body text, stored on save.
    # The substring tests are a cheap first pass; the whole-word tests follow.
    qs = Article.objects.published(now).filter(
        _contains_all("search_text", terms), HasWords(F("search_text"), terms)
    )
    if connection.vendor == "sqlite":
        # search_text starts with the folded title, then the lead (Article.save()
        # joins them with spaces; folding keeps one character per character of
        # Vietnamese text), so they are read from it instead of calling Python
        # to fold every row again (2 s -> 0.7 s for 10,000 articles).
        title = Substr("search_text", 1, Length("title"))
        lead = Substr("search_text", Length("title") + 2, Length("lead"))
    else:
        title, lead = Fold("title"), Fold("lead")
    score = _score(
        HasWords(title, terms, short=True), HasWords(lead, terms, short=True)
    )
    return _rows(qs, "a", score)


def _document_rows(terms, now):
    from bulletins.models import Document

    head = Fold(
        Concat(
            _blank(F("number")),
            Value(" "),
            _blank(F("title")),
            output_field=TextField(),
        )
    )
    middle = Fold(
        Concat(
            _blank(F("issuer")),
            Value(" "),
            _blank(F("abstract")),
            output_field=TextField(),
        )
    )
    everything = Concat(
        head,
        Value(" "),
        middle,
        Value(" "),
        FoldHtml(_blank(F("body"))),
        output_field=TextField(),
    )
    qs = Document.objects.published(now).filter(HasWords(everything, terms))
    return _rows(qs, "d", _score(HasWords(head, terms), HasWords(middle, terms)))


def search_rows(parsed, *, now=None, limit=MAX_RESULTS):
    """Rows ``(kind, pk, score, date)`` of the best ``limit`` matches, best first.

    One query: the matching rows of both tables, ordered. ``kind`` is "a"
    (article) or "d" (document).
    """
    now = now or timezone.now()
    terms = parsed.terms
    articles = _article_rows(terms, now)
    documents = _document_rows(terms, now)
    combined = articles.union(documents, all=True).order_by(
        "-s_score", "-s_date", "s_kind", "-pk"
    )
    return list(combined[:limit])


# --- Results and highlighting --------------------------------------------------


@dataclass
class Result:
    kind: str  # "article" or "document"
    kind_label: str
    url: str
    title_html: str
    snippet_html: str
    date: Any
    section: str
    object: Any


def load_results(rows):
    """Turn a page of ``search_rows`` into :class:`Result` objects (two queries)."""
    from bulletins.models import Article, Document

    rows = list(rows)
    article_ids = [pk for kind, pk, _s, _d in rows if kind == "a"]
    document_ids = [pk for kind, pk, _s, _d in rows if kind == "d"]
    articles = (
        Article.objects.select_related("category").in_bulk(article_ids)
        if article_ids
        else {}
    )
    documents = Document.objects.in_bulk(document_ids) if document_ids else {}
    return [
        (articles.get(pk) if kind == "a" else documents.get(pk), kind)
        for kind, pk, _score, _date in rows
    ]


def build_results(rows, terms):
    results = []
    for obj, kind in load_results(rows):
        if obj is None:  # deleted between the two queries
            continue
        if kind == "a":
            text = " ".join(filter(None, [obj.lead, _html_text(obj.body)]))
            results.append(
                Result(
                    kind="article",
                    kind_label="Tin bài",
                    url=obj.get_absolute_url(),
                    title_html=highlight(obj.title, terms),
                    snippet_html=snippet(text, terms),
                    date=obj.published_at,
                    section=obj.category.name,
                    object=obj,
                )
            )
        else:
            title = f"{obj.number} {obj.title}".strip() if obj.number else obj.title
            text = " ".join(filter(None, [obj.abstract, _html_text(obj.body)]))
            results.append(
                Result(
                    kind="document",
                    kind_label="Văn bản",
                    url=obj.get_absolute_url(),
                    title_html=highlight(title, terms),
                    snippet_html=snippet(text, terms),
                    date=obj.published_at,
                    section=obj.issuer,
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
