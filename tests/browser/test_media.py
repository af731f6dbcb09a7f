"""Video and audio play in the page: uploaded files with captions and transcript,
YouTube links in the privacy-enhanced player allowed by the page's policy, a link
left for readers without JavaScript; PDFs open in the browser."""

import pytest
from django.urls import reverse
from django.utils import timezone

from .support import DESKTOP, PHONE, assert_accessible, save_screenshot

pytestmark = pytest.mark.browser

NOCOOKIE = "https://www.youtube-nocookie.com"
VIDEO_ID = "dQw4w9WgXcQ"
STUB_PLAYER = "<!doctype html><title>Trình phát</title><p>Trình phát thử</p>"


def current_congress():
    from congress.models import Congress

    return Congress.objects.published().get(is_current=True)


def section_url(name):
    return reverse(f"congress:{name}", kwargs={"slug": current_congress().slug})


@pytest.fixture
def youtube_video():
    """A congress video given as a YouTube link, removed after the test."""
    from congress.models import Media, MediaKind

    media = Media.objects.create(
        congress=current_congress(),
        kind=MediaKind.VIDEO,
        title="Phóng sự trên YouTube",
        external_url=f"https://www.youtube.com/watch?v={VIDEO_ID}",
        published_at=timezone.now(),
        order=0,
    )
    yield media
    media.delete()


def load(page, selector):
    """Load the metadata of a player (they are ``preload="none"``)."""
    page.eval_on_selector(selector, "el => { el.preload = 'metadata'; el.load(); }")
    page.wait_for_function(
        "sel => document.querySelector(sel).readyState >= 1", arg=selector
    )
    return page.eval_on_selector(selector, "el => el.duration")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_uploaded_video_plays_with_its_captions_and_transcript(
    new_context, viewport
):
    page = new_context(viewport).new_page()
    page.goto(section_url("video"))
    video = "video.media-item__player"
    assert 8.5 < load(page, video) < 9.5
    page.wait_for_function(
        "sel => document.querySelector(sel + ' track').readyState === 2", arg=video
    )
    cues = page.eval_on_selector(
        video, "el => [...el.textTracks[0].cues].map(cue => cue.text)"
    )
    assert cues[0] == "Hội trường Đại hội" and len(cues) == 6
    assert page.eval_on_selector(video, "el => el.textTracks[0].mode") == "showing"
    box = page.locator(video).bounding_box()
    assert box["width"] <= viewport["width"]
    transcript = page.locator(".media-item__transcript").first
    transcript.locator("summary").click()
    assert transcript.get_by_text("Hội trường Đại hội").is_visible()
    save_screenshot(page, "video", "phone" if viewport is PHONE else "desktop")


def test_the_uploaded_recording_plays_and_says_what_it_says(phone_page):
    page = phone_page
    page.goto(section_url("audio"))
    assert 3.5 < load(page, "audio.media-item__player") < 4.5
    page.locator(".media-item__transcript summary").first.click()
    assert page.get_by_text("xin tuyên bố khai mạc Đại hội").is_visible()
    assert page.get_by_role("link", name="Tải tệp âm thanh về máy").is_visible()
    # "Nghe bản ghi … trên trang ngoài", never "Xem nghe audio …".
    assert page.get_by_text("Nghe bản ghi “Bản tin phát thanh về Đại hội”").count()
    assert page.get_by_text("Xem nghe").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_youtube_link_plays_in_the_nocookie_player(
    new_context, youtube_video, javascript
):
    contexts = new_context
    context = contexts(DESKTOP, java_script_enabled=javascript)
    contexts.stub(context, NOCOOKIE, STUB_PLAYER)
    page = context.new_page()
    response = page.goto(section_url("video"))
    policy = response.headers["content-security-policy"]
    assert f"frame-src {NOCOOKIE}" in policy
    frame = page.locator(f"iframe[src='{NOCOOKIE}/embed/{VIDEO_ID}']")
    frame.scroll_into_view_if_needed()
    frame.wait_for()
    page.wait_for_function(
        "src => [...document.querySelectorAll('iframe')].some(f => f.src === src)",
        arg=f"{NOCOOKIE}/embed/{VIDEO_ID}",
    )
    player = page.frame_locator(f"iframe[src='{NOCOOKIE}/embed/{VIDEO_ID}']")
    assert player.get_by_text("Trình phát thử").is_visible()
    link = page.get_by_role(
        "link", name="Xem video “Phóng sự trên YouTube” trên YouTube"
    )
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
    if javascript:
        assert_accessible(page, "video page with a YouTube player")


def test_pages_without_a_video_allow_no_frame(page):
    for path in ("/", section_url("audio")):
        response = page.goto(path)
        assert "frame-src" not in response.headers["content-security-policy"]


def test_an_imported_article_plays_its_video(new_context):
    from bulletins.joomla.bodies import video_marker
    from bulletins.models import Article, Category

    article = Article.objects.create(
        title="Tin nhập từ trang cũ có video",
        category=Category.objects.first(),
        body=f"<p>Mời xem video.</p>{video_marker('youtube', VIDEO_ID)}",
        status=Article.Status.PUBLISHED,
    )
    try:
        context = new_context(PHONE)
        new_context.stub(context, NOCOOKIE, STUB_PLAYER)
        page = context.new_page()
        page.goto(article.get_absolute_url())
        frame = page.locator(".article__body iframe.video-embed__frame")
        frame.scroll_into_view_if_needed()
        assert frame.get_attribute("src") == f"{NOCOOKIE}/embed/{VIDEO_ID}"
        assert frame.bounding_box()["width"] <= PHONE["width"]
    finally:
        article.delete()


def test_a_pdf_opens_in_the_browser_still_sandboxed(page):
    from congress.models import DocumentFile

    document_file = DocumentFile.objects.filter(kind="pdf").first()
    page.goto(document_file.document.get_absolute_url())
    link = page.locator(f"main a[href='{document_file.file.url}']")
    assert link.get_attribute("download") is None
    assert link.inner_text() in ("Xem tệp PDF", document_file.label)
    answer = page.request.get(document_file.file.url)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline;")
    assert answer.headers["content-security-policy"] == "default-src 'none'; sandbox"
