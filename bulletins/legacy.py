"""Addresses of the old Joomla site, redirected (301) to the imported pages.

Joomla 3/4 links to an article in several shapes; ``normalise_old_path`` turns each
into the key stored in ``LegacyRedirect.old_path``:

- ``/index.php?option=com_content&view=article&id=12&catid=3&Itemid=101``
  (also ``id=12:slug``) → ``/index.php?option=com_content&view=article&id=12``
- ``/index.php?option=com_content&view=category&id=3``
  → ``/index.php?option=com_content&view=category&id=3``
- ``/index.php/12-slug`` and ``/index.php/menu/12-slug`` → ``/index.php/12-slug``
- ``/category/path/12-slug.html`` (Joomla's SEF address with the category path)
  → the same path

Unknown addresses get the site's Vietnamese 404 page.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect

from .models import LegacyRedirect

_ID = re.compile(r"^(\d+)")


def article_keys(*, legacy_id: int, alias: str, category_path: str) -> list[str]:
    """The old addresses of a Joomla article, as stored keys."""
    keys = [
        f"/index.php?option=com_content&view=article&id={legacy_id}",
        f"/index.php/{legacy_id}-{alias}".lower(),
    ]
    if category_path:
        keys.append(f"/{category_path}/{legacy_id}-{alias}.html".lower())
    return keys


def category_keys(*, legacy_id: int, alias: str) -> list[str]:
    return [
        f"/index.php?option=com_content&view=category&id={legacy_id}",
        f"/index.php/{alias}".lower(),
    ]


def normalise_old_path(path: str, query) -> str | None:
    path = "/" + path.strip("/").lower()
    if path == "/index.php":
        if query.get("option") != "com_content":
            return None
        view = query.get("view", "")
        match = _ID.match(query.get("id", ""))
        if view not in ("article", "category") or not match:
            return None
        return f"/index.php?option=com_content&view={view}&id={int(match.group(1))}"
    if path.startswith("/index.php/"):
        last = path.rsplit("/", 1)[1]
        if _ID.match(last):
            return f"/index.php/{last.removesuffix('.html')}"
        return path
    return path


def legacy_redirect(request, **kwargs):
    key = normalise_old_path(request.path, request.GET)
    redirect = (
        LegacyRedirect.objects.filter(old_path=key)
        .select_related("article", "category")
        .first()
        if key
        else None
    )
    target = redirect.target_url() if redirect else None
    if target is None:
        raise Http404("Không tìm thấy trang của website cũ.")
    return HttpResponsePermanentRedirect(target)
