"""Rows of one table exported as CSV/TSV or JSON, checked field by field.

Invariant: a file is either read whole and right, or refused with the file, line
and column of the first fault; a truncated or damaged export (a record with the
wrong number of fields, a quote that never closes, bytes that are not UTF-8) is
never imported in part. CSV is read through a ``ByteWindow``, so a large file is
not held in memory; JSON is parsed whole (phpMyAdmin writes it as one document).

Layouts understood (``sniff`` tells them apart from the first 64 KB):
- phpMyAdmin CSV with its default options: ``,`` between fields, every field in
  ``"``, quotes doubled, ``NULL`` bare, no header row, CRLF;
- ``SELECT ... INTO OUTFILE``: tab (MySQL's default) or ``,`` with ``"`` around
  fields, backslash escapes, ``\\N`` for NULL, an escaped line break inside a value;
- ``mysql --batch``: tab, backslash escapes, a header row, ``NULL``;
- any of these with a header row.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .errors import REEXPORT_HINT, JoomlaReadError
from .text import decode_file
from .window import ByteWindow

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BACKSLASH = {
    "0": "\x00",
    "b": "\b",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "Z": "\x1a",
    "\n": "\n",
}
_UNESCAPE = re.compile(r"\\(.)", re.S)


@dataclass(frozen=True)
class Dialect:
    delimiter: bytes
    backslash: bool  # backslash escapes (MySQL) rather than doubled quotes (CSV)
    quoting: bool = True  # fields may be in "...": not in MySQL's tab layouts


def sniff(sample: bytes) -> Dialect:
    first = sample.split(b"\n", 1)[0]
    delimiter = b"\t" if first.count(b"\t") > first.count(b",") else b","
    if delimiter == b"\t":
        return Dialect(delimiter, True, quoting=False)
    # A quote doubled inside a value only happens in CSV proper (phpMyAdmin,
    # spreadsheets); MySQL escapes every inner quote with a backslash.
    if re.search(rb'[^,\r\n]""[^,\r\n]', sample):
        return Dialect(delimiter, False)
    null_field = re.search(rb"(?:^|,)\\N(?:,|\r?$)", sample, re.M)
    escapes = re.search(rb'\\["\n]', sample)
    return Dialect(delimiter, bool(null_field or escapes))


def _field_regex(dialect: Dialect) -> re.Pattern:
    d = re.escape(dialect.delimiter)
    if not dialect.quoting:
        return re.compile(
            rb"(?P<q>(?!))?(?P<qe>(?!))?(?P<u>(?:[^" + d + rb"\\\r\n]|\\.)*)"
            rb"(?P<end>" + d + rb"|\r?\n)?",
            re.S,
        )
    if dialect.backslash:
        quoted = rb'"(?P<q>[^"\\]*+(?:\\.[^"\\]*+)*+)(?P<qe>")?'
        bare = rb"(?P<u>(?:[^" + d + rb'"\\\r\n]|\\.)*)'
    else:
        quoted = rb'"(?P<q>[^"]*+(?:""[^"]*+)*+)(?P<qe>")?'
        bare = rb"(?P<u>[^" + d + rb'"\r\n]*)'
    return re.compile(
        rb"(?:" + quoted + rb"|" + bare + rb")(?P<end>" + d + rb"|\r?\n)?", re.S
    )


class DelimitedReader:
    """Records of one CSV/TSV file as lists of ``str``/``None``, with line numbers."""

    def __init__(self, open_stream, name: str):
        self.open_stream = open_stream
        self.name = name

    def records(self) -> Iterator[tuple[int, list[str | None]]]:
        with self.open_stream() as raw:
            window = ByteWindow(raw)
            window.need(1 << 16)
            dialect = sniff(window.buf[:65536])
            field = _field_regex(dialect)
            width = None
            while not window.at_end():
                line = window.lineno()
                record = self._record(window, field, dialect, line)
                if record == [""]:
                    continue  # a blank line (the file's last newline, mostly)
                if width is None:
                    width = len(record)
                elif len(record) != width:
                    raise JoomlaReadError(
                        f"dòng có {len(record)} trường, các dòng trước có {width}: "
                        "tệp bị cắt ngang hoặc hỏng, hãy xuất lại bảng này",
                        file=self.name,
                        line=line,
                    )
                yield line, record

    def _record(self, window: ByteWindow, field, dialect, line) -> list[str | None]:
        values = []
        while True:
            match = self._field(window, field)
            column = len(values) + 1
            if match["q"] is not None and match["qe"] is None:
                raise JoomlaReadError(
                    "dấu nháy kép mở ở đây không được đóng: tệp bị cắt ngang hoặc hỏng",
                    file=self.name,
                    line=line,
                    column=column,
                )
            end = match["end"]
            if end is None and match.end() < len(window.buf):
                raise JoomlaReadError(
                    "sau một trường phải là dấu phân cách hoặc hết dòng",
                    file=self.name,
                    line=window.lineno(),
                    column=column,
                )
            values.append(self._value(match, dialect, window, column))
            window.pos = match.end()
            if end != dialect.delimiter:
                return values

    @staticmethod
    def _field(window: ByteWindow, field):
        """The next field, read again with more data while the window cuts it."""
        while True:
            match = field.match(window.buf, window.pos)
            cut = (
                (match["q"] is not None and match["qe"] is None)
                or match["end"] is None
                or match.end() >= len(window.buf) - 1
            )
            if not (cut and window.more()):
                return match

    def _value(self, match, dialect: Dialect, window: ByteWindow, column: int):
        quoted = match.group("q") is not None
        raw = match.group("q") if quoted else match.group("u")
        if not quoted and raw in (b"\\N", b"NULL"):
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise JoomlaReadError(
                "dữ liệu không phải UTF-8 (có thể là Windows-1258, TCVN3 hay latin1). "
                + REEXPORT_HINT,
                file=self.name,
                line=window.lineno(),
                column=column,
            ) from None
        if dialect.backslash:
            if "\\" in text:
                text = _UNESCAPE.sub(lambda m: _BACKSLASH.get(m[1], m[1]), text)
        elif quoted and '""' in text:
            text = text.replace('""', '"')
        return text


def header_row(record: list[str | None], known: set[str]) -> bool:
    """Is this first record the column names (and not a row of data)?"""
    names = [value or "" for value in record]
    if not all(_IDENT.match(name) for name in names):
        return False
    return "id" in names or (bool(known) and set(names) <= known)


def json_tables(data: bytes, name: str) -> dict[str, list[dict]]:
    """Tables of a JSON export by name; a plain list of rows is table ``""``.

    phpMyAdmin writes ``[{"type": "header"}, {"type": "database"}, {"type":
    "table", "name": ..., "data": [...]}, ...]``: every table is kept by its name,
    so a whole-database export gives each table, never just the first.
    """
    try:
        document = json.loads(decode_file(data, name))
    except json.JSONDecodeError as error:
        raise JoomlaReadError(
            f"JSON hỏng ({error.msg}): tệp bị cắt ngang hoặc không phải JSON",
            file=name,
            line=error.lineno,
            column=error.colno,
        ) from None
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        document = [dict(document, type="table")]
    if not isinstance(document, list):
        raise JoomlaReadError("JSON phải là một danh sách các dòng", file=name)
    entries = [e for e in document if isinstance(e, dict) and e.get("type") == "table"]
    if entries:
        return {str(e.get("name", "")): list(e.get("data") or []) for e in entries}
    if all(isinstance(row, dict) for row in document):
        return {"": document}
    raise JoomlaReadError("JSON phải là một danh sách các dòng", file=name)


def json_row(row, name: str, index: int) -> dict[str, str | None]:
    if not isinstance(row, dict):
        raise JoomlaReadError(
            f"phần tử thứ {index + 1} không phải một dòng (đối tượng JSON)", file=name
        )
    return {
        str(k): None
        if v is None
        else v
        if isinstance(v, str)
        else json.dumps(v)
        if isinstance(v, dict | list)
        else str(v)
        for k, v in row.items()
    }


def open_binary(path) -> BinaryIO:
    return open(path, "rb")
