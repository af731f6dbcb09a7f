"""A growing window on a byte stream, for tokenizers that must not hold the file.

Invariant: the window holds the bytes from the token being read to the end of the
last chunk read, so memory is one chunk plus the longest token; when a token runs
past the window, ``more()`` keeps the unread part and reads at least as much again
(the read size doubles, so a huge value is still read in linear time). The line
number of the position is counted as the window moves, for error messages.
"""

from typing import BinaryIO

CHUNK = 1 << 20


class ByteWindow:
    """A growing window on a byte stream, with the line number of its position."""

    def __init__(self, raw: BinaryIO, line: int = 1):
        self.raw = raw
        self.buf = b""
        self.pos = 0
        self.eof = False
        self.line = line
        self._counted = 0
        self.charset = "utf-8"  # codec of non-UTF-8 values (a dump's SET NAMES)

    def lineno(self) -> int:
        self.line += self.buf.count(b"\n", self._counted, self.pos)
        self._counted = self.pos
        return self.line

    def column(self) -> int:
        return self.pos - (self.buf.rfind(b"\n", 0, self.pos) + 1) + 1

    def more(self) -> bool:
        """Read the next chunk; False at the end of the stream."""
        if self.eof:
            return False
        self.lineno()
        keep = self.buf[self.pos :]
        data = self.raw.read(max(CHUNK, len(keep)))
        if not data:
            self.eof = True
            return False
        self.buf, self.pos, self._counted = keep + data, 0, 0
        return True

    def need(self, size: int) -> None:
        while len(self.buf) - self.pos < size and self.more():
            pass

    def at_end(self) -> bool:
        self.need(1)
        return self.pos >= len(self.buf)

    def offset(self) -> int:
        """Position in the stream of ``pos`` (needs a stream with ``tell``)."""
        return self.raw.tell() - (len(self.buf) - self.pos)
