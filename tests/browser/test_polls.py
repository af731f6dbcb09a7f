"""Voting in the sidebar poll "Thăm dò ý kiến", with and without JavaScript."""

import re

import pytest

from .support import PHONE, assert_no_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser

ALREADY = "Bạn đã bình chọn"
THANKS = "Cảm ơn bạn đã bình chọn"


def sidebar_poll_choice(text):
    from polls.models import Choice, Poll

    poll = Poll.objects.sidebar().first()
    assert poll is not None, "the demo content has no sidebar poll"
    return Choice.objects.get(poll=poll, text=text)


def shown_count(widget, text):
    """The number of votes the results list shows for the choice ``text``."""
    row = widget.locator(".poll-results__row").filter(has_text=f". {text}")
    numbers = row.locator(".poll-results__numbers").inner_text()
    match = re.search(r"\(([\d.]+) phiếu\)", numbers)
    assert match, numbers
    return int(match.group(1).replace(".", ""))


def vote_count(choice):
    choice.refresh_from_db()
    return choice.vote_count


def test_vote_with_javascript_shows_results_in_place(new_context):
    choice = sidebar_poll_choice("Đẹp")
    before = vote_count(choice)
    page = new_context().new_page()
    page.goto("/")
    widget = page.locator("#binh-chon")
    assert widget.get_by_text("Bạn thấy giao diện website như thế nào?").is_visible()

    widget.get_by_label("Đẹp").check()
    widget.get_by_role("button", name="Bình chọn").click()

    # Same page, no navigation: the block now shows the results with our vote.
    expect_text(widget, THANKS)
    assert page.url.rstrip("/") == page.url.split("?")[0].rstrip("/")
    assert "?" not in page.url
    assert shown_count(widget, "Đẹp") == before + 1
    assert vote_count(choice) == before + 1
    assert widget.get_by_role("radio").count() == 0

    # A reload (the page itself may come from the shared cache) still knows.
    page.reload()
    expect_text(widget, ALREADY)
    assert shown_count(widget, "Đẹp") == before + 1
    assert widget.get_by_role("radio").count() == 0

    # So does another page with the block.
    page.goto("/lien-he/")
    expect_text(page.locator("#binh-chon"), ALREADY)
    assert vote_count(choice) == before + 1


def test_vote_without_javascript(new_context):
    choice = sidebar_poll_choice("Đẹp")
    before = vote_count(choice)
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/lien-he/")
    widget = page.locator("#binh-chon")
    widget.get_by_label("Đẹp").check()
    widget.get_by_role("button", name="Bình chọn").click()

    # The server answers with the same page, showing the results in the block.
    page.wait_for_url(re.compile(r"/lien-he/\?"))
    widget = page.locator("#binh-chon")
    assert THANKS in widget.inner_text()
    assert shown_count(widget, "Đẹp") == before + 1
    page.reload()
    assert shown_count(page.locator("#binh-chon"), "Đẹp") == before + 1

    # Without JavaScript the cached page offers the form again; voting a second
    # time is refused with a clear message and the count does not change.
    page.goto("/")
    widget = page.locator("#binh-chon")
    widget.get_by_label("Bình thường").check()
    widget.get_by_role("button", name="Bình chọn").click()
    widget = page.locator("#binh-chon")
    assert ALREADY in widget.inner_text()
    assert shown_count(widget, "Đẹp") == before + 1
    assert vote_count(choice) == before + 1


def test_vote_with_keyboard_only_on_a_phone(new_context):
    choice = sidebar_poll_choice("Đẹp")
    before = vote_count(choice)
    page = new_context(PHONE).new_page()
    page.goto("/")
    widget = page.locator("#binh-chon")
    # Wait until poll.js has asked for this visitor's state.
    page.wait_for_load_state("networkidle")

    # Tab until the first choice of the poll has focus.
    for _ in range(250):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.matches('#binh-chon input[type=radio]')"
        ):
            break
    else:
        pytest.fail("the poll choices cannot be reached with Tab")
    # The focus is visible (an outline or a shadow), not hidden.
    assert page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"""
    )
    page.keyboard.press("Space")
    assert widget.get_by_label("Đẹp").is_checked()
    # Tab to the button, press Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Bình chọn"
    page.keyboard.press("Enter")
    expect_text(widget, THANKS)
    assert shown_count(widget, "Đẹp") == before + 1
    # The result message gets the focus, so a screen reader announces it.
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert_no_horizontal_scroll(page, "home after voting (phone)")
    save_screenshot(page, "poll-voted", "phone", element=widget)


def expect_text(locator, text):
    locator.get_by_text(text).first.wait_for(state="visible")
