"""Text as the old site meant it: NFC, and double-encoded UTF-8 put right.

Invariant: correct Vietnamese comes out unchanged except for NFC composition, and a
whole value that was UTF-8 read as latin1/cp1252 and written again as UTF-8
("Äáº¡i há»™i" for "Đại hội", the usual damage of old Joomla 1.5 databases and of
dumps made with the wrong ``--default-character-set``) comes out repaired.

The repair is ftfy's ``fix_encoding`` step only (no HTML unescaping, no quote
straightening, no other "fixes"), so an HTML body keeps every byte of its markup.
ftfy is asked only when a value holds a pair of characters that UTF-8 read as
cp1252 produces (a lead byte as ``Ã``, ``Ä``, ``á``... followed by a continuation
byte as ``º``, ``»``, ``€``, a C1 control...): pure ASCII and ordinary Vietnamese
skip it, which keeps reading fast. Once ftfy has shown a value to be damaged, two
Vietnamese cases it leaves are finished here: short runs it judges too weak to
touch ("há»™i") are re-decoded when they are valid UTF-8, and a lone "Ä" whose
invisible 0x90 byte was lost in copying becomes "Đ". ``clean`` says whether it
repaired, so the import report can count repaired values.
"""

import codecs
import re
import unicodedata

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

from .errors import REEXPORT_HINT, JoomlaReadError

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    max_decode_length=1 << 30,
    explain=False,
)

# A UTF-8 lead byte (0xC2-0xF4) read as cp1252/latin1, then a continuation byte
# (0x80-0xBF) read the same way: the signature of double-encoded UTF-8.
_CONTINUATION = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122"
)
_SUSPECT = re.compile(f"[\xc2-\xf4][{_CONTINUATION}]")
_RUN = re.compile(f"[\xc2-\xf4][{_CONTINUATION}]+")
_LOST_D = re.compile(
    "\u00c4(?=[aăâeêioôơuưy\u00e0-\u00fd\u0103\u01a1\u01b0\u1ea0-\u1ef9])"
)


def clean(value: str) -> tuple[str, bool]:
    """(the value in NFC with its encoding repaired, whether it was repaired)."""
    if value.isascii():
        return value, False
    original = value
    for _ in range(3):  # each round may uncover more (triple encoding, lost bytes)
        if not _SUSPECT.search(value):
            break
        fixed = ftfy.fix_text(value, _FTFY)
        if fixed == value:
            break
        # "Đ" is C4 90 in UTF-8; 0x90 has no cp1252 character, and text that was
        # copied about often lost it: a lone "Ä" before a Vietnamese letter in a
        # value that was double-encoded can only have been "Đ".
        value = _LOST_D.sub("Đ", fixed)
        # ftfy leaves short runs alone ("há»™i"); in a value it has shown to be
        # double-encoded, every run that decodes as UTF-8 is repaired too.
        value = _RUN.sub(_redecode, value)
    repaired = value != original
    return unicodedata.normalize("NFC", value), repaired


def _redecode(match: re.Match) -> str:
    run = match.group(0)
    try:
        return run.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return run


def decode_file(data: bytes, name: str) -> str:
    """A whole text file (CSV, JSON) as ``str``: UTF-8 (BOM or not) or UTF-16 with BOM.

    Anything else is refused in Vietnamese with the line of the first bad byte:
    guessing between Windows-1258, TCVN3 and latin1 would silently garble names.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise JoomlaReadError(
            "tệp không phải UTF-8 (có thể là bảng mã Windows-1258, TCVN3 hay latin1). "
            + REEXPORT_HINT,
            file=name,
            line=line,
            column=column,
        ) from None
