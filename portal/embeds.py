"""YouTube videos played in the page, without YouTube's cookies.

A video is embedded from ``www.youtube-nocookie.com`` (YouTube's privacy-enhanced
mode: no cookie is set before the reader plays it), and only on the pages that show
one: such a page's Content-Security-Policy allows frames from that one host
(``allow_video_frames``), every other page allows none. Under the player a link to
the video on YouTube stays, for readers without JavaScript or with the player
blocked.

Videos come from two places:

- a congress video given as a YouTube link (``youtube_id``);
- the marker the Joomla import leaves in an article body where the old site had a
  video: ``<figure class="joomla-video" data-video="youtube:ID"><a href=
  "https://www.youtube.com/watch?v=ID">…</a></figure>``. The sanitizer keeps that
  figure only in exactly that shape (``portal.sanitize``); ``render_video_markers``
  turns it into the player when the page is shown.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy

from .security import PERMISSIONS_POLICY

EMBED_ORIGIN = "https://www.youtube-nocookie.com"
MARKER_CLASS = "joomla-video"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")

_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
_PATH_PREFIXES = ("/embed/", "/shorts/", "/live/", "/v/")

# What the player may do on a page that embeds it (the rest of the site's
# Permissions-Policy stays as it is).
_EMBED_PERMISSIONS = {
    "encrypted-media": f'("{EMBED_ORIGIN}")',
    "fullscreen": f'(self "{EMBED_ORIGIN}")',
    "picture-in-picture": f'("{EMBED_ORIGIN}")',
}


def youtube_id(url):
    """The video id of a YouTube address (watch, youtu.be, embed, shorts, live), or
    None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.lstrip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            for prefix in _PATH_PREFIXES:
                if parts.path.startswith(prefix):
                    candidate = parts.path[len(prefix) :].split("/")[0]
    if candidate and VIDEO_ID.match(candidate):
        return candidate
    return None


def watch_url(video_id):
    return f"https://www.youtube.com/watch?v={video_id}"


def embed_url(video_id):
    return f"{EMBED_ORIGIN}/embed/{video_id}"


def player_html(video_id, title):
    """The player of one video, with a link to it on YouTube underneath."""
    name = html.escape(title or "", quote=True)
    frame_title = f"Video: {name}" if name else "Video trên YouTube"
    link_text = f"Xem video “{name}” trên YouTube" if name else "Xem video trên YouTube"
    return (
        '<figure class="video-embed">'
        f'<iframe class="video-embed__frame" src="{embed_url(video_id)}" '
        f'title="{frame_title}" width="560" height="315" loading="lazy" '
        'allow="encrypted-media; fullscreen; picture-in-picture" allowfullscreen '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'sandbox="allow-scripts allow-same-origin allow-presentation allow-popups">'
        "</iframe>"
        f'<figcaption><a href="{watch_url(video_id)}" rel="noopener noreferrer '
        f'external">{link_text}</a></figcaption>'
        "</figure>"
    )


# A marker as the sanitizer leaves it: the figure and its one link.
_MARKER_RE = re.compile(
    r'<figure class="joomla-video" data-video="youtube:(?P<id>[A-Za-z0-9_-]{11})">'
    r'<a href="(?P<href>[^"]*)"[^>]*>(?P<text>[^<]*)</a></figure>'
)


def has_video_marker(body):
    return bool(body) and _MARKER_RE.search(body) is not None


def render_video_markers(body):
    """``body`` with every video marker turned into the player."""
    if not body or MARKER_CLASS not in body:
        return body

    def player(match):
        video_id = match.group("id")
        text = html.unescape(match.group("text")).strip()
        title = "" if text.startswith("http") else text
        return player_html(video_id, title)

    return _MARKER_RE.sub(player, body)


def allow_video_frames_for(response, *bodies):
    """``allow_video_frames`` when any of the rich-text ``bodies`` holds a video."""
    if any(has_video_marker(body) for body in bodies):
        allow_video_frames(response)
    return response


def allow_video_frames(response):
    """Let ``response`` (a page that embeds a video) load frames from the embed
    host only. The policy is written on the response itself, so a copy of the page
    served from the page cache carries it too."""
    response[CSP_HEADER] = build_policy(update={"frame-src": [EMBED_ORIGIN]})
    response["Permissions-Policy"] = ", ".join(
        f"{name}={_EMBED_PERMISSIONS[name]}" if name in _EMBED_PERMISSIONS else item
        for item in PERMISSIONS_POLICY.split(", ")
        for name in [item.split("=", 1)[0]]
    )
    return response
