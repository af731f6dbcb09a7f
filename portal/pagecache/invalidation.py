"""Drop cached pages and site chrome when the rows behind them change.

The one place that decides which saves make cached HTML stale:

- the header, menu and links are cached on their own; a save or delete of their rows
  drops that copy (``CHROME_CACHE_KEYS``), and so does a save or delete of a page
  a menu item may point at (``registry.menu_target``);
- the anonymous page cache is keyed by the content generation; a save or delete of
  any model an app declared with ``portal.registry.page_content`` increments it
  once the transaction commits, so every server sees the edit at once. A save that
  touches only the counter columns the app declared (view counts, vote counts) is
  not an edit; settings rows created with their defaults by a page read are not
  either. Citizens' feedback and votes are not page content: they are shown live
  or once staff approve them (an admin POST, see below).

Writes that bypass signals (``QuerySet.update()`` in an admin action, bulk imports)
are covered by ``admin_request_changes_content`` (any successful admin POST under
an app that declared page content bumps the generation) and by calling
``content_changed()``.

``next_scheduled_change`` is the earliest future time in the declared schedule
fields (publication times, a poll opening or closing): a stored page never outlives
it, so a scheduled article appears on time without anyone saving anything.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import reverse

from portal import registry
from portal.models import (
    LINKS_CACHE_KEY,
    MENU_CACHE_KEY,
    PROFILE_CACHE_KEY,
    MenuItem,
    Site,
    SiteProfile,
    WebsiteLink,
    site_key,
)

from .generation import bump_generation

CHROME_CACHE_KEYS = {
    SiteProfile: [PROFILE_CACHE_KEY],
    MenuItem: [MENU_CACHE_KEY],
    WebsiteLink: [LINKS_CACHE_KEY],
}


def _chrome_handler(keys):
    def handler(sender, **kwargs):
        site_id = row_site_id(kwargs.get("instance"))
        site_keys = [site_key(key, site_id) for key in keys]
        cache.delete_many(site_keys)
        # Again after commit: a reader may have re-cached the old rows in between.
        transaction.on_commit(lambda: cache.delete_many(site_keys))

    return handler


def row_site_id(instance):
    """The site a row belongs to: its own ``site``, else the site of the first row
    it points at that has one (a photo of an article, a choice of a poll), else
    None (the current site, or every site outside a request)."""
    if instance is None:
        return None
    site_id = getattr(instance, "site_id", None)
    if site_id:
        return site_id
    for field in instance._meta.concrete_fields:
        if not field.is_relation or field.name == "site":
            continue
        related = field.related_model
        value = getattr(instance, field.attname, None)
        if value is None or not any(f.name == "site" for f in related._meta.fields):
            continue
        found = related._default_manager.filter(pk=value).values_list(
            "site_id", flat=True
        )
        return found.first()
    return None


def content_changed(site_id=None, *, withdrawal=True):
    """Make the cached pages of a site (the current one; every site outside a
    request) stale once the current transaction commits.

    ``withdrawal=False`` only for a change that takes nothing away from readers
    (a publication, an edit of a published row, an import): their old pages may
    then be served for the moment a new copy renders (``middleware``). Anything
    else (unpublishing, deleting, making private, a bulk change) is a withdrawal,
    after which no page stored before it is ever served again.
    """
    transaction.on_commit(lambda: bump_generation(site_id, withdrawal=withdrawal))


def _is_public(instance):
    """Whether readers may see this row now; rows of models without a
    publication rule (categories, menu items, the profile) always."""
    is_published = getattr(instance, "is_published", None)
    return is_published() if callable(is_published) else True


def _remember_visibility(sender, instance, raw=False, **kwargs):
    """Before a content row is saved: could readers see it until now?"""
    if raw or sender not in registry.content_models or instance.pk is None:
        return
    if getattr(instance, "is_published", None) is None:
        return
    published = getattr(sender._default_manager, "published", None)
    if published is None:
        instance._pagecache_was_public = True  # unknown: assume it was
        return
    instance._pagecache_was_public = published().filter(pk=instance.pk).exists()


def _page_handler(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: no pages to refresh
        return
    entry = registry.content_models.get(sender)
    if entry is None:
        return
    if kwargs.get("created") and entry.created_on_read:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= entry.counters:
        return
    instance = kwargs.get("instance")
    if "created" not in kwargs:  # post_delete
        withdrawal = True
    else:
        was_public = getattr(instance, "_pagecache_was_public", False)
        withdrawal = was_public and not _is_public(instance)
    content_changed(row_site_id(instance), withdrawal=withdrawal)


_menu_changed = _chrome_handler([MENU_CACHE_KEY])


def _menu_target_handler(sender, **kwargs):
    """A page a menu item points at changed (address, publication): the cached
    menu holds it, so the menu is read again."""
    if sender in registry.menu_targets and not kwargs.get("raw"):
        _menu_changed(sender, **kwargs)


def _m2m_handler(sender, action, instance, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if type(instance) in registry.content_models or model in registry.content_models:
        content_changed(row_site_id(instance), withdrawal=action != "post_add")


def _site_handler(sender, **kwargs):
    """A site saved or deleted (its address, its parent, opened or closed): other
    sites' pages may show it (a parent's "Tin từ cơ sở" and its sitemap), so every
    site's stored pages become stale, as after a withdrawal."""
    transaction.on_commit(
        lambda: bump_generation(
            site_ids=list(Site.objects.values_list("pk", flat=True)), withdrawal=True
        )
    )


def connect():
    """Connect every handler (called once from PortalConfig.ready).

    The page handlers listen to every model and look the sender up in the
    registry, so the apps may declare their content in their own ``ready()``,
    which Django runs after portal's.
    """
    for model, keys in CHROME_CACHE_KEYS.items():
        handler = _chrome_handler(keys)
        post_save.connect(handler, sender=model, weak=False)
        post_delete.connect(handler, sender=model, weak=False)
    post_save.connect(_menu_target_handler, dispatch_uid="pagecache:menu-target-save")
    post_delete.connect(
        _menu_target_handler, dispatch_uid="pagecache:menu-target-delete"
    )
    pre_save.connect(_remember_visibility, dispatch_uid="pagecache:visibility")
    post_save.connect(_page_handler, dispatch_uid="pagecache:save")
    post_save.connect(_site_handler, sender=Site, dispatch_uid="pagecache:site-save")
    post_delete.connect(
        _site_handler, sender=Site, dispatch_uid="pagecache:site-delete"
    )
    post_delete.connect(_page_handler, dispatch_uid="pagecache:delete")
    m2m_changed.connect(_m2m_handler, dispatch_uid="pagecache:m2m")


def content_app_labels():
    return {model._meta.app_label for model in registry.content_models}


def admin_request_changes_content(request, response):
    """True for a successful admin POST under a content app (change, action, import)."""
    if request.method != "POST" or response.status_code >= 400:
        return False
    admin_root = reverse("admin:index")
    if not request.path.startswith(admin_root):
        return False
    section = request.path[len(admin_root) :].split("/", 1)[0]
    return section in content_app_labels()


def admin_request_is_form_save(request):
    """An admin add or change form (its save signals said whether it withdrew
    anything); an action, a deletion or an import is taken for a withdrawal."""
    return request.path.endswith(("/add/", "/change/"))


def next_scheduled_change(now):
    """The earliest future time in the declared schedule fields, or None (one
    query per field)."""
    times = []
    for model, entry in registry.content_models.items():
        for name in entry.schedule:
            value = model._default_manager.filter(**{f"{name}__gt": now}).aggregate(
                first=Min(name)
            )["first"]
            if value is not None:
                times.append(value)
    return min(times) if times else None
