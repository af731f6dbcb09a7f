"""A reader on a 360x740 phone and on a 1366x768 office screen."""

import re

import pytest

from .support import (
    VIEWPORTS,
    assert_no_horizontal_scroll,
    font_size,
    main_menu,
    save_screenshot,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_home_contact_english_and_404_fit_the_screen(new_context, viewport_name):
    page = new_context(VIEWPORTS[viewport_name]).new_page()

    page.goto("/")
    assert page.locator("header.site-header").is_visible()
    assert page.get_by_role("navigation", name="Trình đơn chính").is_visible()
    assert page.locator("footer").get_by_text("Trưởng Ban biên tập").is_visible()
    assert_no_horizontal_scroll(page, f"home ({viewport_name})")
    save_screenshot(page, "home", viewport_name)

    main_menu(page).get_by_role("link", name="Liên hệ").click()
    page.wait_for_url("**/lien-he/")
    assert page.get_by_role("heading", level=1).inner_text() == "Liên hệ"
    assert page.get_by_text("Điện thoại").first.is_visible()
    assert_no_horizontal_scroll(page, f"contact ({viewport_name})")
    save_screenshot(page, "contact", viewport_name)

    page.locator("header").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("[lang=en]").first.is_visible()
    assert_no_horizontal_scroll(page, f"English page ({viewport_name})")
    save_screenshot(page, "english", viewport_name)

    response = page.goto("/khong-co-trang-nay/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert_no_horizontal_scroll(page, f"404 ({viewport_name})")


def test_skip_link_is_first_tab_stop_and_moves_focus_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip-link", "Bỏ qua nội dung chính"]
    # The focused skip link is on screen, not hidden off the top.
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    # The next Tab continues inside the main content or after it, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "!document.querySelector('header.site-header').contains(document.activeElement)"
    )


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_accessibility_mode_enlarges_text_and_persists(new_context, viewport_name):
    page = new_context(VIEWPORTS[viewport_name]).new_page()
    page.goto("/lien-he/")
    normal_body = font_size(page, "main dd")
    normal_heading = font_size(page, "main h1")

    page.get_by_role("link", name="Bật chế độ truy cập dễ dàng hơn").click()
    page.wait_for_url("**/lien-he/")
    assert font_size(page, "main dd") > normal_body
    assert font_size(page, "main h1") > normal_heading
    assert_no_horizontal_scroll(
        page, f"contact in accessibility mode ({viewport_name})"
    )
    save_screenshot(page, "contact-a11y", viewport_name)

    # The next page keeps the mode.
    page.goto("/en/")
    assert page.evaluate("document.documentElement.classList.contains('a11y')")
    assert page.get_by_role("link", name="Tắt chế độ truy cập dễ dàng hơn").is_visible()

    # Switching it off restores the normal size.
    page.goto("/lien-he/")
    page.get_by_role("link", name="Tắt chế độ truy cập dễ dàng hơn").click()
    page.wait_for_url("**/lien-he/")
    assert font_size(page, "main dd") == normal_body


def assert_captions_under_photos(page, scope):
    """Every photo in ``scope`` has loaded, and its caption sits directly under it."""
    figures = page.locator(f"{scope} figure:has(figcaption):has(img)")
    assert figures.count() > 0, f"no captioned photo in {scope}"
    for figure in figures.all():
        figure.scroll_into_view_if_needed()
        photo, caption = figure.locator("img").first, figure.locator("figcaption")
        photo.wait_for()
        page.wait_for_function("img => img.complete", arg=photo.element_handle())
        assert photo.evaluate("img => img.naturalWidth") > 0, "broken photo"
        # alt may be empty only because the caption says it (never read twice).
        assert photo.get_attribute("alt") is not None, "photo without alt"
        assert caption.is_visible() and caption.inner_text().strip()
        photo_box, caption_box = photo.bounding_box(), caption.bounding_box()
        gap = caption_box["y"] - (photo_box["y"] + photo_box["height"])
        assert 0 <= gap < 40, f"caption is {gap}px from its photo"
        assert caption_box["x"] < photo_box["x"] + photo_box["width"]
        assert photo_box["x"] < caption_box["x"] + caption_box["width"]


def article_with_captioned_photo():
    from bulletins.models import Article

    article = (
        Article.objects.published()
        .filter(photos__caption__gt="")
        .exclude(featured_image="")
        .exclude(featured_image_caption="")
        .first()
    )
    assert article is not None, "the demo content has no article with captioned photos"
    return article


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_reader_goes_from_home_to_category_to_article(new_context, viewport_name):
    article = article_with_captioned_photo()
    page = new_context(VIEWPORTS[viewport_name]).new_page()
    page.goto("/")
    assert page.locator("main a[href^='/tin-tuc/']").count() >= 3

    main_menu(page).get_by_role("link", name="Tin tức", exact=True).click()
    page.wait_for_url("**/chuyen-muc/**")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("main a[href^='/tin-tuc/']").count() >= 1
    assert_no_horizontal_scroll(page, f"category ({viewport_name})")
    save_screenshot(page, "category", viewport_name)

    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    # Date and time as the readers know them: 25/10/2021, 14:06 (GMT+7).
    meta = page.locator(".article__meta time").inner_text()
    assert re.fullmatch(r"\d\d/\d\d/\d{4}, \d\d:\d\d \(GMT\+7\)", meta), meta
    # Print button shown by its script (no inline JavaScript).
    assert page.get_by_role("button", name="In bài").is_visible()
    assert_captions_under_photos(page, "article.article")
    assert_no_horizontal_scroll(page, f"article ({viewport_name})")
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "article", viewport_name)


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_reader_visits_the_congress_pages(new_context, viewport_name):
    page = new_context(VIEWPORTS[viewport_name]).new_page()
    page.goto("/")
    main_menu(page).get_by_role("link", name="Đại hội", exact=True).click()
    page.wait_for_url("**/dai-hoi/")
    assert_no_horizontal_scroll(page, f"congress list ({viewport_name})")
    page.locator("main a[href^='/dai-hoi/'][href$='/']").first.click()
    page.wait_for_url(re.compile(r"/dai-hoi/[\w-]+/$"))
    congress_menu = page.get_by_role("navigation", name="Chuyên trang đại hội")
    assert congress_menu.is_visible()
    assert_no_horizontal_scroll(page, f"congress ({viewport_name})")
    save_screenshot(page, "congress", viewport_name)

    for section in [
        "Tin tức",
        "Tư liệu Đại hội",
        "Nhân sự đại hội",
        "Video",
        "Audio",
        "Ý kiến đóng góp",
        "Phóng sự ảnh",
    ]:
        page.get_by_role("navigation", name="Chuyên trang đại hội").get_by_role(
            "link", name=section, exact=True
        ).click()
        current = page.get_by_role("navigation", name="Chuyên trang đại hội").locator(
            "[aria-current=page]"
        )
        current.wait_for()
        assert current.inner_text() == section
        assert page.get_by_role("heading", level=1).is_visible()
        assert_no_horizontal_scroll(page, f"congress {section} ({viewport_name})")
        if section == "Nhân sự đại hội":
            save_screenshot(page, "congress-people", viewport_name)

    # The photo report: captions under the photos.
    page.locator("main a[href*='/phong-su-anh/'][href$='/']").last.click()
    page.wait_for_url(re.compile(r"/phong-su-anh/[\w-]+/$"))
    assert_captions_under_photos(page, "main")
    assert_no_horizontal_scroll(page, f"photo report ({viewport_name})")


def test_reader_searches_without_vietnamese_accents_on_a_phone(phone_page):
    page = phone_page
    page.goto("/")
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill("dang bo")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=dang+bo")
    assert page.get_by_role("heading", level=1).is_visible()
    found = page.locator("main a", has_text="Đảng bộ")
    assert found.count() >= 1
    assert_no_horizontal_scroll(page, "search results (phone)")
    save_screenshot(page, "search", "phone")
