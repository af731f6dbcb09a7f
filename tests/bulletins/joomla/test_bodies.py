"""Article bodies: videos, plugin tags, images, files, internal links, intro/full."""

import pytest

from bulletins.joomla import open_source
from bulletins.joomla.bodies import VIDEO_CLASS, BodyConverter, images_json
from bulletins.joomla.files import SiteFiles, relative_path
from tests.bulletins.joomla.conftest import FIXTURES


@pytest.fixture
def site():
    return SiteFiles(FIXTURES)


@pytest.fixture
def converter(site):
    return BodyConverter(
        resolve_image=lambda path: (
            f"/media/{site.find(path).name}" if site.find(path) else None
        ),
        resolve_article=lambda ident: {8: "/tin-tuc/ke-hoach/", 12: "/chi-bo/"}.get(
            ident
        ),
        resolve_file=lambda path: (
            f"/tai-lieu/{site.find(path).name}" if site.find(path) else None
        ),
        resolve_target=lambda target: (
            "/chuyen-muc/tin-tuc/" if target == ("category", 8) else None
        ),
        old_domains=("old-site.gov.vn",),
    )


def kinds(body):
    return [(note.kind, note.detail) for note in body.notes]


def test_real_article_body_is_converted_and_every_change_listed(converter):
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    row = next(r for r in source.rows("content") if r["id"] == "1")
    body = converter.convert(row["introtext"], row["fulltext"])
    assert body.lead == (
        "Sáng nay, Ban Chấp hành Đảng bộ họp phiên thứ năm để bàn việc chuẩn bị đại hội."
    )
    assert "<p>Sáng nay" in body.intro_html  # the intro stays formatted
    # The intro photo is kept at the top of the body.
    assert body.html.startswith('<p><img src="/media/hoi-nghi.jpg" alt="Toàn cảnh')
    assert body.html.count("hoi-nghi.jpg") == 1
    assert '<a href="/tin-tuc/ke-hoach/">kế hoạch năm trước</a>' in body.html
    assert (
        f'<figure class="{VIDEO_CLASS}" data-video="youtube:dQw4w9WgXcQ">' in body.html
    )
    assert "<iframe" not in body.html and "{loadposition" not in body.html
    assert 'href="/tai-lieu/nghi-quyet-so-05.pdf"' in body.html
    assert 'href="/tai-lieu/Bieu-Mau.docx"' in body.html  # found whatever its case
    assert 'src="/media/ảnh hội nghị.jpg"' in body.html  # percent-encoded name
    assert body.files == ["images/van-ban/nghi-quyet-so-05.pdf", "files/bieu-mau.docx"]
    assert body.videos == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]
    assert kinds(body) == [
        ("video", "youtube:dQw4w9WgXcQ"),
        ("plugin_removed", "{loadposition thong-bao}"),
        ("file", "images/van-ban/nghi-quyet-so-05.pdf"),
        ("file", "files/bieu-mau.docx"),
    ]


def test_plugin_tags_are_converted_or_removed_and_listed(converter):
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    row = next(r for r in source.rows("content") if r["id"] == "8")
    body = converter.convert(row["introtext"], row["fulltext"])
    assert body.html == (
        "<p>Kế hoạch đã lưu trữ.</p>"
        f'<figure class="{VIDEO_CLASS}" data-video="youtube:M7lc1UVf-VE">'
        '<a href="https://www.youtube.com/watch?v=M7lc1UVf-VE">'
        "https://www.youtube.com/watch?v=M7lc1UVf-VE</a></figure>"
    )
    assert kinds(body) == [
        ("video", "youtube:M7lc1UVf-VE"),
        ("gallery", "hoi-nghi/2020"),
        ("plugin_removed", "{phocadownload view=file|id=3|target=s}"),
        ("plugin_removed", "{mosimage}"),
        ("plugin_removed", "{jcomments on}"),
    ]
    assert body.lead == ""  # no full text: the intro is the body


def test_readmore_line_in_the_intro_splits_lead_from_body(converter):
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    row = next(r for r in source.rows("content") if r["id"] == "12")
    body = converter.convert(row["introtext"], row["fulltext"])
    assert body.lead.startswith("Chi bộ thôn Đông tổ chức sinh hoạt chuyên đề")
    assert body.html == "<p>Các đảng viên thảo luận sôi nổi.</p>"
    assert "system-readmore" not in body.intro_html


def test_vimeo_and_other_iframes_become_marker_or_plain_link(converter):
    body = converter.convert(
        '<p><iframe src="https://player.vimeo.com/video/76979871"></iframe></p>'
        '<iframe src="https://www.google.com/maps/embed?pb=1" width="600"></iframe>'
        '<object data="http://www.youtube.com/v/abcdefghijk"></object>'
        "{vimeo}123456{/vimeo}{youtube}https://youtu.be/xyz123456{/youtube}"
    )
    assert body.html.count(f'class="{VIDEO_CLASS}"') == 4
    assert 'data-video="vimeo:76979871"' in body.html
    assert 'data-video="youtube:abcdefghijk"' in body.html
    assert 'data-video="youtube:xyz123456"' in body.html
    assert '<a href="https://www.google.com/maps/embed?pb=1">' in body.html
    assert ("embed_link", "https://www.google.com/maps/embed?pb=1") in kinds(body)


def test_image_paths_in_every_old_shape_resolve_to_the_file(converter):
    shapes = [
        "images/tin-tuc/hoi-nghi.jpg",
        "/images/tin-tuc/hoi-nghi.jpg",
        "../images/tin-tuc/hoi-nghi.jpg",
        "../../images/tin-tuc/hoi-nghi.jpg",
        "http://old-site.gov.vn/images/tin-tuc/hoi-nghi.jpg",
        "https://www.old-site.gov.vn/images/tin-tuc/hoi-nghi.jpg",
        "index.php/images/tin-tuc/hoi-nghi.jpg",
        "/index.php/images/tin-tuc/hoi-nghi.jpg",
        "images/Tin-Tuc/HOI-NGHI.JPG",
        "images/tin-tuc/hoi%2Dnghi.jpg?v=2",
    ]
    html = "".join(f'<img src="{src}" alt="">' for src in shapes)
    body = converter.convert(html)
    assert body.html.count('src="/media/hoi-nghi.jpg"') == len(shapes)
    assert not [n for n in body.notes if n.kind == "image_missing"]


def test_missing_and_foreign_images_are_reported_and_left_alone(converter):
    body = converter.convert(
        '<img src="images/khong-co.jpg"><img src="https://other.vn/images/a.jpg">'
        '<img src="media/system/logo.png">'
    )
    assert 'src="images/khong-co.jpg"' in body.html
    assert 'src="https://other.vn/images/a.jpg"' in body.html
    assert kinds(body) == [
        ("image_missing", "images/khong-co.jpg"),
        ("image_outside", "media/system/logo.png"),
    ]


def test_internal_links_of_every_shape_go_through_the_callbacks(converter):
    body = converter.convert(
        '<a href="index.php?option=com_content&amp;view=article&amp;id=12:chi-bo&amp;'
        'catid=9&amp;Itemid=101">a</a>'
        '<a href="http://old-site.gov.vn/index.php/tin-tuc/8-ke-hoach-cu.html">b</a>'
        '<a href="/component/content/article/12">c</a>'
        '<a href="index.php?option=com_content&view=category&layout=blog&id=8">d</a>'
        '<a href="index.php?option=com_content&view=article&id=999">e</a>'
        '<a href="https://chinhphu.vn/">f</a><a href="#top">g</a>'
        '<a href="mailto:ban@example.vn">h</a>'
    )
    assert body.html == (
        '<a href="/chi-bo/">a</a><a href="/tin-tuc/ke-hoach/">b</a>'
        '<a href="/chi-bo/">c</a><a href="/chuyen-muc/tin-tuc/">d</a>'
        '<a href="index.php?option=com_content&view=article&id=999">e</a>'
        '<a href="https://chinhphu.vn/">f</a><a href="#top">g</a>'
        '<a href="mailto:ban@example.vn">h</a>'
    )
    assert kinds(body) == [
        ("link_unresolved", "index.php?option=com_content&view=article&id=999")
    ]


def test_joomla_15_mosimage_uses_the_images_column():
    found = []
    converter = BodyConverter(
        resolve_image=lambda path: found.append(path) or "/media/x.jpg",
        resolve_article=lambda ident: None,
        resolve_file=lambda path: None,
    )
    source = open_source(FIXTURES / "j15" / "latin1-names.sql.gz")
    row = next(r for r in source.rows("content") if r["id"] == "100")
    body = converter.convert(
        row["introtext"], row["fulltext"], legacy_images=row["images"]
    )
    assert found == ["images/stories/hoi-nghi.jpg"]
    assert '<figure><img src="/media/x.jpg" alt="Hội nghị">' in body.html
    assert "<figcaption>Ảnh: Văn Hải</figcaption>" in body.html


def test_unknown_plugin_pairs_keep_their_text_and_are_listed(converter):
    body = converter.convert(
        "<p>{tab Thông báo}Lịch tiếp dân{/tab} {sigplus}x{/sigplus}</p>"
    )
    assert body.html == "<p>Lịch tiếp dân x</p>"
    assert [k for k, _ in kinds(body)] == ["plugin_removed", "plugin_removed"]


def test_real_joomla_39_bodies_resolve_their_images(j39):
    site = SiteFiles(j39)
    converter = BodyConverter(
        resolve_image=lambda path: "/media/ok" if site.find(path) else None,
        resolve_article=lambda ident: f"/a/{ident}/",
        resolve_file=lambda path: None,
    )
    source = open_source(j39 / "j39.sql")
    missing, images = [], 0
    for row in source.rows("content"):
        body = converter.convert(row["introtext"], row["fulltext"])
        images += len(body.images)
        missing += [n.detail for n in body.notes if n.kind == "image_missing"]
        for key in ("image_intro", "image_fulltext"):
            src = images_json(row["images"]).get(key)
            if src:
                images += 1
                if not site.find(src.split("#", 1)[0]):
                    missing.append(src)
    assert images == 20  # 2 inline, 18 intro/full photos of the blog articles
    assert missing == []


def test_relative_paths_never_leave_the_site_folder(site):
    assert relative_path("../../etc/passwd") == "etc/passwd"
    assert relative_path("images/../../secret") is None
    assert site.find("images/../../../etc/passwd") is None
    assert site.find("/etc/passwd") is None
    assert site.find("images/tin%20tuc/%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg")
