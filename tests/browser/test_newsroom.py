"""The newsroom's working day in Chromium, at 1366 px and 360 px, as the role that
met each defect of issue 16: an edit is kept when a workflow button is pressed,
withdrawing asks first, a member added on the new page logs in, the admin stays
Vietnamese for a browser set to English, export then import changes nothing, and
the lists, the form and the traffic report fit the screen (with screenshots)."""

import pytest
from django.contrib.auth.models import Group, User

from bulletins.models import Article, ArticleTransition
from tests.portal.test_admin_vietnamese import english_words

from .support import DESKTOP, PHONE, assert_no_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-toa-soan-2026"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def staff(site_data):
    """One account per role (and a superuser), removed afterwards."""
    made = {}
    for key, group in (
        ("phongvien-tt", "Phóng viên"),
        ("bientap-tt", "Biên tập viên"),
        ("truongban-tt", "Trưởng Ban biên tập"),
    ):
        User.objects.filter(username=key).delete()
        user = User.objects.create_user(key, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        made[key] = user
    User.objects.filter(username="quantri-tt").delete()
    made["quantri-tt"] = User.objects.create_superuser(
        "quantri-tt", "quantri@example.gov.vn", PASSWORD
    )
    yield made
    for user in made.values():
        Article.objects.filter(created_by=user).delete()
        user.delete()
    User.objects.filter(username="thanhvien-moi").delete()


def drop_thumbnail_races(contexts):
    """Known, not fixed here: a logged-in page's media requests each save the
    session (SESSION_SAVE_EVERY_REQUEST, cached_db); the live test server's
    threads then share the test database connection, and some of the list's
    thumbnails, requested all at once, fail with a 400 (SessionInterrupted) or a
    500 ("DatabaseWrapper objects created in a thread can only be used in that
    same thread"). A thumbnail fetched alone answers 200. Other problems still
    fail the test."""
    kept = [
        problem
        for problem in contexts.take_problems()
        if not (
            problem.startswith(("400 for ", "500 for "))
            and "/media/renditions/thumb/" in problem
        )
    ]
    contexts.problems.extend(kept)


def log_in(page, username, password=PASSWORD):
    page.goto("/quan-tri/login/?next=/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/quan-tri/")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_reporter_edits_the_lead_then_submits_and_the_edit_is_kept(
    new_context, staff, viewport
):
    reporter = staff["phongvien-tt"]
    category = Article.objects.order_by("pk").first().category
    article = Article.objects.create(
        title=f"Tin nháp của phóng viên ({viewport})",
        category=category,
        lead="Sapo cũ",
        body="<p>Nội dung</p>",
        status=Article.Status.DRAFT,
        created_by=reporter,
    )
    page = new_context(VIEWPORTS[viewport]).new_page()
    log_in(page, reporter.username)
    page.goto(f"/quan-tri/bulletins/article/{article.pk}/change/")
    page.locator("#id_lead").fill("Sapo mới, sửa ngay trước khi gửi duyệt")
    page.get_by_role("button", name="Gửi duyệt").click()
    page.locator(".messagelist .success").first.wait_for()
    article.refresh_from_db()
    assert article.lead == "Sapo mới, sửa ngay trước khi gửi duyệt"
    assert article.status == Article.Status.REVIEW
    assert "Đã lưu các thay đổi" in page.locator(".messagelist").inner_text()


def test_head_withdraws_only_after_confirming_with_a_reason(new_context, staff):
    head = staff["truongban-tt"]
    article = (
        Article.objects.published()
        .exclude(home_pin__isnull=False)
        .order_by("pk")
        .last()
    )
    page = new_context(DESKTOP).new_page()
    log_in(page, head.username)
    page.goto(f"/quan-tri/bulletins/article/{article.pk}/change/")
    page.get_by_role("button", name="Gỡ bài khỏi trang").click()
    page.get_by_label("Lý do gỡ bài").wait_for()
    article.refresh_from_db()
    assert article.is_published()
    page.get_by_label("Lý do gỡ bài").fill("Cần xác minh lại số liệu")
    page.get_by_role("button", name="Có, gỡ bài khỏi trang").click()
    page.locator("#workflow-history").wait_for()
    assert "Cần xác minh lại số liệu" in page.locator("#workflow-history").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    # Put back as it was for the other tests.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    ArticleTransition.objects.filter(article=article).delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_member_added_on_the_new_page_logs_in(new_context, staff, viewport):
    User.objects.filter(username="thanhvien-moi").delete()
    page = new_context(VIEWPORTS[viewport]).new_page()
    log_in(page, "quantri-tt")
    page.goto("/quan-tri/auth/user/")
    page.get_by_role("link", name="Thêm thành viên ban biên tập").click()
    page.get_by_label("Họ và tên").fill("Lê Văn Thành")
    page.get_by_label("Tên đăng nhập").fill("thanhvien-moi")
    page.get_by_label("Phóng viên").check()
    page.get_by_label("Tôi đặt mật khẩu ban đầu").check()
    page.locator("#id_password1").fill("Nui-rung-Tay-Bac-2026")
    page.locator("#id_password2").fill("Nui-rung-Tay-Bac-2026")
    page.get_by_role("button", name="Thêm thành viên").click()
    page.locator(".messagelist .success").first.wait_for()

    member = new_context(VIEWPORTS[viewport]).new_page()
    log_in(member, "thanhvien-moi", "Nui-rung-Tay-Bac-2026")
    assert "Công việc của tôi" in member.content()


def test_a_browser_set_to_english_gets_a_vietnamese_admin(new_context, staff):
    context = new_context(DESKTOP)
    context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    log_in(page, "truongban-tt")
    article = Article.objects.order_by("pk").first()
    for url in (
        "/quan-tri/",
        "/quan-tri/bulletins/article/",
        f"/quan-tri/bulletins/article/{article.pk}/change/",
        f"/quan-tri/bulletins/article/{article.pk}/history/",
        "/quan-tri/bulletins/article/export/",
        "/quan-tri/bulletins/article/import/",
        "/quan-tri/analytics/trafficreport/",
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "vi", url
        assert english_words(page.content()) == [], url
    # The export's "select all" works (no inline handler for the CSP to block).
    page.goto("/quan-tri/bulletins/article/export/")
    page.locator("#select-all-toggle").uncheck()
    assert page.locator(".selectable-field-export-row input:checked").count() == 0
    page.locator("#select-all-toggle").check()
    assert page.locator(".selectable-field-export-row input:checked").count() >= 10
    drop_thumbnail_races(new_context)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_lists_form_and_report_fit_the_screen(new_context, staff, viewport):
    page = new_context(VIEWPORTS[viewport]).new_page()
    log_in(page, "truongban-tt")

    page.goto("/quan-tri/bulletins/article/")
    assert_no_horizontal_scroll(page, f"article list ({viewport})")
    title_cell = page.locator(
        "#result_list td.field-title, #result_list th.field-title"
    )
    assert title_cell.first.bounding_box()["width"] >= (
        180 if viewport == "desktop" else 120
    )
    if viewport == "desktop":
        # Every column on screen, not scrolled away inside the list's frame:
        # the view count and "featured" too.
        frame = page.locator("#changelist .results").bounding_box()
        for column in ("column-view_count", "column-is_featured"):
            box = page.locator(f"#result_list th.{column}").bounding_box()
            assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, column
        assert page.evaluate("document.documentElement.scrollHeight") < 4000
    save_screenshot(page, "admin-article-list", viewport)

    article = Article.objects.exclude(featured_image="").order_by("pk").first()
    page.goto(f"/quan-tri/bulletins/article/{article.pk}/change/")
    assert_no_horizontal_scroll(page, f"article form ({viewport})")
    title_input = page.locator("#id_title").bounding_box()
    assert title_input["width"] >= (600 if viewport == "desktop" else 280)
    assert page.locator("img.stored-photo-thumb").count() >= 1
    heading = page.locator("fieldset.module h2").nth(1).inner_text()
    assert heading[:1].isupper(), heading
    save_screenshot(page, "admin-article-form", viewport)

    page.goto("/quan-tri/congress/feedback/")
    assert_no_horizontal_scroll(page, f"feedback list ({viewport})")
    if viewport == "desktop" and page.locator("#result_list").count():
        frame = page.locator("#changelist .results").bounding_box()
        status = page.locator("#result_list th.column-status").bounding_box()
        assert status["x"] + status["width"] <= frame["x"] + frame["width"] + 1

    page.goto("/quan-tri/analytics/trafficreport/")
    assert_no_horizontal_scroll(page, f"traffic report ({viewport})")
    bars = page.locator("rect.bar-views")
    assert bars.count() == 30 + 12
    label = page.locator(".traffic-chart svg text").first.bounding_box()
    assert label["height"] >= 9  # readable, not shrunk to specks
    save_screenshot(page, "admin-traffic-report", viewport)
    drop_thumbnail_races(new_context)


def test_head_exports_every_article_with_vietnamese_headers(
    new_context, staff, tmp_path
):
    """The export in the browser. The import of that file, preview and confirm,
    changing nothing, is walked by tests/bulletins/newsroom/test_round_trip.py:
    the live test server's threads share one SQLite connection, which the
    import's transaction leaves unusable for the other tests of the session."""
    photo = Article.objects.exclude(featured_image="").order_by("pk").first()
    page = new_context(DESKTOP).new_page()
    log_in(page, "truongban-tt")
    page.goto("/quan-tri/bulletins/article/export/")
    page.get_by_label("Định dạng").select_option(label="csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Gửi").click()
    exported = tmp_path / "tin-bai.csv"
    download.value.save_as(exported)
    text = exported.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Đường dẫn,Tiêu đề,Chuyên mục")
    assert photo.featured_image.name in text
