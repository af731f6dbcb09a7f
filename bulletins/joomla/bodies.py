"""An article's Joomla HTML made fit for the new site, with a list of what changed.

Invariant: nothing in a body disappears silently. Every video, plugin tag, image,
linked file and internal link is either converted (a video marker, a new address
from a callback) or left as it was, and each removal, conversion and miss is one
``Note`` in the result, so the import report can list them with the article. The
rest of the markup is left byte for byte (tags are rewritten in place, not parsed
and re-serialized): sanitizing is the model's job when it saves.

The model-writing part passes three callbacks: ``resolve_image(path)``,
``resolve_file(path)`` (path relative to the site folder, ``images/tin tuc/ảnh.jpg``,
decoded) and ``resolve_article(id)``; each returns the new URL or None. Optional:
``resolve_target((kind, value))`` for categories, K2 items and menu paths.

Videos become ``<figure class="joomla-video" data-video="youtube:ID"><a href=
"https://www.youtube.com/watch?v=ID">...</a></figure>``: the later part turns the
marker into the site's embed; left alone it is still a working link.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from portal.sanitize import VIDEO_FIGURE_CLASS, plain_text

from .files import is_document, relative_path
from .urls_old import url_target

VIDEO_CLASS = VIDEO_FIGURE_CLASS
READMORE = re.compile(r"<hr\b[^>]*\bid\s*=\s*[\"']system-readmore[\"'][^>]*>", re.I)
PAGEBREAK = re.compile(
    r"<hr\b[^>]*\bclass\s*=\s*[\"']system-pagebreak[\"'][^>]*>", re.I
)
_IFRAME = re.compile(
    r"<(iframe|object|embed)\b(?P<attrs>[^>]*)>(?:.*?</\1\s*>)?", re.I | re.S
)
_TAG = re.compile(r"<(?P<name>img|a)\b(?P<attrs>[^>]*)>", re.I)
_ATTR = re.compile(
    r"""(?P<key>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
)
_PLUGIN = re.compile(
    r"\{(?P<name>[a-zA-Z][\w-]*)(?P<args>(?:[ =][^{}]*)?)\}"
    r"(?:(?P<inner>[^{}]*)\{/(?P=name)\})?"
)
_YOUTUBE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|v/|watch\?(?:.*&)?v=)|youtu\.be/)"
    r"(?P<id>[\w-]{6,})",
    re.I,
)
_VIMEO = re.compile(r"vimeo\.com/(?:video/)?(?P<id>\d+)", re.I)
_BARE_ID = re.compile(r"^[\w-]{6,}$")
_IMG_SRC_ROOTS = ("images/",)
_FILE_ROOTS = ("images/", "files/", "docs/", "documents/", "tai-lieu/", "uploads/")
_CONTENTLESS = {"loadposition", "loadmodule", "loadmoduleid", "jcomments", "mosimage"}
_VIDEO_PLUGINS = {"youtube": "youtube", "vimeo": "vimeo"}


@dataclass
class Note:
    kind: str  # video, plugin_removed, gallery, image_missing, file, ...
    detail: str


@dataclass
class Body:
    html: str  # the article body: intro photos + full text, or the intro
    intro_html: str  # the intro, converted, as formatted HTML
    lead: str  # plain text of the intro when there is a full text, else ""
    full_html: str = ""  # the full text alone, converted
    notes: list[Note] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # paths found (or not)
    files: list[str] = field(default_factory=list)  # documents to copy
    videos: list[str] = field(default_factory=list)  # watch URLs


def video_url(provider: str, ident: str) -> str:
    if provider == "youtube":
        return f"https://www.youtube.com/watch?v={ident}"
    return f"https://vimeo.com/{ident}"


def video_marker(provider: str, ident: str) -> str:
    url = video_url(provider, ident)
    return (
        f'<figure class="{VIDEO_CLASS}" data-video="{provider}:{ident}">'
        f'<a href="{url}">{url}</a></figure>'
    )


def _video(src: str) -> tuple[str, str] | None:
    match = _YOUTUBE.search(src)
    if match:
        return "youtube", match.group("id")
    match = _VIMEO.search(src)
    if match:
        return "vimeo", match.group("id")
    return None


def _attrs(text: str) -> dict[str, str]:
    return {
        m["key"].lower(): html.unescape(m["dq"] or m["sq"] or m["bare"] or "")
        for m in _ATTR.finditer(text)
    }


class BodyConverter:
    """Converts bodies of one site (its old domains and callbacks fixed)."""

    def __init__(
        self,
        *,
        resolve_image: Callable[[str], str | None],
        resolve_article: Callable[[int], str | None],
        resolve_file: Callable[[str], str | None],
        resolve_target: Callable[[tuple], str | None] | None = None,
        old_domains: tuple[str, ...] = (),
    ):
        self.resolve_image = resolve_image
        self.resolve_article = resolve_article
        self.resolve_file = resolve_file
        self.resolve_target = resolve_target or (lambda target: None)
        self.old_domains = {d.lower().removeprefix("www.") for d in old_domains}

    def convert(
        self, introtext: str, fulltext: str = "", *, legacy_images: str = ""
    ) -> Body:
        """Both parts of an article; ``legacy_images`` is Joomla 1.5's ``images``."""
        introtext, fulltext = introtext or "", fulltext or ""
        if not fulltext.strip():
            split = READMORE.split(introtext, 1)
            if len(split) == 2:
                introtext, fulltext = split
        else:
            introtext = READMORE.sub("", introtext)
        body = Body(html="", intro_html="", lead="")
        mosimages = [line for line in (legacy_images or "").splitlines() if line]
        intro = self._part(introtext, body, mosimages)
        full = self._part(fulltext, body, mosimages)
        body.intro_html = intro
        body.full_html = full
        if full.strip():
            body.lead = plain_text(intro)
            photos = [p for p in _FIGURE_OR_IMG.findall(intro) if p not in full]
            body.html = (
                "".join(p if p.startswith("<figure") else f"<p>{p}</p>" for p in photos)
                + full
            )
        else:
            body.html = intro
        return body

    # --- One part ----------------------------------------------------------------------

    def _part(self, text: str, body: Body, mosimages: list[str]) -> str:
        text = PAGEBREAK.sub("", text)
        text = _IFRAME.sub(lambda m: self._embed(m, body), text)
        text = _PLUGIN.sub(lambda m: self._plugin(m, body, mosimages), text)
        text = _TAG.sub(lambda m: self._tag(m, body), text)
        # A marker alone in a paragraph replaces it (a figure may not sit in a <p>);
        # a paragraph left empty by a removed tag goes.
        text = _WRAPPED_VIDEO.sub(r"\1", text)
        return _EMPTY_P.sub("", text).strip()

    def _embed(self, match, body: Body) -> str:
        attrs = _attrs(match["attrs"])
        src = attrs.get("src") or attrs.get("data") or ""
        if not src:
            inner = re.search(r"""(?:value|src)\s*=\s*["']([^"']+)""", match.group(0))
            src = inner.group(1) if inner else ""
        video = _video(src)
        if video:
            body.videos.append(video_url(*video))
            body.notes.append(Note("video", f"{video[0]}:{video[1]}"))
            return video_marker(*video)
        if src:
            body.notes.append(Note("embed_link", src))
            safe = html.escape(src)
            return f'<p><a href="{safe}">{safe}</a></p>'
        body.notes.append(Note("embed_removed", match.group(0)[:120]))
        return ""

    def _plugin(self, match, body: Body, mosimages: list[str]) -> str:
        name = match["name"].lower()
        inner = (match["inner"] or "").strip()
        if name in _VIDEO_PLUGINS and inner:
            video = _video(inner) or (
                (_VIDEO_PLUGINS[name], inner) if _BARE_ID.match(inner) else None
            )
            if video:
                body.videos.append(video_url(*video))
                body.notes.append(Note("video", f"{video[0]}:{video[1]}"))
                return video_marker(*video)
        if name == "mosimage" and mosimages:
            return self._mosimage(mosimages.pop(0))
        if name == "gallery" and inner:
            body.notes.append(Note("gallery", inner))
            return ""
        body.notes.append(Note("plugin_removed", match.group(0)[:200]))
        if match["inner"] is not None and name not in _CONTENTLESS:
            return match["inner"]  # e.g. {tab ...}text{/tab}: keep the text
        return ""

    @staticmethod
    def _mosimage(line: str) -> str:
        # Joomla 1.5: file|align|alt|border|caption|caption position|align|width
        fields = (line.split("|") + [""] * 8)[:8]
        src = "images/stories/" + fields[0].strip().lstrip("/")
        alt, caption = html.escape(fields[2].strip()), html.escape(fields[4].strip())
        img = f'<img src="{html.escape(src)}" alt="{alt}">'
        if caption:
            return f"<figure>{img}<figcaption>{caption}</figcaption></figure>"
        return img

    # --- Images and links ---------------------------------------------------------------

    def _local(self, url: str) -> str | None:
        """The path of a link to the old site, or None for another site's link."""
        split = urlsplit(url.strip())
        if split.scheme and split.scheme not in ("http", "https"):
            return None
        host = (split.hostname or "").lower().removeprefix("www.")
        if host and host not in self.old_domains:
            return None
        return url if not host else url.split(split.netloc, 1)[1] or "/"

    def _tag(self, match, body: Body) -> str:
        tag, raw = match["name"].lower(), match["attrs"]
        key = "src" if tag == "img" else "href"
        attrs = _attrs(raw)
        url = attrs.get(key)
        if not url:
            return match.group(0)
        local = self._local(url)
        if local is None:
            return match.group(0)
        new = self._image(local, body) if tag == "img" else self._link(local, body)
        if new is None:
            return match.group(0)
        return "<" + match["name"] + _replace_attr(raw, key, new) + ">"

    def _image(self, local: str, body: Body) -> str | None:
        path = relative_path(local)
        if path is None or not path.lower().startswith(_IMG_SRC_ROOTS):
            if path is not None:
                body.notes.append(Note("image_outside", local))
            return None
        body.images.append(path)
        new = self.resolve_image(path)
        if new is None:
            body.notes.append(Note("image_missing", path))
        return new

    def _link(self, local: str, body: Body) -> str | None:
        path = relative_path(local)
        if path and is_document(path) and path.lower().startswith(_FILE_ROOTS):
            body.files.append(path)
            new = self.resolve_file(path)
            body.notes.append(Note("file" if new else "file_missing", path))
            return new
        if local.startswith("#") or local.lower().startswith("mailto:"):
            return None
        target = url_target(local)
        if target is None:
            return None
        if target[0] == "article":
            new = self.resolve_article(target[1])
        elif target[0] == "image":
            new = self.resolve_image(relative_path(target[1]) or target[1])
        else:
            new = self.resolve_target(target)
        if new is None:
            body.notes.append(Note("link_unresolved", local))
        return new


_WRAPPED_VIDEO = re.compile(
    r"<p>\s*(<figure class=\"" + VIDEO_CLASS + r"\"[^>]*><a [^>]*>[^<]*</a></figure>)"
    r"\s*</p>"
)
_EMPTY_P = re.compile(r"<p>(?:\s|&nbsp;|\xa0)*</p>\s*")
_FIGURE_OR_IMG = re.compile(r"<figure\b.*?</figure>|<img\b[^>]*>", re.I | re.S)


def _replace_attr(raw: str, key: str, value: str) -> str:
    pattern = re.compile(
        r"""(\b""" + key + r"""\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I
    )
    return pattern.sub(
        lambda m: m.group(1) + '"' + html.escape(value, quote=True) + '"', raw, 1
    )


def images_json(value: str | None) -> dict:
    """Joomla 2.5+'s ``images`` column (intro/full photo, alt, caption) as a dict."""
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
