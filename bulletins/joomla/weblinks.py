"""``#__weblinks`` as the site's "Liên kết website" (``portal.WebsiteLink``).

Invariant: a link the old site did not show (unpublished, not approved, not
public, in an unpublished category, another language) is imported inactive; a
trashed one or one whose address is not a web address is left out; each is in
the report. Links are matched by their address, so a second run adds nothing
twice (``--update`` rewrites title, order and visibility). Few rows: each is
saved on its own, which also refreshes the cached block.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from portal.models import WebsiteLink

from .report import ImportReport, label
from .visibility import REASONS, TRASHED


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def import_weblinks(source, rules, report: ImportReport, *, write: bool, update: bool):
    if not source.has("weblinks"):
        return
    hidden_categories = {
        _int(row.get("id"))
        for row in source.rows("categories")
        if (row.get("extension") or row.get("section")) == "com_weblinks"
        and _int(row.get("published"), 1) != 1
    }
    existing = {link.url: link for link in WebsiteLink.objects.for_site()}
    rows = sorted(
        source.rows("weblinks"),
        key=lambda r: (
            _int(r.get("catid"), 0),
            _int(r.get("ordering"), 0),
            _int(r.get("id"), 0),
        ),
    )
    validate = URLValidator(schemes=["http", "https"])
    for position, row in enumerate(rows):
        title = (row.get("title") or "").strip()
        what = label("weblinks", row.get("id"), title)
        state = _int(row.get("state", row.get("published")), 0)
        if state == -2:
            report.count("weblinks", "skipped")
            report.add("skipped", what, REASONS[TRASHED])
            continue
        url = (row.get("url") or "").strip()
        if url and "://" not in url:
            url = "http://" + url.lstrip("/")
        try:
            validate(url)
        except ValidationError:
            report.count("weblinks", "skipped")
            report.add("skipped", what, f"địa chỉ không hợp lệ: {url[:100]}")
            continue
        reason = None
        if state != 1 or _int(row.get("approved"), 1) != 1:
            reason = "unpublished"
        elif _int(row.get("access"), None) not in rules.levels | {None}:
            reason = "access"
        elif _int(row.get("catid"), 0) in hidden_categories:
            reason = "category_unpublished"
        elif (row.get("language") or "*").lower() not in rules.languages:
            reason = "language"
        if reason:
            report.count("weblinks", "hidden")
            report.add("hidden", what, f"{REASONS[reason]} → liên kết ẩn")
        link = existing.get(url)
        if link is not None and not update:
            report.count("weblinks", "existing")
            continue
        link = link or WebsiteLink(url=url)
        report.count("weblinks", "updated" if link.pk else "created")
        link.title = (title or url)[:200]
        link.order = position
        link.is_active = reason is None
        if write:
            link.save()
        existing[url] = link
