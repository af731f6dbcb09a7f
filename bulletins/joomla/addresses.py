"""The old site's addresses stored as ``LegacyRedirect`` rows, in bulk.

Invariant: every key is written once, to the first target the import gives it
(the plan keeps an article's id-less keys off the menu items' and categories'
addresses, which Joomla's router reads first); a key
already in the table keeps its target unless the run is an ``--update``; a key
whose target was not imported (a trashed article, an unknown menu target) is not
written at all, so the address stays a 404. A dry run counts the keys it would
add and writes none.
"""

from urllib.parse import urlsplit

from ..models import LegacyRedirect
from .items import k2_image_addresses, k2_image_paths
from .urls_old import path_key, target_key, url_target

BATCH = 2000
Kind = LegacyRedirect.Kind
CATEGORY_KINDS = {
    "content": Kind.CATEGORY,
    "section": Kind.SECTION,
    "k2": Kind.K2_CATEGORY,
}
CATEGORY_TARGETS = {"content": "category", "section": "section", "k2": "k2_category"}
TARGET_CATEGORIES = {target: kind for kind, target in CATEGORY_TARGETS.items()}


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


class AddressWriter:
    def __init__(self, plan, *, write: bool, update: bool):
        self.plan = plan
        self.write = write
        self.update = update
        self.pending: list[LegacyRedirect] = []
        self.seen: set[str] = set()  # keys given a target in this run: first wins
        self.planned = 0  # keys a dry run would add
        self.item_pks: dict[tuple, int] = {}  # (kind, legacy id) -> article pk
        self.page_pks: dict[int, int] = {}  # legacy id -> page pk

    # --- What lies at each old address ---------------------------------------------------

    def item(self, plan, copies) -> None:
        """The addresses of an article, K2 item or page (its pk already known)."""
        stub = plan.stub
        if plan.is_page:
            target, kind = {"page_id": self.page_pks.get(stub.id)}, Kind.PAGE
        else:
            target = {"article_id": self.item_pks.get((stub.kind, stub.id))}
            kind = Kind.ARTICLE if stub.kind == "content" else Kind.K2_ITEM
        for key in plan.keys:
            self.add(key, kind, **target)
        if stub.kind == "k2":
            photo = next(
                (copies.get(p) for p in k2_image_paths(stub.id) if copies.get(p)), None
            )
            if photo is not None:
                for address in k2_image_addresses(stub.id):
                    self.add(path_key(address), Kind.FILE, file=photo.name)

    def structure(self, source, copies) -> None:
        """Categories, menu items, Joomla's own redirects and copied files."""
        plan = self.plan
        # A menu item's own address first: Joomla's router reads the menu first.
        for key, target in plan.sef.menu.items():
            self.add_target(key, target, Kind.MENU)
        for item in plan.menu.values():
            if item.published and item.target:
                self.add_target(
                    target_key(("menu_item", item.id)), item.target, Kind.MENU
                )
        for (kind, ident), category in plan.categories.items():
            if (kind, ident) == ("content", 0):
                continue  # made here for 1.5's static content: no old address
            key = target_key((CATEGORY_TARGETS[kind], ident))
            self.add(key, CATEGORY_KINDS[kind], category_id=category.category.pk)
        for key, (kind, ident) in plan.sef.categories.items():
            category = plan.categories.get((kind, ident))
            if category is not None:
                self.add(key, CATEGORY_KINDS[kind], category_id=category.category.pk)
        for row in source.rows("redirect_links"):
            if _int(row.get("published"), 0) != 1:
                continue
            old_url, new_url = row.get("old_url") or "", row.get("new_url") or ""
            old_key = path_key(urlsplit(old_url).path) or target_key(
                url_target(old_url)
            )
            new = self._menu_path(url_target(new_url))
            if old_key and new:
                self.add_target(old_key, new, Kind.OTHER)
        for copy in copies:
            for key in copy.keys:
                self.add(key, Kind.FILE, file=copy.name)

    def _menu_path(self, target):
        if target and target[0] == "menu_path":
            value = "/" + target[1]
            found = self.plan.sef.menu.get(value)
            if found is None and value in self.plan.sef.categories:
                kind, ident = self.plan.sef.categories[value]
                found = (CATEGORY_TARGETS[kind], ident)
            return found
        return target

    def add_target(self, key, target, kind) -> None:
        """``key`` leads where an ``urls_old``/menu target now is."""
        if not key or not target:
            return
        name = target[0]
        if name in ("article", "k2_item"):
            item = ("content" if name == "article" else "k2", target[1])
            plan = self.plan.items.get(item)
            if plan is None or self.plan.skipped(plan.stub):
                return
            if plan.is_page:
                self.add(key, kind, page_id=self.page_pks.get(item[1]))
            else:
                self.add(key, kind, article_id=self.item_pks.get(item))
        elif name in TARGET_CATEGORIES:
            category = self.plan.categories.get((TARGET_CATEGORIES[name], target[1]))
            if category is not None:
                self.add(key, kind, category_id=category.category.pk)
        elif name in ("home", "contact"):
            self.add(key, kind, url=self.plan.url(target))

    # --- Writing ---------------------------------------------------------------------------

    def add(self, key, kind, **target) -> None:
        if not key or len(key) > 500 or "\x00" in key or key in self.seen:
            return
        self.seen.add(key)
        self.pending.append(LegacyRedirect(old_path=key, kind=kind, **target))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rows = {row.old_path: row for row in self.pending}
        self.pending = []
        if not self.write:
            existing = set(
                LegacyRedirect.objects.for_site()
                .filter(old_path__in=list(rows))
                .values_list("old_path", flat=True)
            )
            self.planned += len(set(rows) - existing)
            return
        rows = [row for row in rows.values() if _has_target(row)]
        if self.update:
            LegacyRedirect.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["site", "old_path"],
                update_fields=["kind", "article", "category", "page", "file", "url"],
            )
        else:
            LegacyRedirect.objects.bulk_create(rows, ignore_conflicts=True)


def _has_target(row) -> bool:
    return bool(row.article_id or row.category_id or row.page_id or row.file or row.url)
