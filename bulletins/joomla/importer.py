"""``manage.py import_joomla``: an old Joomla site imported in one transaction.

Invariants:
- all or nothing: every write happens inside one transaction, and the copied
  files stay in a staging folder until just before the commit (``media.py``); a
  damaged file, a full disk or an interruption leaves the database and the media
  folder as they were. A dry run reads the same rows, takes the same decisions
  (``plan.py``) and writes nothing at all, not even a file.
- nothing the old site hid becomes public: categories, articles, K2 items, pages
  and links follow ``visibility.py`` (hidden rows are drafts, withdrawn or
  inactive; trashed ones are not imported), and each one is listed in the report.
- a second run creates nothing twice: rows are matched by their kind and id on
  the old site; ``update=True`` rewrites the matched rows from the backup (a
  repaired file repairs an earlier import), otherwise they are left alone.
- every old address the backup knows is stored as a ``LegacyRedirect`` key
  (``urls_old.legacy_keys``), so ``bulletins.legacy`` answers it with a 301.

Articles are streamed from the backup twice (a first pass plans slugs and
addresses, so a body can link to an article further on) and written in batches
with bulk queries; derived columns are filled by the models' own
``fill_derived_fields``.
"""

import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from PIL import Image

from portal import registry
from portal.models import WebsiteLink
from portal.pagecache.invalidation import content_changed
from portal.sanitize import plain_text
from portal.text import fold, nfc_fields
from portal.validators import validate_image_upload

from ..models import Article, Category, JoomlaImportRun, LegacyRedirect, Page, Tag
from . import open_source, structure
from .bodies import BodyConverter
from .files import is_document, is_image
from .items import (
    PUBLISHED,
    Featured,
    ItemFields,
    item_fields,
    k2_extra_notes,
    k2_image_addresses,
    k2_image_paths,
    metakey_tags,
)
from .media import MediaStager, SiteFolder
from .plan import SitePlan, existing_tags, hidden_status_text
from .report import ImportReport, label
from .urls_old import path_key, target_key, url_target
from .visibility import REASONS, SCHEDULED

BATCH = 250
REDIRECT_BATCH = 2000
Kind = LegacyRedirect.Kind
ARTICLE_UPDATE_FIELDS = [
    "title",
    "lead",
    "body",
    "meta_description",
    "search_text",
    "category",
    "authors",
    "status",
    "published_at",
    "is_featured",
    "view_count",
    "featured_image",
    "featured_image_width",
    "featured_image_height",
    "featured_image_alt",
    "featured_image_caption",
    "featured_image_credit",
    "created_at",
]
PAGE_UPDATE_FIELDS = [
    "title",
    "lead",
    "body",
    "meta_description",
    "search_text",
    "parent",
    "order",
    "status",
    "published_at",
]
# Tables of an old site this import does not bring over, named in the report.
NOT_IMPORTED = [
    ("polls", "Thăm dò ý kiến (nhập lại trong mục Thăm dò ý kiến)"),
    ("poll_data", "Phương án thăm dò ý kiến"),
    ("acepolls_polls", "Thăm dò ý kiến (AcePolls)"),
    ("vvisitcounter", "Bộ đếm truy cập (nhập số tổng trong Thống kê truy cập)"),
    ("vvisit_counter", "Bộ đếm truy cập (nhập số tổng trong Thống kê truy cập)"),
    ("users", "Tài khoản người dùng"),
    ("modules", "Mô-đun"),
    ("banners", "Quảng cáo (banner)"),
    ("banner", "Quảng cáo (banner)"),
    ("contact_details", "Thông tin liên hệ (nhập trong Hồ sơ trang web)"),
    ("newsfeeds", "Nguồn tin RSS"),
    ("jcomments", "Bình luận (JComments)"),
    ("k2_comments", "Bình luận K2"),
    ("content_rating", "Đánh giá bài viết"),
    ("fields_values", "Giá trị trường tuỳ chỉnh"),
    ("phocadownload", "Tệp của Phoca Download"),
    ("phocagallery", "Ảnh của Phoca Gallery"),
    ("jevents_vevent", "Sự kiện (JEvents)"),
]


@dataclass
class ImportOptions:
    backup: str
    images: str | None = None
    prefix: str | None = None
    language: str = "vi-VN"
    old_domains: tuple[str, ...] = ()
    dry_run: bool = False
    update: bool = False
    other_languages: str = "draft"  # or "skip"
    metakey_tags: bool = True
    now: datetime | None = None
    # progress(iterable, description, total) -> iterable: a tqdm bar in the command
    progress: Callable = field(default=lambda items, desc, total=None: items)


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
    keys: set = field(default_factory=set)
    title: str = ""


class JoomlaImport:
    def __init__(self, options: ImportOptions):
        self.options = options
        self.now = options.now or timezone.now()
        self.write = not options.dry_run
        mode = "chạy thử (không ghi gì)" if options.dry_run else "nhập"
        if options.update:
            mode += ", cập nhật các dòng đã nhập"
        self.report = ImportReport(backup=str(options.backup), mode=mode)
        self.copies: dict[str, Copy | None] = {}
        self.refused: dict[str, str] = {}
        self.redirects: list[LegacyRedirect] = []
        self.page_rows: list = []
        self.item_pks: dict[tuple, int] = {}
        self.page_pks: dict[int, int] = {}
        self.link_texts: dict[str, str] = {}  # new file URL -> text of a link to it
        self.planned_redirects = 0

    # --- The run -----------------------------------------------------------------------

    def run(self) -> ImportReport:
        options = self.options
        self.source = open_source(options.backup, prefix=options.prefix)
        source = self.source
        self.report.header.append(
            f"Joomla {source.version or 'không rõ phiên bản'}, tiền tố bảng "
            f"«{source.prefix or '(không có)'}», ngôn ngữ của trang: {options.language}"
        )
        self.site = SiteFolder.open(options.images or options.backup)
        if self.site is None:
            self.report.add(
                "next",
                "",
                "không có thư mục ảnh (--images): ảnh và tệp giữ địa chỉ cũ",
            )
        self.plan = SitePlan(
            source,
            now=self.now,
            language=options.language,
            other_languages=options.other_languages,
        )
        self.plan.plan_categories()
        self.plan.scan_items(options.progress)
        self.stager = MediaStager(default_storage, dry_run=options.dry_run)
        self.existing_files = dict(
            LegacyRedirect.objects.filter(kind=Kind.FILE).values_list(
                "old_path", "file"
            )
        )
        self.converter = BodyConverter(
            resolve_image=self._image_url,
            resolve_article=lambda ident: self.plan.item_url(("content", ident)),
            resolve_file=self._file_url,
            resolve_target=self.plan.url,
            old_domains=options.old_domains,
        )
        if not self.write:
            self._import()
            self._report_source()
            return self.report
        try:
            with transaction.atomic():
                redirects_before = LegacyRedirect.objects.count()
                self._import()
                self.stager.publish()
                self._make_documents()
                self.report.count(
                    "redirects",
                    "created",
                    LegacyRedirect.objects.count() - redirects_before,
                )
                self._report_source()
                JoomlaImportRun.objects.create(
                    started_at=self.now,
                    backup=str(options.backup)[-500:],
                    source=self.report.header[0][:200],
                    mode=self.report.mode[:200],
                    summary=self.report.summary(),
                    report=self.report.render(),
                )
                content_changed()
        except BaseException:
            self.stager.discard()
            raise
        return self.report

    def _import(self) -> None:
        self._write_categories()
        self._import_items()
        self._write_pages()
        self._write_weblinks()
        self._structure_redirects()
        self._flush_redirects(force=True)
        if not self.write:
            documents = sum(
                1 for c in self.copies.values() if c and c.width is None and c.new
            )
            if documents and registry.document_makers:
                self.report.add(
                    "next",
                    "",
                    f"{documents} tệp tài liệu mới sẽ được xét để tạo văn bản khi "
                    "nhập thật",
                )
            self.report.count("redirects", "created", self.planned_redirects)

    # --- Categories ------------------------------------------------------------------

    def _write_categories(self) -> None:
        plans = list(self.plan.categories.values())
        if any(
            plan.stub.category == ("content", 0) and not plan.is_page
            for plan in self.plan.items.values()
        ):
            fallback = self.plan.uncategorised_plan()
            if all(plan is not fallback for plan in plans):
                plans.append(fallback)
        for top_level in (True, False):
            batch_new, batch_old = [], []
            for plan in plans:
                if (plan.parent is None) != top_level:
                    continue
                category = plan.category
                what = label(
                    _category_label(plan.node.kind), plan.node.id, plan.node.title
                )
                if plan.reason:
                    self.report.add(
                        "hidden", what, f"{REASONS[plan.reason]} → chuyên mục ẩn"
                    )
                if not plan.new and not self.options.update:
                    self.report.count(_category_kind(plan), "existing")
                    continue
                parent_plan = (
                    self.plan.categories.get(plan.parent) if plan.parent else None
                )
                category.parent = parent_plan.category if parent_plan else None
                category.name = (plan.node.title or category.name)[:200]
                category.description = _plain(plan.node.description)
                category.order = max(plan.node.order, 0)
                category.is_active = plan.reason is None
                nfc_fields(category)
                (batch_new if plan.new else batch_old).append(category)
                self.report.count(
                    _category_kind(plan), "created" if plan.new else "updated"
                )
                if plan.reason:
                    self.report.count(_category_kind(plan), "hidden")
            if self.write:
                Category.objects.bulk_create(batch_new)
                Category.objects.bulk_update(
                    batch_old, ["name", "parent", "description", "order", "is_active"]
                )

    def _category_for(self, stub) -> Category:
        plan = self.plan.categories.get(stub.category) if stub.category else None
        if plan is None:
            plan = self.plan.uncategorised_plan()
            if plan.new and plan.category.pk is None and self.write:
                plan.category.save()
                self.report.count("categories", "created")
        return plan.category

    # --- Articles and K2 items ---------------------------------------------------------

    def _import_items(self) -> None:
        source = self.source
        self.tags_of = self.plan.tags_of_items()
        self.site_has_tags = bool(self.tags_of)
        self.tags, self.tag_slugs = existing_tags()
        self.attachments = self._k2_attachments()
        rows = ((("content", row)) for row in source.rows("content"))
        if self.plan.k2_rules is not None:
            rows = chain(rows, (("k2", row) for row in source.rows("k2_items")))
        batch, seen = [], set()
        total = len(self.plan.items)
        for kind, row in self.options.progress(rows, "Nhập bài", total):
            key = (kind, _int(row.get("id")))
            plan = self.plan.items.get(key)
            if plan is None or key in seen:
                table = "k2_items" if kind == "k2" else "content"
                why = "trùng mã với một dòng trước" if plan else "không có mã số (id)"
                self.report.count(_item_kind_of(kind), "skipped")
                self.report.add(
                    "skipped", f"{row.file} dòng {row.line}", f"bảng {table}: {why}"
                )
                continue
            seen.add(key)
            stub = plan.stub
            what = label(_item_kind(plan), stub.id, stub.title)
            status = self.plan.status(stub)
            if status is None:
                self.report.count(_item_kind(plan), "skipped")
                self.report.add("skipped", what, REASONS.get(stub.reason, stub.reason))
                continue
            if plan.is_page:
                self.page_rows.append((plan, row))
                continue
            if plan.pk and not self.options.update:
                self.report.count(_item_kind(plan), "existing")
                self.item_pks[(kind, stub.id)] = plan.pk
                self._item_redirects(plan, plan.pk, None)
                continue
            fields = self._fields(kind, row, plan, what)
            batch.append((plan, fields, self._article(plan, fields)))
            if len(batch) >= BATCH:
                self._flush_articles(batch)
                batch = []
        self._flush_articles(batch)

    def _fields(self, kind, row, plan, what) -> ItemFields:
        stub = plan.stub
        legacy_images = row.get("images") or "" if self.source.series == "1.5" else ""
        body = self.converter.convert(
            row.get("introtext") or "",
            row.get("fulltext") or "",
            legacy_images=legacy_images,
        )
        if kind == "k2":
            video = (row.get("video") or "").strip()
            if video:
                converted = self.converter.convert(video)
                body.html += converted.html
                body.notes.extend(converted.notes)
            body.html += self._attachment_list(stub.id, what)
        fields = item_fields(
            row,
            kind=kind,
            body=body,
            reason=stub.reason,
            authors=self.plan.authors,
            now=self.now,
            other_languages=self.options.other_languages,
        )
        if not fields.title:
            fields.title = f"Bài {stub.id}"
            self.report.add("converted", what, "không có tiêu đề: đặt tên tạm")
        if kind == "k2":
            fields.notes.extend(k2_extra_notes(row))
            fields.featured = Featured(
                path="",
                caption=(row.get("image_caption") or "").strip(),
                credit=(row.get("image_credits") or "").strip(),
            )
        tags = self.tags_of.get((kind, stub.id), [])
        if not tags and not self.site_has_tags and self.options.metakey_tags:
            tags = metakey_tags(row.get("metakey"))
        fields.tags = tags
        fields.notes = [
            ("image_refused", detail)
            if note_kind == "image_missing" and fold(detail) in self.refused
            else (note_kind, detail)
            for note_kind, detail in fields.notes
        ]
        for url, text in fields.file_titles.items():
            if text:
                self.link_texts.setdefault(url, text)
        for note_kind, detail in fields.notes:
            self.report.note(what, note_kind, detail)
        self._report_status(what, stub, fields)
        return fields

    def _report_status(self, what, stub, fields) -> None:
        if stub.reason == SCHEDULED:
            when = timezone.localtime(fields.published_at).strftime("%d/%m/%Y %H:%M")
            self.report.add(
                "hidden", what, f"hẹn giờ đăng {when} (giờ Việt Nam): tự hiện đúng giờ"
            )
        elif stub.reason:
            self.report.add(
                "hidden",
                what,
                f"{REASONS[stub.reason]} → {hidden_status_text(fields.status)}",
            )

    def _article(self, plan, fields: ItemFields) -> Article:
        stub = plan.stub
        kwargs = {
            "title": fields.title,
            "slug": plan.slug,
            "lead": fields.lead,
            "body": fields.body,
            "meta_description": fields.meta_description,
            "category": self._category_for(stub),
            "authors": fields.authors,
            "status": fields.status,
            "published_at": fields.published_at,
            "is_featured": fields.is_featured,
            "view_count": fields.view_count,
            "legacy_kind": stub.kind,
            "legacy_id": stub.id,
        }
        photo = self._featured(stub, fields)
        if photo is not None:
            copy, alt, caption, credit = photo
            kwargs.update(
                featured_image=copy.name,
                featured_image_width=copy.width,
                featured_image_height=copy.height,
                featured_image_alt=(alt or fields.title)[:300],
                featured_image_caption=caption[:500],
                featured_image_credit=credit[:200],
            )
        if plan.pk:
            kwargs["pk"] = plan.pk
        article = Article(**kwargs)
        article.fill_derived_fields()
        article.created_at = fields.created_at or fields.published_at
        return article

    def _featured(self, stub, fields):
        if stub.kind == "k2":
            for path in k2_image_paths(stub.id):
                copy = self._copy(path, image=True, what="")
                if copy is not None:
                    return copy, "", fields.featured.caption, fields.featured.credit
            return None
        if fields.featured is None:
            return None
        copy = self._copy(fields.featured.path, image=True, what="")
        if copy is None:
            return None
        featured = fields.featured
        return copy, featured.alt, featured.caption, featured.credit

    def _flush_articles(self, batch) -> None:
        if not batch:
            return
        new = [
            (plan, fields, article) for plan, fields, article in batch if not plan.pk
        ]
        old = [(plan, fields, article) for plan, fields, article in batch if plan.pk]
        for plan, _fields, _article in new:
            self.report.count(_item_kind(plan), "created")
        for plan, _fields, _article in old:
            self.report.count(_item_kind(plan), "updated")
        for plan, fields, _article in batch:
            if fields.status != PUBLISHED or plan.stub.reason:
                self.report.count(_item_kind(plan), "hidden")
        if not self.write:
            for plan, _fields, _article in batch:
                self._item_redirects(plan, None, None)
            return
        articles = [article for _plan, _fields, article in new]
        Article.objects.bulk_create(articles)
        # created_at is auto_now_add: bulk_create wrote "now"; put Joomla's back.
        for _plan, fields, article in new:
            article.created_at = fields.created_at or fields.published_at
        Article.objects.bulk_update(articles, ["created_at"])
        if old:
            for _plan, _fields, article in old:
                article.view_count = Greatest(
                    F("view_count"), Value(article.view_count)
                )
            Article.objects.bulk_update(
                [article for _plan, _fields, article in old], ARTICLE_UPDATE_FIELDS
            )
        for plan, _fields, article in batch:
            self.item_pks[(plan.stub.kind, plan.stub.id)] = article.pk
            self._item_redirects(plan, article.pk, None)
        self._link_tags(
            [(article.pk, fields.tags) for _plan, fields, article in batch],
            replace=[article.pk for _plan, _fields, article in old],
        )

    def _link_tags(self, pairs, *, replace=()) -> None:
        names = {fold(name): name for _pk, tags in pairs for name in tags}
        missing = [name for key, name in names.items() if key not in self.tags]
        if missing:
            new_tags = []
            for name in missing:
                tag = Tag(name=name[:100], slug=self.tag_slugs.make(name, "the"))
                nfc_fields(tag)
                new_tags.append(tag)
                self.tags[fold(name)] = tag
            self.report.count("tags", "created", len(new_tags))
            if self.write:
                Tag.objects.bulk_create(new_tags)
        if not self.write:
            return
        through = Article.tags.through
        if replace:
            through.objects.filter(article_id__in=list(replace)).delete()
        links = [
            through(article_id=pk, tag_id=self.tags[fold(name)].pk)
            for pk, tags in pairs
            for name in dict.fromkeys(tags)
        ]
        through.objects.bulk_create(links, ignore_conflicts=True)

    def _k2_attachments(self) -> dict[int, list[tuple[str, str]]]:
        found = {}
        for row in self.source.rows("k2_attachments"):
            item = _int(row.get("itemID"))
            if item is not None and row.get("filename"):
                title = (row.get("title") or row.get("filename") or "").strip()
                found.setdefault(item, []).append((row["filename"], title))
        return found

    def _attachment_list(self, item_id, what) -> str:
        links = []
        for filename, title in self.attachments.get(item_id, []):
            path = f"media/k2/attachments/{filename}"
            copy = self._copy(path, image=False, what=what, title=title)
            if copy is None:
                self.report.note(what, "file_missing", path)
                continue
            self.report.note(what, "k2_attachment", filename)
            links.append(f'<li><a href="{_escape(copy.url)}">{_escape(title)}</a></li>')
        if not links:
            return ""
        return "<p><strong>Tệp đính kèm</strong></p><ul>" + "".join(links) + "</ul>"

    # --- Pages -----------------------------------------------------------------------

    def _write_pages(self) -> None:
        parents = structure.page_parents(self.plan.menu, self.plan.page_items)
        order = {ident: position for position, ident in enumerate(self.plan.page_items)}
        pages, built = {}, []
        for plan, row in self.page_rows:
            stub = plan.stub
            if plan.pk and not self.options.update:
                self.report.count("pages", "existing")
                pages[stub.id] = Page(pk=plan.pk)
                continue
            what = label("pages", stub.id, stub.title)
            fields = self._fields("content", row, plan, what)
            body = fields.body
            photo = self._featured(stub, fields)
            if photo is not None:
                copy, alt, caption, _credit = photo
                figure = f'<img src="{_escape(copy.url)}" alt="{_escape(alt or fields.title)}">'
                if caption:
                    figure += f"<figcaption>{_escape(caption)}</figcaption>"
                body = f'<figure class="image">{figure}</figure>' + body
            page = Page(
                pk=plan.pk,
                title=fields.title,
                slug=plan.slug,
                lead=fields.lead,
                body=body,
                meta_description=fields.meta_description,
                order=order.get(stub.id, len(order)),
                status=fields.status,
                published_at=fields.published_at,
                legacy_id=stub.id,
            )
            page.fill_derived_fields()
            pages[stub.id] = page
            built.append((plan, fields, page))
            self.report.count("pages", "updated" if plan.pk else "created")
            if fields.status != PUBLISHED or stub.reason:
                self.report.count("pages", "hidden")
        for top_level in (True, False):
            new, old = [], []
            for plan, _fields, page in built:
                parent = parents.get(plan.stub.id)
                if (parent not in pages) != top_level:
                    continue
                page.parent = pages.get(parent)
                (old if plan.pk else new).append(page)
            if self.write:
                Page.objects.bulk_create(new)
                Page.objects.bulk_update(old, PAGE_UPDATE_FIELDS)
        for plan, _row in self.page_rows:
            page = pages.get(plan.stub.id)
            if page is not None and page.pk:
                self.page_pks[plan.stub.id] = page.pk
            self._item_redirects(plan, None, self.page_pks.get(plan.stub.id))

    # --- Links of the "Liên kết website" block ------------------------------------------

    def _write_weblinks(self) -> None:
        if not self.source.has("weblinks"):
            return
        hidden_categories = self._weblink_categories()
        existing = {link.url: link for link in WebsiteLink.objects.all()}
        rows = sorted(
            self.source.rows("weblinks"),
            key=lambda r: (
                _int(r.get("catid"), 0),
                _int(r.get("ordering"), 0),
                _int(r.get("id"), 0),
            ),
        )
        validate = URLValidator(schemes=["http", "https"])
        for position, row in enumerate(rows):
            title = (row.get("title") or "").strip()
            what = label("weblinks", row.get("id"), title)
            state = _int(row.get("state", row.get("published")), 0)
            if state == -2:
                self.report.count("weblinks", "skipped")
                self.report.add("skipped", what, REASONS["trashed"])
                continue
            url = (row.get("url") or "").strip()
            if url and "://" not in url:
                url = "http://" + url.lstrip("/")
            try:
                validate(url)
            except ValidationError:
                self.report.count("weblinks", "skipped")
                self.report.add("skipped", what, f"địa chỉ không hợp lệ: {url[:100]}")
                continue
            reason = None
            if state != 1 or _int(row.get("approved"), 1) != 1:
                reason = "unpublished"
            elif _int(row.get("access"), None) not in self.plan.rules.levels | {None}:
                reason = "access"
            elif _int(row.get("catid"), 0) in hidden_categories:
                reason = "category_unpublished"
            elif (row.get("language") or "*").lower() not in self.plan.rules.languages:
                reason = "language"
            if reason:
                self.report.count("weblinks", "hidden")
                self.report.add("hidden", what, f"{REASONS[reason]} → liên kết ẩn")
            link = existing.get(url)
            if link is not None and not self.options.update:
                self.report.count("weblinks", "existing")
                continue
            link = link or WebsiteLink(url=url)
            self.report.count("weblinks", "updated" if link.pk else "created")
            link.title = (title or url)[:200]
            link.order = position
            link.is_active = reason is None
            if self.write:
                link.save()
            existing[url] = link

    def _weblink_categories(self) -> set[int]:
        hidden = set()
        for row in self.source.rows("categories"):
            extension = row.get("extension") or row.get("section") or ""
            if extension in ("com_weblinks",) and _int(row.get("published"), 1) != 1:
                hidden.add(_int(row.get("id")))
        return hidden

    # --- Files --------------------------------------------------------------------------

    def _image_url(self, path: str) -> str | None:
        copy = self._copy(path, image=True, what="")
        return copy.url if copy else None

    def _file_url(self, path: str) -> str | None:
        copy = self._copy(path, image=False, what="")
        return copy.url if copy else None

    def _copy(
        self, path: str, *, image: bool, what: str, title: str = ""
    ) -> Copy | None:
        """The copy of an old file (made once per run), or None when it is missing
        or refused (an "image" that is not one)."""
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
                    width, height = _dimensions(upload)
            except (ValidationError, OSError) as error:
                message = "; ".join(getattr(error, "messages", [])) or "không đọc được"
                self.refused[key] = message
                self.report.add("files", found.path, f"không chép: {message}")
                return None
        elif not is_document(found.path):
            return None
        old_key = path_key("/" + found.path)
        reuse = self.existing_files.get(old_key)
        if reuse and (not self.options.update or _stored_size(reuse) == found.size):
            name, new = self.stager.reserve(found.path, reuse=reuse), False
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
        kind = "images" if width is not None else "files"
        self.report.count(kind, "created" if new else "existing")
        self.copies[key] = copy
        return copy

    def _make_documents(self) -> None:
        """Documents of the copied PDF/DOC/XLS files (by the apps that keep them)."""
        if not registry.document_makers:
            return
        for copy in self.copies.values():
            if copy is None or copy.width is not None or not is_document(copy.path):
                continue
            imported = registry.ImportedFile(
                name=copy.name,
                original_name=posixpath.basename(copy.path),
                title=copy.title
                or self._link_text(copy)
                or posixpath.basename(copy.path),
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

    def _link_text(self, copy: Copy) -> str:
        return self.link_texts.get(copy.url, "")

    # --- Old addresses ----------------------------------------------------------------

    def _item_redirects(self, plan, article_pk, page_pk) -> None:
        stub = plan.stub
        if plan.is_page:
            target = {"page_id": page_pk}
            kind = Kind.PAGE
        else:
            target = {"article_id": article_pk}
            kind = Kind.ARTICLE if stub.kind == "content" else Kind.K2_ITEM
        for key in plan.keys:
            self._redirect(key, kind, **target)
        if stub.kind == "k2":
            copy = next(
                (
                    self.copies.get(fold(p))
                    for p in k2_image_paths(stub.id)
                    if self.copies.get(fold(p))
                ),
                None,
            )
            if copy is not None:
                for address in k2_image_addresses(stub.id):
                    self._redirect(path_key(address), Kind.FILE, file=copy.name)

    def _structure_redirects(self) -> None:
        kinds = {
            "content": Kind.CATEGORY,
            "section": Kind.SECTION,
            "k2": Kind.K2_CATEGORY,
        }
        targets = {"content": "category", "section": "section", "k2": "k2_category"}
        for (kind, ident), plan in self.plan.categories.items():
            if ident == 0 and kind == "content":
                continue
            key = target_key((targets[kind], ident))
            self._redirect(key, kinds[kind], category_id=plan.category.pk)
        for key, (kind, ident) in self.plan.sef.categories.items():
            plan = self.plan.categories.get((kind, ident))
            if plan is not None:
                self._redirect(key, kinds[kind], category_id=plan.category.pk)
        for key, target in self.plan.sef.menu.items():
            self._redirect_to(key, target, Kind.MENU)
        for item in self.plan.menu.values():
            if item.published and item.target:
                self._redirect_to(
                    target_key(("menu_item", item.id)), item.target, Kind.MENU
                )
        for row in self.source.rows("redirect_links"):
            if _int(row.get("published"), 0) != 1:
                continue
            old = url_target(row.get("old_url") or "")
            new = url_target(row.get("new_url") or "")
            old_key = path_key(_path_of(row.get("old_url") or "")) or target_key(old)
            if old_key and new:
                self._redirect_to(old_key, self._resolve_menu(new), Kind.OTHER)
        for copy in self.copies.values():
            if copy is not None:
                for key in copy.keys:
                    self._redirect(key, Kind.FILE, file=copy.name)

    def _resolve_menu(self, target):
        if target and target[0] == "menu_path":
            value = "/" + target[1]
            return self.plan.sef.menu.get(value) or _category_target(
                self.plan.sef.categories.get(value)
            )
        return target

    def _redirect_to(self, key, target, kind) -> None:
        if not key or not target:
            return
        name = target[0]
        if name in ("article", "k2_item"):
            item = ("content" if name == "article" else "k2", target[1])
            plan = self.plan.items.get(item)
            if plan is None or self.plan.skipped(plan.stub):
                return
            if plan.is_page:
                self._redirect(key, kind, page_id=self.page_pks.get(item[1]))
            else:
                self._redirect(key, kind, article_id=self.item_pks.get(item))
        elif name in ("category", "section", "k2_category"):
            category = {
                "category": "content",
                "section": "section",
                "k2_category": "k2",
            }[name]
            plan = self.plan.categories.get((category, target[1]))
            if plan is not None:
                self._redirect(key, kind, category_id=plan.category.pk)
        elif name in ("home", "contact"):
            self._redirect(key, kind, url=self.plan.url(target))

    def _redirect(self, key, kind, **target) -> None:
        if not key or len(key) > 500:
            return
        self.redirects.append(LegacyRedirect(old_path=key, kind=kind, **target))
        self._flush_redirects()

    def _flush_redirects(self, force=False) -> None:
        if not self.redirects or (len(self.redirects) < REDIRECT_BATCH and not force):
            return
        rows = {row.old_path: row for row in reversed(self.redirects)}  # first wins
        self.redirects = []
        if not self.write:
            existing = set(
                LegacyRedirect.objects.filter(old_path__in=list(rows)).values_list(
                    "old_path", flat=True
                )
            )
            self.planned_redirects += len(set(rows) - existing)
            return
        rows = [row for row in rows.values() if _has_target(row)]
        if self.options.update:
            LegacyRedirect.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["old_path"],
                update_fields=["kind", "article", "category", "page", "file", "url"],
            )
        else:
            LegacyRedirect.objects.bulk_create(rows, ignore_conflicts=True)

    # --- What the backup held besides ---------------------------------------------------

    def _report_source(self) -> None:
        source = self.source
        repaired = source.report.repaired
        for table, count in sorted(repaired.items()):
            self.report.add("repaired", f"bảng {table}", f"{count} giá trị")
        for table, file, line, column, value in source.report.repaired_examples:
            self.report.add(
                "repaired", f"{file} dòng {line}", f"{table}.{column}: {value}"
            )
        seen = set()
        for table, name in NOT_IMPORTED:
            if table in seen or not source.has(table):
                continue
            seen.add(table)
            count = source.count(table)
            if count:
                self.report.add("not_imported", name, f"{count} dòng (bảng {table})")
        menu = [item for item in self.plan.menu.values() if item.published]
        if menu:
            self.report.add(
                "not_imported",
                "Trình đơn",
                f"{len(menu)} mục: dùng cho trang tĩnh và địa chỉ cũ; "
                "dựng lại trình đơn chính trong trang quản trị",
            )
        if self.report.counts.get("documents"):
            self.report.add(
                "next",
                "",
                "bổ sung số ký hiệu, cơ quan ban hành cho các văn bản mới tạo rồi công bố",
            )


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _item_kind_of(kind) -> str:
    return "articles" if kind == "content" else "k2_items"


def _item_kind(plan) -> str:
    if plan.is_page:
        return "pages"
    return "articles" if plan.stub.kind == "content" else "k2_items"


def _category_kind(plan) -> str:
    return "k2_categories" if plan.node.kind == "k2" else "categories"


def _category_label(kind) -> str:
    return {"k2": "k2_categories", "section": "sections"}.get(kind, "categories")


def _category_target(key):
    if key is None:
        return None
    kind, ident = key
    return (
        {"content": "category", "section": "section", "k2": "k2_category"}[kind],
        ident,
    )


def _plain(text: str) -> str:
    return plain_text(text)


def _escape(text: str) -> str:
    return html.escape(text or "", quote=True)


def _dimensions(upload):
    upload.seek(0)
    with Image.open(upload) as image:
        return image.size


def _stored_size(name: str) -> int | None:
    try:
        return default_storage.size(name)
    except OSError:
        return None


def _path_of(url: str) -> str:
    return urlsplit(url).path


def _has_target(row) -> bool:
    return bool(row.article_id or row.category_id or row.page_id or row.file or row.url)
