"""No English on any admin page, as any role, whatever the browser asks for
(issue 16).

Every address of every registered model admin (found by walking the admin's own
URLs, so new pages are covered as they land), filled with demo rows, plus the
revision compare page, a form sent back with errors, the login page and the
pages of the apps' own views, is fetched as each role with a browser asking for
English. The visible text (and the title, placeholder, aria-label and value of
buttons) must hold no word of the admin's English vocabulary: the words of the
English source texts of Django's admin, auth and forms, django-axes,
django-reversion(-compare), django-import-export and our own catalogues. A short
list of words Vietnamese staff use as they are (email, logo, CSV...) and of
Vietnamese syllables that happen to be English words (tin, ban, con...) is
allowed.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import django
import pytest
import reversion
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import URLPattern
from reversion.models import Version

from bulletins.models import Article
from portal import roles
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

ROLE_NAMES = {
    "phong-vien": [roles.REPORTER],
    "bien-tap-vien": [roles.EDITOR],
    "truong-ban": [roles.HEAD],
    "quan-tri": [roles.ADMINISTRATOR],
    "sieu-nguoi-dung": "superuser",
}

# Words staff use as they are, names of things, and Vietnamese syllables without
# diacritics that are also English words.
ALLOWED = set(
    """
    email website web logo banner video audio csv xlsx pdf html rss url joomla
    youtube vimeo google gmt slug sapo id ckeditor internet online facebook zalo
    file admin www http https ip sql json xml redis postgresql sqlite django axes
    nginx gunicorn byte salt fax webvtt control command ldap get post
    tin ban can con long hang sang lan tan ton bin pin sin tam nam dan man hay
    may say bay ten tai chi cho van toan hoa minh trang thanh sinh binh linh anh
    tinh hai mai lai hoang phan ngo dong thi tong son tran bao cao dao gia the
    khi cac mot nhung trong tren duoi sau truoc thu cam png vtt thuha dang
    """.split()
)
# Texts made from code names that no catalogue translates, shown only on the
# confirmation page of a deletion (rows of the many-to-many tables deleted with
# the row) and as the name of a django-axes log row.
ALLOWED_TEXTS = [
    re.compile(r"^(Các )?[Ll]iên kết \w+ – \w+(: .*)?$"),
    re.compile(r"Access Log for "),
    # CKEditor names its editing area "main" in its (Vietnamese) aria-label.
    re.compile(r"Vùng chỉnh sửa: +main\."),
    # Joomla's own word, for those who come from it.
    re.compile(r"\(section, Joomla 1\.5\)"),
]
MIN_LENGTH = 3


def _msgids(path):
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for block in re.findall(r'^msgid ((?:".*"\n?)+)', text, flags=re.M):
        yield "".join(re.findall(r'"(.*)"', block))


def english_vocabulary():
    site = Path(django.__file__).parent.parent
    sources = [
        site / "django/contrib/admin/locale/vi/LC_MESSAGES/django.po",
        site / "django/contrib/auth/locale/vi/LC_MESSAGES/django.po",
        site / "django/conf/locale/vi/LC_MESSAGES/django.po",
        site / "axes/locale/fr/LC_MESSAGES/django.po",
        site / "reversion/locale/fr/LC_MESSAGES/django.po",
        site / "reversion_compare/locale/fr/LC_MESSAGES/django.po",
        site / "import_export/locale/fr/LC_MESSAGES/django.po",
        *Path(settings.BASE_DIR).glob("*/locale/vi/LC_MESSAGES/django.po"),
    ]
    words = set()
    for source in sources:
        for msgid in _msgids(source):
            if not msgid.isascii():  # Vietnamese names quoted in an English text
                continue
            msgid = re.sub(r"%\(\w+\)[sd]|\{\w*\}|%[sd]|<[^>]+>", " ", msgid)
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", msgid))
    return {w for w in words if len(w) >= MIN_LENGTH} - ALLOWED


VOCABULARY = english_vocabulary()
SKIPPED_TAGS = {"script", "style", "textarea", "code", "pre", "noscript", "svg"}
ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_TAGS:
            self.skip += 1
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.chunks.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.chunks.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.chunks.append(data)


def english_words(html):
    parser = VisibleText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        if any(pattern.search(chunk.strip()) for pattern in ALLOWED_TEXTS):
            continue
        for token in chunk.split():
            # Paths, addresses, file names, user names, numbers: data, not UI.
            if re.search(r"[/\\.@_=\d]|\w-\w", token.strip(".,:;()“”\"'!?…")):
                continue
            word = token.strip(".,:;()[]“”\"'!?…«»*–—-").lower()
            if word in VOCABULARY:
                found.append((word, chunk.strip()[:90]))
    return found


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    roles.sync_groups()
    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.order_by("pk").first()
    for lead in ("Tóm tắt thứ nhất", "Tóm tắt thứ hai"):
        with reversion.create_revision():
            article.lead = lead
            article.save()
    return article


def login_as(client, key):
    names = ROLE_NAMES[key]
    if names == "superuser":
        user = User.objects.create_superuser("goc", password="mat-khau-thu")
    else:
        user = make_staff(f"nv-{key}")
        user.groups.set(Group.objects.filter(name__in=names))
    client.force_login(user)
    return user


def admin_addresses():
    """Every GET address of every model admin, with real ids."""
    addresses = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"/quan-tri/{model._meta.app_label}/{model._meta.model_name}/"
        obj = model._default_manager.order_by("pk").first()
        for pattern in model_admin.urls:
            if not isinstance(pattern, URLPattern):
                continue
            route = str(pattern.pattern)
            if "<" in route and obj is None:
                continue
            if pattern.name and pattern.name.endswith(("_workflow", "_set_password")):
                continue  # POST only; a token page
            pk = str(obj.pk) if obj is not None else ""
            version = (
                Version.objects.get_for_object(obj).values_list("pk", flat=True).first()
                if obj is not None and reversion.is_registered(model)
                else None
            )
            if "<int:version_id>" in route and version is None:
                continue
            route = route.replace("<path:object_id>", pk).replace("<path:id>", pk)
            route = route.replace("<int:version_id>", str(version))
            if "<" in route:
                continue
            addresses.append(prefix + route.lstrip("^").rstrip("$"))
    return addresses


def extra_addresses(article):
    versions = list(
        Version.objects.get_for_object(article).values_list("pk", flat=True)[:2]
    )
    base = f"/quan-tri/bulletins/article/{article.pk}/"
    return [
        "/quan-tri/",
        "/quan-tri/password_change/",
        f"{base}history/compare/?version_id1={versions[1]}&version_id2={versions[0]}",
        f"{base}quy-trinh/go-khoi-trang/",
    ]


@pytest.mark.parametrize("key", list(ROLE_NAMES))
def test_no_english_on_any_admin_page_as_each_role(client, world, key):
    login_as(client, key)
    problems = {}
    seen = 0
    for url in [*admin_addresses(), *extra_addresses(world)]:
        try:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        except Exception as error:
            raise AssertionError(url) from error
        assert response.status_code < 500, url
        if response.status_code != 200 or not response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            continue
        seen += 1
        found = english_words(response.content.decode())
        if found:
            problems[url] = sorted(set(found))
    # A form sent back with an error ("Please correct the error below.").
    response = client.post(
        "/quan-tri/bulletins/article/add/", {}, HTTP_ACCEPT_LANGUAGE="en"
    )
    if response.status_code == 200:
        found = english_words(response.content.decode())
        if found:
            problems["POST add article"] = sorted(set(found))
    assert seen >= 10
    chunks = sorted({chunk for found in problems.values() for _w, chunk in found})
    assert not problems, "\n".join([f"{len(problems)} pages; English texts:", *chunks])


def test_no_english_on_the_login_page(client, world):
    response = client.get("/quan-tri/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert english_words(response.content.decode()) == []
    response = client.post(
        "/quan-tri/login/",
        {"username": "x", "password": "y"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english_words(response.content.decode()) == []


def test_history_names_changed_fields_by_their_vietnamese_names(client, world):
    user = login_as(client, "sieu-nguoi-dung")
    # What the admin keeps when a form changing these three fields is saved.
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment('[{"changed": {"fields": ["Title", "Lead", "Slug"]}}]')
        world.save()
    html = client.get(
        f"/quan-tri/bulletins/article/{world.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Lịch sử" in html and "Bản ghi nhớ" not in html
    i = html.find("change-history")
    assert "Tiêu đề" in html and "Sapo" in html, html[i : i + 2500]
    assert "Title" not in english_words(html) and "Lead" not in html


def test_every_field_label_the_history_stores_has_a_vietnamese_name():
    """The history keeps the English label of each changed field and translates
    it when shown: a new field needs its label in portal/locale/vi."""
    from django.apps import apps
    from django.utils import translation
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"portal", "bulletins", "congress", "polls"}:
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            with translation.override(None):
                english = capfirst(str(field.verbose_name))
            with translation.override("vi"):
                vietnamese = capfirst(str(field.verbose_name))
                shown = gettext(english)
            if vietnamese != english and shown == english:
                missing.append(f"{model.__name__}.{field.name}: {english}")
    assert not missing, missing
