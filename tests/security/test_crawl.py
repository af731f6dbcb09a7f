"""Crawl the demo site from the home page: every page a reader can reach answers
without a 5xx, leaks nothing and holds nothing the Content-Security-Policy would
block (inline scripts, event handlers, style attributes)."""

from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

from .test_battery import LEAKS, assert_no_active_markup

pytestmark = pytest.mark.django_db

MAX_PAGES = 80
SKIP_PREFIXES = ("/quan-tri/", "/media/", "/static/", "/ckeditor5/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def internal_links(html, base):
    parser = _Links()
    parser.feed(html)
    for href in parser.links:
        url = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(url)
        if parts.netloc in {"", "testserver"} and parts.scheme in {"", "http"}:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(SKIP_PREFIXES):
                yield path


def test_every_reachable_page_is_safe(client):
    call_command("seed_demo", stdout=StringIO())
    queue, seen, statuses = ["/"], set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        statuses[path] = response.status_code
        assert response.status_code < 500, path
        if response.status_code in {301, 302, 303}:
            queue.append(response["Location"])
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for leak in LEAKS:
            assert leak not in html, (path, leak)
        assert_no_active_markup(html, path)
        queue.extend(p for p in internal_links(html, f"http://testserver{path}"))
    assert len(seen) >= 20, statuses
    assert all(code < 400 for code in statuses.values()), {
        p: c for p, c in statuses.items() if c >= 400
    }
