"""Hostile-input battery: every public URL and form, each case with its precise
outcome (status, Vietnamese message) and proof that stored data did not change.

Uploads have their own module (test_uploads.py); exports are checked at the end.
"""

import csv
import io
import json
import time
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from bulletins.models import Article
from congress.forms import feedback_form_token
from congress.models import Feedback, FeedbackStatus
from polls.models import Choice, Poll, Vote
from polls.tokens import make_form_token
from portal.models import MenuItem, SiteProfile, WebsiteLink
from tests.factories import (
    make_article,
    make_category,
    make_congress,
    make_open_draft,
)

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
NOT_FOUND = "Không tìm thấy trang"
# A caption and alt text that turn into markup if un-escaped when images are rewritten.
FIGURE_TRICK = (
    '<figure class="image"><img src="/media/anh/x.png" '
    'alt="&quot; onerror=alert(6) x=&quot;"><figcaption>&quot;&gt;&lt;script&gt;'
    "alert(7)&lt;/script&gt;</figcaption></figure>"
)
LEAKS = ["Traceback", "site-packages", "/work/", "SELECT ", "OperationalError"]


def snapshot():
    """Rows of every stored model (analytics excluded: views are meant to count)."""
    state = {}
    for label in ("portal", "bulletins", "congress", "polls", "auth"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:
                continue
            state[model._meta.label] = model.objects.count()
    state["votes"] = sorted(
        Vote.objects.values_list("poll_id", "choice_id", "visitor_key")
    )
    state["vote_counts"] = sorted(Choice.objects.values_list("pk", "vote_count"))
    state["feedback"] = sorted(Feedback.objects.values_list("pk", "content"))
    state["articles"] = sorted(Article.objects.values_list("pk", "title", "status"))
    return state


@pytest.fixture
def world(db):
    """One of everything a visitor can reach, with hostile text in shown fields."""
    profile = SiteProfile.objects.current()
    profile.site_name = "Đảng bộ Thử nghiệm"
    profile.save()
    category = make_category("Tin tức")
    article = make_article("Hội nghị sơ kết", category=category)
    draft = make_article(
        "Bản nháp chưa duyệt", category=category, status=Article.Status.DRAFT
    )
    scheduled = make_article(
        "Bài hẹn giờ",
        category=category,
        published_at=timezone.now() + timedelta(days=1),
    )
    poll = Poll.objects.create(
        question="Bạn thấy giao diện website như thế nào?",
        opens_at=timezone.now() - timedelta(days=1),
    )
    choices = [
        Choice.objects.create(poll=poll, text=text, order=n)
        for n, text in enumerate(["Đẹp", "Bình thường", "Xấu"], start=1)
    ]
    other = Poll.objects.create(
        question="Câu hỏi khác", opens_at=timezone.now() - timedelta(days=1)
    )
    other_choice = Choice.objects.create(poll=other, text="Khác", order=1)
    closed = Poll.objects.create(
        question="Câu hỏi đã đóng",
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )
    closed_choice = Choice.objects.create(poll=closed, text="Có", order=1)
    document = make_open_draft(title="Dự thảo báo cáo chính trị")
    return {
        "category": category,
        "article": article,
        "draft": draft,
        "scheduled": scheduled,
        "poll": poll,
        "choices": choices,
        "other": other,
        "other_choice": other_choice,
        "closed": closed,
        "closed_choice": closed_choice,
        "document": document,
    }


# --- GET requests --------------------------------------------------------------------


@dataclass
class Get:
    id: str
    url: str  # may use {placeholders} filled from the world fixture
    status: int
    message: str
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)


def fill(template, world):
    return template.format(
        article=world["article"].slug,
        draft=world["draft"].slug,
        scheduled=world["scheduled"].slug,
        category=world["category"].slug,
        poll=world["poll"].slug,
        document=world["document"].slug,
    )


GET_CASES = [
    Get("unknown-article", "/tin-tuc/khong-co-bai-nay/", 404, NOT_FOUND),
    Get("unknown-category", "/chuyen-muc/khong-co/", 404, NOT_FOUND),
    Get("unknown-congress", "/dai-hoi/khong-co/", 404, NOT_FOUND),
    Get("unknown-document", "/van-ban/khong-co/", 404, NOT_FOUND),
    Get("unknown-poll-results", "/binh-chon/khong-co/ket-qua/", 404, NOT_FOUND),
    Get("draft-article-hidden", "/tin-tuc/{draft}/", 404, NOT_FOUND),
    Get("scheduled-article-hidden", "/tin-tuc/{scheduled}/", 404, NOT_FOUND),
    Get("preview-needs-staff", "/tin-tuc/{draft}/xem-truoc/", 404, NOT_FOUND),
    Get("preview-param-ignored", "/tin-tuc/{draft}/", 404, NOT_FOUND, {"preview": "1"}),
    Get("page-huge", "/tin-tuc/", 404, NOT_FOUND, {"trang": "99999999"}),
    Get("page-negative", "/tin-tuc/", 404, NOT_FOUND, {"trang": "-1"}),
    Get("page-zero", "/tin-tuc/", 404, NOT_FOUND, {"trang": "0"}),
    Get("page-text", "/tin-tuc/", 404, NOT_FOUND, {"trang": "mot"}),
    Get("page-overflow", "/tin-tuc/", 404, NOT_FOUND, {"trang": "9" * 400}),
    Get("page-float", "/tin-tuc/", 404, NOT_FOUND, {"trang": "1e9"}),
    Get("page-nul", "/tin-tuc/", 404, NOT_FOUND, {"trang": "\x00"}),
    Get(
        "category-page-huge",
        "/chuyen-muc/{category}/",
        404,
        NOT_FOUND,
        {"trang": "10**9"},
    ),
    Get("poll-archive-page", "/binh-chon/", 404, NOT_FOUND, {"trang": "-5"}),
    Get("slug-with-script", "/tin-tuc/<script>/", 404, NOT_FOUND),
    Get("slug-sql", "/tin-tuc/1' OR '1'='1/", 404, NOT_FOUND),
    Get("slug-non-utf8", "/tin-tuc/%FF%FE/", 404, NOT_FOUND),
    Get("slug-vietnamese", "/tin-tuc/đảng-bộ/", 404, NOT_FOUND),
    Get(
        "article-ok-with-junk-query",
        "/tin-tuc/{article}/",
        200,
        "Hội nghị sơ kết",
        headers={
            "QUERY_STRING": "q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&trang=%FF%FE"
        },
    ),
    Get(
        "document-register-bad-filter",
        "/van-ban/",
        400,
        "Loại văn bản không có trong danh sách.",
        {"nam": "năm-ngoái", "loai": "<script>", "co_quan": "x" * 1000},
    ),
    Get(
        "vote-by-get",
        "/binh-chon/{poll}/gui/",
        405,
        "Địa chỉ này chỉ nhận phiếu bình chọn gửi từ biểu mẫu",
    ),
    Get(
        "poll-status-unknown",
        "/binh-chon/khong-co/trang-thai/",
        404,
        "Cuộc bình chọn không tồn tại",
    ),
    Get(
        "counter-json-junk",
        "/thong-ke/so-lieu.json",
        200,
        "",
        {"path": XSS, "trang": "-1"},
    ),
    Get(
        "forged-forwarded-host",
        "/",
        200,
        "Đảng bộ Thử nghiệm",
        headers={"HTTP_X_FORWARDED_HOST": "ke-gian.example"},
    ),
    Get(
        "foreign-host",
        "/",
        400,
        "Yêu cầu không hợp lệ",
        headers={"HTTP_HOST": "ke-gian.example"},
    ),
    Get("feedback-form-unknown-doc", "/van-ban/khong-co/gop-y/", 404, NOT_FOUND),
    Get("search-script", "/tim-kiem/", 200, "", {"q": XSS}),
    Get(
        "search-page-huge",
        "/tim-kiem/",
        404,
        NOT_FOUND,
        {"q": "hội nghị", "trang": "99999"},
    ),
    Get(
        "search-page-text",
        "/tim-kiem/",
        404,
        NOT_FOUND,
        {"q": "hội nghị", "trang": "abc"},
    ),
    Get("search-huge-query", "/tim-kiem/", 200, "", {"q": "Đảng bộ " * 2000}),
    Get(
        "search-sql-and-operators",
        "/tim-kiem/",
        200,
        "",
        {"q": "' OR 1=1 -- & | ! :* ()"},
    ),
    Get("rss-unknown-category", "/rss/khong-co/", 404, NOT_FOUND),
    Get("legacy-joomla-unknown", "/index.php", 404, NOT_FOUND),
]


@pytest.mark.parametrize("case", GET_CASES, ids=[c.id for c in GET_CASES])
def test_hostile_get(client, world, case):
    before = snapshot()
    response = client.get(fill(case.url, world), case.query, **case.headers)
    assert response.status_code == case.status
    text = response.content.decode("utf-8", "replace")
    if response["Content-Type"].startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    assert case.message in text
    for leak in LEAKS:
        assert leak not in text
    assert "<script>alert(1)" not in text
    assert snapshot() == before


# --- text shown on pages: titles, captions, choices, profile fields -------------------


class _ActiveMarkup(HTMLParser):
    """Collects what a browser would run: inline scripts and event handlers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            # Blocked by the CSP anyway (no 'unsafe-inline'), so never written.
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in {"iframe", "object", "embed", "base", "svg", "math"}:
            self.found.append(f"<{tag}>")
        self._inline_script = (
            tag == "script"
            and "src" not in attrs
            and (attrs.get("type") != "application/json")
        )

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.found.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def assert_no_active_markup(html, where):
    parser = _ActiveMarkup()
    parser.feed(html)
    assert parser.found == [], (where, parser.found)


def test_script_in_every_shown_field_is_escaped(client, world):
    profile = SiteProfile.objects.current()
    for name in ("site_name", "agency_line_1", "editor_in_chief", "licence", "address"):
        setattr(profile, name, f"{name} {XSS}")
    profile.save()
    MenuItem.objects.create(title=f"Mục {XSS}", url="/tin-tuc/", order=1)
    WebsiteLink.objects.create(title=f"Liên kết {XSS}", url="https://example.gov.vn/")
    article = make_article(
        f"Tiêu đề {XSS}",
        category=world["category"],
        lead=f"Sapo {XSS}",
        authors=f"Tác giả {XSS}",
        featured_image_caption=f"Chú thích {XSS}",
        body=f"<p>Thân bài</p><script>alert(3)</script>{XSS}" + FIGURE_TRICK,
    )
    Choice.objects.filter(pk=world["choices"][0].pk).update(text=f"Đẹp {XSS}")
    congress = make_congress(
        summary=f"<p>Tóm tắt</p><script>alert(4)</script>{XSS}{FIGURE_TRICK}"
    )
    document = world["document"]
    document.title = f"Dự thảo {XSS}"
    document.body = f"<p>Văn bản</p><svg onload=alert(5)></svg>{XSS}"
    document.congress = congress
    document.save()
    Feedback.objects.create(
        document=document,
        name=f"Bạn đọc {XSS}",
        email="a@example.vn",
        section=f"Phần {XSS}",
        content=f"Ý kiến {XSS}",
        status=FeedbackStatus.APPROVED,
    )
    for url in [
        "/",
        "/tin-tuc/",
        article.get_absolute_url(),
        "/binh-chon/",
        congress.get_absolute_url(),
        f"{congress.get_absolute_url()}y-kien-dong-gop/",
        document.get_absolute_url(),
        "/van-ban/",
        "/tim-kiem/?q=Dự+thảo",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_no_active_markup(text, url)
        # The hostile text is shown, as text (search highlights split it with <mark>).
        if "tim-kiem" not in url:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, url


def test_stored_body_is_sanitized_whatever_the_browser_sent(world):
    article = make_article(
        "Bài có mã độc",
        category=world["category"],
        body='<p onclick="x()">A</p><a href="java\tscript:alert(1)">B</a><iframe></iframe>',
    )
    article.refresh_from_db()
    assert article.body == '<p>A</p><a rel="noopener noreferrer">B</a>'


def test_admin_refuses_a_javascript_menu_link(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/quan-tri/portal/menuitem/add/",
        {
            "title": "Mục độc",
            "url": "javascript:alert(1)",
            "order": "1",
            "is_active": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Nhập đường dẫn bắt đầu bằng /" in response.content.decode()
    assert snapshot() == before


def test_admin_refuses_a_javascript_website_link(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/quan-tri/portal/websitelink/add/",
        {"title": "Liên kết độc", "url": "javascript:alert(1)", "order": "1"},
    )
    assert response.status_code == 200
    assert "Nhập một URL hợp lệ" in response.content.decode()
    assert snapshot() == before


# --- votes ------------------------------------------------------------------------


def vote(
    client, poll, choice, *, token=None, origin=ORIGIN, json=False, xff=None, **extra
):
    data = {
        "choice": choice.pk if isinstance(choice, Choice) else choice,
        "token": make_form_token(poll) if token is None else token,
        "next": "/",
    }
    data.update(extra)
    headers = {}
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    if json:
        headers["HTTP_ACCEPT"] = "application/json"
    if xff is not None:
        headers["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(f"/binh-chon/{poll.slug}/gui/", data, **headers)


@dataclass
class Vote_:
    id: str
    status: int
    message: str
    build: object  # world -> dict of vote() keyword arguments


INVALID_TOKEN = "Phiếu bình chọn không hợp lệ hoặc đã hết hạn"
VOTE_CASES = [
    Vote_("no-token", 403, INVALID_TOKEN, lambda w: {"token": ""}),
    Vote_("forged-token", 403, INVALID_TOKEN, lambda w: {"token": "1:abc:def"}),
    Vote_(
        "token-of-other-poll",
        403,
        INVALID_TOKEN,
        lambda w: {"token": make_form_token(w["other"])},
    ),
    Vote_(
        "foreign-origin",
        403,
        INVALID_TOKEN,
        lambda w: {"origin": "https://ke-gian.example"},
    ),
    Vote_("no-origin-no-referer", 403, INVALID_TOKEN, lambda w: {"origin": None}),
    Vote_("no-choice", 400, "Vui lòng chọn một phương án", lambda w: {"choice": ""}),
    Vote_(
        "choice-not-a-number",
        400,
        "Vui lòng chọn một phương án",
        lambda w: {"choice": "1 OR 1=1"},
    ),
    Vote_(
        "choice-of-other-poll",
        400,
        "Phương án bạn chọn không thuộc câu hỏi này",
        lambda w: {"choice": w["other_choice"]},
    ),
    Vote_(
        "choice-huge",
        400,
        "Phương án bạn chọn không thuộc câu hỏi này",
        lambda w: {"choice": str(2**70)},
    ),
    Vote_(
        "choice-negative",
        400,
        "Phương án bạn chọn không thuộc câu hỏi này",
        lambda w: {"choice": "-1"},
    ),
    Vote_(
        "choice-unknown",
        400,
        "Phương án bạn chọn không thuộc câu hỏi này",
        lambda w: {"choice": "987654"},
    ),
]


@pytest.mark.parametrize("case", VOTE_CASES, ids=[c.id for c in VOTE_CASES])
def test_bad_vote_is_refused_and_counts_nothing(client, world, case):
    before = snapshot()
    kwargs = case.build(world)
    choice = kwargs.pop("choice", world["choices"][0])
    response = vote(client, world["poll"], choice, **kwargs)
    assert response.status_code == case.status
    assert case.message in response.content.decode()
    assert snapshot() == before


def test_vote_on_a_closed_poll_is_refused(client, world):
    before = snapshot()
    response = vote(client, world["closed"], world["closed_choice"])
    assert response.status_code == 403
    assert "Cuộc bình chọn đã kết thúc" in response.content.decode()
    assert snapshot() == before


def test_replayed_vote_counts_once(client, world):
    poll, choice = world["poll"], world["choices"][1]
    first = vote(client, poll, choice, json=True)
    assert first.status_code == 200
    after_first = snapshot()
    replay = vote(client, poll, choice, json=True)
    assert replay.status_code == 409
    assert "Bạn đã bình chọn cho câu hỏi này" in replay.json()["message"]
    assert snapshot() == after_first
    assert Vote.objects.filter(poll=poll).count() == 1


def test_vote_next_never_leaves_the_site(client, world):
    response = vote(
        client, world["poll"], world["choices"][0], next="https://ke-gian.example/"
    )
    assert response.status_code == 303
    assert response["Location"].startswith("/binh-chon/")


def test_spoofed_forwarded_for_buys_no_extra_votes(settings, world):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = []
    for n in range(4):
        fresh = Client()  # a new visitor cookie every time
        response = vote(
            fresh,
            world["poll"],
            world["choices"][0],
            json=True,
            xff=f"198.51.100.{n}",
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429, 429]
    assert Vote.objects.filter(poll=world["poll"]).count() == 2


def test_behind_one_trusted_proxy_the_proxy_hop_decides(settings, world):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = []
    # The same real client (appended by our proxy) forges different left-hand hops.
    for forged in ["203.0.113.1", "203.0.113.2, 203.0.113.3"]:
        response = vote(
            Client(),
            world["poll"],
            world["choices"][0],
            json=True,
            xff=f"{forged}, 192.0.2.10",
        )
        statuses.append(response.status_code)
    # A different real client behind the same proxy still gets its vote.
    other = vote(
        Client(),
        world["poll"],
        world["choices"][0],
        json=True,
        xff="192.0.2.99",
    )
    assert statuses == [200, 429]
    assert other.status_code == 200
    assert Vote.objects.filter(poll=world["poll"]).count() == 2


# --- citizens' feedback form -----------------------------------------------------------


def feedback(client, document, **overrides):
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "",
        "section": "Phần II",
        "content": "Đề nghị bổ sung nội dung về chuyển đổi số trong công tác Đảng.",
        "website": "",
        "token": feedback_form_token(document, issued_at=time.time() - 60),
    }
    data.update(overrides)
    return client.post(f"/van-ban/{document.slug}/gop-y/", data)


@dataclass
class Fb:
    id: str
    status: int
    message: str
    overrides: object  # document -> dict


FEEDBACK_CASES = [
    Fb("no-name", 400, "Vui lòng nhập họ và tên", lambda d: {"name": ""}),
    Fb("no-content", 400, "Vui lòng nhập nội dung góp ý", lambda d: {"content": ""}),
    Fb(
        "content-too-short",
        400,
        "Nội dung góp ý quá ngắn",
        lambda d: {"content": "ngắn"},
    ),
    Fb(
        "content-too-long",
        400,
        "Nội dung góp ý quá dài",
        lambda d: {"content": "x" * 5001},
    ),
    Fb(
        "bad-email",
        400,
        "Địa chỉ thư điện tử không hợp lệ",
        lambda d: {"email": "a@<script>"},
    ),
    Fb(
        "bad-phone",
        400,
        "Số điện thoại chỉ gồm chữ số",
        lambda d: {"phone": "0123<script>"},
    ),
    Fb(
        "no-contact",
        400,
        "Vui lòng cho biết thư điện tử hoặc số điện thoại",
        lambda d: {"email": "", "phone": ""},
    ),
    Fb("honeypot-filled", 400, "", lambda d: {"website": "http://spam.example"}),
    Fb("forged-token", 400, "Biểu mẫu không hợp lệ", lambda d: {"token": "gia-mao"}),
    Fb("missing-token", 400, "", lambda d: {"token": ""}),
    Fb(
        "too-fast",
        400,
        "Bạn gửi quá nhanh",
        lambda d: {"token": feedback_form_token(d, issued_at=time.time())},
    ),
    Fb(
        "nul-in-content",
        400,
        "",
        lambda d: {"content": "Nội dung có ký tự \x00 rỗng ở giữa câu."},
    ),
]


@pytest.mark.parametrize("case", FEEDBACK_CASES, ids=[c.id for c in FEEDBACK_CASES])
def test_bad_feedback_is_refused_and_stores_nothing(client, world, case):
    before = snapshot()
    document = world["document"]
    response = feedback(client, document, **case.overrides(document))
    assert response.status_code == case.status
    text = response.content.decode()
    assert case.message in text
    assert "<script>" not in text.split("</head>", 1)[1].replace(
        '<script src="', ""
    ).replace('<script type="application/json"', "")
    assert snapshot() == before


def test_feedback_on_a_document_not_open_for_comments_is_refused(client, world):
    before = snapshot()
    document = world["document"]
    type(document).objects.filter(pk=document.pk).update(comments_open=False)
    document.refresh_from_db()
    response = feedback(client, document)
    assert response.status_code == 403
    assert snapshot() == before


def test_feedback_without_csrf_token_is_refused(world):
    before = snapshot()
    response = feedback(Client(enforce_csrf_checks=True), world["document"])
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert snapshot() == before


# --- exports: no cell may start a spreadsheet formula ------------------------------------

FORMULAS = [
    '=HYPERLINK("http://ke-gian.example","Bấm")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def exporting_models():
    return sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "resource_classes", None)
    )


@pytest.fixture
def hostile_rows(world):
    document = world["document"]
    for n, formula in enumerate(FORMULAS):
        Feedback.objects.create(
            document=document,
            name=formula,
            email=f"a{n}@example.vn",
            section=formula,
            content=f"{formula}\x0b\x01 có ký tự điều khiển",
        )
        make_article(formula, category=world["category"], lead=formula, authors=formula)
        make_category(f"{formula} {n}")
    Poll.objects.filter(pk=world["poll"].pk).update(question=FORMULAS[0])
    Choice.objects.filter(pk=world["choices"][0].pk).update(text=FORMULAS[1])


@pytest.mark.parametrize(
    "label",
    exporting_models(),
)
def test_export_is_formula_safe_in_csv_and_xlsx(hostile_rows, label):
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    for resource_class in model_admin.resource_classes:
        dataset = resource_class().export(queryset=model.objects.all())
        text = CSV().export_data(dataset)
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not (cell.startswith("-") and not _is_number(cell)), cell
        dataset = resource_class().export(queryset=model.objects.all())
        workbook = load_workbook(io.BytesIO(XLSX().export_data(dataset)))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value


def test_the_exports_with_citizen_text_are_covered():
    assert {"congress.Feedback", "polls.PollResult"} <= set(exporting_models())


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
