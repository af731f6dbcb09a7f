"""Video and audio played in the page, the congress pages' side blocks, the home
page's entry to the current congress and the register as cards."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress import demo_media
from congress.filechecks import validate_captions_file, validate_media_file
from congress.models import Media, MediaKind, PhotoReport, PhotoReportImage
from tests.factories import image_file, make_congress, make_document

pytestmark = pytest.mark.django_db

HOUR_AGO = timezone.now() - timedelta(hours=1)


def media(congress, **kwargs):
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    kwargs.setdefault("kind", MediaKind.VIDEO)
    return Media.objects.create(congress=congress, **kwargs)


# --- captions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("phu-de.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nXin ch\xc3\xa0o\n", True),
        ("phu-de.vtt", b"\xef\xbb\xbfWEBVTT - Dai hoi\n\n", True),
        ("phu-de.srt", b"WEBVTT\n\n", False),
        ("phu-de.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", False),
        ("phu-de.vtt", b"WEBVTTX\n", False),
        ("phu-de.vtt", b"WEBVTT\n\n\xff\xfe not utf-8", False),
        ("phu-de.vtt", b"<script>alert(1)</script>", False),
    ],
)
def test_captions_must_be_webvtt_in_utf8(name, data, ok):
    upload = SimpleUploadedFile(name, data, "text/vtt")
    if ok:
        validate_captions_file(upload)
    else:
        with pytest.raises(ValidationError):
            validate_captions_file(upload)


def test_the_demo_video_and_recording_pass_the_upload_checks():
    for name, data in (
        ("video.webm", demo_media.demo_video()),
        ("ghi-am.wav", demo_media.demo_audio()),
    ):
        validate_media_file(SimpleUploadedFile(name, data))
    validate_captions_file(SimpleUploadedFile("a.vtt", demo_media.demo_captions()))


# --- the players ------------------------------------------------------------------------


def test_an_uploaded_video_plays_with_captions_transcript_and_a_download(client):
    congress = make_congress()
    item = media(
        congress,
        title="Toàn cảnh Đại hội",
        file=ContentFile(demo_media.demo_video(), name="toan-canh.webm"),
        captions=ContentFile(demo_media.demo_captions(), name="phu-de.vtt"),
        transcript="Hội trường Đại hội.\nĐoàn Chủ tịch.",
    )
    response = client.get(reverse("congress:video", args=[congress.slug]))
    html = response.content.decode()
    assert '<video class="media-item__player" controls preload="none"' in html
    assert f'<source src="{item.file.url}" type="video/webm">' in html
    assert (
        f'<track kind="captions" src="{item.captions.url}" srclang="vi" '
        'label="Tiếng Việt" default>' in html
    )
    assert "<summary>Nội dung bản ghi</summary>" in html
    assert "Hội trường Đại hội.<br>Đoàn Chủ tịch." in html
    assert f'<a href="{item.file.url}" download>Tải video về máy</a>' in html
    # No frame on this page: the policy allows none.
    assert "frame-src" not in response["Content-Security-Policy"]


def test_a_youtube_link_plays_in_the_privacy_enhanced_player(client):
    congress = make_congress()
    media(
        congress,
        title="Phóng sự Đại hội",
        external_url="https://youtu.be/dQw4w9WgXcQ",
    )
    response = client.get(reverse("congress:video", args=[congress.slug]))
    html = response.content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "Xem video “Phóng sự Đại hội” trên YouTube" in html
    assert (
        "frame-src https://www.youtube-nocookie.com"
        in response["Content-Security-Policy"]
    )


def test_other_links_are_named_for_what_they_are(client):
    congress = make_congress()
    media(congress, title="Phóng sự", external_url="https://video.example.vn/a")
    media(
        congress,
        kind=MediaKind.AUDIO,
        title="Bản tin",
        external_url="https://phatthanh.example.vn/b",
    )
    video = client.get(reverse("congress:video", args=[congress.slug])).content
    audio = client.get(reverse("congress:audio", args=[congress.slug])).content
    assert "Xem video “Phóng sự” trên trang ngoài" in video.decode()
    text = audio.decode()
    assert "Nghe bản ghi “Bản tin” trên trang ngoài" in text
    assert "Xem nghe" not in text


# --- side blocks ----------------------------------------------------------------------


def test_congress_pages_have_the_side_blocks_of_congress_sites(client):
    congress = make_congress(is_current=True)
    media(congress, title="Toàn cảnh đại hội", external_url="https://v.example.vn/")
    media(
        congress,
        kind=MediaKind.AUDIO,
        title="Diễn văn khai mạc",
        external_url="https://a.example.vn/",
    )
    report = PhotoReport.objects.create(
        congress=congress, title="Khai mạc Đại hội", published_at=HOUR_AGO
    )
    PhotoReportImage.objects.create(
        report=report, image=image_file(size=(800, 533)), alt_text="Hội trường"
    )
    html = client.get(reverse("congress:people", args=[congress.slug])).content
    aside = html.decode()
    aside = aside[aside.index('<aside class="sidebar"') :]
    for title in ("Video", "Audio", "Phóng sự ảnh", "Các kì đại hội"):
        assert f">{title}</h2>" in aside, title
    assert "Toàn cảnh đại hội" in aside and "Diễn văn khai mạc" in aside
    assert "Xem tất cả hình (1)&nbsp;»" in aside
    # Titles as given: no "Video: Video: ..." however the item is named.
    assert "Video: " not in aside and "Audio: " not in aside


# --- the home page's entry ------------------------------------------------------------


def test_the_current_congress_has_a_block_on_the_home_page(client):
    congress = make_congress(is_current=True, number=15)
    html = client.get("/").content.decode()
    assert 'class="congress-entry"' in html
    assert "lần thứ XV" in html
    for name in ("congress:news", "congress:documents", "congress:feedback"):
        assert f'href="{reverse(name, args=[congress.slug])}"' in html
    congress.show_on_home = False
    congress.save()
    assert "congress-entry" not in client.get("/").content.decode()


def test_a_banner_set_in_the_admin_replaces_the_block(client):
    congress = make_congress(is_current=True)
    congress.home_banner = image_file(size=(1600, 400))
    congress.home_banner_alt = "Chào mừng Đại hội Đảng bộ Sở lần thứ XV"
    congress.save()
    html = client.get("/").content.decode()
    assert 'class="congress-banner"' in html and 'class="congress-entry"' not in html
    assert 'alt="Chào mừng Đại hội Đảng bộ Sở lần thứ XV"' in html
    congress.home_banner_alt = ""
    with pytest.raises(ValidationError):
        congress.full_clean()


def test_no_entry_without_a_current_congress(client):
    make_congress(is_current=False)
    assert "congress-entry" not in client.get("/").content.decode()


# --- the register ---------------------------------------------------------------------


def test_the_register_rows_are_labelled_cards_whose_codes_and_dates_never_break(
    client,
):
    make_document(
        "Kế hoạch học tập nghị quyết",
        number="18-KH/ĐU",
        issued_on=date(2026, 1, 12),
        abstract="Tổ chức học tập.",
    )
    html = client.get(reverse("congress:document_list")).content.decode()
    assert '<ol class="register" aria-label="Danh sách văn bản">' in html
    assert '<span class="doc-number">18-KH/ĐU</span>' in html
    assert '<time class="nowrap" datetime="2026-01-12">12/01/2026</time>' in html
    for label in ("Số ký hiệu:", "Ngày ban hành:", "Cơ quan ban hành:"):
        assert f'<span class="doc-card__label">{label}</span>' in html
    assert "<table" not in html
