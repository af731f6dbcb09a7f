"""How a stored rich-text body is shown to readers.

Bodies are sanitized when saved (``portal.sanitize``); on the way to the page:

- photos are offered in renditions sized for the column (``images``);
- video markers become the privacy-enhanced player (``embeds``);
- each table is put in a box that scrolls sideways on its own when the table is
  wider than the screen (never the page), and that box can take the keyboard
  focus and is named, so keyboard users can scroll it too (WCAG 2.1.1).
"""

import re

from . import embeds, images

_TABLE_RE = re.compile(r"<table\b.*?</table>", re.S)
FIGURE = '<figure class="table">'
BOX = 'role="region" tabindex="0" aria-label="Bảng"'


def render_tables(body):
    """Every table in a named, focusable box that scrolls on its own."""
    if not body or "<table" not in body:
        return body
    parts, last = [], 0
    for match in _TABLE_RE.finditer(body):
        before = body[last : match.start()]
        if before.endswith(FIGURE):
            # CKEditor's own wrapper becomes the box.
            before = before[: -len(FIGURE)]
            parts.append(f'{before}<figure class="table table-scroll" {BOX}>')
            parts.append(match.group(0))
        else:
            parts.append(before)
            parts.append(f'<div class="table-scroll" {BOX}>{match.group(0)}</div>')
        last = match.end()
    parts.append(body[last:])
    return "".join(parts)


def render(body):
    """The HTML of a stored body as readers get it."""
    return render_tables(
        embeds.render_video_markers(images.render_body_images(body or ""))
    )
