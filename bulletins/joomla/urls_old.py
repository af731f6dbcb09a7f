"""What an address of the old Joomla site pointed at: pure parsing, no database.

Invariant: ``old_target(path, query)`` returns the same answer for every spelling
of one old address (letter case, percent-encoding, trailing slash, ``.html``,
``index.php/`` prefix, extra ``Itemid``/``catid``/``lang`` parameters), and None for
anything it does not understand: a guess would send a reader to the wrong page.

Answers: ``("article", id)``, ``("category", id)``, ``("k2_item", id)``,
``("k2_category", id)``, ``("image", "images/...")`` and, for SEF addresses
without an id (Joomla 4 style, or menu items), ``("menu_path", "a/b/c")``, which
``MenuResolver`` turns into an article or category with the rows of ``#__menu``
and the article and category aliases.

``legacy_keys(path, query)`` gives the stored keys an address is looked up by (see
"Keys" below), so one indexed query answers any spelling of it.

Shapes, Joomla 1.5 to 4:
``index.php?option=com_content&view=article&id=12:alias&catid=3&Itemid=101``,
``...&task=view&id=12`` (1.5), ``view=category[&layout=blog]&id=3``,
``view=section&id=1`` (1.5), ``/component/content/article/12-alias``,
``/component/content/article/cat-alias/12-alias``, ``/index.php/menu/12-alias.html``,
``/menu/path/12-alias[.html]``, ``/menu-alias/sub/alias`` (no id), ``/images/...``,
``option=com_k2&view=item&id=5[:alias]``, ``/item/5-alias``, ``/itemlist/category/3``,
``/menu/item/5-alias`` (K2 below a menu item), ``index.php?Itemid=101`` (a menu item
by its number: ``("menu_item", 101)``).

Keys: an old address is stored as the address itself, spelt one way: lower case,
NFC, no ``index.php/``, no ``.html``, no trailing slash (``/tin-tuc/co-so``,
``/images/tin tuc/ảnh.jpg``); and what an id points at is stored as Joomla's own
query address of it (``/index.php?option=com_content&view=article&id=12``), which
every address carrying that id maps to. ``legacy_keys`` gives both, the address
first: a stored address (``/tin-tuc/9-hoat-dong-co-so`` is subcategory 9) wins
over what its number alone would say (article 9).
"""

import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

_ID = re.compile(r"^(\d+)(?:[-:].*)?$")
_SUFFIXES = (".html", ".htm", ".php")


def _first(query, key: str) -> str:
    value = query.get(key, "")
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value).strip()


def _lower_query(query) -> dict[str, str]:
    if isinstance(query, str):
        query = parse_qs(query.lstrip("?"), keep_blank_values=True)
    items = query.lists() if hasattr(query, "lists") else query.items()
    # Links copied out of HTML often keep ``&amp;``: ``amp;view=article``.
    return {
        str(k).lower().removeprefix("amp;"): _first({"v": v}, "v") for k, v in items
    }


def _id(value: str) -> int | None:
    match = _ID.match(unquote(value or "").strip())
    return int(match.group(1)) if match else None


def _segments(path: str) -> list[str]:
    text = unicodedata.normalize("NFC", unquote(path or "")).strip().lower()
    parts = [p for p in text.split("/") if p]
    if parts and parts[-1].endswith(_SUFFIXES) and parts[-1] != "index.php":
        parts[-1] = parts[-1].rsplit(".", 1)[0]
    return parts


def old_target(path: str, query=None):
    """(kind, value) the old address pointed at, or None."""
    q = _lower_query(query or {})
    parts = _segments(path)
    if parts and parts[0] == "index.php":
        parts = parts[1:]
    if not parts or parts == ["index2.php"]:
        return _from_query(q)
    if parts[0] == "images":
        return (
            "image",
            unicodedata.normalize("NFC", unquote(path.strip()).lstrip("/")),
        )
    if parts[0] == "component" and len(parts) >= 3:
        return _component_path(parts[1:])
    if parts[0] in ("item", "itemlist") and len(parts) >= 2:
        return _k2_path(parts)
    if len(parts) >= 3 and parts[-2] == "item" and _id(parts[-1]) is not None:
        return ("k2_item", _id(parts[-1]))  # K2 below a menu item: /menu/item/5-x
    if "itemlist" in parts[:-2] and not q.get("option"):
        at = parts.index("itemlist")
        return _k2_path(parts[at:])
    if parts[0] == "content" and len(parts) >= 3 and parts[1] in ("view", "article"):
        ident = _id(parts[2])  # Joomla 1.0/1.5 core SEF: /content/view/12/34/
        return ("article", ident) if ident is not None else None
    if q.get("option"):
        return _from_query(q)
    last = _id(parts[-1])
    if last is not None:
        return ("article", last)
    return ("menu_path", "/".join(parts))


def _from_query(q: dict[str, str]):
    option = q.get("option", "").lower()
    if not option and _id(q.get("itemid", "")) is not None:
        return ("menu_item", _id(q["itemid"]))  # index.php?Itemid=101
    view = (q.get("view") or q.get("task") or "").lower()
    if option == "com_content":
        if view in ("article", "view"):
            ident = _id(q.get("id", ""))
            return ("article", ident) if ident is not None else None
        if view in ("category", "blogcategory", "section", "blogsection"):
            ident = _id(q.get("id", ""))
            if ident is None:
                return None
            return ("section" if "section" in view else "category", ident)
        return None
    if option == "com_k2":
        ident = _id(q.get("id", ""))
        if view == "item" and ident is not None:
            return ("k2_item", ident)
        if view == "itemlist" and q.get("task", "").lower() == "category" and ident:
            return ("k2_category", ident)
    return None


def _component_path(parts: list[str]):
    component, rest = parts[0], parts[1:]
    if component == "content" and rest and rest[0] == "article":
        ident = _id(rest[-1]) if len(rest) > 1 else None
        return ("article", ident) if ident is not None else None
    if component == "content" and rest and rest[0] == "category":
        ident = _id(rest[-1]) if len(rest) > 1 else None
        return ("category", ident) if ident is not None else None
    if component == "k2":
        return _k2_path(rest)
    return None


def _k2_path(parts: list[str]):
    if parts[0] == "item" and len(parts) >= 2:
        ident = _id(parts[-1])
        return ("k2_item", ident) if ident is not None else None
    if parts[0] == "itemlist" and len(parts) >= 3 and parts[1] == "category":
        ident = _id(parts[2])
        return ("k2_category", ident) if ident is not None else None
    return None


def url_target(href: str):
    """``old_target`` of a whole link (``http://old/index.php?...``, ``/a/b``...)."""
    split = urlsplit((href or "").strip())
    return old_target(split.path, split.query)


class MenuResolver:
    """``menu_path`` answers resolved with the site's menu and aliases.

    Built from rows of ``#__menu`` (site menu items of type ``component`` that link
    to an article or category view; their ``path`` is the SEF address), and of
    ``#__content``/``#__categories`` for the aliases: ``tin-tuc`` is the menu item,
    ``tin-tuc/hoi-nghi`` the article with alias ``hoi-nghi`` in that category (or its
    subcategories), ``tin-tuc/co-so`` a subcategory by its alias.
    """

    def __init__(self, menu_rows, article_rows=(), category_rows=()):
        self.items: dict[str, tuple[str, int]] = {}
        for row in menu_rows:
            if str(row.get("client_id", "0")) != "0" or row.get("type") != "component":
                continue
            if str(row.get("published", "1")) not in ("1",):
                continue
            target = _from_query(_lower_query(urlsplit(row.get("link") or "").query))
            if target and target[0] in ("article", "category"):
                path = "/".join(_segments(row.get("path") or row.get("alias") or ""))
                self.items.setdefault(path, target)
        self.categories: dict[int, tuple[int, str]] = {}
        self.category_by_alias: dict[tuple[int, str], int] = {}
        for row in category_rows:
            ident, parent = _id(row.get("id") or ""), _id(row.get("parent_id") or "")
            alias = _norm(row.get("alias"))
            if ident is not None:
                self.categories[ident] = (parent or 0, alias)
                self.category_by_alias[(parent or 0, alias)] = ident
        self.article_by_alias: dict[tuple[int, str], int] = {}
        self.article_alias: dict[int, str] = {}
        for row in article_rows:
            ident, catid = _id(row.get("id") or ""), _id(row.get("catid") or "")
            if ident is not None:
                alias = _norm(row.get("alias"))
                self.article_by_alias[(catid or 0, alias)] = ident
                self.article_alias[ident] = alias

    def resolve_url(self, path: str, query=None):
        """``old_target`` of an address, with the menu and aliases applied."""
        target = old_target(path, query)
        if target and target[0] == "article" and not _lower_query(query or {}):
            # /menu/9-hoat-dong-co-so is a subcategory when 9-... is not an article.
            last = _segments(path)[-1]
            alias = last.split("-", 1)[1] if "-" in last else ""
            ident = target[1]
            category = self.categories.get(ident)
            if category and alias and category[1] == alias:
                if self.article_alias.get(ident) != alias:
                    return ("category", ident)
        return self.resolve(target)

    def resolve(self, target):
        """An ``old_target`` answer with ``menu_path`` resolved; None if unknown."""
        if not target or target[0] != "menu_path":
            return target
        parts = target[1].split("/")
        for cut in range(len(parts), 0, -1):
            item = self.items.get("/".join(parts[:cut]))
            if item is None:
                continue
            rest = parts[cut:]
            if not rest:
                return item
            if item[0] == "category":
                return self._below(item[1], rest)
            return None
        return None

    def _below(self, category: int, rest: list[str]):
        for position, alias in enumerate(rest):
            last = position == len(rest) - 1
            if last:
                article = self._article_in(category, alias)
                if article is not None:
                    return ("article", article)
            child = self.category_by_alias.get((category, alias))
            if child is None:
                return None
            category = child
        return ("category", category)

    def _article_in(self, category: int, alias: str) -> int | None:
        found = self.article_by_alias.get((category, alias))
        if found is not None:
            return found
        for child, (parent, _) in self.categories.items():
            if parent == category:
                found = self._article_in(child, alias)
                if found is not None:
                    return found
        return None


def _norm(alias) -> str:
    return unicodedata.normalize("NFC", unquote(str(alias or ""))).strip().lower()


# --- Stored keys -------------------------------------------------------------------

_ID_KEYS = {
    "article": "/index.php?option=com_content&view=article&id={}",
    "category": "/index.php?option=com_content&view=category&id={}",
    "section": "/index.php?option=com_content&view=section&id={}",
    "k2_item": "/index.php?option=com_k2&view=item&id={}",
    "k2_category": "/index.php?option=com_k2&view=itemlist&task=category&id={}",
    "menu_item": "/index.php?Itemid={}",
}


def target_key(target) -> str | None:
    """The stored key of an ``old_target`` answer that carries an id."""
    if not target:
        return None
    kind, value = target
    if kind in _ID_KEYS:
        return _ID_KEYS[kind].format(value)
    if kind in ("image", "menu_path"):
        return path_key(value)
    return None


def path_key(path: str) -> str | None:
    """An address as it is stored: ``/a/b``, lower case, without ``index.php/``,
    ``.html`` or the trailing slash; None for the bare ``index.php`` or ``/``."""
    parts = _segments(path)
    if parts and parts[0] in ("index.php", "index2.php"):
        parts = parts[1:]
    return "/" + "/".join(parts) if parts else None


def legacy_keys(path: str, query=None) -> list[str]:
    """Keys to look an old address up by, the most specific first (one or two)."""
    keys = []
    own = path_key(path)
    if own is not None:
        keys.append(own)
    id_key = target_key(old_target(path, query))
    if id_key is not None and id_key not in keys:
        keys.append(id_key)
    return keys


def normalise_old_address(text: str) -> str | None:
    """The key an old address typed by staff is stored under (whole URLs too)."""
    split = urlsplit((text or "").strip())
    keys = legacy_keys(split.path, split.query)
    return keys[0] if keys and "\x00" not in keys[0] else None
