"""Which committee's site the code is working for right now.

One installation serves many Party committees (``portal.site_models.Site``). The
site a request is for is decided once, by ``portal.sites.SiteMiddleware`` (host,
then path prefix, then the default site), and held here in a context variable for
the rest of the request: ``published(now)`` of every content model, the chrome
caches, the page cache's generation and the counters read it.

Outside a request (management commands, migrations, the shell) no site is active:
``get_current_site()`` is ``None`` and nothing is filtered, so ``import_joomla``,
``seed_demo`` and data migrations see every row. Code that must work on one site
says so with ``with activate(site): ...``.

Managers are deliberately not filtered implicitly: the admin, migrations and the
importer would silently miss rows. Public reads are scoped where the publication
rule is applied (``portal.publishing``) and by explicit ``for_site()`` calls.
"""

import contextlib
import contextvars

_current = contextvars.ContextVar("portal_current_site", default=None)


def get_current_site():
    """The ``Site`` of the current request, or ``None`` outside one."""
    return _current.get()


def current_site_id():
    site = _current.get()
    return site.pk if site is not None else None


@contextlib.contextmanager
def activate(site):
    """Work for ``site`` inside the block (``None``: for no site in particular)."""
    token = _current.set(site)
    try:
        yield site
    finally:
        _current.reset(token)
