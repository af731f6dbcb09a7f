"""A citizen comments on a draft document from a phone ("Gửi ý kiến đóng góp")."""

import pytest

from .support import assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

COMMENT = (
    "Đề nghị bổ sung vào mục 3 chỉ tiêu cụ thể về số đảng viên được "
    "bồi dưỡng kỹ năng số trong năm 2026."
)


def test_citizen_sends_feedback_on_a_document_from_a_phone(phone_page):
    from congress.models import Document, Feedback

    document = Document.objects.open_for_comments().first()
    assert document is not None, "the demo content has no document open for comments"
    page = phone_page
    page.goto(document.get_absolute_url())
    page.get_by_role("link", name="Gửi ý kiến").first.click()
    page.wait_for_url("**/gop-y/")
    assert_no_horizontal_scroll(page, "feedback form (phone)")

    page.get_by_label("Họ và tên").fill("Trần Thị Thu Hà")
    page.get_by_label("Thư điện tử").fill("thuha@example.vn")
    page.get_by_label("Phần, mục góp ý (nếu có)").fill("Mục 3")
    # Typed at a person's pace (the form refuses answers filled in under 3 s).
    page.get_by_label("Nội dung góp ý").press_sequentially(COMMENT, delay=30)
    page.get_by_role("button", name="Gửi ý kiến").click()

    page.wait_for_url("**/gop-y/da-gui/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cảm ơn bạn đã gửi ý kiến"
    )
    assert page.get_by_role("status").is_visible()
    feedback = Feedback.objects.get(content=COMMENT)
    assert feedback.name == "Trần Thị Thu Hà"
    # Not published before the editors approve it.
    page.goto(document.get_absolute_url())
    assert page.get_by_text(COMMENT).count() == 0
