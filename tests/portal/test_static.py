"""Every file a template asks for with ``{% static %}`` is served by the project."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

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
    assert ("templates/base.html", "portal/css/site.css") in REFERENCES


@pytest.mark.parametrize(("template", "path"), REFERENCES)
def test_static_file_exists(template, path):
    assert finders.find(path), f"{template} asks for {path}, which no app has"
