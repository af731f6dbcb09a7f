"""The old site's shape: categories in two levels, menu items, pages, SEF paths.

Pure functions over rows of the backup (no models), so the import can plan
everything before it writes, and a dry run sees the same plan.

Invariants:
- every category the import keeps has a parent at most one level up: Joomla's
  deeper levels hang under their top-level ancestor (1.5: sections are the top
  level, their categories the second; K2 likewise by ``parent``);
- an article becomes a page exactly when a published site menu item of type
  "single article" points at it; its parent page is the nearest menu ancestor
  that is itself a page, lifted to the top level when that one has a parent;
- ``sef_paths`` gives, for every address without an id that the old site's
  router answered from its menu and aliases (Joomla 4, or 3 with "remove IDs"),
  what it pointed at, the same answer ``urls_old.MenuResolver`` gives.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .urls_old import _from_query, _lower_query, _norm, path_key


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --- Categories ------------------------------------------------------------------------


@dataclass
class CategoryNode:
    kind: str  # "content", "section" (Joomla 1.5), "k2"
    id: int
    title: str
    alias: str
    parent: tuple[str, int] | None  # Joomla's own parent, any depth
    description: str = ""
    order: int = 0
    row: dict = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def content_categories(source) -> list[CategoryNode]:
    """Sections (1.5) and ``com_content`` categories, root left out."""
    nodes = []
    if source.series == "1.5":
        for row in source.rows("sections"):
            ident = _int(row.get("id"))
            if ident is None or not str(row.get("scope", "content")) == "content":
                continue
            nodes.append(_node("section", row, ident, None, "title"))
        for row in source.rows("categories"):
            ident, section = _int(row.get("id")), _int(row.get("section"))
            if ident is None or section is None:  # com_weblinks, com_banner...
                continue
            nodes.append(_node("content", row, ident, ("section", section), "title"))
        return nodes
    for row in source.rows("categories"):
        ident = _int(row.get("id"))
        extension = row.get("extension") or "com_content"
        if ident is None or extension != "com_content":
            continue
        if _int(row.get("level"), 1) < 1 or row.get("alias") == "root":
            continue
        parent = _int(row.get("parent_id"), 0)
        nodes.append(_node("content", row, ident, ("content", parent), "title"))
    return nodes


def k2_categories(source) -> list[CategoryNode]:
    nodes = []
    for row in source.rows("k2_categories"):
        ident = _int(row.get("id"))
        if ident is None:
            continue
        parent = _int(row.get("parent"), 0)
        nodes.append(
            _node("k2", row, ident, ("k2", parent) if parent else None, "name")
        )
    return nodes


def _node(kind, row, ident, parent, title_column) -> CategoryNode:
    return CategoryNode(
        kind=kind,
        id=ident,
        title=(row.get(title_column) or row.get("title") or "").strip(),
        alias=_norm(row.get("alias")),
        parent=parent,
        description=row.get("description") or "",
        order=_int(row.get("lft"), None) or _int(row.get("ordering"), 0) or 0,
        row=row,
    )


def two_levels(nodes: list[CategoryNode]) -> dict[tuple, tuple | None]:
    """Each category's parent on the new site: None for the top level, else the
    top-level ancestor (a missing or looping ancestor makes it top level)."""
    by_key = {node.key: node for node in nodes}
    parents = {}
    for node in nodes:
        seen, top, current = {node.key}, None, node.parent
        while current in by_key and current not in seen:
            seen.add(current)
            top = current
            current = by_key[current].parent
        parents[node.key] = top
    return parents


def descendants(nodes: list[CategoryNode]) -> dict[tuple, list[tuple]]:
    """Children of each category by Joomla's own tree (any depth)."""
    children = defaultdict(list)
    for node in nodes:
        if node.parent is not None:
            children[node.parent].append(node.key)
    return children


# --- Menu ------------------------------------------------------------------------------


@dataclass
class MenuItem:
    id: int
    title: str
    path: str  # "gioi-thieu/lich-su", lower case, decoded
    parent: int
    target: tuple | None  # urls_old answer of the link, or ("home",), ("contact",)
    order: tuple
    published: bool


def menu_items(rows) -> dict[int, MenuItem]:
    """Site menu items (all versions); 1.5's paths are built from the tree."""
    raw = {}
    for row in rows:
        ident = _int(row.get("id"))
        if ident is None or str(row.get("client_id", "0")) != "0":
            continue
        if (row.get("alias") or "") == "root" and _int(row.get("level"), 1) == 0:
            continue
        raw[ident] = row
    items = {}
    for ident, row in raw.items():
        parent = _int(row.get("parent_id", row.get("parent")), 0)
        path = row.get("path")
        if path is None:  # Joomla 1.5: no path column
            path = _path_15(ident, raw)
        items[ident] = MenuItem(
            id=ident,
            title=(row.get("title") or row.get("name") or "").strip(),
            path=(path_key(path) or "").lstrip("/"),
            parent=parent,
            target=_menu_target(row),
            order=(
                _int(row.get("lft"), 0) or 0,
                _int(row.get("ordering"), 0) or 0,
                ident,
            ),
            published=_int(row.get("published"), 0) == 1,
        )
    return items


def _path_15(ident, raw) -> str:
    parts, seen, current = [], set(), ident
    while current in raw and current not in seen:
        seen.add(current)
        parts.append(raw[current].get("alias") or "")
        current = _int(raw[current].get("parent"), 0)
    return "/".join(reversed(parts))


def _menu_target(row):
    if row.get("type") != "component":
        return None
    query = _lower_query(urlsplit(row.get("link") or "").query)
    option, view = query.get("option", ""), query.get("view", "")
    if option == "com_content" and view in ("featured", "frontpage"):
        return ("home",)
    if option in ("com_contact",):
        return ("contact",)
    target = _from_query(query)
    return target if target and target[0] != "menu_item" else None


def pages_from_menu(items: dict[int, MenuItem]) -> dict[int, MenuItem]:
    """Article id -> the published menu item that shows it alone (first wins)."""
    pages = {}
    for item in sorted(items.values(), key=lambda item: item.order):
        if item.published and item.target and item.target[0] == "article":
            pages.setdefault(item.target[1], item)
    return pages


def page_parents(
    items: dict[int, MenuItem], pages: dict[int, MenuItem]
) -> dict[int, int | None]:
    """Article id of each page -> article id of its parent page (two levels)."""
    page_of_item = {item.id: article for article, item in pages.items()}

    def nearest(article):
        seen, current = set(), pages[article].parent
        while current in items and current not in seen:
            seen.add(current)
            if current in page_of_item:
                return page_of_item[current]
            current = items[current].parent
        return None

    direct = {article: nearest(article) for article in pages}
    parents = {}
    for article, parent in direct.items():
        seen = {article}
        while parent is not None and direct.get(parent) is not None:
            if parent in seen:
                parent = None
                break
            seen.add(parent)
            parent = direct[parent]
        parents[article] = parent
    return parents


# --- Addresses without ids -------------------------------------------------------------


@dataclass
class SefPaths:
    """Stored keys of the old site's id-less addresses and what they meant."""

    menu: dict[str, tuple] = field(default_factory=dict)  # key -> menu target
    categories: dict[str, tuple] = field(default_factory=dict)  # key -> (kind, id)
    # category key -> address prefixes under which its articles are found by alias
    article_prefixes: dict[tuple, list[str]] = field(default_factory=dict)

    def article_keys(self, category: tuple, alias: str) -> list[str]:
        if not alias:
            return []
        return [
            f"{prefix}/{alias}" for prefix in self.article_prefixes.get(category, ())
        ]


def sef_paths(items: dict[int, MenuItem], nodes: list[CategoryNode]) -> SefPaths:
    """Menu item addresses, and what lies below the items that show a category."""
    result = SefPaths()
    by_key = {node.key: node for node in nodes}
    children = descendants(nodes)
    prefixes = defaultdict(list)
    for item in sorted(items.values(), key=lambda item: item.order):
        if not item.published or not item.path or item.target is None:
            continue
        base = "/" + item.path
        result.menu.setdefault(base, item.target)
        kind = item.target[0]
        if kind not in ("category", "section", "k2_category"):
            continue
        top = {"category": "content", "section": "section", "k2_category": "k2"}[kind]
        start = (top, item.target[1])
        if start not in by_key:
            continue
        # Articles right below the item by alias (any depth), and by the chain of
        # category aliases; subcategories by alias chain and by id-alias chain.
        stack = [(start, base, base)]
        seen = set()
        while stack:
            key, by_alias, by_id = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            for prefix in (base, by_alias):
                if prefix not in prefixes[key]:
                    prefixes[key].append(prefix)
            for child in children.get(key, ()):
                node = by_key[child]
                alias_path = f"{by_alias}/{node.alias}"
                id_path = f"{by_id}/{node.id}-{node.alias}"
                for path in (alias_path, id_path):
                    result.categories.setdefault(path, child)
                stack.append((child, alias_path, id_path))
    result.article_prefixes = dict(prefixes)
    return result
