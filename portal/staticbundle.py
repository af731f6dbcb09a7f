"""One stylesheet and one script per page, built from the apps' own parts.

Each app keeps its CSS and JavaScript in its own ``static/<app>/`` folder and
declares the parts with ``registry.stylesheet(path)`` / ``registry.script(path)``
from ``AppConfig.ready()``; portal's parts come first (portal is ready first), then
the apps' in ``INSTALLED_APPS`` order, and parts for print last. ``BundleFinder`` is a static files finder:
it joins the parts into ``portal/site.css`` and ``portal/site.js`` (print rules
inside ``@media print``) and offers the two files like any other static file, so:

- ``collectstatic`` copies them (and whitenoise hashes and compresses them, as for
  every file): the page asks for one stylesheet and one script, each cached for a
  year under its hashed name;
- with ``WHITENOISE_USE_FINDERS`` (DEBUG, tests) a changed part shows on the next
  request: the bundle is rebuilt whenever its parts' text changed.

The built files are written to ``STATIC_BUNDLE_DIR`` (``var/bundles``), each with
an atomic rename, never into the source tree.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.finders import BaseFinder
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage

from . import registry

CSS_BUNDLE = "portal/site.css"
JS_BUNDLE = "portal/site.js"


def bundle_dir():
    return Path(settings.STATIC_BUNDLE_DIR)


def _part_text(path):
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"static bundle part {path} is not found")
    return Path(found).read_text(encoding="utf-8").strip()


def css_text():
    pieces = ["/* Built from the apps' stylesheets (portal/staticbundle.py). */"]
    # Screen parts first, then those for a medium (print), which must win.
    for part in sorted(registry.stylesheets, key=lambda part: bool(part.media)):
        text = _part_text(part.path)
        if part.media:
            text = f"@media {part.media} {{\n{text}\n}}"
        pieces.append(f"/* {part.path} */\n{text}")
    return "\n".join(pieces) + "\n"


def js_text():
    pieces = ["/* Built from the apps' scripts (portal/staticbundle.py). */"]
    for path in registry.scripts:
        # Each part is a self-contained function; ";" guards against a part
        # ending without one.
        pieces.append(f"/* {path} */\n{_part_text(path)}\n;")
    return "\n".join(pieces) + "\n"


BUNDLES = {CSS_BUNDLE: css_text, JS_BUNDLE: js_text}


def build(name):
    """Write bundle ``name`` if its text changed; return the file's path."""
    text = BUNDLES[name]()
    target = bundle_dir() / name
    try:
        if target.read_text(encoding="utf-8") == text:
            return target
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".bundle-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


class BundleFinder(BaseFinder):
    """Finds ``portal/site.css`` and ``portal/site.js``, built from their parts."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path not in BUNDLES:
            return [] if find_all else None
        found = str(build(path))
        return [found] if find_all else found

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(bundle_dir()))
        for name in BUNDLES:
            build(name)
            yield name, storage
