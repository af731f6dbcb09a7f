"""Drop cached pages and site chrome when the rows behind them change.

The one place that says which saves make cached HTML stale:

- the header, menu and links are cached on their own; a save or delete of their rows
  drops that copy (``CACHED_MODELS``);
- the anonymous page cache (``portal.pagecache``) is keyed by a content generation
  number; a save or delete of any model a public page shows (``PAGE_CONTENT_MODELS``)
  increments it once the transaction commits, so every server sees the edit at once.
  Counters (votes, page views, visits) are not in the list: they never flush pages.

Other apps' models are named by label and looked up when the app registry is ready, so
this module needs no edits in their files; a label whose model does not exist is
skipped. Writes that bypass signals (``QuerySet.update()`` in an admin action, bulk
imports) are covered by ``admin_request_changes_content`` (any successful admin POST
under a content app bumps the generation) and by calling ``content_changed()``.
"""

import logging

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import pagecache
from .models import (
    LINKS_CACHE_KEY,
    MENU_CACHE_KEY,
    PROFILE_CACHE_KEY,
    MenuItem,
    SiteProfile,
    WebsiteLink,
)

logger = logging.getLogger(__name__)

CACHED_MODELS = {
    SiteProfile: [PROFILE_CACHE_KEY],
    MenuItem: [MENU_CACHE_KEY],
    WebsiteLink: [LINKS_CACHE_KEY],
}

# Models whose rows appear on public pages. Votes, views and visits are absent on
# purpose: they change all the time and are shown live by uncached endpoints.
PAGE_CONTENT_MODELS = [
    "portal.SiteProfile",
    "portal.MenuItem",
    "portal.WebsiteLink",
    "bulletins.Category",
    "bulletins.Tag",
    "bulletins.Article",
    "bulletins.ArticlePhoto",
    "bulletins.SlugRedirect",
    "bulletins.Congress",
    "bulletins.Document",
    "bulletins.DocumentFile",
    "bulletins.Person",
    "bulletins.Media",
    "bulletins.PhotoReport",
    "bulletins.PhotoReportImage",
    "polls.Poll",
    "polls.Choice",
    "polls.PollResult",
    "analytics.CounterSettings",
]
# Citizens' feedback is absent too: a reader's submission must not flush every page;
# it appears once staff approve it in the admin (an admin POST, see below).

# Settings rows created with their defaults the first time a page reads them: that
# creation changes nothing a reader sees, so it does not flush pages.
CREATED_ON_READ_MODELS = {"portal.SiteProfile", "analytics.CounterSettings"}

# Counter columns kept on content rows: a save touching only these is not an edit.
COUNTER_FIELDS = frozenset({"view_count", "vote_count", "votes", "hits"})

# Times at which a row changes what pages show without being saved (scheduled
# publishing, polls opening and closing). A stored page never outlives the next one.
SCHEDULE_FIELDS = {
    "bulletins.Article": ["published_at"],
    "bulletins.Document": ["published_at", "comments_close_at"],
    "bulletins.Media": ["published_at"],
    "bulletins.PhotoReport": ["published_at"],
    "polls.Poll": ["opens_at", "closes_at"],
}

# Admin URL sections whose POSTs can change what readers see.
CONTENT_APP_LABELS = ("portal", "bulletins", "polls")


def make_handler(keys):
    def handler(sender, **kwargs):
        cache.delete_many(keys)
        # Again after commit: a reader may have re-cached the old rows in between.
        transaction.on_commit(lambda: cache.delete_many(keys))

    return handler


def content_changed():
    """Make every cached page stale once the current transaction commits."""
    transaction.on_commit(pagecache.bump_generation)


def _page_handler(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: no pages to refresh
        return
    if kwargs.get("created") and sender._meta.label in CREATED_ON_READ_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= COUNTER_FIELDS:
        return
    content_changed()


def _m2m_handler(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def page_content_models():
    models = []
    for label in PAGE_CONTENT_MODELS:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def connect():
    """Connect every invalidation handler (called once from PortalConfig.ready)."""
    for model, keys in CACHED_MODELS.items():
        handler = make_handler(keys)
        post_save.connect(handler, sender=model, weak=False)
        post_delete.connect(handler, sender=model, weak=False)
    for model in page_content_models():
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_page_handler, sender=model, dispatch_uid=uid)
        post_delete.connect(_page_handler, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_handler,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
            )


def admin_request_changes_content(request, response):
    """True for a successful admin POST under a content app (change, action, import)."""
    from django.urls import reverse

    if request.method != "POST" or response.status_code >= 400:
        return False
    admin_root = reverse("admin:index")
    if not request.path.startswith(admin_root):
        return False
    section = request.path[len(admin_root) :].split("/", 1)[0]
    return section in CONTENT_APP_LABELS


def next_scheduled_change(now):
    """The earliest future time in ``SCHEDULE_FIELDS``, or None (one query per field)."""
    from django.db.models import Min

    times = []
    for label, fields in SCHEDULE_FIELDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        for name in fields:
            if name not in names:
                continue
            value = model._default_manager.filter(**{f"{name}__gt": now}).aggregate(
                first=Min(name)
            )["first"]
            if value is not None:
                times.append(value)
    return min(times) if times else None
