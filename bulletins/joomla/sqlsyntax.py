"""MySQL syntax the dump reader needs: escapes, identifiers, CREATE TABLE columns.

Invariant: these are pure functions of bytes; string bodies are unescaped exactly
as MySQL reads them (``\\n`` is a newline, ``''`` a quote, ``\\%`` stays
``\\%``), so a value comes out as the site stored it.
"""

import re

_ESCAPE = re.compile(rb"\\(.)|''", re.S)
_ESCAPES = {
    b"0": b"\x00",
    b"b": b"\x08",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"Z": b"\x1a",
    b"%": b"\\%",
    b"_": b"\\_",
}


def unescape(raw: bytes) -> bytes:
    """A MySQL single-quoted string body without its escapes."""
    if b"\\" not in raw and b"''" not in raw:
        return raw
    return _ESCAPE.sub(
        lambda m: b"'" if m.group(1) is None else _ESCAPES.get(m.group(1), m.group(1)),
        raw,
    )


def identifier(raw: bytes) -> str:
    """``db`.`table`` or a bare name -> the table name."""
    last = re.split(rb"`\s*\.\s*`|`\s*\.|\.\s*`", raw)[-1] if b"`" in raw else raw
    last = last.rsplit(b".", 1)[-1] if b"`" not in raw else last
    return last.strip(b"` ").replace(b"``", b"`").decode("utf-8", "replace")


def split_columns(raw: bytes) -> list[str]:
    return [identifier(part.strip()) for part in raw.split(b",") if part.strip()]


_DEFINITION_SKIP = re.compile(
    rb"(PRIMARY|KEY|UNIQUE|INDEX|FULLTEXT|SPATIAL|CONSTRAINT|FOREIGN|CHECK|PERIOD)\b",
    re.I,
)
_COLUMN = re.compile(rb"\s*(`(?:[^`]|``)+`|[A-Za-z_]\w*)\s")


def create_columns(statement: bytes) -> list[str]:
    """Column names of a ``CREATE TABLE`` statement, in order."""
    start = statement.find(b"(")
    if start < 0:
        return []
    columns, depth, part, i = [], 0, start + 1, start + 1
    body = statement
    while i < len(body):
        ch = body[i : i + 1]
        if ch in (b"'", b'"', b"`"):
            end = body.find(ch, i + 1)
            while end > 0 and body[end - 1 : end] == b"\\" and ch != b"`":
                end = body.find(ch, end + 1)
            i = len(body) if end < 0 else end + 1
            continue
        if ch == b"(":
            depth += 1
        elif ch == b")":
            if depth == 0:
                columns.append(body[part:i])
                break
            depth -= 1
        elif ch == b"," and depth == 0:
            columns.append(body[part:i])
            part = i + 1
        i += 1
    names = []
    for definition in columns:
        definition = definition.strip()
        if not definition or _DEFINITION_SKIP.match(definition):
            continue
        match = _COLUMN.match(definition + b" ")
        if match:
            names.append(identifier(match.group(1)))
    return names
