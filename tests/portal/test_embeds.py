"""YouTube videos in the privacy-enhanced player, allowed by the CSP only on the
pages that show one; the Joomla import's video marker kept only in its shape."""

import pytest

from bulletins.joomla.bodies import video_marker
from bulletins.models import Page
from portal import embeds
from portal.sanitize import clean_html
from tests.factories import make_article

VIDEO = "dQw4w9WgXcQ"
MARKER = video_marker("youtube", VIDEO)
NOCOOKIE = "https://www.youtube-nocookie.com"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://www.youtube.com/watch?v={VIDEO}", VIDEO),
        (f"https://www.youtube.com/watch?feature=share&v={VIDEO}", VIDEO),
        (f"https://m.youtube.com/watch?v={VIDEO}", VIDEO),
        (f"https://youtu.be/{VIDEO}?t=30", VIDEO),
        (f"https://www.youtube.com/embed/{VIDEO}", VIDEO),
        (f"https://www.youtube-nocookie.com/embed/{VIDEO}", VIDEO),
        (f"https://www.youtube.com/shorts/{VIDEO}", VIDEO),
        (f"https://www.youtube.com/live/{VIDEO}", VIDEO),
        ("https://www.youtube.com/watch?v=short", None),
        (f"https://evil.example/watch?v={VIDEO}", None),
        (f"https://youtube.com.evil.example/watch?v={VIDEO}", None),
        (f"javascript:alert(1)//youtu.be/{VIDEO}", None),
        ("https://video.example.gov.vn/dai-hoi", None),
        ("", None),
    ],
)
def test_youtube_addresses_are_recognised(url, expected):
    assert embeds.youtube_id(url) == expected


def test_the_player_is_the_nocookie_host_with_a_link_that_stays():
    html = embeds.player_html(VIDEO, "Toàn cảnh <Đại hội>")
    assert f'src="{NOCOOKIE}/embed/{VIDEO}"' in html
    assert 'title="Video: Toàn cảnh &lt;Đại hội&gt;"' in html
    assert 'loading="lazy"' in html and "sandbox=" in html
    assert f'href="https://www.youtube.com/watch?v={VIDEO}"' in html
    assert "Xem video “Toàn cảnh &lt;Đại hội&gt;” trên YouTube" in html


# --- the marker through the sanitizer ----------------------------------------------


def test_the_import_marker_survives_cleaning_and_becomes_the_player():
    cleaned = clean_html(f"<p>Mở đầu</p>{MARKER}")
    assert f'<figure class="joomla-video" data-video="youtube:{VIDEO}">' in cleaned
    assert clean_html(cleaned) == cleaned  # saving again changes nothing
    rendered = embeds.render_video_markers(cleaned)
    assert f'src="{NOCOOKIE}/embed/{VIDEO}"' in rendered
    assert "joomla-video" not in rendered


def test_a_vimeo_marker_stays_a_link_and_is_not_embedded():
    body = (
        '<figure class="joomla-video" data-video="vimeo:123456">'
        '<a href="https://vimeo.com/123456">Xem video</a></figure>'
    )
    cleaned = clean_html(body)
    assert 'data-video="vimeo:123456"' in cleaned
    rendered = embeds.render_video_markers(cleaned)
    assert "<iframe" not in rendered
    assert 'href="https://vimeo.com/123456"' in rendered


@pytest.mark.parametrize(
    "body",
    [
        # another link inside
        f'<figure class="joomla-video" data-video="youtube:{VIDEO}">'
        '<a href="https://evil.example/x">x</a></figure>',
        # the link names another video
        f'<figure class="joomla-video" data-video="youtube:{VIDEO}">'
        '<a href="https://www.youtube.com/watch?v=aaaaaaaaaaa">x</a></figure>',
        # more than the link
        f'<figure class="joomla-video" data-video="youtube:{VIDEO}">'
        f'<a href="https://www.youtube.com/watch?v={VIDEO}">x</a>'
        '<img src="/media/a.jpg" alt=""></figure>',
        # another class beside it
        f'<figure class="joomla-video image" data-video="youtube:{VIDEO}">'
        f'<a href="https://www.youtube.com/watch?v={VIDEO}">x</a></figure>',
        # a value that is not a video reference, a link to another video, another tag
        '<figure class="joomla-video" data-video="youtube:x&quot; onload=&quot;1">'
        f'<a href="https://www.youtube.com/watch?v={VIDEO}">x</a></figure>',
        '<figure class="joomla-video" data-video="vimeo:123456">'
        '<a href="https://vimeo.com/654321">x</a></figure>',
        f'<p data-video="youtube:{VIDEO}">x</p>',
        f'<div class="joomla-video" data-video="youtube:{VIDEO}">x</div>',
    ],
)
def test_anything_but_the_exact_marker_loses_it(body):
    cleaned = clean_html(body)
    assert "data-video" not in cleaned and "joomla-video" not in cleaned
    assert "<iframe" not in embeds.render_video_markers(cleaned)


# --- the Content-Security-Policy of the pages ---------------------------------------


def frame_sources(response):
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        if name == "frame-src":
            return values
    return None


@pytest.mark.django_db
def test_an_article_with_a_video_allows_that_host_only(client):
    with_video = make_article("Tin có video", body=f"<p>Xem video:</p>{MARKER}")
    plain = make_article("Tin không có video")
    response = client.get(with_video.get_absolute_url())
    html = response.content.decode()
    assert f'src="{NOCOOKIE}/embed/{VIDEO}"' in html
    assert frame_sources(response) == [NOCOOKIE]
    assert f'fullscreen=(self "{NOCOOKIE}")' in response["Permissions-Policy"]
    for url in (plain.get_absolute_url(), "/"):
        other = client.get(url)
        assert frame_sources(other) is None, url
        assert "fullscreen=(self)" in other["Permissions-Policy"]


@pytest.mark.django_db
def test_the_policy_comes_back_with_a_cached_page(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    article = make_article("Tin có video", body=MARKER)
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert frame_sources(again) == frame_sources(first) == [NOCOOKIE]


@pytest.mark.django_db
def test_a_page_with_a_video_shows_the_player(client):
    page = Page.objects.create(
        title="Giới thiệu bằng video", body=MARKER, status=Page.Status.PUBLISHED
    )
    response = client.get(page.get_absolute_url())
    assert "video-embed__frame" in response.content.decode()
    assert frame_sources(response) == [NOCOOKIE]


# --- tables --------------------------------------------------------------------------


def test_tables_scroll_in_a_named_focusable_box():
    from portal.richtext import render_tables

    html = render_tables(
        '<figure class="table"><table><tr><td>x</td></tr></table></figure>'
        "<p>giữa</p><table><tr><td>y</td></tr></table>"
    )
    assert html == (
        '<figure class="table table-scroll" role="region" tabindex="0" '
        'aria-label="Bảng"><table><tr><td>x</td></tr></table></figure>'
        '<p>giữa</p><div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Bảng"><table><tr><td>y</td></tr></table></div>'
    )
    assert render_tables("<p>không có bảng</p>") == "<p>không có bảng</p>"
