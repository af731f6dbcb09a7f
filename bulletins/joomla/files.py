"""Find the file an old link or image source points at, inside the site's folder.

Invariant: ``find`` only ever returns a regular file inside ``root``: ``..``,
absolute paths and symlinks out of the folder give None. A link written with a
different letter case, percent-encoded, in decomposed Unicode, or with Windows
separators still finds its file (Joomla sites often moved from Windows hosting,
whose file names ignore case, to Linux, where they do not).
"""

import os
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

DOCUMENT_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".zip",
    ".rar",
    ".7z",
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"}


def relative_path(src: str) -> str | None:
    """``images/a b/ảnh.jpg`` from a link as Joomla wrote it; None if it escapes.

    Strips ``./``, ``../``, a leading ``/``, ``index.php/``, the query and the
    fragment; decodes percent-encoding; NFC; forward slashes.
    """
    path = (src or "").split("#", 1)[0].split("?", 1)[0].strip().replace("\\", "/")
    path = unicodedata.normalize("NFC", unquote(path))
    parts = [p for p in PurePosixPath("/" + path).parts[1:] if p not in ("", ".")]
    while parts and parts[0] == "..":
        parts.pop(0)
    if parts and parts[0].lower() == "index.php":
        parts.pop(0)
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def is_document(path: str) -> bool:
    return PurePosixPath(path.lower()).suffix in DOCUMENT_SUFFIXES


def is_image(path: str) -> bool:
    return PurePosixPath(path.lower()).suffix in IMAGE_SUFFIXES


class SiteFiles:
    """The old site's folder (the one holding ``images/``), searched safely."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self._listing: dict[Path, dict[str, str]] = {}

    def find(self, src: str) -> Path | None:
        """The file for ``images/...`` (or any path under the root), or None."""
        relative = relative_path(src)
        if relative is None:
            return None
        current = self.root
        for part in relative.split("/"):
            exact = current / part
            if exact.exists():
                current = exact
                continue
            match = self._names(current).get(_fold(part))
            if match is None:
                return None
            current = current / match
        resolved = current.resolve()
        if self.root not in resolved.parents or not resolved.is_file():
            return None
        return resolved

    def _names(self, folder: Path) -> dict[str, str]:
        if folder not in self._listing:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            self._listing[folder] = {_fold(name): name for name in names}
        return self._listing[folder]


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()
