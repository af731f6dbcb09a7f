"""The old site's files (images, documents) and their copies in our storage.

Invariants:
- ``SiteFolder.find(src)`` only returns a file inside the folder or zip it was
  given (``files.SiteFiles`` guards the folder; zip members are looked up in an
  index of their names, never extracted), whatever the letter case,
  percent-encoding or Unicode form of the link.
- ``MediaStager`` leaves nothing behind unless the import commits: on a file
  system, copies go to a staging folder (``joomla/.dang-nhap-<random>/``) and are
  moved to their final names just before the commit; ``discard()`` removes the
  staging folder and any file already moved. Storages without paths (S3) get the
  final names at once and the same ``discard()``. A dry run copies nothing.
- Final names are ``joomla/<the old path, each part made a slug>``
  (``images/tin tuc/Ảnh 1.JPG`` → ``joomla/images/tin-tuc/anh-1.jpg``), unique
  within the run and never an existing file of another row.
"""

import os
import secrets
import shutil
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files import File

from portal.text import vn_slugify

from .files import SiteFiles, relative_path

STAGING_PREFIX = ".dang-nhap-"


@dataclass(frozen=True)
class FoundFile:
    """One file of the old site: its path there and how to read it."""

    path: str  # as the site knew it: images/tin tuc/ảnh.jpg
    size: int
    opener: object  # () -> binary file

    @contextmanager
    def open(self):
        with self.opener() as handle:
            yield File(handle, name=PurePosixPath(self.path).name)


class SiteFolder:
    """The old site's folder: its root (holding ``images/``), its ``images/``
    folder alone, or a zip holding either."""

    @classmethod
    def open(cls, path) -> "SiteFolder | None":
        path = Path(path)
        if path.is_dir():
            if (path / "images").is_dir():
                return FolderSite(path)
            return FolderSite(path, images_only=True)
        if path.is_file() and zipfile.is_zipfile(path):
            site = ZipSite(path)
            return site if site.root is not None else None
        return None

    def find(self, src: str) -> FoundFile | None:
        raise NotImplementedError


class FolderSite(SiteFolder):
    def __init__(self, root: Path, images_only: bool = False):
        self.root = Path(root)
        self.images_only = images_only
        self.files = SiteFiles(root)

    def find(self, src: str) -> FoundFile | None:
        relative = relative_path(src)
        if relative is None:
            return None
        lookup = relative
        if self.images_only:
            head, _, rest = relative.partition("/")
            if head.lower() != "images" or not rest:
                return None
            lookup = rest
        found = self.files.find(lookup)
        if found is None:
            return None
        return FoundFile(relative, found.stat().st_size, lambda: found.open("rb"))


class ZipSite(SiteFolder):
    """A site archive (``site.zip`` with ``public_html/images/...``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.archive = zipfile.ZipFile(path)
        members = [info for info in self.archive.infolist() if not info.is_dir()]
        self.root = _zip_root(info.filename for info in members)
        self.members: dict[str, zipfile.ZipInfo] = {}
        if self.root is None:
            return
        for info in members:
            if info.filename.startswith(self.root):
                self.members[_fold(info.filename[len(self.root) :])] = info

    def find(self, src: str) -> FoundFile | None:
        relative = relative_path(src)
        info = self.members.get(_fold(relative)) if relative else None
        if info is None:
            return None
        return FoundFile(relative, info.file_size, lambda: self.archive.open(info))


def _zip_root(names) -> str | None:
    """The folder of the archive that holds ``images/`` (shortest wins)."""
    best = None
    for name in names:
        lowered = name.lower()
        at = 0 if lowered.startswith("images/") else lowered.find("/images/") + 1
        if at == 0 and not lowered.startswith("images/"):
            continue
        root = name[:at]
        if best is None or len(root) < len(best):
            best = root
    return best


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def final_name(path: str) -> str:
    """``joomla/images/tin-tuc/anh-1.jpg`` for ``images/tin tuc/Ảnh 1.JPG``."""
    parts = PurePosixPath(path).parts or ("tep",)
    folders = [vn_slugify(part, max_length=60) or "thu-muc" for part in parts[:-1]]
    stem, suffix = os.path.splitext(parts[-1])
    suffix = "".join(ch for ch in suffix.lower() if ch.isalnum() or ch == ".")[:6]
    stem = vn_slugify(stem, max_length=80) or "tep"
    return "/".join(["joomla", *folders, stem + suffix])


class MediaStager:
    """Copies of the old site's files, kept out of sight until the commit."""

    def __init__(self, storage, *, dry_run: bool):
        self.storage = storage
        self.dry_run = dry_run
        self.staging = f"joomla/{STAGING_PREFIX}{secrets.token_hex(6)}"
        self.staged: dict[str, str] = {}  # final name -> staged name
        self.published: list[str] = []
        self.taken: set[str] = set()
        try:
            storage.path("joomla")
            self.on_disk = True
        except NotImplementedError:
            self.on_disk = False

    def reserve(self, path: str, *, reuse: str | None = None) -> str:
        """A final name for the old file ``path`` (``reuse``: its earlier copy)."""
        if reuse:
            self.taken.add(reuse)
            return reuse
        base = final_name(path)
        stem, suffix = os.path.splitext(base)
        name, n = base, 2
        while name in self.taken or (not self.dry_run and self.storage.exists(name)):
            name = f"{stem}-{n}{suffix}"
            n += 1
        self.taken.add(name)
        return name

    def copy(self, found: FoundFile, name: str) -> None:
        """Copy ``found`` to be stored as ``name`` once the import commits."""
        if self.dry_run:
            return
        with found.open() as upload:
            if self.on_disk:
                staged = self.storage.save(f"{self.staging}/{name}", upload)
                self.staged[name] = staged
            else:
                stored = self.storage.save(name, upload)
                self.published.append(stored)

    def publish(self) -> None:
        """Move the staged copies to their final names (just before the commit)."""
        for name, staged in self.staged.items():
            target = self.storage.path(name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(self.storage.path(staged), target)
            self.published.append(name)
        self.staged = {}
        self._remove_staging()

    def discard(self) -> None:
        """Remove every copy this run made (the import did not commit)."""
        for name in self.published:
            try:
                self.storage.delete(name)
            except OSError:
                pass
        self.published = []
        self.staged = {}
        self._remove_staging()

    def _remove_staging(self) -> None:
        if self.on_disk and not self.dry_run:
            shutil.rmtree(self.storage.path(self.staging), ignore_errors=True)
