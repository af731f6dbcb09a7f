"""Every file a template asks for with ``{% static %}`` is served by the project, and
a page asks for one stylesheet and one script, built from the apps' parts."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from portal import registry, staticbundle

STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def _references():
    for folder in [
        *settings.TEMPLATES[0]["DIRS"],
        *Path(settings.BASE_DIR).glob("*/templates"),
    ]:
        for template in sorted(Path(folder).rglob("*.html")):
            for path in STATIC_TAG.findall(template.read_text(encoding="utf-8")):
                yield str(template.relative_to(settings.BASE_DIR)), path


REFERENCES = sorted(set(_references()))


def test_templates_ask_for_static_files():
    assert ("templates/base.html", "portal/site.css") in REFERENCES


@pytest.mark.parametrize(("template", "path"), REFERENCES)
def test_static_file_exists(template, path):
    assert finders.find(path), f"{template} asks for {path}, which no app has"


# --- One stylesheet and one script per page (portal/staticbundle.py) ---------------

STYLESHEET_LINK = re.compile(r'<link rel="stylesheet"[^>]*>')
SCRIPT_TAG = re.compile(r"<script\b[^>]*>")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/lien-he/", "/van-ban/", "/tim-kiem/?q=dang"])
def test_a_page_loads_one_stylesheet_and_one_script(client, url):
    html = client.get(url).content.decode()
    assert STYLESHEET_LINK.findall(html) == [
        '<link rel="stylesheet" href="/static/portal/site.css">'
    ]
    assert SCRIPT_TAG.findall(html) == ['<script src="/static/portal/site.js" defer>']


def test_the_bundles_hold_every_declared_part_print_last():
    css = staticbundle.css_text()
    for part in registry.stylesheets:
        assert f"/* {part.path} */" in css
        assert Path(finders.find(part.path)).read_text().strip()[:60] in css
    assert css.index("/* portal/css/print.css */") > css.index(
        "/* search/search.css */"
    )
    printed = css[css.index("/* portal/css/print.css */") :]
    assert printed.count("@media print {") == 1
    # Nothing pale prints: every colour is black on paper.
    assert "color: #000 !important" in printed
    js = staticbundle.js_text()
    for path in ("polls/poll.js", "analytics/counter.js", "bulletins/print.js"):
        assert f"/* {path} */" in js


def test_the_bundle_is_rebuilt_when_a_part_changes(settings, tmp_path, monkeypatch):
    settings.STATIC_BUNDLE_DIR = tmp_path / "bundles"
    first = Path(finders.find("portal/site.css")).read_text()
    assert first == staticbundle.css_text()
    monkeypatch.setattr(registry, "stylesheets", registry.stylesheets[:1])
    second = Path(finders.find("portal/site.css")).read_text()
    assert second != first and "/* search/search.css */" not in second


def test_collectstatic_writes_the_hashed_compressed_bundles(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_BUNDLE_DIR = tmp_path / "bundles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    for name in ("portal/site.css", "portal/site.js"):
        hashed = manifest["paths"][name]
        assert (tmp_path / "static" / hashed).exists()
        assert (tmp_path / "static" / f"{hashed}.gz").exists()
