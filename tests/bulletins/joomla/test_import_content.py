"""What an imported article, page, K2 item, link, tag and file looks like: real
dumps of Joomla 1.5, 2.5 (K2), 3.9 (with its images) and 4.0."""

import zipfile

import pytest
from django.utils import timezone

from bulletins.models import Article, Category, LegacyRedirect, Page, Tag
from congress.models import Document
from portal.models import WebsiteLink
from tests.bulletins.joomla.conftest import FIXTURES, J39, media_files

pytestmark = pytest.mark.django_db

J25 = FIXTURES / "j25" / "vn25.sql"
J4 = FIXTURES / "j4" / "j4x-hash-prefix.sql.gz"


def local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def test_an_article_keeps_its_dates_author_counts_photo_and_description(import_joomla):
    import_joomla(J25, "--images", FIXTURES)
    meeting = Article.objects.get(legacy_kind="content", legacy_id=1)
    assert meeting.title == "Hội nghị Ban Chấp hành Đảng bộ lần thứ năm"
    assert local(meeting.published_at) == "25/10/2021 14:06"  # 07:06 UTC
    assert local(meeting.created_at) == "25/10/2021 14:06"
    assert meeting.authors == "Minh Hà"  # created_by_alias
    assert meeting.view_count == 57
    assert meeting.is_featured
    assert meeting.meta_description.startswith("Hội nghị Ban Chấp hành Đảng bộ")
    assert meeting.category == Category.objects.get(legacy_kind="content", legacy_id=8)
    assert meeting.featured_image.name == "joomla/images/tin-tuc/hoi-nghi.jpg"
    assert meeting.featured_image_width == 96
    assert meeting.featured_image_alt == "Toàn cảnh hội nghị"
    assert meeting.featured_image_caption == "Quang cảnh phiên họp"
    # The author of an article without an alias is the user's name.
    assert Article.objects.get(legacy_kind="content", legacy_id=2).authors == (
        "Lê Thị Thu"
    )


def test_a_body_is_converted_and_every_change_is_reported(import_joomla):
    output = import_joomla(J25, "--images", FIXTURES, "-v", "2")
    meeting = Article.objects.get(legacy_kind="content", legacy_id=1)
    body = meeting.body
    # Intro and full text: the lead is the intro's text; the intro's photo is the
    # article's photo, so the body does not show it a second time.
    assert meeting.lead.startswith("Sáng nay, Ban Chấp hành Đảng bộ họp phiên")
    assert meeting.featured_image.url == "/media/joomla/images/tin-tuc/hoi-nghi.jpg"
    assert "/tin-tuc/hoi-nghi.jpg" not in body
    # The YouTube iframe is the video marker around a working link.
    assert (
        '<figure class="joomla-video" data-video="youtube:dQw4w9WgXcQ">'
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    )
    assert "<iframe" not in body
    # A plugin tag is removed and reported with the article.
    assert "{loadposition" not in body
    assert "«Hội nghị Ban Chấp hành Đảng bộ lần thứ năm»: thẻ plugin đã bỏ: " in output
    # A percent-encoded Vietnamese file name is found and copied.
    assert 'src="/media/joomla/images/tin-tuc/anh-hoi-nghi.jpg"' in body
    # The internal link goes to the new address of article 8.
    archived = Article.objects.get(legacy_kind="content", legacy_id=8)
    assert f'href="{archived.get_absolute_url()}"' in body
    # Linked PDF and DOCX are copied and their links rewritten.
    assert 'href="/media/joomla/images/van-ban/nghi-quyet-so-05.pdf"' in body
    assert 'href="/media/joomla/files/bieu-mau.docx"' in body
    # Article 8's plugin tags: {youtube} becomes a video, the rest are listed.
    plan = archived.body
    assert 'data-video="youtube:M7lc1UVf-VE"' in plan
    for tag in ("{gallery}", "{phocadownload", "{mosimage}", "{jcomments"):
        assert tag not in plan
    assert "thư viện ảnh {gallery}hoi-nghi/2020 chưa nhập" in output
    assert "thẻ plugin đã bỏ: {phocadownload view=file|id=3|target=s}" in output


def test_a_formatted_intro_is_kept_as_html_and_a_plain_one_becomes_the_lead(
    import_joomla, write
):
    dump = write(
        "intro.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `alias` text, "
        "`introtext` text, `fulltext` text, `state` int, `catid` int, "
        "`access` int, `publish_up` text, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES "
        "(1,'Có định dạng','a','<p>Theo <a href=\"http://chinhphu.vn\">Nghị định</a>:</p>"
        "<ul><li>một</li><li>hai</li></ul>','<p>Phần còn lại.</p>',1,8,1,"
        "'2020-01-01 00:00:00',''),"
        "(2,'Không định dạng','b','<p><strong>Sáng 1/1</strong>, hội nghị.</p>',"
        "'<p>Phần còn lại.</p>',1,8,1,'2020-01-01 00:00:00','');\n",
    )
    output = import_joomla(dump)
    formatted = Article.objects.get(legacy_id=1)
    assert formatted.lead == "Theo Nghị định: một hai"
    assert formatted.body.startswith('<p>Theo <a href="http://chinhphu.vn"')
    assert "<ul><li>một</li><li>hai</li></ul>" in formatted.body
    assert "«Có định dạng»: phần giới thiệu có định dạng" in output
    plain = Article.objects.get(legacy_id=2)
    assert plain.lead == "Sáng 1/1, hội nghị."
    assert plain.body == "<p>Phần còn lại.</p>"


def test_mojibake_of_an_old_site_is_repaired_and_counted(import_joomla):
    output = import_joomla(J25)
    article = Article.objects.get(legacy_kind="content", legacy_id=11)
    assert article.title == "Đại hội Đảng bộ xã Tân Hòa lần thứ XV"
    assert "“Đoàn kết – Dân chủ – Kỷ cương”" in article.body
    assert article.meta_description == "Đại hội Đảng bộ xã Tân Hòa"
    assert "== Chữ lỗi mã hoá đã sửa" in output
    assert "bảng content: 4 giá trị" in output


@pytest.mark.parametrize("name", ["latin1-names.sql.gz", "utf8-double-encoded.sql.gz"])
def test_joomla_15_latin1_tables_come_out_in_vietnamese(name, import_joomla):
    import_joomla(FIXTURES / "j15" / name)
    article = Article.objects.get(legacy_id=100)
    assert article.title.startswith("Đảng bộ phường Bình Minh học tập nghị quyết")
    # Joomla 1.5's sections are the top level, their categories the second.
    category = article.category
    assert category.name == "Hoạt động cơ sở"
    assert category.parent.name == "Tin tức"
    assert category.parent.legacy_kind == "section"
    assert Article.objects.get(legacy_id=102).title == "Café sáng với cựu chiến binh"


def test_menu_items_of_single_articles_become_pages_with_their_menu_parents(
    import_joomla,
):
    output = import_joomla(FIXTURES / "j15" / "utf8-double-encoded.sql.gz")
    pages = {page.legacy_id: page for page in Page.objects.all()}
    # Menu items 2, 27, 38, 40, 43, 28, 29, 30 of Joomla 1.5's sample site link
    # to single articles; 34 ("What's new in 1.5") sits below 27 ("Overview").
    assert set(pages) >= {5, 19, 22, 24, 25, 26, 27, 43}
    assert not Article.objects.filter(legacy_id__in=pages).exists()
    assert pages[19].parent is None
    assert all(
        page.parent_id is None or page.parent.parent_id is None
        for page in pages.values()
    )
    assert pages[5].get_absolute_url() == "/trang/joomla-license-guidelines/"
    assert pages[5].is_published()
    assert "Trang tĩnh:" in output
    # Their old addresses lead to the page.
    redirect = LegacyRedirect.objects.get(
        old_path="/index.php?option=com_content&view=article&id=5"
    )
    assert redirect.page == pages[5] and redirect.kind == "page"


def test_a_menu_page_of_joomla_25_and_its_photo(import_joomla, client):
    import_joomla(J25, "--images", FIXTURES)
    page = Page.objects.get(legacy_id=12)
    assert page.title == "Chi bộ thôn Đông sinh hoạt chuyên đề"
    assert page.lead.startswith("Chi bộ thôn Đông tổ chức sinh hoạt chuyên đề")
    assert page.body.startswith(
        '<figure class="image"><img src="/media/joomla/images/co-so/chi-bo.png"'
    )
    response = client.get("/gioi-thieu.html")
    assert response.status_code == 301
    assert response["Location"] == page.get_absolute_url()
    assert client.get(page.get_absolute_url()).status_code == 200


def test_weblinks_of_a_real_joomla_15_site_become_website_links(import_joomla):
    output = import_joomla(FIXTURES / "j15" / "latin1-names.sql.gz")
    links = list(WebsiteLink.objects.order_by("order").values_list("title", "url"))
    assert links[0] == ("Joomla!", "http://www.joomla.org")
    assert len(links) == 6
    assert all(WebsiteLink.objects.values_list("is_active", flat=True))
    assert "Liên kết website: 6 mới" in output


def test_k2_items_and_categories_are_articles_with_their_own_ids(import_joomla):
    import_joomla(J25, "--images", FIXTURES)
    item = Article.objects.get(legacy_kind="k2", legacy_id=5)
    # Content article 5 is another row: K2's ids are their own.
    assert Article.objects.get(legacy_kind="content", legacy_id=5).title != item.title
    assert item.title == "Cựu chiến binh giúp dân làm đường"
    assert item.category.name == "Gương người tốt việc tốt"
    assert item.category.legacy_kind == "k2"
    assert item.is_published()
    assert item.view_count == 21
    assert item.lead == "Hội Cựu chiến binh xã góp công làm 2 km đường bê tông."
    assert 'data-video="youtube:M7lc1UVf-VE"' in item.body  # K2's video field
    # The photo K2 kept in media/k2/items/src/<md5("Image5")>.jpg.
    assert item.featured_image.name.startswith("joomla/media/k2/items/src/")
    assert item.featured_image_caption == "Đoạn đường mới làm"
    assert item.featured_image_credit == "Minh Hà"
    assert not Article.objects.filter(legacy_kind="k2", legacy_id=6).exists()


def test_k2_attachments_are_copied_and_listed(import_joomla, write, tmp_path):
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    (site / "media" / "k2" / "attachments").mkdir(parents=True)
    pdf = (FIXTURES / "images" / "van-ban" / "nghi-quyet-so-05.pdf").read_bytes()
    (site / "media" / "k2" / "attachments" / "ke-hoach.pdf").write_bytes(pdf)
    dump = write(
        "k2.sql",
        "CREATE TABLE `x_content` (`id` int, `catid` int, `xreference` text);\n"
        "CREATE TABLE `x_categories` (`id` int, `extension` text, `level` int);\n"
        "CREATE TABLE `x_k2_categories` (`id` int, `name` text, `alias` text, "
        "`parent` int, `published` int, `access` int, `trash` int, `language` text);\n"
        "INSERT INTO `x_k2_categories` VALUES (1,'Văn bản','van-ban',0,1,1,0,'*');\n"
        "CREATE TABLE `x_k2_items` (`id` int, `title` text, `alias` text, "
        "`catid` int, `published` int, `introtext` text, `fulltext` text, "
        "`trash` int, `access` int, `publish_up` text, `language` text);\n"
        "INSERT INTO `x_k2_items` VALUES (3,'Kế hoạch','ke-hoach',1,1,"
        "'<p>Kế hoạch năm.</p>','',0,1,'2020-01-01 00:00:00','*');\n"
        "CREATE TABLE `x_k2_attachments` (`id` int, `itemID` int, `filename` text, "
        "`title` text);\n"
        "INSERT INTO `x_k2_attachments` VALUES (1,3,'ke-hoach.pdf','Kế hoạch số 12');\n",
    )
    import_joomla(dump, "--images", site)
    item = Article.objects.get(legacy_kind="k2", legacy_id=3)
    assert "<strong>Tệp đính kèm</strong>" in item.body
    assert 'href="/media/joomla/media/k2/attachments/ke-hoach.pdf"' in item.body
    assert Document.objects.get().title == "Kế hoạch số 12"


def test_linked_pdfs_become_unpublished_documents_and_other_files_media(
    import_joomla, site_dirs
):
    output = import_joomla(J25, "--images", FIXTURES)
    document = Document.objects.get()
    assert document.title == "Nghị quyết số 05-NQ/ĐU"  # the link's text
    assert document.published_at is None  # staff add number and issuer first
    file = document.files.get()
    assert file.file.name == "joomla/images/van-ban/nghi-quyet-so-05.pdf"
    assert file.kind == "pdf"
    # The .docx of the fixture is not a real Word file: a plain copy, no document.
    media, _var = site_dirs
    assert "joomla/files/bieu-mau.docx" in media_files(media)
    assert "thành văn bản #" in output
    assert "bổ sung số ký hiệu, cơ quan ban hành" in output


def test_tags_and_the_tag_map_of_joomla_4_and_3(import_joomla):
    import_joomla(J4)
    assert set(
        Article.objects.get(legacy_id=1).tags.values_list("name", flat=True)
    ) == {"Đại hội", "Xây dựng Đảng"}
    import_joomla(J39 / "j39.sql")
    tagged = Article.objects.get(legacy_kind="content", legacy_id=70)
    assert set(tagged.tags.values_list("name", flat=True)) == {
        "Extension",
        "Hosting",
        "Template",
    }
    # Joomla's trashed tag ("Joomla") is not brought over.
    assert not Tag.objects.filter(name="Joomla").exists()


def test_meta_keywords_become_tags_on_a_site_without_tags(import_joomla):
    import_joomla(J25)
    assert set(
        Article.objects.get(legacy_kind="content", legacy_id=1).tags.values_list(
            "name", flat=True
        )
    ) == {"hội nghị", "đại hội"}
    Article.objects.all().delete()
    Tag.objects.all().delete()
    import_joomla(J25, "--no-metakey-tags")
    assert not Tag.objects.exists()


def test_the_real_joomla_39_site_with_its_images(import_joomla, site_dirs, client):
    output = import_joomla(J39 / "j39.sql", "--images", J39)
    media, _var = site_dirs
    blog = Article.objects.get(legacy_kind="content", legacy_id=74)
    assert blog.featured_image.name == "joomla/images/blog/blog-9.png"
    assert blog.featured_image_width and blog.featured_image_height
    assert blog.is_featured
    assert "joomla/images/blog/blog-9.png" in media_files(media)
    # The home menu item (a single article) is a page, the "Pages" are pages.
    assert {1, 44, 60, 61} <= set(Page.objects.values_list("legacy_id", flat=True))
    assert "Tin bài: 21 mới" in output
    response = client.get(blog.get_absolute_url())
    assert response.status_code == 200
    assert "Design annotations" in response.content.decode()
    assert client.get("/images/blog/blog-9.png")["Location"] == blog.featured_image.url


def test_dates_outside_1900_to_2200_are_not_used(import_joomla, write):
    dump = write(
        "dates.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `introtext` text, "
        "`state` int, `catid` int, `access` int, `created` text, `publish_up` text, "
        "`publish_down` text, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES "
        "(1,'Năm sai','<p>a</p>',1,8,1,'0201-05-01 00:00:00','20015-01-01 00:00:00',"
        "'9999-12-31 23:59:59',''),"
        "(2,'Năm đúng','<p>b</p>',1,8,1,'2019-05-01 00:00:00','2019-05-02 03:00:00',"
        "'0000-00-00 00:00:00','');\n",
    )
    output = import_joomla(dump)
    wrong = Article.objects.get(legacy_id=1)
    assert 1900 <= wrong.published_at.year <= 2200
    assert wrong.is_published()
    assert "«Năm sai»: ngày sai hoặc ngoài khoảng 1900–2200" in output
    assert "9999" not in output  # "never expires" is not an error
    assert Article.objects.get(legacy_id=2).published_at.year == 2019


def test_a_site_archive_holds_both_the_dump_and_the_photos(import_joomla, tmp_path):
    archive = tmp_path / "website-cu.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(J25, "public_html/backup/vn25.sql")
        for path in (FIXTURES / "images").rglob("*"):
            if path.is_file():
                name = path.relative_to(FIXTURES).as_posix()
                zipped.write(path, f"public_html/{name}")
    import_joomla(archive)
    meeting = Article.objects.get(legacy_kind="content", legacy_id=1)
    assert meeting.featured_image.name == "joomla/images/tin-tuc/hoi-nghi.jpg"
    assert 'src="/media/joomla/images/tin-tuc/anh-hoi-nghi.jpg"' in meeting.body


def test_the_images_folder_alone_is_enough(import_joomla):
    import_joomla(J25, "--images", FIXTURES / "images")
    meeting = Article.objects.get(legacy_kind="content", legacy_id=1)
    assert meeting.featured_image.name == "joomla/images/tin-tuc/hoi-nghi.jpg"
    # files/ lies outside images/: its link stays as it was, and says so.
    assert 'href="/files/bieu-mau.docx"' in meeting.body


def test_links_to_the_old_domain_become_links_here(import_joomla, write):
    dump = write(
        "domain.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `introtext` text, "
        "`state` int, `catid` int, `access` int, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES (1,'Một','<p><a href=\"http://www.dangbo.example"
        '.gov.vn/index.php?option=com_content&amp;view=article&amp;id=2">hai</a> '
        '<a href="http://khac.example.vn/index.php?option=com_content&amp;view='
        "article&amp;id=2\">nơi khác</a></p>',1,8,1,''),(2,'Hai','<p>b</p>',1,8,1,'');\n",
    )
    import_joomla(dump, "--old-domain", "dangbo.example.gov.vn")
    body = Article.objects.get(legacy_id=1).body
    second = Article.objects.get(legacy_id=2).get_absolute_url()
    assert f'<a href="{second}"' in body
    assert 'href="http://khac.example.vn/index.php' in body  # another site's link


def test_pages_keep_two_levels_of_the_menu_tree(import_joomla, write):
    dump = write(
        "trang.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (2,1,1,'com_content','Chưa phân loại',"
        "'uncategorised',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `alias` text, "
        "`introtext` text, `state` int, `catid` int, `access` int, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES (20,'Giới thiệu','gioi-thieu','<p>a</p>',1,2,1,''),"
        "(21,'Lịch sử Đảng bộ','lich-su','<p>b</p>',1,2,1,''),"
        "(22,'Các kỳ đại hội','cac-ky-dai-hoi','<p>c</p>',1,2,1,''),"
        "(23,'Tổ chức bộ máy','to-chuc','<p>d</p>',0,2,1,'');\n"
        "CREATE TABLE `x_menu` (`id` int, `menutype` text, `title` text, `alias` text, "
        "`path` text, `link` text, `type` text, `published` int, `parent_id` int, "
        "`level` int, `client_id` int, `lft` int);\n"
        "INSERT INTO `x_menu` VALUES "
        "(301,'main','Giới thiệu','gioi-thieu','gioi-thieu',"
        "'index.php?option=com_content&view=article&id=20','component',1,1,1,0,10),"
        "(310,'main','Nhóm','nhom','gioi-thieu/nhom','','heading',1,301,2,0,11),"
        "(302,'main','Lịch sử','lich-su','gioi-thieu/nhom/lich-su',"
        "'index.php?option=com_content&view=article&id=21','component',1,310,3,0,12),"
        "(303,'main','Các kỳ','cac-ky','gioi-thieu/nhom/lich-su/cac-ky',"
        "'index.php?option=com_content&view=article&id=22','component',1,302,4,0,13),"
        "(304,'main','Tổ chức','to-chuc','gioi-thieu/to-chuc',"
        "'index.php?option=com_content&view=article&id=23','component',1,301,2,0,14);\n",
    )
    output = import_joomla(dump)
    pages = {page.legacy_id: page for page in Page.objects.all()}
    assert set(pages) == {20, 21, 22, 23}
    assert pages[20].parent is None
    assert pages[21].parent == pages[20]  # through a heading of the menu
    assert pages[22].parent == pages[20]  # a third level hangs under the top
    assert pages[23].parent == pages[20]
    assert [p.legacy_id for p in Page.objects.order_by("order")] == [20, 21, 22, 23]
    assert pages[23].status == "draft" and not pages[23].is_published()
    assert "trang #23 «Tổ chức bộ máy»: chưa xuất bản trên website cũ" in output


def test_links_by_joomla_4_addresses_without_ids_are_rewritten(import_joomla, write):
    dump = write(
        "j4-links.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin-tuc',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `alias` text, "
        "`introtext` text, `state` int, `catid` int, `access` int);\n"
        "INSERT INTO `x_content` VALUES (1,'Một','mot','<p><a href=\"/index.php/"
        'tin-tuc/hai">hai</a> <a href="/tin-tuc">tin</a></p>\',1,8,1),'
        "(2,'Hai','hai','<p>b</p>',1,8,1);\n"
        "CREATE TABLE `x_menu` (`id` int, `menutype` text, `title` text, `alias` text, "
        "`path` text, `link` text, `type` text, `published` int, `parent_id` int, "
        "`level` int, `client_id` int);\n"
        "INSERT INTO `x_menu` VALUES (101,'main','Tin','tin-tuc','tin-tuc',"
        "'index.php?option=com_content&view=category&layout=blog&id=8','component',"
        "1,1,1,0);\n",
    )
    import_joomla(dump)
    body = Article.objects.get(legacy_id=1).body
    assert f'href="{Article.objects.get(legacy_id=2).get_absolute_url()}"' in body
    assert f'href="{Category.objects.get(legacy_id=8).get_absolute_url()}"' in body


def test_an_intro_photo_that_is_not_the_articles_photo_stays_in_the_body(
    import_joomla, write
):
    dump = write(
        "intro-photo.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `introtext` text, "
        "`fulltext` text, `state` int, `catid` int, `access` int, `images` text);\n"
        "INSERT INTO `x_content` VALUES (1,'Một','<p><img src=\"images/co-so/chi-bo.png\""
        " alt=\"Chi bộ\" /> Sáng nay, chi bộ họp.</p>','<p>Phần sau.</p>',1,8,1,"
        '\'{"image_fulltext":"images/tin-tuc/hoi-nghi.jpg"}\');\n',
    )
    import_joomla(dump, "--images", FIXTURES)
    article = Article.objects.get(legacy_id=1)
    assert article.lead == "Sáng nay, chi bộ họp."
    assert article.featured_image.name == "joomla/images/tin-tuc/hoi-nghi.jpg"
    assert article.body.startswith(
        '<p><img src="/media/joomla/images/co-so/chi-bo.png"'
    )
    assert article.body.endswith("<p>Phần sau.</p>")
