"""Site search over what the apps declare searchable, with or without diacritics.

The reader's text is cleaned and folded to words (``parse_query``) before it gets
anywhere near SQL: "Đảng bộ" and "dang bo" both become the terms ``dang`` and
``bo``. Every term must occur in a result.

Each app declares its searchable models with ``portal.registry.searchable``
(articles in bulletins, documents in congress); ``search_rows`` asks the database
for the published rows of all of them in one ``UNION ALL`` query. Matching is done
by the database in C, over folded text (``search.sql``):

- a model that stores a folded column (articles: ``search_text``, the folded title,
  lead and body text that ``Article.save()`` stores) is filtered with a substring
  test (``LIKE``) first, a whole-word test after;
- other models (documents) are folded on the fly.

PostgreSQL's full-text search (``to_tsvector``) was measured and left out: without
a stored, indexed vector column, building the vectors at query time took 1.6 s
for 10,000 articles against 0.2 s for these tests (docs/search.md).

On both, a result ranks by where the reader's words are, and whether they stand
together there as the phrase typed ("Đảng bộ" in "Đại hội Đảng bộ tỉnh", not
"Kết nạp đảng viên … Chi bộ"): the title holding the phrase, the title holding
every word, the middle fields (lead, issuer, abstract) holding the phrase, holding
every word, the body holding the phrase, and the rest; newest first within each
group.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Length, Substr
from django.utils import timezone

from portal import registry
from portal.text import fold, nfc

from .sql import Fold, FoldHtml, HasPhrase, HasWords

MAX_QUERY_CHARS = 200  # what we keep of the reader's text
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_RESULTS = 500  # matches listed for one query (50 pages)

# Words: letters and digits (Unicode), nothing else survives parsing.
_TERM_RE = re.compile(r"[^\W_]+")
_SPACE_RE = re.compile(r"\s+")

# Where the words are, best first ("phrase": the words together, in order).
TITLE_PHRASE_SCORE = 6.0
TITLE_SCORE = 4.0
MIDDLE_PHRASE_SCORE = 3.0
MIDDLE_SCORE = 2.0
BODY_PHRASE_SCORE = 1.5
BODY_SCORE = 1.0


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned text, shown back in the search box
    terms: tuple[str, ...]  # folded words, each must match
    phrase: str = ""  # the folded words in the order typed, when more than one

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
    words = [word[:MAX_TERM_CHARS] for word in _TERM_RE.findall(fold(text))]
    for word in words:
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    phrase = " ".join(words[:MAX_TERMS]) if len(words) > 1 else ""
    return ParsedQuery(text=text, terms=tuple(terms), phrase=phrase)


def _contains_all(field, terms):
    q = Q()
    for term in terms:
        q &= Q(**{f"{field}__contains": term})
    return q


def _score(title, middle, everything, terms, phrase, *, short):
    """The rank of a matching row (the scores above), from its folded title,
    middle fields and whole text."""
    cases = []
    if phrase:
        cases.append(When(HasPhrase(title, phrase), then=Value(TITLE_PHRASE_SCORE)))
    cases.append(When(HasWords(title, terms, short=short), then=Value(TITLE_SCORE)))
    if phrase:
        cases.append(When(HasPhrase(middle, phrase), then=Value(MIDDLE_PHRASE_SCORE)))
    cases.append(When(HasWords(middle, terms, short=short), then=Value(MIDDLE_SCORE)))
    if phrase:
        cases.append(When(HasPhrase(everything, phrase), then=Value(BODY_PHRASE_SCORE)))
    return Case(*cases, default=Value(BODY_SCORE), output_field=FloatField())


def _blank(expression):
    return Coalesce(expression, Value(""), output_field=TextField())


def _joined(names):
    """The fields ``names`` joined by spaces, empty for none."""
    parts = []
    for name in names:
        if parts:
            parts.append(Value(" "))
        parts.append(_blank(F(name)))
    if not parts:
        return Value("", output_field=TextField())
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=TextField())


def _stored_prefix_parts(entry):
    """Folded title and middle read from the stored folded column (SQLite).

    The column starts with the folded title, then the middle field, joined with
    single spaces; folding keeps one character per character of Vietnamese text,
    so they are cut out of it instead of calling Python to fold every row again
    (2 s -> 0.7 s for 10,000 articles).
    """
    (title,) = entry.title
    title_expr = Substr(entry.folded, 1, Length(title))
    if not entry.middle:
        return title_expr, Value("", output_field=TextField())
    (middle,) = entry.middle
    return title_expr, Substr(entry.folded, Length(title) + 2, Length(middle))


def _rows_of(entry, parsed, now):
    terms, phrase = parsed.terms, parsed.phrase
    queryset = (
        entry.published(now)
        if entry.published
        else entry.model._default_manager.published(now)
    )
    can_cut = len(entry.title) == 1 and len(entry.middle) <= 1
    if entry.folded:
        # The substring tests are a cheap first pass; the whole-word tests follow.
        queryset = queryset.filter(
            _contains_all(entry.folded, terms), HasWords(F(entry.folded), terms)
        )
        if connection.vendor == "sqlite" and can_cut:
            title, middle = _stored_prefix_parts(entry)
        else:
            title, middle = Fold(_joined(entry.title)), Fold(_joined(entry.middle))
        score = _score(title, middle, F(entry.folded), terms, phrase, short=True)
    else:
        title, middle = Fold(_joined(entry.title)), Fold(_joined(entry.middle))
        everything = Concat(
            title,
            Value(" "),
            middle,
            Value(" "),
            FoldHtml(_joined(entry.body)),
            output_field=TextField(),
        )
        queryset = queryset.filter(HasWords(everything, terms))
        score = _score(title, middle, everything, terms, phrase, short=False)
    return (
        queryset.annotate(
            s_kind=Value(entry.kind, output_field=CharField()),
            s_score=score,
            s_date=F(entry.model.publication.time),
        )
        .values_list("s_kind", "pk", "s_score", "s_date")
        .order_by()
    )


def search_rows(parsed, *, now=None, limit=MAX_RESULTS):
    """Rows ``(kind, pk, score, date)`` of the best ``limit`` matches, best first.

    One query: the matching rows of every searchable model, ordered. ``kind`` is
    the code the model was declared with.
    """
    now = now or timezone.now()
    parts = [_rows_of(entry, parsed, now) for entry in registry.searchables.values()]
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    combined = combined.order_by("-s_score", "-s_date", "s_kind", "-pk")
    return list(combined[:limit])
