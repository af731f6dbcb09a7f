"""Allow-list sanitizing of stored rich text with nh3.

Every rich-text field is cleaned when saved, whatever the browser sent: CKEditor 5
stores what it is given, so the server is the only place this can be enforced.
"""

import re
from html import unescape as html_unescape
from urllib.parse import unquote

import nh3

from .text import nfc

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "code",
    "pre",
    "span",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "audio",
    "video",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "figure": {"class", "data-video"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type", "reversed"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "width", "height", "poster"},
    "span": {"lang"},
    "p": {"lang"},
}
# Classes CKEditor 5 puts on figures; nothing else may set a class.
ALLOWED_FIGURE_CLASSES = {
    "image",
    "table",
    "image_resized",
    "image-style-side",
    "image-style-align-left",
    "image-style-align-right",
    "image-style-align-center",
    "image-style-block-align-left",
    "image-style-block-align-right",
}
# A video imported from an old site is kept as a marker around a plain link:
# <figure class="joomla-video" data-video="youtube:ID"><a href=...>...</a></figure>
# (docs/migration.md, "Videos"); templates may turn it into an embedded player.
VIDEO_FIGURE_CLASS = "joomla-video"
VIDEO_REFERENCE = re.compile(r"^(?:youtube:[\w-]{6,20}|vimeo:\d{1,12})$")
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "poster"}
# Characters browsers drop or that have no place in a URL we keep.
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\ufffd\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def safe_url(value):
    """``value`` if it is relative or uses an allowed scheme, else None.

    nh3 already checks the scheme as a browser parses it; this second look also
    decodes entities and percent-escapes and drops invisible characters, so
    ``%6Aavascript:`` or a NUL-prefixed ``javascript:`` never survive either.
    """
    if any(ch in value for ch in "\x00\ufffd"):
        return None
    probe = value
    for _ in range(3):
        probe = unquote(html_unescape(probe))
    probe = _URL_JUNK.sub("", probe).lower()
    match = _SCHEME.match(probe)
    if match and match.group(1) not in URL_SCHEMES:
        return None
    return value


def _safe_srcset(value):
    candidates = [c.strip() for c in value.split(",") if c.strip()]
    if not candidates or any(safe_url(c.split()[0]) is None for c in candidates):
        return None
    return value


def _attribute_filter(tag, attribute, value):
    if attribute in URL_ATTRIBUTES:
        return safe_url(value)
    if attribute == "srcset":
        return _safe_srcset(value)
    if tag == "figure" and attribute == "class":
        allowed = ALLOWED_FIGURE_CLASSES | {VIDEO_FIGURE_CLASS}
        kept = [c for c in value.split() if c in allowed]
        return " ".join(kept) or None
    if attribute == "data-video":
        return value if VIDEO_REFERENCE.match(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if value.isdigit() and len(value) <= 5 else None
    return value


def clean_html(html):
    """Return ``html`` reduced to the allow-list, NFC-normalized."""
    if not html:
        return ""
    return nh3.clean(
        nfc(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_BLOCK_END_RE = re.compile(
    r"<(?:/p|br|/li|/h[1-6]|/div|/td|/th|/tr|/figcaption|/blockquote)\b", re.I
)
_SPACES_RE = re.compile(r"\s+")


def plain_text(html):
    """Text content of ``html`` with every tag removed (for search and summaries).

    Block elements are separated by a space, so the last word of one paragraph is
    not glued to the first word of the next; entities are decoded.
    """
    spaced = _BLOCK_END_RE.sub(r" \g<0>", html or "")
    text = html_unescape(nh3.clean(spaced, tags=set()))
    return _SPACES_RE.sub(" ", text).strip()
