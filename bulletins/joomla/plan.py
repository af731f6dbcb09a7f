"""Everything the import decides before it writes: which old row becomes which new
row, under which slug and address, and which old addresses lead where.

Invariant: built from the backup and from reads of the database only, so a dry
run and a real run take the same decisions. A row imported before (same kind
and id on the old site) keeps its new row, slug and address; every new slug is
unique against the database and against the rest of the plan, made in memory
(one query per model, not one per row).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse

from portal.text import fold, vn_slugify

from ..models import Article, Category, LegacyKind, LegacyRedirect, Page, Tag
from . import structure
from .items import ItemStub, status_for
from .urls_old import _norm, target_key
from .visibility import (
    CATEGORY_ACCESS,
    CATEGORY_TRASHED,
    CATEGORY_UNPUBLISHED,
    VisibilityRules,
)

Kind = LegacyRedirect.Kind
UNCATEGORISED = {"uncategorised", "uncategorized", "non-categorise", "chua-phan-loai"}


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


class Slugs:
    """Unique slugs for one model, taken from the database once."""

    def __init__(self, taken, max_length=200):
        self.taken = set(taken)
        self.max_length = max_length

    def make(self, text: str, fallback: str) -> str:
        base = vn_slugify(text, max_length=self.max_length - 8) or fallback
        slug, n = base, 2
        while slug in self.taken:
            slug = f"{base}-{n}"
            n += 1
        self.taken.add(slug)
        return slug


@dataclass
class CategoryPlan:
    node: structure.CategoryNode
    parent: tuple | None
    reason: str | None
    category: Category  # existing (with pk) or new (without)
    new: bool


@dataclass
class ItemPlan:
    stub: ItemStub
    is_page: bool
    slug: str
    pk: int | None  # of the row imported before
    keys: list[str] = field(default_factory=list)


class SitePlan:
    def __init__(self, source, *, now: datetime, language: str, other_languages: str):
        self.source = source
        self.now = now
        self.other_languages = other_languages
        self.rules = VisibilityRules.from_source(source, now=now, language=language)
        self.k2_rules = (
            VisibilityRules.for_k2(source, now=now, language=language)
            if source.has("k2_items")
            else None
        )
        self.authors = {
            str(row.get("id")): (row.get("name") or "").strip()
            for row in source.rows("users")
        }
        self.menu = structure.menu_items(source.rows("menu"))
        self.page_items = structure.pages_from_menu(self.menu)
        self.content_nodes = structure.content_categories(source)
        self.k2_nodes = structure.k2_categories(source)
        self.sef = structure.sef_paths(self.menu, self.content_nodes + self.k2_nodes)
        self.categories: dict[tuple, CategoryPlan] = {}
        self.items: dict[tuple, ItemPlan] = {}
        self.item_addresses: dict[str, tuple] = {}  # "/tin-tuc/hoi-nghi" -> item
        self.uncategorised: CategoryPlan | None = None

    # --- Categories ------------------------------------------------------------------

    def plan_categories(self) -> None:
        existing = {
            (category.legacy_kind, category.legacy_id): category
            for category in Category.objects.for_site().filter(legacy_id__isnull=False)
        }
        slugs = Slugs(Category.objects.for_site().values_list("slug", flat=True))
        for nodes, rules in (
            (self.content_nodes, self.rules),
            (self.k2_nodes, self.k2_rules),
        ):
            parents = structure.two_levels(nodes)
            # Top level first, so a child's parent exists when it is written.
            for node in sorted(nodes, key=lambda n: parents[n.key] is not None):
                reason = self._category_reason(node, rules)
                category = existing.get(node.key)
                new = category is None
                if new:
                    category = Category(
                        name=node.title[:200] or f"Chuyên mục {node.id}",
                        slug=slugs.make(node.title, f"chuyen-muc-{node.id}"),
                        legacy_kind=node.kind,
                        legacy_id=node.id,
                    )
                self.categories[node.key] = CategoryPlan(
                    node, parents[node.key], reason, category, new
                )

    def _category_reason(self, node, rules) -> str | None:
        if rules is None:
            return None
        if node.kind != "section":
            return rules.category_reason(node.id)
        row = node.row
        if _int(row.get("published"), 1) != 1:
            return (
                CATEGORY_UNPUBLISHED
                if _int(row.get("published")) != -2
                else CATEGORY_TRASHED
            )
        if _int(row.get("access"), 0) not in rules.levels:
            return CATEGORY_ACCESS
        return None

    def uncategorised_plan(self) -> CategoryPlan:
        """Joomla 1.5's static content (section and category 0) needs a home."""
        if self.uncategorised is None:
            for plan in self.categories.values():
                # Joomla's own "Uncategorised" (2.5+) when the backup has it.
                if plan.node.kind == "content" and plan.node.alias in UNCATEGORISED:
                    self.uncategorised = plan
                    return plan
            key = (LegacyKind.CONTENT, 0)
            category = (
                Category.objects.for_site()
                .filter(legacy_kind=key[0], legacy_id=0)
                .first()
            )
            new = category is None
            if new:
                slugs = Slugs(
                    Category.objects.for_site().values_list("slug", flat=True)
                )
                for plan in self.categories.values():
                    slugs.taken.add(plan.category.slug)
                category = Category(
                    name="Chưa phân loại",
                    slug=slugs.make("Chưa phân loại", "chua-phan-loai"),
                    legacy_kind=key[0],
                    legacy_id=0,
                )
            node = structure.CategoryNode("content", 0, "Chưa phân loại", "", None)
            self.uncategorised = CategoryPlan(node, None, None, category, new)
            self.categories[key] = self.uncategorised
        return self.uncategorised

    # --- Articles, K2 items and pages --------------------------------------------------

    def scan_items(self, progress) -> None:
        """First pass over the articles: what each becomes, its slug and keys."""
        done_articles = {
            (kind, legacy_id): (pk, slug)
            for kind, legacy_id, pk, slug in Article.objects.for_site()
            .filter(legacy_id__isnull=False)
            .values_list("legacy_kind", "legacy_id", "pk", "slug")
        }
        done_pages = {
            legacy_id: (pk, slug)
            for legacy_id, pk, slug in Page.objects.for_site()
            .filter(legacy_id__isnull=False)
            .values_list("legacy_id", "pk", "slug")
        }
        article_slugs = Slugs(Article.objects.for_site().values_list("slug", flat=True))
        page_slugs = Slugs(Page.objects.for_site().values_list("slug", flat=True))
        tables = [("content", "content", self.rules)]
        if self.k2_rules is not None:
            tables.append(("k2", "k2_items", self.k2_rules))
        for kind, table, rules in tables:
            for row in progress(self.source.rows(table), "Đọc bài"):
                ident = _int(row.get("id"))
                if ident is None or (kind, ident) in self.items:
                    continue  # the import reports these rows; the first one wins
                stub = ItemStub(
                    kind=kind,
                    id=ident,
                    title=(row.get("title") or "").strip(),
                    alias=_norm(row.get("alias")),
                    category=self._category_of(kind, row),
                    reason=rules.article_reason(row),
                )
                key = (kind, ident)
                is_page = (
                    kind == "content"
                    and ident in self.page_items
                    and key not in done_articles
                ) or (kind == "content" and ident in done_pages)
                if is_page:
                    pk, slug = done_pages.get(ident, (None, None))
                    slug = slug or page_slugs.make(stub.title, f"trang-{ident}")
                else:
                    pk, slug = done_articles.get(key, (None, None))
                    slug = slug or article_slugs.make(stub.title, f"bai-{ident}")
                plan = ItemPlan(stub, is_page, slug, pk)
                plan.keys = self._item_keys(stub)
                self.items[key] = plan
                for address in plan.keys[1:]:  # id-less addresses (Joomla 4 SEF)
                    self.item_addresses.setdefault(address, key)

    def _category_of(self, kind, row) -> tuple | None:
        catid = _int(row.get("catid"), 0)
        if kind == "k2":
            return ("k2", catid)
        if "sectionid" in row and not catid:
            return ("content", 0)  # 1.5 static content
        return ("content", catid)

    def _item_keys(self, stub: ItemStub) -> list[str]:
        target = ("article" if stub.kind == "content" else "k2_item", stub.id)
        keys = [target_key(target)]
        if stub.category and stub.kind == "content":
            # A menu item's or a category's address is theirs, not the article's.
            keys.extend(
                key
                for key in self.sef.article_keys(stub.category, stub.alias)
                if key not in self.sef.menu and key not in self.sef.categories
            )
        return keys

    def status(self, stub: ItemStub) -> str | None:
        return status_for(stub.reason, other_languages=self.other_languages)

    def skipped(self, stub: ItemStub) -> bool:
        return self.status(stub) is None

    # --- Addresses ------------------------------------------------------------------------

    def url(self, target) -> str | None:
        """The new address of what an old link or address pointed at."""
        if not target:
            return None
        kind, value = target[0], target[1] if len(target) > 1 else None
        if kind == "article":
            return self.item_url(("content", value))
        if kind == "k2_item":
            return self.item_url(("k2", value))
        if kind in ("category", "section", "k2_category"):
            plan = self.categories.get(_CATEGORY_KINDS[kind] + (value,))
            if plan is None:
                return None
            return reverse("bulletins:category", kwargs={"slug": plan.category.slug})
        if kind == "menu_path":
            address = "/" + value
            if address in self.item_addresses:
                return self.item_url(self.item_addresses[address])
            return self.url(
                self.sef.menu.get(address)
                or _category_target(self.sef.categories.get(address))
            )
        if kind == "menu_item":
            item = self.menu.get(value)
            return self.url(item.target) if item else None
        if kind == "home":
            return reverse("portal:home")
        if kind == "contact":
            return reverse("portal:contact")
        return None

    def item_url(self, key) -> str | None:
        plan = self.items.get(key)
        if plan is None or self.skipped(plan.stub):
            return None
        name = "bulletins:page" if plan.is_page else "bulletins:article"
        return reverse(name, kwargs={"slug": plan.slug})

    def tags_of_items(self) -> dict[tuple, list[str]]:
        """Tag names of each article, from Joomla 3+'s tags or K2's."""
        tags = defaultdict(list)
        names = {
            row.get("id"): (row.get("title") or "").strip()
            for row in self.source.rows("tags")
            if _int(row.get("published"), 0) == 1 and _int(row.get("level"), 1) > 0
        }
        for row in self.source.rows("contentitem_tag_map"):
            if row.get("type_alias") != "com_content.article":
                continue
            name = names.get(row.get("tag_id"))
            ident = _int(row.get("content_item_id"))
            if name and ident is not None:
                tags[("content", ident)].append(name)
        k2_names = {
            row.get("id"): (row.get("name") or "").strip()
            for row in self.source.rows("k2_tags")
            if _int(row.get("published"), 1) == 1
        }
        for row in self.source.rows("k2_tags_xref"):
            name = k2_names.get(row.get("tagID"))
            ident = _int(row.get("itemID"))
            if name and ident is not None:
                tags[("k2", ident)].append(name)
        return tags


_CATEGORY_KINDS = {
    "category": ("content",),
    "section": ("section",),
    "k2_category": ("k2",),
}


def _category_target(key):
    if key is None:
        return None
    kind, ident = key
    return (
        {"content": "category", "section": "section", "k2": "k2_category"}[kind],
        ident,
    )


def existing_tags() -> tuple[dict[str, Tag], Slugs]:
    tags = {fold(tag.name): tag for tag in Tag.objects.for_site()}
    return tags, Slugs((tag.slug for tag in tags.values()), max_length=120)


def hidden_status_text(status: str) -> str:
    return {
        "draft": "nhập ở trạng thái nháp",
        "withdrawn": "nhập ở trạng thái đã gỡ",
    }.get(status, status)
