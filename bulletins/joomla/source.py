"""One view of a Joomla backup, whatever its form: tables by their Joomla name.

Invariant: ``source.rows("content")`` yields the rows of ``#__content`` as dicts of
``str``/``None`` (NFC, double-encoding repaired, counted in ``source.report``), each
carrying the file and line it came from, for every kind of backup (SQL dump, CSV,
JSON) and every table prefix; the caller never sees the prefix, the file layout or
the Joomla version's column order. Nothing here writes anywhere.

The prefix is the one for which both ``<prefix>content`` and ``<prefix>categories``
exist (``jos_``, ``abc_``, ``#__`` or none); a backup holding two Joomla sites must
be told which (``prefix=``). The version comes from the ``files_joomla`` manifest in
``#__extensions``, else ``#__schemas``, else the columns of ``#__content``.
"""

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .columns import KNOWN_COLUMNS, candidates
from .errors import JoomlaReadError
from .text import clean

REPAIR_EXAMPLES = 20


class Row(dict):
    """One row: column -> ``str``/``None``, plus where it was read."""

    __slots__ = ("file", "line", "table")

    def __init__(self, values, *, file: str, line: int | None, table: str):
        super().__init__(values)
        self.file = file
        self.line = line
        self.table = table


@dataclass
class ReadReport:
    """What reading changed: rows read and values repaired, per table."""

    rows: Counter = field(default_factory=Counter)
    # Each value is counted once however often its table is read.
    repaired: Counter = field(default_factory=Counter)
    # (table, file, line, column, repaired value) of the first repaired values
    repaired_examples: list[tuple[str, str, int | None, str, str]] = field(
        default_factory=list
    )
    seen: set = field(default_factory=set, repr=False)

    def repaired_value(self, table, file, line, ident, column, value) -> None:
        place = (table, file, line, ident, column)
        if place in self.seen:
            return
        self.seen.add(place)
        self.repaired[table] += 1
        if len(self.repaired_examples) < REPAIR_EXAMPLES:
            self.repaired_examples.append((table, file, line, column, value[:80]))


def series_of(version: str) -> str:
    """Joomla's release line of a version: "1.5", "2.5", "3", "4", "5"."""
    parts = (version or "").split(".")
    try:
        major, minor = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return ""
    if major == 1:
        return "1.5" if minor <= 5 else "2.5"
    return "2.5" if major == 2 else str(major)


def detect_prefix(names: list[str], wanted: str | None = None) -> str:
    lowered = {name.lower() for name in names}
    if wanted is not None:
        if wanted.lower() + "content" not in lowered:
            raise JoomlaReadError(
                f"không có bảng {wanted}content trong bản sao lưu "
                f"(các bảng: {', '.join(sorted(names)[:20])})"
            )
        return wanted
    found = sorted(
        name[: -len("content")]
        for name in lowered
        if name.endswith("content")
        and name[: -len("content")] + "categories" in lowered
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise JoomlaReadError(
            "không tìm thấy bảng tin bài (#__content) và chuyên mục (#__categories) "
            "của Joomla trong bản sao lưu"
        )
    raise JoomlaReadError(
        "bản sao lưu có nhiều website Joomla (tiền tố bảng: "
        + ", ".join(found)
        + "): hãy chọn một tiền tố"
    )


class JoomlaSource:
    """Base of every backup kind; subclasses give physical tables and raw rows."""

    def __init__(self, name: str):
        self.name = name
        self.prefix = ""
        self.version = ""
        self.report = ReadReport()
        self._physical: dict[str, str] = {}

    # --- What a subclass provides --------------------------------------------------

    def physical_tables(self) -> list[str]:
        raise NotImplementedError

    def raw_rows(self, physical: str) -> Iterator[tuple[str, int | None, dict]]:
        """(file, line, {column: value}) of a table, values not yet cleaned."""
        raise NotImplementedError

    # --- Opening ---------------------------------------------------------------------

    def detect(self, prefix: str | None = None) -> "JoomlaSource":
        names = self.physical_tables()
        self.prefix = detect_prefix(names, prefix)
        size = len(self.prefix)
        self._physical = {
            name[size:].lower(): name
            for name in names
            if name.lower().startswith(self.prefix.lower())
        }
        self.version = self._detect_version()
        return self

    @property
    def series(self) -> str:
        return series_of(self.version)

    def tables(self) -> list[str]:
        """Logical table names (``content``, ``k2_items``...) in this backup."""
        return sorted(self._physical)

    def has(self, table: str) -> bool:
        return table in self._physical

    def count(self, table: str) -> int:
        """Rows of a logical table, read but not cleaned (0 when absent)."""
        physical = self._physical.get(table)
        if physical is None:
            return 0
        return sum(1 for _ in self.raw_rows(physical))

    def rows(self, table: str) -> Iterator[Row]:
        """Rows of a logical table (empty when the backup lacks it)."""
        physical = self._physical.get(table)
        if physical is None:
            return
        report = self.report
        for file, line, values in self.raw_rows(physical):
            cleaned = {}
            for column, value in values.items():
                if isinstance(value, str) and not value.isascii():
                    value, repaired = clean(value)
                    if repaired:
                        report.repaired_value(
                            table, file, line, values.get("id"), column, value
                        )
                cleaned[column] = value
            report.rows[table] += 1
            yield Row(cleaned, file=file, line=line, table=table)

    # --- Version ---------------------------------------------------------------------

    def _detect_version(self) -> str:
        joomla_ids = set()
        for row in self._plain_rows("extensions"):
            if row.get("type") == "file" and row.get("element") == "joomla":
                joomla_ids.add(row.get("extension_id"))
                try:
                    manifest = json.loads(row.get("manifest_cache") or "{}")
                except ValueError:
                    manifest = {}
                if isinstance(manifest, dict) and manifest.get("version"):
                    return str(manifest["version"])
        for row in self._plain_rows("schemas"):
            if row.get("extension_id") in joomla_ids | {"700"}:
                version = (row.get("version_id") or "").split("-", 1)[0]
                if version:
                    return version
        return self._version_from_columns(self.columns("content"))

    def _plain_rows(self, table: str) -> Iterator[dict]:
        physical = self._physical.get(table)
        if physical is not None:
            for _, _, values in self.raw_rows(physical):
                yield values

    @staticmethod
    def _version_from_columns(columns: list[str]) -> str:
        names = set(columns)
        if not names:
            return ""
        if "sectionid" in names and "asset_id" not in names:
            return "1.5"
        if "title_alias" in names:
            return "2.5"
        return "3" if "xreference" in names else "4"

    def columns(self, table: str) -> list[str]:
        """Column names of a logical table as this backup has them."""
        physical = self._physical.get(table)
        if physical is None:
            return []
        for _, _, values in self.raw_rows(physical):
            return list(values)
        return []


def known_columns(
    table: str, record: list, *, file: str, line: int | None
) -> tuple[str, ...]:
    """Joomla's column order for a headerless ``record`` of ``table``.

    Several versions may have the same count (1.5 and 4.x ``#__content`` both
    have 30): the layout whose number and date columns fit the record wins.
    """
    found = candidates(table, len(record))
    if not found:
        layouts = KNOWN_COLUMNS.get(table, {})
        counts = ", ".join(f"{s}: {len(c)}" for s, c in layouts.items())
        raise JoomlaReadError(
            f"có {len(record)} cột nhưng không có dòng tên cột, và số cột không "
            f"khớp bảng {table} của Joomla ({counts or 'bảng không quen'}): hãy "
            "xuất lại kèm tên cột (phpMyAdmin: «Đặt tên cột ở dòng đầu») hoặc đưa "
            "kèm tệp cấu trúc .sql",
            file=file,
            line=line,
        )
    return max(found, key=lambda item: _fit(item[1], record))[1]


_NUMERIC = {"id", "asset_id", "state", "catid", "access", "hits", "parent_id"}
_DATES = {"created", "modified", "publish_up", "created_time", "checked_out_time"}


def _fit(columns, record) -> int:
    score = 0
    for name, value in zip(columns, record, strict=False):
        text = value or ""
        if name in _NUMERIC:
            score += text.lstrip("-").isdigit()
        elif name in _DATES:
            score += value is None or (len(text) >= 10 and text[4:5] == "-")
    return score
