"""Folding and whole-word matching inside the database, on SQLite and PostgreSQL.

``Fold`` is ``portal.text.fold`` in SQL: ``lower(unaccent(...))`` on PostgreSQL (the
``unaccent`` extension is created by portal/migrations/0002) and a Python function
registered on the SQLite connection. ``HasWords`` tests that every folded search
word occurs as a whole word, so "bo" finds "Đảng bộ" but not "bồi dưỡng";
``HasPhrase`` that the words stand together, in order ("dang bo").
"""

import re
from functools import lru_cache

from django.db.models import BooleanField, Func, TextField, Value
from django.db.models.functions import Coalesce

from portal.sanitize import plain_text
from portal.text import fold


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


class HasPhrase(Func):
    """True when the folded text ``expression`` holds ``phrase`` (folded words
    joined by single spaces) as whole words: "dang bo" in "dai hoi dang bo tinh".

    SQLite: ``GLOB`` in C; PostgreSQL: a regular expression. The phrase is made of
    ``parse_query`` words and spaces only, so it carries no pattern syntax.
    """

    output_field = BooleanField()

    def __init__(self, expression, phrase):
        self.phrase = phrase
        super().__init__(Coalesce(expression, Value(""), output_field=TextField()))

    def as_sql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        pattern = f"*[^a-z0-9]{self.phrase}[^a-z0-9]*"
        return f"((' ' || {sql} || ' ') GLOB %s)", (*params, pattern)

    def as_postgresql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        pattern = f"[^a-z0-9]{self.phrase}[^a-z0-9]"
        return f"((' ' || {sql} || ' ') ~ %s)", (*params, pattern)
