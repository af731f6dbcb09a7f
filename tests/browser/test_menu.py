"""Every item of the main menu is reached by touch and by keyboard, with and
without JavaScript."""

import pytest

from .support import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    save_screenshot,
)

pytestmark = pytest.mark.browser

SUB_ITEM = "Lịch sử Đảng bộ"


def menu_links(page):
    """Every link of the menu as (text, href), whether shown or not."""
    return page.eval_on_selector_all(
        "nav.main-menu a", "links => links.map(a => [a.innerText.trim(), a.href])"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
def test_a_phone_reader_opens_the_menu_and_reaches_every_item(
    new_context, server, javascript, a11y
):
    context = new_context(PHONE, java_script_enabled=javascript)
    if a11y:
        context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
    page = context.new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    toggle = menu.get_by_role("checkbox", name="Trình đơn")
    assert toggle.is_visible()
    assert not menu.get_by_role("link", name=SUB_ITEM).is_visible()

    toggle.tap()
    links = menu_links(page)
    assert len(links) >= 9  # home, 2 parents with 5 sub-items, documents, ...
    for text, _href in links:
        link = menu.get_by_role("link", name=text, exact=True)
        assert link.is_visible(), text
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], text
        assert box["height"] >= 40, f"{text} is a {box['height']}px target"
    assert_no_horizontal_scroll(page, "the open menu")
    if javascript and not a11y:
        assert_accessible(page, "the open menu (phone)")
        save_screenshot(page, "menu-open", "phone")

    menu.get_by_role("link", name=SUB_ITEM).tap()
    page.wait_for_url("**/trang/lich-su-dang-bo/")
    assert page.get_by_role("heading", level=1).inner_text() == SUB_ITEM


@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
def test_a_keyboard_reader_reaches_the_sub_items_on_a_desktop(
    new_context, server, a11y
):
    context = new_context(DESKTOP)
    if a11y:
        context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
    page = context.new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    assert not menu.get_by_role("checkbox", name="Trình đơn").is_visible()
    sub_item = menu.get_by_role("link", name=SUB_ITEM)
    assert not sub_item.is_visible()
    for _step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()") == SUB_ITEM:
            break
    else:
        pytest.fail("Tab never reached the sub-item")
    # Focus inside the item opens its sub-menu: the focused link is shown.
    assert sub_item.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/trang/lich-su-dang-bo/")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_mouse_opens_the_sub_menu_on_a_desktop(new_context, javascript):
    page = new_context(DESKTOP, java_script_enabled=javascript).new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    menu.get_by_role("link", name="Giới thiệu").hover()
    menu.get_by_role("link", name=SUB_ITEM).click()
    page.wait_for_url("**/trang/lich-su-dang-bo/")
