"""One rule for "may a reader see this row", shared by every content model.

A model declares its rule once, as a ``Publication``: which fields must hold which
values (``status="published"``, ``is_active=True``) and which time field must have
been reached (``published_at``, a poll's ``opens_at``). From that one declaration
come the queryset methods ``published(now)`` (rows a reader may see at ``now``) and
``scheduled(now)`` (rows that will become visible later by themselves, used to expire
cached pages on time), and the instance method ``is_published(now)``. Views,
templates, feeds, sitemaps, search and the admin all go through these; nobody
writes the rule out again.

A row whose time field is empty is never published (a document with no
publication time is a draft). ``now`` is a parameter everywhere so time rules can
be tested with explicit past and future times.

On a site's pages (``portal.current_site``) ``published(now)`` holds only that
site's rows: one committee's reader never finds another committee's article by
its slug, in a list, a feed, the sitemap or search.
"""

import functools
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from .current_site import get_current_site
from .site_models import SiteScopedQuerySet


@dataclass(frozen=True)
class Publication:
    time: str | None = "published_at"
    when: dict = field(default_factory=dict)

    def q(self, now):
        condition = Q(**self.when)
        if self.time:
            condition &= Q(**{f"{self.time}__lte": now})
        return condition

    def scheduled_q(self, now):
        if not self.time:
            return Q(pk__in=[])
        return Q(**self.when) & Q(**{f"{self.time}__gt": now})

    def holds_for(self, obj, now):
        for name, value in self.when.items():
            if getattr(obj, name) != value:
                return False
        if self.time:
            moment = getattr(obj, self.time)
            return moment is not None and moment <= now
        return True


@functools.cache
def has_site(model):
    """Does ``model`` belong to a site (``portal.site_models.SiteOwned``)?"""
    return any(f.name == "site" for f in model._meta.concrete_fields)


class PublishedQuerySet(SiteScopedQuerySet):
    """``published(now)`` and ``scheduled(now)`` from the model's ``publication``."""

    def published(self, now=None):
        """Rows a reader may see at ``now``: on the current site's pages, that
        site's rows only (every site's outside a request)."""
        queryset = self.filter(self.model.publication.q(now or timezone.now()))
        site = get_current_site()
        if site is not None and has_site(self.model):
            queryset = queryset.filter(site=site)
        return queryset

    def scheduled(self, now=None):
        return self.filter(self.model.publication.scheduled_q(now or timezone.now()))


class Publishable:
    """Model mixin: ``is_published(now)`` by the model's ``publication`` rule."""

    publication = Publication()

    def is_published(self, now=None):
        return type(self).publication.holds_for(self, now or timezone.now())
