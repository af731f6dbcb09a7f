"""What a reader sees laid out: the home page on a phone and a desktop, the
document register, pages with wide content, print."""

from collections import Counter

import pytest

from .support import (
    PHONE,
    VIEWPORTS,
    assert_accessible,
    assert_no_horizontal_scroll,
    main_menu,
    save_screenshot,
)

pytestmark = pytest.mark.browser

# A phone reader scrolls this far at most to read the whole home page (it was
# 7,600 px when every block was a grid of cards and articles came back).
PHONE_HOME_HEIGHT = 5200


def reader_page(new_context, server, viewport_name, a11y=False):
    context = new_context(VIEWPORTS[viewport_name])
    if a11y:
        context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
    return context.new_page()


def top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


MODES = [("phone", False), ("phone", True), ("desktop", False), ("desktop", True)]
MODE_IDS = ["phone", "phone-a11y", "desktop", "desktop-a11y"]


@pytest.mark.parametrize(("viewport_name", "a11y"), MODES, ids=MODE_IDS)
def test_the_home_page_lists_each_article_once(
    new_context, server, viewport_name, a11y
):
    page = reader_page(new_context, server, viewport_name, a11y)
    page.goto("/")
    hrefs = page.eval_on_selector_all(
        "main a[href^='/tin-tuc/']:not([aria-hidden]), "
        ".home-more a[href^='/tin-tuc/']:not([aria-hidden])",
        "links => links.map(a => a.getAttribute('href'))",
    )
    articles = [href for href in hrefs if href.count("/") == 3]
    assert len(articles) >= 15
    repeated = {href: n for href, n in Counter(articles).items() if n > 1}
    assert repeated == {}


@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
def test_a_phone_reader_finds_the_congress_and_the_poll_early(
    new_context, server, a11y
):
    page = reader_page(new_context, server, "phone", a11y)
    page.goto("/")
    # The congress entry comes first in the content: on the first screen.
    assert top(page, ".congress-entry") < PHONE["height"]
    # The poll comes after the news of the day, before the category blocks.
    poll = top(page, "#binh-chon")
    assert top(page, "#tin-moi-nhat") < poll < top(page, ".home-more")
    if not a11y:
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= PHONE_HOME_HEIGHT, f"the phone home page is {height}px long"


def test_desktop_grids_leave_no_card_alone_on_a_row(page):
    for path in ("/", "/dai-hoi/dai-hoi-xv-nhiem-ky-2025-2030/nhan-su/"):
        page.goto(path)
        orphans = page.evaluate(
            """() => {
              const found = [];
              for (const grid of document.querySelectorAll('main *, .home-more *')) {
                if (getComputedStyle(grid).display !== 'grid') continue;
                const cards = [...grid.children].filter(
                  c => ['ARTICLE', 'LI'].includes(c.tagName) && c.offsetHeight);
                if (cards.length < 2 || cards.length !== grid.children.length) continue;
                const rows = {};
                for (const c of cards) {
                  const y = Math.round(c.getBoundingClientRect().top);
                  rows[y] = (rows[y] || 0) + 1;
                }
                const counts = Object.values(rows);
                if (counts.length > 1 && counts[counts.length - 1] === 1) {
                  found.push(grid.className + ': ' + counts.join('/'));
                }
              }
              return found;
            }"""
        )
        assert orphans == [], f"{path}: {orphans}"


@pytest.mark.parametrize(("viewport_name", "a11y"), MODES, ids=MODE_IDS)
def test_register_numbers_codes_and_dates_never_break(
    new_context, server, viewport_name, a11y
):
    page = reader_page(new_context, server, viewport_name, a11y)
    page.goto("/van-ban/")
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.register .doc-number, .register time')]
            .filter(el => el.getClientRects().length !== 1
                    || el.getBoundingClientRect().height
                       > 1.6 * parseFloat(getComputedStyle(el).lineHeight))
            .map(el => el.textContent)"""
    )
    assert broken == []
    cards = page.locator(".doc-card")
    assert cards.count() >= 5
    label = cards.first.get_by_text("Số ký hiệu:")
    if viewport_name == "phone" or a11y:
        # Cards on a phone and in accessibility mode (the larger text needs the
        # width): each field named, the card as wide as the content.
        assert label.is_visible()
        assert cards.first.bounding_box()["width"] > 280
    else:
        assert page.locator(".register__head").is_visible()
        # The column header names it: the label is for screen readers only.
        assert label.evaluate("el => getComputedStyle(el).position") == "absolute"
        assert label.bounding_box()["width"] <= 1
    assert_no_horizontal_scroll(page, f"register ({viewport_name})")
    if not a11y:
        save_screenshot(page, "register", viewport_name)


@pytest.mark.parametrize(("viewport_name", "a11y"), MODES, ids=MODE_IDS)
def test_pages_from_the_menu_with_a_table_fit_the_screen(
    new_context, server, viewport_name, a11y
):
    page = reader_page(new_context, server, viewport_name, a11y)
    page.goto("/")
    main_menu(page).get_by_role("link", name="Giới thiệu").first.click()
    page.wait_for_url("**/trang/gioi-thieu/")
    page.get_by_role("link", name="Đảng bộ cấp trên cơ sở").last.click()
    page.wait_for_url("**/trang/dang-bo-cap-tren-co-so/")
    assert page.locator("main table").is_visible()
    assert_no_horizontal_scroll(page, f"page with a table ({viewport_name})")
    if not a11y:
        save_screenshot(page, "page", viewport_name)


@pytest.mark.parametrize("path", ["/", "article"])
def test_print_is_black_on_white(page, path):
    from bulletins.models import Article

    if path == "article":
        path = Article.objects.published().first().get_absolute_url()
    page.goto(path)
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => [...document.querySelectorAll(
              '.brand__line1, .brand__line2, .brand__party, h1, h2, ' +
              '.site-footer, .site-footer a, .site-footer dt, .site-footer dd')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.className || el.tagName, getComputedStyle(el).color])"""
    )
    assert colours
    pale = [(name, colour) for name, colour in colours if colour != "rgb(0, 0, 0)"]
    assert pale == []
    assert not page.locator(".sidebar").is_visible()
    assert not page.locator("nav.main-menu").is_visible()


WIDE_BODY = (
    "<p>Địa chỉ tra cứu: https://hoabinhan.example.gov.vn/van-ban/"
    "nghi-quyet-so-01-NQ-DU-ve-chuyen-doi-so-trong-hoat-dong-cua-dang-bo-nam-2026</p>"
    '<figure class="table"><table><thead><tr><th>Chỉ tiêu</th><th>Năm 2024</th>'
    "<th>Năm 2025</th><th>Năm 2026</th><th>Đơn vị thực hiện</th></tr></thead>"
    "<tbody><tr><td>Hồ sơ đảng viên được số hóa</td><td>1.245</td><td>2.380</td>"
    "<td>3.100</td><td>Văn phòng Đảng ủy</td></tr></tbody></table></figure>"
    "<pre>Mã tài liệu: DU-SKHCN-2026-0001-BAO-CAO-TONG-KET-CHUYEN-DOI-SO</pre>"
)


@pytest.fixture
def wide_article():
    from bulletins.models import Article, Category

    article = Article.objects.create(
        title="Bảng số liệu chuyển đổi số của các chi bộ năm 2026",
        category=Category.objects.first(),
        body=WIDE_BODY,
        status=Article.Status.PUBLISHED,
    )
    yield article
    article.delete()


@pytest.fixture
def article_without_photo():
    from bulletins.models import Article, Category

    article = Article.objects.create(
        title="Thông báo lịch tiếp công dân tháng 12 của Đảng ủy",
        category=Category.objects.first(),
        lead="Đảng ủy thông báo lịch tiếp công dân định kỳ trong tháng.",
        body="<p>Lịch tiếp công dân.</p>",
        status=Article.Status.PUBLISHED,
    )
    yield article
    article.delete()


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_a_news_item_without_a_photo_leaves_no_empty_column(
    new_context, server, article_without_photo, viewport_name
):
    page = reader_page(new_context, server, viewport_name)
    page.goto("/tin-tuc/")
    title = page.get_by_role("link", name=article_without_photo.title)
    item = page.locator("article.news-item", has=title)
    # Its title starts where the item starts, not beside a missing picture...
    assert abs(title.bounding_box()["x"] - item.bounding_box()["x"]) < 2
    # ...while an item with a photo keeps the photo beside its title.
    with_photo = page.locator("article.news-item:has(.news-item__thumb)").first
    photo_title = with_photo.locator(".news-item__title a")
    assert photo_title.bounding_box()["x"] > with_photo.bounding_box()["x"] + 60


@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
def test_an_article_with_wide_content_fits_a_360px_phone(
    new_context, server, wide_article, a11y
):
    page = reader_page(new_context, server, "phone", a11y)
    page.goto(wide_article.get_absolute_url())
    assert_no_horizontal_scroll(page, "article with a table, a long address, code")
    # A table wider than the screen scrolls in its own box, which the keyboard
    # reaches and screen readers name.
    box = page.get_by_role("region", name="Bảng")
    box.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Bảng"
    assert_accessible(
        page, f"article with wide content ({'a11y' if a11y else 'normal'})"
    )


@pytest.mark.parametrize(("viewport_name", "a11y"), MODES, ids=MODE_IDS)
def test_the_small_things_readers_noticed(new_context, server, viewport_name, a11y):
    from bulletins.models import Page

    page = reader_page(new_context, server, viewport_name, a11y)
    # "Giấy phép số: Giấy phép số 12/GP…": the label is said once.
    for path, times in (("/", 1), ("/lien-he/", 2)):
        page.goto(path)
        text = page.locator("body").inner_text()
        assert text.count("Giấy phép số") == times, path
        assert "12/GP-TTĐT" in text
    # A draft document is a "Dự thảo", never "bản nháp"; types are capitalised.
    page.goto("/van-ban/?loai=du-thao")
    card = page.locator(".doc-card").first
    assert card.locator(".doc-card__type").inner_text().startswith("Dự thảo")
    assert "bản nháp" not in page.locator("main").inner_text().lower()
    # An en dash between numbers is a hyphen in the address.
    term = Page.objects.create(title="Nhiệm kỳ 2025–2030", status=Page.Status.PUBLISHED)
    try:
        page.goto("/trang/nhiem-ky-2025-2030/")
        assert page.get_by_role("heading", level=1).inner_text() == term.title
    finally:
        term.delete()
    # Titles as given: no "Video: Video: …", no "Audio: Audio: …".
    page.goto("/dai-hoi/dai-hoi-xv-nhiem-ky-2025-2030/")
    text = page.locator("body").inner_text()
    assert "Video: Video" not in text and "Audio: Audio" not in text
    # A title holding the phrase comes first; photo reports are found.
    page.goto("/tim-kiem/?q=%C4%90%E1%BA%A3ng+b%E1%BB%99")
    first = page.locator(".search-result__title").first.inner_text()
    assert "đảng bộ" in first.lower()
    page.goto("/tim-kiem/?q=khai+mac+dai+hoi")
    assert page.locator(".search-result--photoreport").count() >= 1
    assert_no_horizontal_scroll(page, f"search ({viewport_name})")
