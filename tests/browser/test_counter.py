"""The "Thống kê truy cập" block counts other readers' page views."""

import time

import pytest

from tests.analytics.helpers import stored_totals

from .support import PHONE, VIEWPORTS

pytestmark = pytest.mark.browser

COUNTER_JSON = "/thong-ke/so-lieu.json"
SECOND_READER_UA = (
    "Mozilla/5.0 (Linux; Android 14; Redmi Note 13) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
)


def shown_numbers(page, url=None):
    """Load (or reload) the page, wait for counter.js, return the block's numbers."""
    with page.expect_response(lambda response: COUNTER_JSON in response.url) as info:
        if url:
            page.goto(url)
        else:
            page.reload()
    assert info.value.ok
    block = page.locator("section.counter-block")
    assert block.get_by_role("heading", name="Thống kê truy cập").is_visible()
    # Let counter.js write the fresh numbers into the block.
    page.wait_for_function("() => document.readyState === 'complete'")
    numbers = {}
    for cell in block.locator("[data-counter]").all():
        if cell.is_visible():
            numbers[cell.get_attribute("data-counter")] = int(
                cell.inner_text().replace(".", "")
            )
    return numbers


def test_counter_block_changes_after_page_views_from_another_reader(new_context):
    watcher = new_context().new_page()
    before = shown_numbers(watcher, "/lien-he/")
    assert {"total_views", "total_visits"} <= set(before), before

    # A second reader, on her own phone (own browser context: own cookies), reads
    # three pages. Her browser differs from every other test's: readers behind one
    # address with the same browser are one visitor until they have the counter's
    # cookie (docs/analytics.md), and the other tests ran today too.
    other = new_context(PHONE, user_agent=SECOND_READER_UA).new_page()
    for url in ["/", "/tin-tuc/", "/en/"]:
        assert other.goto(url).ok

    # The block's numbers are reused for a few seconds (ANALYTICS_SNAPSHOT_SECONDS):
    # reload until they move, for at most 20 seconds.
    deadline = time.monotonic() + 20
    while True:
        after = shown_numbers(watcher)
        if after["total_views"] >= before["total_views"] + 3 or (
            time.monotonic() > deadline
        ):
            break
        watcher.wait_for_timeout(1000)
    assert after["total_views"] >= before["total_views"] + 3, (before, after)
    assert after["total_visits"] >= before["total_visits"] + 1, (before, after)
    if "online" in after:
        assert after["online"] >= 2


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_counter_numbers_never_break_across_lines(new_context, server, viewport_name):
    """Even with the larger text of accessibility mode in the narrow sidebar, a
    number like 2.372.769 stays on one line."""
    context = new_context(VIEWPORTS[viewport_name])
    context.add_cookies([{"name": "a11y", "value": "1", "url": server}])
    page = context.new_page()
    shown_numbers(page, "/lien-he/")
    lines = page.locator("section.counter-block [data-counter]").evaluate_all(
        """cells => cells.filter(cell => cell.offsetParent).map(cell => {
             const range = document.createRange();
             range.selectNodeContents(cell);
             const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
             return [cell.textContent, tops.size];
           })"""
    )
    assert lines
    for text, line_count in lines:
        assert line_count == 1, f"{text} is broken across {line_count} lines"


def test_behind_a_front_cache_the_page_is_counted_once_by_its_counting_request(
    new_context, settings, django_db_blocker
):
    """ANALYTICS_COUNT_IN = "counter" (the nginx microcache, docs/deploy.md): the
    page is not counted when answered; counter.js asks /thong-ke/xem.gif once the
    page is shown, and that counts it, once."""
    settings.ANALYTICS_COUNT_IN = "counter"
    settings.PAGE_CACHE_ENABLED = False  # pages stored before the switch lack it
    with django_db_blocker.unblock():
        before = stored_totals()

    reader = new_context(PHONE, user_agent=SECOND_READER_UA).new_page()
    with reader.expect_response(lambda r: "/thong-ke/xem.gif" in r.url) as info:
        assert reader.goto("/lien-he/").ok
    assert info.value.ok
    assert info.value.header_value("content-type") == "image/gif"
    assert "p=%2Flien-he%2F" in info.value.url

    with django_db_blocker.unblock():
        after = stored_totals()
    assert after[0] == before[0] + 1
