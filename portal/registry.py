"""What the apps tell the ground floor about themselves.

``portal`` sits below every app and imports none of them. Where site-wide machinery
(the page cache, Last-Modified, the sitemap, the site profile admin, the visitor
counter, search) needs to know about an app's models, the app declares them here
from its ``AppConfig.ready()``; portal and the apps above it read the declarations.
Nothing here names an app or a model by a string label, and nothing is looked up
through ``apps.get_model``.

Declarations, each made once per model at start-up:

- ``page_content(model, schedule=..., counters=...)``: rows of ``model`` appear on
  public pages. A save or delete makes cached pages stale; the ``schedule`` fields
  hold times at which a row changes what pages show without being saved
  (publication, a poll closing); ``counters`` are columns changed only by atomic
  counter updates, so a save touching only them is not an edit.
- ``listing(model, view_names)``: these views list ``model``'s published rows and
  send its Last-Modified.
- ``sitemap(section, sitemap_class)`` and ``fixed_page(url_name, when=None)``:
  sections of ``/sitemap.xml`` and the fixed pages listed in its first section
  (``when``: only on the sites where it says the page is there).
- ``view_counter(...)``: page views of one view add to a counter column of the row
  it shows (the article's "Lượt xem"); the view names that row on its response
  (``counts_toward(response, pk)``).
- ``searchable(...)``: a model the site search looks in (see ``search/``).
- ``profile_inline(inline)``: an admin inline shown on the site profile form.
- ``exclude_from_crawlers(url)``: a path robots.txt asks crawlers to leave alone.
- ``rich_text(model, fields=...)``: staff who may add or change ``model`` may
  upload images through the rich-text editor; an uploaded image is public once a
  published row shows it in one of these fields (``portal/editor_media.py``).
- ``page_query(*view_names, params=...)``: the query parameters these pages read
  (``{name: canonical}``, where ``canonical(value)`` gives the value's one
  spelling, or None to ignore it; None for the value as sent). The page cache
  keys a page on these alone and serves every other parameter from the same
  entry (``portal/pagecache/keys.py``). Without view names: parameters every
  page reads (the sidebar poll's result after a vote). A view that declares
  nothing is not cached when its address has a query string.
- ``document_maker(maker)``: a file that imported content links to (a PDF, a
  Word or Excel file of the old Joomla site) may become a document of the app
  that keeps documents; bulletins' import calls every maker with an
  ``ImportedFile`` and keeps the file as a plain media file when none takes it.
- ``stylesheet(path, media=...)`` and ``script(path)``: a part of the one
  stylesheet and the one script every page loads (``portal/staticbundle.py``).
- ``menu_target(model, label=..., choices=...)``: rows of ``model`` a menu item
  may point at (a page): the item follows the row's address and shows while the
  row is published.
- ``warm_up(function)``: work a new server process does before its first request
  (``portal/warmup.py``) instead of making that request's reader wait for it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ContentModel:
    model: type
    schedule: tuple[str, ...] = ()
    counters: frozenset[str] = frozenset()
    created_on_read: bool = False


@dataclass(frozen=True)
class Listing:
    model: type
    view_names: tuple[str, ...]


@dataclass(frozen=True)
class ViewCounter:
    """Page views of ``view`` add to ``model.<field>`` of the row whose ``lookup``
    field equals the URL keyword argument of the same name."""

    view: Any
    model: type
    field: str
    lookup: str = "slug"


@dataclass(frozen=True)
class Searchable:
    """A model the site search looks in.

    ``kind`` is a one-letter code kept in result rows; ``label`` names the kind to
    readers ("Tin bài"). ``title``, ``middle`` and ``body`` are field names: a
    result whose title holds every word ranks first, then the middle (lead,
    issuer, abstract), then the body (HTML). ``folded`` names a stored column of
    already folded text that starts with the folded title and lead, when the
    model keeps one. ``section`` and ``display_title`` turn a row into what the
    result list shows.
    """

    kind: str
    label: str
    model: type
    title: tuple[str, ...]
    middle: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    folded: str = ""
    select_related: tuple[str, ...] = ()
    section: Any = None
    display_title: Any = None
    summary: tuple[str, ...] = field(default=())
    # ``published(now)``: the rows readers may find, when more than the model's
    # own publication rule decides it (a photo report of a published congress).
    published: Any = None


@dataclass(frozen=True)
class Stylesheet:
    path: str
    media: str = ""


@dataclass(frozen=True)
class MenuTarget:
    """Rows of ``model`` a menu item may point at; ``choices()`` is what staff
    choose from in the admin, ``label`` names the group there ("Trang")."""

    model: type
    label: str
    choices: Any


@dataclass(frozen=True)
class ImportedFile:
    """A file linked from imported content, already copied into storage.

    ``name`` is its storage name; ``title`` the text of the first link to it
    (or the file name). A maker returns a short description of what it made
    ("văn bản #12") or None when the file is not for it.
    """

    name: str
    original_name: str
    title: str
    size: int


content_models: dict[type, ContentModel] = {}
listings: list[Listing] = []
sitemaps: dict[str, type] = {}
fixed_pages: list[str] = []
# url name -> callable(): is the page there on the current site?
fixed_page_conditions: dict[str, Callable[[], bool]] = {}
view_counters: list[ViewCounter] = []
searchables: dict[str, Searchable] = {}
profile_inlines: list[type] = []
crawler_excluded: list = []
rich_text_models: dict[type, tuple[str, ...]] = {}
# view name ("bulletins:category") -> {parameter: canonical}; EVERY_PAGE for all.
EVERY_PAGE = ""
page_queries: dict[str, dict[str, Callable[[str], str | None] | None]] = {}
document_makers: list[Callable[[ImportedFile], str | None]] = []
stylesheets: list[Stylesheet] = []
menu_targets: dict[type, MenuTarget] = {}
scripts: list[str] = []
warm_ups: list[Callable[[], object]] = []


def page_content(model, *, schedule=(), counters=(), created_on_read=False):
    content_models[model] = ContentModel(
        model=model,
        schedule=tuple(schedule),
        counters=frozenset(counters),
        created_on_read=created_on_read,
    )


def listing(model, *, view_names):
    listings.append(Listing(model=model, view_names=tuple(view_names)))


def sitemap(section, sitemap_class):
    if section in sitemaps and sitemaps[section] is not sitemap_class:
        raise ValueError(f"sitemap section {section!r} is declared twice")
    sitemaps[section] = sitemap_class


def fixed_page(*url_names, when=None):
    """Pages of the sitemap's first section; ``when``: a callable telling whether
    they are there on the current site (the parent committee's "Tin từ cơ sở")."""
    fixed_pages.extend(name for name in url_names if name not in fixed_pages)
    if when is not None:
        fixed_page_conditions.update(dict.fromkeys(url_names, when))


def warm_up(function):
    if function not in warm_ups:
        warm_ups.append(function)


# The row a page's views count toward, as its view found it: set on the response
# (``counts_toward``), kept with the page in the page cache, read by the visitor
# counter, which then needs neither the URL resolver nor the database to know it.
COUNTED_ROW_ATTRIBUTE = "counted_row_id"


def counts_toward(response, pk):
    """Mark ``response`` as a page of the row ``pk`` of the view counter's model."""
    setattr(response, COUNTED_ROW_ATTRIBUTE, pk)
    return response


def view_counter(*, view, model, field, lookup="slug"):
    if any(counter.view is view for counter in view_counters):
        return
    if view_counters:
        raise ValueError("only one view counts toward a row (the article page)")
    view_counters.append(
        ViewCounter(view=view, model=model, field=field, lookup=lookup)
    )


def searchable(entry: Searchable):
    searchables[entry.kind] = entry


def profile_inline(inline):
    if inline not in profile_inlines:
        profile_inlines.append(inline)


def counter_fields(model):
    """The counter columns declared for ``model`` (empty when none)."""
    entry = content_models.get(model)
    return entry.counters if entry else frozenset()


def exclude_from_crawlers(url):
    crawler_excluded.append(url)


def rich_text(model, *, fields=("body",)):
    rich_text_models[model] = tuple(fields)


def page_query(*view_names, params=None):
    for name in view_names or (EVERY_PAGE,):
        page_queries.setdefault(name, {}).update(params or {})


def document_maker(maker):
    if maker not in document_makers:
        document_makers.append(maker)


def stylesheet(path, *, media=""):
    """Add ``path`` (a static file) to the site's stylesheet; ``media="print"``
    wraps it in ``@media print``."""
    part = Stylesheet(path=path, media=media)
    if part not in stylesheets:
        stylesheets.append(part)


def script(path):
    """Add ``path`` (a static file: a self-contained function) to the site's
    script."""
    if path not in scripts:
        scripts.append(path)


def menu_target(model, *, label, choices):
    menu_targets[model] = MenuTarget(model=model, label=label, choices=choices)
