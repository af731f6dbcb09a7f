"""Import categories and articles from a Joomla 3/4 export.

The export is a folder holding the ``#__categories`` and ``#__content`` tables
(optionally ``#__users``) as CSV or JSON, and the site's ``images`` folder:

    export/
      categories.csv | categories.json | jos_categories.csv ...
      content.csv    | content.json    | jos_content.json ...
      users.csv      | users.json                 (optional: authors' names)
      images/...

JSON may be a plain list of rows or phpMyAdmin's JSON export (a list with a
``{"type": "table", "data": [...]}`` entry). Joomla stores ``created`` and
``publish_up`` in UTC; they are kept as they are.

What happens to each row:
- categories of ``com_content`` are created (the root and trashed ones are skipped);
  Joomla's deeper levels are attached to their top-level ancestor (two levels here).
- articles: state 1 (published) and 2 (archived) become published, 0 a draft,
  -2 (trashed) is skipped; an expired ``publish_down`` makes it withdrawn. Intro
  and full text go through the model's sanitizer; with a full text the intro
  becomes the lead. The author is ``created_by_alias`` or the user's name.
  ``images.image_fulltext`` (or ``image_intro``) becomes the featured photo and
  inline ``<img src="images/...">`` are copied to our media, each file checked by
  ``validate_image_upload``. Joomla's hits become the view count.
- every imported row keeps its Joomla id in ``legacy_id`` (unique), so running the
  import again creates nothing twice; old addresses get ``LegacyRedirect`` rows.

Rows that cannot be imported are collected with the reason and reported at the end.
"""

import csv
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.dates import clamp_moment
from portal.sanitize import plain_text
from portal.text import nfc
from portal.uploads import safe_filename
from portal.validators import validate_image_upload

from .. import legacy
from ..models import Article, Category, LegacyRedirect

BATCH_SIZE = 200
NULL_DATES = {"", "0000-00-00 00:00:00", "null", "None"}
IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']+)\2""", re.IGNORECASE)


@dataclass
class Problem:
    table: str
    legacy_id: str
    title: str
    reason: str


@dataclass
class ImportReport:
    categories_created: int = 0
    categories_existing: int = 0
    articles_created: int = 0
    articles_existing: int = 0
    redirects_created: int = 0
    images_copied: int = 0
    problems: list[Problem] = field(default_factory=list)


def _find_table(folder: Path, name: str) -> Path | None:
    for path in sorted(folder.iterdir()):
        stem = path.stem.lower()
        if path.suffix.lower() in (".csv", ".json") and (
            stem == name or stem.endswith("_" + name)
        ):
            return path
    return None


def read_table(path: Path) -> list[dict]:
    """Rows of a CSV or JSON table export, every value as a string."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(data, list) and any(
            isinstance(item, dict) and item.get("type") == "table" for item in data
        ):
            data = next(item["data"] for item in data if item.get("type") == "table")
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: tệp phải là danh sách các dòng")
        rows = data
    return [
        {str(k): "" if v is None else str(v) for k, v in row.items()} for row in rows
    ]


def _utc(value: str) -> datetime | None:
    """A Joomla date (UTC) as an aware datetime within the site's years
    (``portal.dates``): "publish up 9999" stays in the future, year 1 in the past."""
    value = (value or "").strip()
    if value in NULL_DATES:
        return None
    parsed = datetime.fromisoformat(value.replace("T", " ").rstrip("Z"))
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return clamp_moment(parsed)


def _int(value: str, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


class JoomlaImporter:
    def __init__(self, folder, *, images_dir=None, now=None, progress=None):
        self.folder = Path(folder)
        self.images_dir = Path(images_dir) if images_dir else self.folder / "images"
        self.now = now or timezone.now()
        # progress(iterable, desc) -> iterable; a tqdm bar in the command.
        self.progress = progress or (lambda items, desc: items)
        self.report = ImportReport()
        self._copied: dict[str, str | None] = {}
        self.category_paths: dict[int, str] = {}

    # --- Input ----------------------------------------------------------------

    def _table(self, name: str, required: bool = True) -> list[dict]:
        path = _find_table(self.folder, name)
        if path is None:
            if required:
                raise FileNotFoundError(
                    f"Không tìm thấy {name}.csv hoặc {name}.json trong {self.folder}"
                )
            return []
        return read_table(path)

    def run(self) -> ImportReport:
        categories = self._table("categories")
        content = self._table("content")
        users = {u.get("id"): u for u in self._table("users", required=False)}
        self.import_categories(categories)
        # Joomla's SEF addresses use the category path: tin-tuc/hoat-dong-co-so.
        self.category_paths = {
            _int(row.get("id"), -1): (row.get("path") or row.get("alias") or "").strip(
                "/"
            )
            for row in categories
        }
        self.import_articles(content, users)
        return self.report

    def _problem(self, table, row, reason):
        self.report.problems.append(
            Problem(table, row.get("id", "?"), row.get("title", ""), str(reason))
        )

    # --- Categories -------------------------------------------------------------

    def import_categories(self, rows: list[dict]) -> None:
        by_id = {row.get("id"): row for row in rows}
        wanted = [
            row
            for row in rows
            if row.get("extension", "com_content") == "com_content"
            and _int(row.get("level"), 1) >= 1
        ]
        wanted.sort(key=lambda row: (_int(row.get("level"), 1), _int(row.get("id"))))
        for row in self.progress(wanted, "Chuyên mục"):
            try:
                self._import_category(row, by_id)
            except (ValidationError, IntegrityError, ValueError) as error:
                self._problem("categories", row, error)

    def _top_ancestor(self, row, by_id) -> dict | None:
        """The level-1 ancestor of a level ≥ 2 category."""
        seen = set()
        current = by_id.get(row.get("parent_id"))
        while current and _int(current.get("level"), 1) > 1:
            if current.get("id") in seen:
                return None
            seen.add(current.get("id"))
            current = by_id.get(current.get("parent_id"))
        return current if current and _int(current.get("level"), 1) == 1 else None

    def _import_category(self, row, by_id) -> None:
        legacy_id = _int(row.get("id"), -1)
        if legacy_id < 0:
            raise ValueError("id không phải là số")
        if _int(row.get("published"), 1) == -2:
            self._problem("categories", row, "đã ở thùng rác trên website cũ")
            return
        if Category.objects.filter(legacy_id=legacy_id).exists():
            self.report.categories_existing += 1
            return
        parent = None
        if _int(row.get("level"), 1) >= 2:
            ancestor = self._top_ancestor(row, by_id)
            parent = (
                Category.objects.filter(legacy_id=_int(ancestor.get("id"))).first()
                if ancestor
                else None
            )
            if parent is None:
                raise ValueError("chuyên mục cha không được nhập")
        title = nfc(row.get("title", "")).strip()
        if not title:
            raise ValueError("thiếu tên chuyên mục")
        with transaction.atomic():
            category = Category(
                name=title[:200],
                parent=parent,
                description=plain_text(row.get("description", "")),
                is_active=_int(row.get("published"), 1) == 1,
                order=_int(row.get("lft")),
                legacy_id=legacy_id,
            )
            category.full_clean(exclude=["slug"])
            category.save()
            self.report.categories_created += 1
            alias = row.get("alias") or category.slug
            for key in legacy.category_keys(legacy_id=legacy_id, alias=alias):
                self._redirect(key, category=category)

    # --- Articles ---------------------------------------------------------------

    def import_articles(self, rows: list[dict], users: dict) -> None:
        categories = dict(
            Category.objects.filter(legacy_id__isnull=False).values_list(
                "legacy_id", "pk"
            )
        )
        rows = self.progress(rows, "Tin bài")
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                self._import_batch(batch, users, categories)
                batch = []
        self._import_batch(batch, users, categories)

    def _import_batch(self, batch, users, categories) -> None:
        # One commit per batch (fast on SQLite and PostgreSQL alike); each row
        # has its own savepoint, so a bad row is reported and the others stay.
        with transaction.atomic():
            for row in batch:
                try:
                    self._import_article(row, users, categories)
                except (ValidationError, IntegrityError, ValueError, OSError) as error:
                    self._problem("content", row, _reason(error))

    def _status(self, row) -> str | None:
        state = _int(row.get("state"), 0)
        if state == -2:
            return None
        if state in (1, 2):
            publish_down = _utc(row.get("publish_down", ""))
            if publish_down and publish_down <= self.now:
                return Article.Status.WITHDRAWN
            return Article.Status.PUBLISHED
        return Article.Status.DRAFT

    def _import_article(self, row, users, categories) -> None:
        legacy_id = _int(row.get("id"), -1)
        if legacy_id < 0:
            raise ValueError("id không phải là số")
        if Article.objects.filter(legacy_id=legacy_id).exists():
            self.report.articles_existing += 1
            return
        status = self._status(row)
        if status is None:
            self._problem("content", row, "đã ở thùng rác trên website cũ")
            return
        category_pk = categories.get(_int(row.get("catid"), -1))
        if category_pk is None:
            raise ValueError(f"không có chuyên mục (catid={row.get('catid')})")
        title = nfc(row.get("title", "")).strip()
        if not title:
            raise ValueError("thiếu tiêu đề")
        created = _utc(row.get("created", ""))
        published_at = _utc(row.get("publish_up", "")) or created or self.now
        intro = self._rewrite_images(row.get("introtext", ""))
        full = self._rewrite_images(row.get("fulltext", ""))
        author = nfc(row.get("created_by_alias", "")).strip() or nfc(
            users.get(row.get("created_by"), {}).get("name", "")
        )
        images = _json_object(row.get("images", ""))
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Nhập từ website Joomla cũ")
            article = Article(
                title=title[:300],
                category_id=category_pk,
                lead=plain_text(intro)[:2000] if full.strip() else "",
                body=full if full.strip() else intro,
                authors=author[:300],
                status=status,
                published_at=published_at,
                is_featured=_int(row.get("featured")) == 1,
                view_count=max(_int(row.get("hits")), 0),
                legacy_id=legacy_id,
            )
            self._featured_image(article, images)
            article.full_clean(exclude=["slug", "featured_image"])
            article.save()
            if created:
                Article.objects.filter(pk=article.pk).update(created_at=created)
            self.report.articles_created += 1
            alias = row.get("alias") or article.slug
            for key in legacy.article_keys(
                legacy_id=legacy_id,
                alias=alias,
                category_path=self.category_paths.get(_int(row.get("catid")), ""),
            ):
                self._redirect(key, article=article)

    def _redirect(self, key, **target) -> None:
        _, created = LegacyRedirect.objects.get_or_create(old_path=key, defaults=target)
        self.report.redirects_created += int(created)

    # --- Images -----------------------------------------------------------------

    def _source_file(self, src: str) -> Path | None:
        """The file in the images folder that ``src`` (images/...) points at."""
        path = src.split("#", 1)[0].split("?", 1)[0].strip().lstrip("/")
        if not path.lower().startswith("images/"):
            return None
        relative = Path(path[len("images/") :])
        if ".." in relative.parts:
            return None
        candidate = (self.images_dir / relative).resolve()
        root = self.images_dir.resolve()
        if root not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def _copy(self, src: str) -> str | None:
        """Copy one Joomla image to our media; its storage name, or None."""
        if src in self._copied:
            return self._copied[src]
        source = self._source_file(src)
        name = None
        if source is not None:
            with source.open("rb") as handle:
                upload = File(handle, name=source.name)
                try:
                    validate_image_upload(upload)
                except ValidationError:
                    upload = None
                if upload is not None:
                    handle.seek(0)
                    name = default_storage.save(
                        f"articles/joomla/{safe_filename(source.name, default='anh')}",
                        upload,
                    )
                    self.report.images_copied += 1
        self._copied[src] = name
        return name

    def _rewrite_images(self, html: str) -> str:
        def replace(match):
            src = match.group(3)
            name = (
                self._copy(src)
                if src.lower().lstrip("/").startswith("images/")
                else None
            )
            if name is None:
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{default_storage.url(name)}{match.group(2)}"

        return IMG_SRC.sub(replace, html or "")

    def _featured_image(self, article: Article, images: dict) -> None:
        for kind in ("fulltext", "intro"):
            src = (images.get(f"image_{kind}") or "").split("#", 1)[0]
            if not src:
                continue
            name = self._copy(src)
            if name is None:
                continue
            article.featured_image = name  # also reads width and height
            article.featured_image_alt = nfc(
                images.get(f"image_{kind}_alt") or article.title
            )[:300]
            article.featured_image_caption = nfc(
                images.get(f"image_{kind}_caption") or ""
            )[:500]
            return


def _json_object(value: str) -> dict:
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _reason(error) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, OSError):
        return f"lỗi đọc tệp: {os.strerror(error.errno) if error.errno else error}"
    return str(error)
