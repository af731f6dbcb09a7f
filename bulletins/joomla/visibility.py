"""Could an anonymous reader see this article on the old site? A reason when not.

Invariant: an article counts as public only if Joomla itself would have shown it to
a visitor who is not logged in, reading the site in its own language; every other
row gets exactly one reason code (the first that applies, in the order below), so
the import can keep it unpublished and say why. Nothing here writes or guesses:
the later import decides what to do with a hidden row.

Joomla's rules, all versions (1.5 has sections above categories and calls the
public access level 0; 1.6+ has view levels, where Public is level 1 and a
"Guest" level is shown only to visitors who are not logged in, so it is public
too):
- ``state``: 1 published, 2 archived (public, in the archive), 0 unpublished,
  -2 trashed; K2 adds ``trash = 1``;
- ``access``: the article's view level, and its category's, must be public;
- the category, its section (1.5) and every ancestor must be published
  (``published`` 1 or 2 for categories; 0 or -2 hides everything below);
- ``language``: ``*`` (all) or the site's language (``vi-VN``); an English article
  is kept out of the Vietnamese news;
- ``publish_up`` in the future: scheduled; ``publish_down`` in the past: expired.
Joomla stores these dates in UTC; ``now`` must be an aware datetime.
"""

import json
from collections.abc import Iterable
from datetime import UTC, datetime

TRASHED = "trashed"
UNPUBLISHED = "unpublished"
ACCESS = "access"
CATEGORY_MISSING = "category_missing"
CATEGORY_TRASHED = "category_trashed"
CATEGORY_UNPUBLISHED = "category_unpublished"
ANCESTOR_UNPUBLISHED = "ancestor_unpublished"
SECTION_UNPUBLISHED = "section_unpublished"
CATEGORY_ACCESS = "category_access"
LANGUAGE = "language"
SCHEDULED = "scheduled"
EXPIRED = "expired"

# What the import report says for each reason.
REASONS = {
    TRASHED: "đã ở thùng rác trên website cũ",
    UNPUBLISHED: "chưa xuất bản trên website cũ",
    ACCESS: "chỉ dành cho người đăng nhập trên website cũ",
    CATEGORY_MISSING: "chuyên mục không còn trên website cũ",
    CATEGORY_TRASHED: "chuyên mục đã ở thùng rác",
    CATEGORY_UNPUBLISHED: "chuyên mục chưa xuất bản",
    ANCESTOR_UNPUBLISHED: "chuyên mục cha chưa xuất bản",
    SECTION_UNPUBLISHED: "mục (section) chưa xuất bản",
    CATEGORY_ACCESS: "chuyên mục chỉ dành cho người đăng nhập",
    LANGUAGE: "bài viết bằng ngôn ngữ khác",
    SCHEDULED: "hẹn giờ đăng sau thời điểm nhập",
    EXPIRED: "đã hết hạn hiển thị",
}

NULL_DATES = {"", "0000-00-00 00:00:00", "0000-00-00", "null", "none"}


def joomla_datetime(value: str | None) -> datetime | None:
    """A Joomla date column (UTC) as an aware datetime; None for its null dates."""
    text = (value or "").strip()
    if text.lower() in NULL_DATES or text.startswith("0000"):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("T", " ").removesuffix("Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def public_levels(
    viewlevels: Iterable[dict] = (),
    usergroups: Iterable[dict] = (),
    *,
    series: str = "",
) -> set[int]:
    """Access levels a visitor who is not logged in may read."""
    if series == "1.5":
        return {0}
    groups = list(usergroups)
    public_groups = {_int(g.get("id")) for g in groups if _int(g.get("parent_id")) == 0}
    guest_groups = {
        _int(g.get("id"))
        for g in groups
        if (g.get("title") or "").strip().lower() in ("guest", "khách")
    }
    readable = (public_groups or {1}) | guest_groups
    levels = set()
    for level in viewlevels:
        try:
            rules = json.loads(level.get("rules") or "[]")
        except ValueError:
            rules = []
        ids = {_int(r) for r in rules} if isinstance(rules, list) else set()
        title = (level.get("title") or "").strip().lower()
        if ids & readable or (not groups and title in ("guest", "khách")):
            levels.add(_int(level.get("id")))
    return levels or {1}


class VisibilityRules:
    """The old site's rules, built once from its categories and view levels."""

    def __init__(
        self,
        *,
        categories: Iterable[dict],
        now: datetime,
        levels: set[int] | None = None,
        languages: Iterable[str] = ("*", "vi-VN"),
        sections: Iterable[dict] = (),
        category_parent: str = "parent_id",
    ):
        self.now = now
        self.levels = levels if levels is not None else {1}
        self.languages = {lang.lower() for lang in languages} | {"*", ""}
        self.categories = {_int(c.get("id")): c for c in categories}
        self.sections = {_int(s.get("id")): s for s in sections}
        self.parent = category_parent
        self._category_reason: dict[int | None, str | None] = {}

    @classmethod
    def from_source(cls, source, *, now: datetime, language: str = "vi-VN"):
        levels = public_levels(
            source.rows("viewlevels"), source.rows("usergroups"), series=source.series
        )
        return cls(
            categories=source.rows("categories"),
            sections=source.rows("sections"),
            levels=levels,
            now=now,
            languages=("*", language),
        )

    @classmethod
    def for_k2(cls, source, *, now: datetime, language: str = "vi-VN"):
        levels = public_levels(
            source.rows("viewlevels"), source.rows("usergroups"), series=source.series
        )
        return cls(
            categories=source.rows("k2_categories"),
            levels=levels,
            now=now,
            languages=("*", language),
            category_parent="parent",
        )

    # --- Categories --------------------------------------------------------------------

    def category_reason(self, category_id) -> str | None:
        """Why the category hides its articles (itself or an ancestor), or None."""
        key = _int(category_id)
        if key not in self._category_reason:
            self._category_reason[key] = self._walk(key)
        return self._category_reason[key]

    def _walk(self, key: int | None) -> str | None:
        category = self.categories.get(key)
        if category is None:
            return CATEGORY_MISSING
        own = self._own_category_reason(category)
        if own:
            return own
        seen = {key}
        parent = _int(category.get(self.parent), 0)
        while parent and parent not in seen and parent in self.categories:
            seen.add(parent)
            ancestor = self.categories[parent]
            if _int(ancestor.get("level"), 1) == 0 or ancestor.get("alias") == "root":
                break
            if self._own_category_reason(ancestor):
                return ANCESTOR_UNPUBLISHED
            parent = _int(ancestor.get(self.parent), 0)
        return None

    def _own_category_reason(self, category: dict) -> str | None:
        if _int(category.get("trash"), 0) == 1:
            return CATEGORY_TRASHED
        state = _int(category.get("published"), 1)
        if state == -2:
            return CATEGORY_TRASHED
        if state not in (1, 2):
            return CATEGORY_UNPUBLISHED
        if _int(category.get("access"), None) not in self.levels | {None}:
            return CATEGORY_ACCESS
        if (category.get("language") or "*").lower() not in self.languages:
            return LANGUAGE
        section = _int(category.get("section"), None)
        if self.sections and section in self.sections:
            sec = self.sections[section]
            if _int(sec.get("published"), 1) != 1 or _int(
                sec.get("access"), 0
            ) not in self.levels | {None}:
                return SECTION_UNPUBLISHED
        return None

    # --- Articles ----------------------------------------------------------------------

    def article_reason(self, row: dict) -> str | None:
        """None when the article was public; else the first reason it was not."""
        if _int(row.get("trash"), 0) == 1:
            return TRASHED
        state = _int(row.get("state", row.get("published")), 0)
        if state == -2:
            return TRASHED
        if state not in (1, 2):
            return UNPUBLISHED
        # A table export without the access column says nothing about it (as for
        # categories): Joomla's default level, Public.
        if "access" in row and _int(row.get("access"), None) not in self.levels:
            return ACCESS
        # Joomla 1.5's uncategorised ("static") content has section and category 0.
        static = "sectionid" in row and not _int(row.get("catid"), 0)
        reason = None if static else self.category_reason(row.get("catid"))
        if reason:
            return reason
        if (row.get("language") or "*").lower() not in self.languages:
            return LANGUAGE
        up = joomla_datetime(row.get("publish_up"))
        if up and up > self.now:
            return SCHEDULED
        down = joomla_datetime(row.get("publish_down"))
        if down and down <= self.now:
            return EXPIRED
        return None

    def is_public(self, row: dict) -> bool:
        return self.article_reason(row) is None
