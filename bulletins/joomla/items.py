"""One article of the old site (``#__content`` or ``#__k2_items``) as the fields of
an article or page of the new site.

Invariant: the status follows the old site's visibility (``visibility.py``): a
row a visitor could read becomes published (a scheduled one published at its
time, so it appears then and not before); every other row becomes a draft or is
withdrawn, never published; trashed rows are not imported. Dates are Joomla's
UTC, bounded to years 1900–2200 (``dates.py``). No models here: the importer
turns ``ItemFields`` into rows.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from portal.sanitize import plain_text

from .bodies import Body, images_json
from .dates import MAX_YEAR, bounded_datetime
from .visibility import (
    EXPIRED,
    LANGUAGE,
    SCHEDULED,
    TRASHED,
    UNPUBLISHED,
)

PUBLISHED, DRAFT, WITHDRAWN = "published", "draft", "withdrawn"
# Markup a plain-text lead would lose: links, lists, tables, headings, quotes.
_FORMATTED = re.compile(r"<(?:a\s[^>]*href|ul|ol|table|h[1-6]|blockquote)\b", re.I)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.I | re.S)
_LINK = re.compile(r"<a\b[^>]*\bhref\s*=\s*\"([^\"]*)\"[^>]*>(.*?)</a\s*>", re.I | re.S)


def _int(value, default=0):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


@dataclass
class ItemStub:
    """What the first pass keeps of a row: enough to plan slugs and addresses."""

    kind: str  # "content" or "k2"
    id: int
    title: str
    alias: str
    category: tuple[str, int] | None
    reason: str | None


def status_for(reason: str | None, *, other_languages: str = "draft") -> str | None:
    """The new status of a row hidden for ``reason``; None: not imported."""
    if reason is None or reason == SCHEDULED:
        return PUBLISHED
    if reason == TRASHED:
        return None
    if reason == LANGUAGE:
        return None if other_languages == "skip" else DRAFT
    if reason == UNPUBLISHED:
        return DRAFT
    return WITHDRAWN


@dataclass
class Featured:
    path: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class ItemFields:
    title: str
    lead: str
    body: str
    meta_description: str
    authors: str
    status: str
    published_at: datetime | None
    created_at: datetime | None
    is_featured: bool
    view_count: int
    featured: Featured | None
    tags: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    file_titles: dict[str, str] = field(default_factory=dict)  # new URL -> link text


def item_fields(
    row: dict,
    *,
    kind: str,
    body: Body,
    reason: str | None,
    authors: dict,
    now: datetime,
    other_languages: str = "draft",
) -> ItemFields:
    """The fields of one row, its body already converted."""
    notes = [(note.kind, note.detail) for note in body.notes]
    created, bad_created = bounded_datetime(row.get("created"))
    up, bad_up = bounded_datetime(row.get("publish_up"))
    down, bad_down = bounded_datetime(row.get("publish_down"))
    for bad, column in ((bad_created, "created"), (bad_up, "publish_up")):
        if bad:
            notes.append(("date", f"{column} = {row.get(column)}"))
    if bad_down and not str(row.get("publish_down") or "").startswith(str(MAX_YEAR)):
        year = str(row.get("publish_down") or "")[:4]
        if not (year.isdigit() and int(year) > MAX_YEAR):  # 9999: "never expires"
            notes.append(("date", f"publish_down = {row.get('publish_down')}"))
    published_at = up or created or now
    if down and reason is None:
        notes.append(("expires", down.strftime("%d/%m/%Y %H:%M")))
    status = status_for(reason, other_languages=other_languages)
    if reason == EXPIRED:
        status = WITHDRAWN

    intro, text, lead = body.intro_html, body.html, body.lead
    paragraphs = [p for p in _PARAGRAPH.findall(intro) if plain_text(p)]
    if lead and (_FORMATTED.search(intro) or len(paragraphs) > 1):
        # The plain lead would lose the intro's links or lists: keep them too.
        text = intro + "\n" + body.full_html
        notes.append(("intro_kept", ""))
    author = (row.get("created_by_alias") or "").strip() or authors.get(
        str(row.get("created_by")), ""
    )
    return ItemFields(
        title=(row.get("title") or "").strip()[:300],
        lead=lead[:5000],
        body=text,
        meta_description=_meta_description(row),
        authors=author[:300],
        status=status or DRAFT,
        published_at=published_at,
        created_at=created,
        is_featured=_int(row.get("featured")) == 1,
        view_count=max(_int(row.get("hits")), 0),
        featured=_featured(row, kind),
        notes=notes,
        file_titles=_file_titles(text),
    )


def _meta_description(row) -> str:
    text = plain_text(row.get("metadesc") or "")
    if len(text) > 300:
        text = text[:299].rsplit(" ", 1)[0] + "…"
    return text


def _featured(row, kind) -> Featured | None:
    if kind == "k2":
        return None  # K2's photo lies in media/k2/items (see k2_image_paths)
    images = images_json(row.get("images"))
    for part in ("fulltext", "intro"):
        src = (images.get(f"image_{part}") or "").split("#", 1)[0].strip()
        if src:
            return Featured(
                path=src,
                alt=(images.get(f"image_{part}_alt") or "").strip(),
                caption=(images.get(f"image_{part}_caption") or "").strip(),
            )
    return None


def _file_titles(html: str) -> dict[str, str]:
    return {href: plain_text(text)[:400] for href, text in _LINK.findall(html)}


def k2_image_paths(item_id: int) -> list[str]:
    """Where K2 keeps an item's photo: the original, then its largest copies."""
    digest = hashlib.md5(f"Image{item_id}".encode(), usedforsecurity=False).hexdigest()
    return [
        f"media/k2/items/src/{digest}.jpg",
        *(f"media/k2/items/cache/{digest}_{size}.jpg" for size in ("XL", "L", "M")),
    ]


def k2_image_addresses(item_id: int) -> list[str]:
    """Every address the old site served the item's photo at."""
    digest = hashlib.md5(f"Image{item_id}".encode(), usedforsecurity=False).hexdigest()
    sizes = ("XS", "S", "M", "L", "XL", "Generic")
    return [
        f"/media/k2/items/src/{digest}.jpg",
        *(f"/media/k2/items/cache/{digest}_{size}.jpg" for size in sizes),
    ]


def k2_extra_notes(row) -> list[tuple[str, str]]:
    notes = []
    try:
        extra = json.loads(row.get("extra_fields") or "[]")
    except ValueError:
        extra = []
    if isinstance(extra, list) and extra:
        notes.append(("k2_extra_fields", str(len(extra))))
    gallery = (row.get("gallery") or "").strip()
    if gallery:
        notes.append(("k2_gallery", gallery[:120]))
    return notes


def metakey_tags(value: str | None, limit: int = 10) -> list[str]:
    """Tags from Joomla's meta keywords (comma separated), for sites without tags."""
    names = []
    for part in (value or "").replace(";", ",").split(","):
        name = " ".join(part.split())
        if 1 < len(name) <= 100 and name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names[:limit]


def without_leading_photo(body: str, url: str) -> str:
    """``body`` without the photo ``url`` when it is the first thing in it."""
    src = re.escape(html.escape(url, quote=True)) + "|" + re.escape(url)
    photo = re.compile(
        r"^\s*(?:<p>\s*)?(?:<figure\b[^>]*>\s*)?<img\b[^>]*\bsrc\s*=\s*[\"'](?:"
        + src
        + r")[\"'][^>]*>(?:\s*<figcaption>.*?</figcaption>)?\s*(?:</figure>)?"
        r"\s*(?:</p>)?\s*",
        re.I | re.S,
    )
    return photo.sub("", body, count=1)
