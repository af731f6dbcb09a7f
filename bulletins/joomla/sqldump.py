"""Rows out of a MySQL/MariaDB dump, one statement at a time.

Invariant: memory stays bounded by one read chunk plus the largest single value in
the dump, never by a table or by the file. The dump is read in chunks of bytes;
statements of tables nobody asked for are skipped with one C-speed regular
expression, and the rows of a wanted ``INSERT`` are tokenized and yielded one by
one, so a 200 MB backup is read in seconds with a few MB of memory.

Why our own tokenizer: the maintained SQL parsers build a tree of the whole
statement (sqlglot) or tokenize every character in Python (sqlparse, which also
refuses statements of more than 10,000 tokens, i.e. every extended ``INSERT`` of a
real dump); both need the whole text in memory and take 10-20 s for a 2.5 MB dump.
A dump only needs the value syntax of ``INSERT`` and the column names of ``CREATE
TABLE``; docs/migration.md has the measurements.

What is understood: comments (``--``, ``#``, ``/* */``; ``/*!40101 ... */`` is read
as a statement), ``INSERT``/``REPLACE`` with ``IGNORE``/``LOW_PRIORITY`` and with or
without a column list (then the ``CREATE TABLE`` of the dump gives the columns),
extended inserts, MySQL string escapes and doubled quotes, ``_binary``/``_utf8mb4``
introducers, hex and bit literals, ``NULL``, ``SET NAMES`` (the charset used to
decode the following values when they are not UTF-8). Values come out as ``str``
(numbers as their text) or ``None``; undecodable binary literals as ``bytes``.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

from .errors import REEXPORT_HINT, JoomlaReadError
from .sqlsyntax import create_columns, identifier, split_columns, unescape
from .window import ByteWindow

HEAD = 1 << 14  # enough for the longest INSERT column list

# MySQL's charset names -> Python codecs. MySQL's "latin1" is Windows-1252.
MYSQL_CHARSETS = {
    "utf8": "utf-8",
    "utf8mb3": "utf-8",
    "utf8mb4": "utf-8",
    "latin1": "sloppy-windows-1252",  # cp1252 with its gaps as C1, as MySQL has it
    "latin2": "iso8859-2",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "cp1256": "cp1256",
    "cp1257": "cp1257",
    "ascii": "ascii",
    "binary": "utf-8",
}

_STRING = rb"'[^'\\]*+(?:(?:\\.|'')[^'\\]*+)*+'"
_DSTRING = rb'"[^"\\]*+(?:(?:\\.|"")[^"\\]*+)*+"'
# Everything up to the end of a statement: quoted strings and comments whole.
# Possessive quantifiers: no backtracking state kept over a 1 MB statement.
_SKIP = re.compile(
    rb"(?:[^'\"`;/]++|"
    + _STRING
    + rb"|"
    + _DSTRING
    + rb"|`[^`]*+`|/\*.*?\*/|/(?!\*))*+",
    re.S,
)
_INSERT = re.compile(
    rb"(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*"
    rb"(?:INTO\s+)?(?P<name>(?:(?:`(?:[^`]|``)+`|[\w$#]+)\s*\.\s*)?"
    rb"(?:`(?:[^`]|``)+`|[\w$#]+))\s*(?:\((?P<cols>[^)]*)\)\s*)?"
    rb"(?P<kw>VALUES?\b|SELECT\b|SET\b)\s*",
    re.I,
)
_CREATE = re.compile(
    rb"CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rb"(?P<name>(?:(?:`(?:[^`]|``)+`|[\w$#]+)\s*\.\s*)?(?:`(?:[^`]|``)+`|[\w$#]+))",
    re.I,
)
_SET_NAMES = re.compile(rb"SET\s+NAMES\s+'?(\w+)", re.I)
_VALUE = re.compile(
    rb"""[ \t\r\n]*(?:
      '(?P<s>[^'\\]*+(?:(?:\\.|'')[^'\\]*+)*+)(?P<sq>')?
    | 0x(?P<hex>[0-9A-Fa-f]*)
    | (?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
    | (?P<null>NULL)\b
    | _(?P<intro>binary|utf8mb4|utf8mb3|utf8|latin1)[ ]*
        '(?P<bs>[^'\\]*+(?:(?:\\.|'')[^'\\]*+)*+)(?P<bq>')?
    | [xX]'(?P<hex2>[0-9A-Fa-f]*)'
    | [bB]'(?P<bits>[01]*)'
    | "(?P<d>[^"\\]*+(?:(?:\\.|"")[^"\\]*+)*+)(?P<dq>")?
    | (?P<word>[A-Za-z_]\w*(?:\(\))?)
    )[ \t\r\n]*(?P<sep>[,)])?""",
    re.X | re.S,
)


@dataclass
class Statement:
    kind: str  # "insert", "create", "names", "other"
    table: str = ""
    offset: int = 0
    line: int = 0
    columns: list[str] | None = None


@dataclass
class DumpIndex:
    """Where each table's rows are: filled by one pass over the dump."""

    create_columns: dict[str, list[str]] = field(default_factory=dict)
    # table -> [(offset, line, charset)] of each run of INSERTs into that table
    runs: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    charsets: set[str] = field(default_factory=set)


class DumpReader:
    """Tokenizes one dump; ``open_stream()`` gives a fresh binary stream each time."""

    def __init__(self, open_stream: Callable[[], BinaryIO], name: str):
        self.open_stream = open_stream
        self.name = name

    def error(self, message: str, buffer: ByteWindow) -> JoomlaReadError:
        return JoomlaReadError(
            message, file=self.name, line=buffer.lineno(), column=buffer.column()
        )

    # --- Statements ---------------------------------------------------------------

    def _skip_gap(self, b: ByteWindow, between: bytes = b" \t\r\n;") -> None:
        """Whitespace and comments (and stray ';' between statements)."""
        while True:
            b.need(3)
            buf, pos = b.buf, b.pos
            if pos >= len(buf):
                return
            ch = buf[pos : pos + 1]
            if ch in between:
                b.pos += 1
            elif buf.startswith(b"--", pos) or ch == b"#":
                end = buf.find(b"\n", pos)
                if end < 0:
                    if b.more():
                        continue
                    b.pos = len(b.buf)
                    return
                b.pos = end + 1
            elif buf.startswith(b"/*", pos) and not buf.startswith(b"/*!", pos):
                end = buf.find(b"*/", pos + 2)
                if end < 0:
                    if b.more():
                        continue
                    raise self.error("chú thích /* không được đóng", b)
                b.pos = end + 2
            else:
                return

    def _skip_statement(self, b: ByteWindow, start_line: int) -> None:
        """Move past the next ';' that is outside quotes and comments."""
        while True:
            b.pos = _SKIP.match(b.buf, b.pos).end()
            if b.pos < len(b.buf):
                if b.buf[b.pos] == 0x3B:  # ';'
                    b.pos += 1
                    return
                # Stopped on a quote or comment that does not close in this window.
                if not b.more():
                    raise self.truncated(start_line)
            elif not b.more():
                return  # the last statement may lack its ';'

    def truncated(self, line: int) -> JoomlaReadError:
        return JoomlaReadError(
            "câu lệnh SQL bị cắt ngang (dấu nháy hay chú thích không được đóng): "
            "tệp sao lưu không đầy đủ hoặc bị hỏng",
            file=self.name,
            line=line,
        )

    def _statement(self, b: ByteWindow) -> Statement | None:
        """Read the head of the next statement; the position stays at its start."""
        self._skip_gap(b)
        if b.at_end():
            return None
        b.need(HEAD)
        line = b.lineno()
        head = b.buf[b.pos : b.pos + HEAD]
        word = head[:8].upper()
        if word.startswith((b"INSERT", b"REPLACE")):
            match = _INSERT.match(head)
            if match and match.group("kw").upper().startswith(b"VALUE"):
                columns = match.group("cols")
                return Statement(
                    "insert",
                    identifier(match.group("name")),
                    line=line,
                    columns=split_columns(columns) if columns is not None else None,
                )
        elif word.startswith(b"CREATE"):
            match = _CREATE.match(head)
            if match:
                return Statement("create", identifier(match.group("name")), line=line)
        elif word.startswith((b"SET", b"/*!")):
            match = _SET_NAMES.search(head[:200])
            if match:
                b.charset = MYSQL_CHARSETS.get(
                    match.group(1).decode("ascii", "replace").lower(), ""
                )
                if not b.charset:
                    raise JoomlaReadError(
                        f"bảng mã {match.group(1).decode('ascii', 'replace')} "
                        f"không được hỗ trợ. {REEXPORT_HINT}",
                        file=self.name,
                        line=line,
                    )
                return Statement("names", line=line)
        return Statement("other", line=line)

    def _statement_text(self, b: ByteWindow, line: int) -> bytes:
        """The whole next statement (used for CREATE TABLE, which is small)."""
        parts, begin = [], b.pos
        while True:
            b.pos = _SKIP.match(b.buf, b.pos).end()
            if b.pos < len(b.buf) and b.buf[b.pos] == 0x3B:
                parts.append(b.buf[begin : b.pos])
                b.pos += 1
                return b"".join(parts)
            parts.append(b.buf[begin : b.pos])
            at_end = b.pos >= len(b.buf)
            if not b.more():
                if at_end:
                    return b"".join(parts)
                raise self.truncated(line)
            begin = b.pos

    # --- Index --------------------------------------------------------------------

    def index(self) -> DumpIndex:
        """One pass over the dump: tables, their columns and where their rows are."""
        index = DumpIndex()
        last_table = None
        with self.open_stream() as raw:
            b = ByteWindow(raw)
            while True:
                offset_before = None
                self._skip_gap(b)
                if b.at_end():
                    break
                b.lineno()
                offset_before = b.offset()
                statement = self._statement(b)
                if statement is None:
                    break
                if statement.kind == "create":
                    text = self._statement_text(b, statement.line)
                    index.create_columns[statement.table] = create_columns(text)
                    if statement.table not in index.tables:
                        index.tables.append(statement.table)
                    last_table = None
                    continue
                if statement.kind == "insert":
                    if statement.table not in index.tables:
                        index.tables.append(statement.table)
                    if statement.table != last_table:
                        index.runs.setdefault(statement.table, []).append(
                            (offset_before, statement.line, b.charset)
                        )
                        last_table = statement.table
                if statement.kind == "names":
                    index.charsets.add(b.charset)
                self._skip_statement(b, statement.line)
        return index

    # --- Rows ---------------------------------------------------------------------

    def rows(
        self, table: str, index: DumpIndex
    ) -> Iterator[tuple[int, list[str] | None, list]]:
        """(line, column names or None, values) for every row of ``table``."""
        runs = index.runs.get(table, [])
        if not runs:
            return
        with self.open_stream() as raw:
            for offset, line, charset in runs:
                raw.seek(offset)
                b = ByteWindow(raw, line)
                b.charset = charset
                yield from self._run(b, table)

    def _run(self, b: ByteWindow, table: str):
        while True:
            statement = self._statement(b)
            if statement is None:
                return
            if statement.kind in ("create",) or (
                statement.kind == "insert" and statement.table != table
            ):
                return
            if statement.kind != "insert":
                self._skip_statement(b, statement.line)
                continue
            match = _INSERT.match(b.buf, b.pos)
            b.pos = match.end()
            yield from self._values(b, statement)

    def _values(self, b: ByteWindow, statement: Statement):
        while True:
            self._skip_gap(b, b" \t\r\n")
            b.need(1)
            if b.buf[b.pos : b.pos + 1] != b"(":
                raise self.error("câu INSERT thiếu dấu ( trước một dòng dữ liệu", b)
            b.pos += 1
            line = b.lineno()
            values = []
            while True:
                value, sep = self._value(b)
                values.append(value)
                if sep == b")":
                    break
            yield line, statement.columns, values
            self._skip_gap(b, b" \t\r\n")
            if b.at_end():
                return
            ch = b.buf[b.pos : b.pos + 1]
            b.pos += 1
            if ch == b";":
                return
            if ch != b",":
                b.pos -= 1
                raise self.error("sau một dòng dữ liệu phải là dấu , hoặc ;", b)

    def _value(self, b: ByteWindow):
        while True:
            match = _VALUE.match(b.buf, b.pos)
            if match is not None and match.group("sep") is not None:
                break
            # A value cut by the end of the window reaches (almost) its end.
            cut = (
                len(b.buf) - b.pos < 64
                if match is None
                else match.end() >= len(b.buf) - 1
            )
            if not (cut and b.more()):
                raise self.error(
                    "giá trị SQL bị cắt ngang hoặc hỏng (thiếu dấu nháy, dấu phẩy "
                    "hay dấu ngoặc): tệp sao lưu không đầy đủ hoặc bị hỏng",
                    b,
                )
        b.pos = match.end()
        groups = match.groupdict()
        if groups["s"] is not None:
            if groups["sq"] is None:
                raise self.error("chuỗi không được đóng", b)
            value = self.text(unescape(groups["s"]), b)
        elif groups["num"] is not None:
            value = groups["num"].decode("ascii")
        elif groups["null"] is not None:
            value = None
        elif groups["bs"] is not None:
            value = self.text(unescape(groups["bs"]), b, binary=True)
        elif groups["hex"] is not None or groups["hex2"] is not None:
            digits = (groups["hex"] or groups["hex2"] or b"").decode()
            digits = "0" * (len(digits) % 2) + digits
            value = self.text(bytes.fromhex(digits), b, binary=True)
        elif groups["bits"] is not None:
            value = str(int(groups["bits"] or b"0", 2))
        elif groups["d"] is not None:
            value = self.text(unescape(groups["d"]).replace(b'""', b'"'), b)
        else:
            word = groups["word"].decode("ascii").upper()
            value = {"TRUE": "1", "FALSE": "0"}.get(word, word)
        return value, match.group("sep")

    def text(self, raw: bytes, b: ByteWindow, binary: bool = False):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if b.charset != "utf-8":
            return raw.decode(b.charset, "replace")
        if binary:
            return raw
        raise JoomlaReadError(
            f"dữ liệu không phải UTF-8 (có thể là bảng mã Windows-1258, TCVN3 hay "
            f"latin1 mà tệp không khai báo SET NAMES). {REEXPORT_HINT}",
            file=self.name,
            line=b.lineno(),
        )
