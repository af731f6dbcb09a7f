"""Allow-list sanitizing of stored rich text with nh3.

Every rich-text field is cleaned when saved, whatever the browser sent: CKEditor 5
stores what it is given, so the server is the only place this can be enforced.
"""

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
    "figure": {"class"},
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
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _attribute_filter(tag, attribute, value):
    if tag == "figure" and attribute == "class":
        kept = [c for c in value.split() if c in ALLOWED_FIGURE_CLASSES]
        return " ".join(kept) or None
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


def plain_text(html):
    """Text content of ``html`` with every tag removed (for search and summaries)."""
    return nh3.clean(html or "", tags=set()).strip()
