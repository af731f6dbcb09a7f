"""The old site's photos and documents that imported content uses, copied once.

Invariant: a file is looked up, checked and copied at most once per run,
whatever the spelling of the links to it; a "photo" that is not a real image
(checked like an upload, ``validate_image_upload``) is not copied, and neither is
a file that is neither a photo nor a document; a file copied by an earlier run
is reused (with ``--update``, copied again when its size changed). Each copy
knows the old addresses it answers (``/images/...``) and, after the commit's
files are in place, may become a document through the apps that declared a
``portal.registry.document_maker``.
"""

import posixpath
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from portal import registry
from portal.text import fold
from portal.validators import validate_image_upload

from ..models import LegacyRedirect
from .files import is_document, is_image
from .media import MediaStager, SiteFolder
from .report import ImportReport
from .urls_old import path_key


@dataclass
class Copy:
    """A file of the old site and its copy here."""

    path: str
    name: str
    url: str
    size: int
    width: int | None = None
    height: int | None = None
    new: bool = True
    keys: set = field(default_factory=set)  # old addresses it answers
    title: str = ""

    @property
    def is_photo(self) -> bool:
        return self.width is not None


class SiteCopies:
    def __init__(
        self,
        site: SiteFolder | None,
        report: ImportReport,
        *,
        dry_run: bool,
        update: bool,
    ):
        self.site = site
        self.report = report
        self.update = update
        self.stager = MediaStager(default_storage, dry_run=dry_run)
        self.copies: dict[str, Copy | None] = {}
        self.refused: dict[str, str] = {}  # folded path -> why
        self.link_texts: dict[str, str] = {}  # copy URL -> text of a link to it
        self.earlier = dict(
            LegacyRedirect.objects.for_site()
            .filter(kind=LegacyRedirect.Kind.FILE)
            .values_list("old_path", "file")
        )

    def __iter__(self):
        return (copy for copy in self.copies.values() if copy is not None)

    def get(self, path: str) -> Copy | None:
        return self.copies.get(fold(path))

    def image_url(self, path: str) -> str | None:
        copy = self.copy(path, image=True)
        return copy.url if copy else None

    def file_url(self, path: str) -> str | None:
        copy = self.copy(path, image=False)
        return copy.url if copy else None

    def was_refused(self, path: str) -> bool:
        return fold(path) in self.refused

    def copy(self, path: str, *, image: bool, title: str = "") -> Copy | None:
        """The copy of an old file, or None when it is missing or refused."""
        key = fold(path)
        if key in self.copies:
            return self.copies[key]
        self.copies[key] = None
        found = self.site.find(path) if self.site is not None else None
        if found is None:
            return None
        width = height = None
        if image or is_image(found.path):
            try:
                with found.open() as upload:
                    validate_image_upload(upload)
                    upload.seek(0)
                    with Image.open(upload) as picture:
                        width, height = picture.size
            except (ValidationError, OSError) as error:
                message = "; ".join(getattr(error, "messages", [])) or "không đọc được"
                self.refused[key] = message
                self.report.add("files", found.path, f"không chép: {message}")
                return None
        elif not is_document(found.path):
            return None
        old_key = path_key("/" + found.path)
        earlier = self.earlier.get(old_key)
        if earlier and (not self.update or _stored_size(earlier) == found.size):
            name, new = self.stager.reserve(found.path, reuse=earlier), False
        else:
            name, new = self.stager.reserve(found.path), True
            self.stager.copy(found, name)
        copy = Copy(
            path=found.path,
            name=name,
            url=default_storage.url(name),
            size=found.size,
            width=width,
            height=height,
            new=new,
            keys={old_key, path_key("/" + path)} - {None},
            title=title,
        )
        kind = "images" if copy.is_photo else "files"
        self.report.count(kind, "created" if new else "existing")
        self.copies[key] = copy
        return copy

    def make_documents(self) -> None:
        """Documents of the copied PDF/DOC/XLS files, by the apps that keep them;
        called once the files are in place, inside the import's transaction."""
        if not registry.document_makers:
            return
        for copy in self:
            if copy.is_photo or not is_document(copy.path):
                continue
            name = posixpath.basename(copy.path)
            imported = registry.ImportedFile(
                name=copy.name,
                original_name=name,
                title=copy.title or self.link_texts.get(copy.url) or name,
                size=copy.size,
            )
            for maker in registry.document_makers:
                made = maker(imported)
                if made:
                    self.report.count(
                        "documents", "created" if copy.new else "existing"
                    )
                    if copy.new:
                        self.report.add(
                            "files", copy.path, f"thành {made} (chưa công bố)"
                        )
                    break

    def report_documents_to_come(self) -> None:
        """A dry run makes no document: it says how many files will be offered."""
        documents = sum(
            1
            for copy in self
            if not copy.is_photo and copy.new and is_document(copy.path)
        )
        if documents and registry.document_makers:
            self.report.add(
                "next",
                "",
                f"{documents} tệp tài liệu mới sẽ được xét để tạo văn bản khi nhập thật",
            )


def _stored_size(name: str) -> int | None:
    try:
        return default_storage.size(name)
    except OSError:
        return None
