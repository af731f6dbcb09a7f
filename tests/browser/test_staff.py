"""Staff write an article in the admin with CKEditor 5 and readers see it."""

import io

import pytest
from PIL import Image, ImageDraw

from .support import PHONE, assert_accessible, save_screenshot

pytestmark = pytest.mark.browser

USERNAME = "bientap-thu"
PASSWORD = "Mat-khau-bien-tap-2026"
TITLE = "Chi bộ Phòng Quản lý khoa học tổ chức sinh hoạt chuyên đề tháng 11"
CAPTION = "Đảng viên Chi bộ phát biểu tại buổi sinh hoạt chuyên đề"
ALT = "Các đảng viên ngồi quanh bàn họp, một đồng chí đang phát biểu"
LINK_TEXT = "kế hoạch của Đảng ủy"
LINK_URL = "https://hoabinhan.example.gov.vn/ke-hoach"


def photo_png():
    """A 900x600 photo-like PNG made on the spot."""
    image = Image.new("RGB", (900, 600), (196, 214, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 900, 600), fill=(120, 84, 60))
    draw.rectangle((120, 160, 780, 420), fill=(165, 14, 20))
    draw.ellipse((380, 60, 520, 200), fill=(245, 215, 122))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_account():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.filter(username=USERNAME).delete()
    user = User.objects.create_superuser(USERNAME, "bientap@example.gov.vn", PASSWORD)
    yield user
    user.delete()


def log_in(page):
    page.goto("/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/quan-tri/")


def choose_autocomplete(page, field_id, text):
    """Pick ``text`` in a Django admin autocomplete (select2) field."""
    page.locator(f"[aria-labelledby=select2-{field_id}-container]").click()
    page.locator(
        f".select2-search__field[aria-controls=select2-{field_id}-results]"
    ).fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_staff_write_article_with_ckeditor_and_readers_see_caption(
    new_context, editor_account
):
    from bulletins.models import Article, Category

    Article.objects.filter(title=TITLE).delete()
    category = Category.objects.filter(is_active=True).order_by("pk").first()

    page = new_context().new_page()
    log_in(page)
    page.goto("/quan-tri/bulletins/article/add/")
    page.get_by_label("Tiêu đề", exact=False).first.fill(TITLE)
    choose_autocomplete(page, "id_category", category.name)

    editor = page.locator(".field-body .ck-editor__editable")
    editor.click()
    page.keyboard.type("Buổi sinh hoạt diễn ra ")
    page.keyboard.press("Control+B")
    page.keyboard.type("nghiêm túc")
    page.keyboard.press("Control+B")
    page.keyboard.type(", bám sát ")
    # Ctrl+K opens the link form: the words to show and the address.
    page.keyboard.press("Control+K")
    link_form = page.locator(".ck-balloon-panel .ck-link-form")
    link_form.get_by_label("Văn bản đã hiển thị").fill(LINK_TEXT)
    link_form.get_by_label("Đường dẫn liên kết").fill(LINK_URL)
    link_form.get_by_role("button", name="Chèn").click()
    assert editor.get_by_role("link", name=LINK_TEXT).count() == 1
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(".")
    page.keyboard.press("Enter")

    # The toolbar's "upload image" button opens a file dialog: give it a photo.
    page.locator(".field-body .ck-file-dialog-button input[type=file]").set_input_files(
        files=[
            {
                "name": "sinh-hoat-chi-bo.png",
                "mimeType": "image/png",
                "buffer": photo_png(),
            }
        ]
    )
    uploaded = editor.locator("figure.image img[src*='/media/']")
    uploaded.wait_for()
    # The image is selected after the upload: its toolbar adds a caption...
    page.locator(".ck-balloon-panel button[data-cke-tooltip-text*='chú thích']").click()
    caption = editor.locator("figure.image figcaption")
    caption.click()
    page.keyboard.type(CAPTION)
    # ...and a text alternative.
    editor.locator("figure.image img").click()
    page.locator(".ck-balloon-panel button[data-cke-tooltip-text*='alt']").first.click()
    alt_input = page.locator(".ck-balloon-panel input.ck-input").first
    alt_input.fill(ALT)
    alt_input.press("Enter")

    page.locator("body").click(position={"x": 5, "y": 5})
    save_screenshot(
        page, "admin-article-editor", "desktop", element=page.locator(".field-body")
    )

    # Save, then publish with the workflow button on the article's page.
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").first.wait_for()
    page.locator("button[name=_workflow_step][value=publish]").click()
    page.locator(".messagelist .success").first.wait_for()

    article = Article.objects.get(title=TITLE)
    assert article.is_published()
    assert "<strong>nghiêm túc</strong>" in article.body
    assert f'href="{LINK_URL}"' in article.body
    assert CAPTION in article.body

    # A reader (another browser, not logged in) opens it on the public site.
    reader = new_context(PHONE).new_page()
    reader.goto(article.get_absolute_url())
    body = reader.locator(".article__body")
    assert body.locator("strong", has_text="nghiêm túc").is_visible()
    link = body.get_by_role("link", name=LINK_TEXT)
    assert link.get_attribute("href") == LINK_URL
    figure = body.locator("figure", has=reader.locator("img"))
    photo = figure.locator("img")
    photo.scroll_into_view_if_needed()
    # The photo really loads (not a broken image) and keeps its text alternative.
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert photo.get_attribute("alt") == ALT
    caption = figure.locator("figcaption")
    assert caption.inner_text().strip() == CAPTION
    photo_box, caption_box = photo.bounding_box(), caption.bounding_box()
    # The caption sits directly under the photo, overlapping it horizontally.
    assert 0 <= caption_box["y"] - (photo_box["y"] + photo_box["height"]) < 40
    assert caption_box["x"] < photo_box["x"] + photo_box["width"]
    assert photo_box["x"] < caption_box["x"] + caption_box["width"]
    assert_accessible(reader, "the article written in the editor (phone)")
