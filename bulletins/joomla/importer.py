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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from portal.pagecache.invalidation import content_changed
from portal.sanitize import plain_text
from portal.text import fold, nfc_fields

from ..models import Article, Category, JoomlaImportRun, LegacyRedirect, Page, Tag
from . import open_source, structure
from .addresses import AddressWriter
from .bodies import BodyConverter
from .copies import SiteCopies
from .items import (
    PUBLISHED,
    Featured,
    ItemFields,
    item_fields,
    k2_extra_notes,
    k2_image_paths,
    metakey_tags,
    without_leading_photo,
)
from .media import SiteFolder
from .plan import SitePlan, existing_tags, hidden_status_text
from .report import ImportReport, describe_source, label
from .visibility import REASONS, SCHEDULED
from .weblinks import import_weblinks

BATCH = 250
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


class JoomlaImport:
    def __init__(self, options: ImportOptions):
        self.options = options
        self.now = options.now or timezone.now()
        self.write = not options.dry_run
        mode = "chạy thử (không ghi gì)" if options.dry_run else "nhập"
        if options.update:
            mode += ", cập nhật các dòng đã nhập"
        self.report = ImportReport(backup=str(options.backup), mode=mode)
        self.page_rows: list = []

    # --- The run -----------------------------------------------------------------------

    def run(self) -> ImportReport:
        options = self.options
        self.source = source = open_source(options.backup, prefix=options.prefix)
        self.report.header.append(
            f"Joomla {source.version or 'không rõ phiên bản'}, tiền tố bảng "
            f"«{source.prefix or '(không có)'}», ngôn ngữ của trang: {options.language}"
        )
        site = SiteFolder.open(options.images or options.backup)
        if site is None:
            self.report.add(
                "next", "", "không có thư mục ảnh (--images): ảnh và tệp giữ địa chỉ cũ"
            )
        self.plan = SitePlan(
            source,
            now=self.now,
            language=options.language,
            other_languages=options.other_languages,
        )
        self.plan.plan_categories()
        self.plan.scan_items(options.progress)
        self.copies = SiteCopies(
            site, self.report, dry_run=options.dry_run, update=options.update
        )
        self.addresses = AddressWriter(
            self.plan, write=self.write, update=options.update
        )
        self.converter = BodyConverter(
            resolve_image=self.copies.image_url,
            resolve_article=lambda ident: self.plan.item_url(("content", ident)),
            resolve_file=self.copies.file_url,
            resolve_target=self.plan.url,
            old_domains=options.old_domains,
        )
        if not self.write:
            self._import()
            self.copies.report_documents_to_come()
            self.report.count("redirects", "created", self.addresses.planned)
            describe_source(self.report, source, self.plan.menu)
            return self.report
        try:
            with transaction.atomic():
                redirects_before = LegacyRedirect.objects.for_site().count()
                self._import()
                self.copies.stager.publish()
                self.copies.make_documents()
                added = LegacyRedirect.objects.for_site().count() - redirects_before
                self.report.count("redirects", "created", added)
                describe_source(self.report, source, self.plan.menu)
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
            self.copies.stager.discard()
            raise
        return self.report

    def _import(self) -> None:
        self._write_categories()
        self._import_items()
        self._write_pages()
        import_weblinks(
            self.source,
            self.plan.rules,
            self.report,
            write=self.write,
            update=self.options.update,
        )
        self.addresses.structure(self.source, self.copies)
        self.addresses.flush()

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
                category.description = plain_text(plan.node.description)
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
                self.addresses.item_pks[(kind, stub.id)] = plan.pk
                self.addresses.item(plan, self.copies)
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
            if note_kind == "image_missing" and self.copies.was_refused(detail)
            else (note_kind, detail)
            for note_kind, detail in fields.notes
        ]
        for url, text in fields.file_titles.items():
            if text:
                self.copies.link_texts.setdefault(url, text)
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
            # The same photo opening the intro would show twice: it is the
            # article's photo now.
            kwargs["body"] = without_leading_photo(fields.body, copy.url)
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
                copy = self.copies.copy(path, image=True)
                if copy is not None:
                    return copy, "", fields.featured.caption, fields.featured.credit
            return None
        if fields.featured is None:
            return None
        copy = self.copies.copy(fields.featured.path, image=True)
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
                self.addresses.item(plan, self.copies)
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
            self.addresses.item_pks[(plan.stub.kind, plan.stub.id)] = article.pk
            self.addresses.item(plan, self.copies)
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
            copy = self.copies.copy(path, image=False, title=title)
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
                body = without_leading_photo(body, copy.url)
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
                self.addresses.page_pks[plan.stub.id] = page.pk
            self.addresses.item(plan, self.copies)


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _item_kind_of(kind) -> str:
    return "articles" if kind == "content" else "k2_items"


def _item_kind(plan) -> str:
    return "pages" if plan.is_page else _item_kind_of(plan.stub.kind)


def _category_kind(plan) -> str:
    return "k2_categories" if plan.node.kind == "k2" else "categories"


def _category_label(kind) -> str:
    return {"k2": "k2_categories", "section": "sections"}.get(kind, "categories")


def _escape(text: str) -> str:
    return html.escape(text or "", quote=True)
