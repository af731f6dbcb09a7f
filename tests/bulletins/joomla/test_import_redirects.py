"""Every old address of an imported site answers 301 to the new page: the menu
items of real Joomla 1.5, 2.5, 3.9 and 4.0 sites in every spelling, ids in every
URL shape, categories, K2, files; unknown or hidden ones keep the 404."""

import unicodedata
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from bulletins.joomla import open_source
from bulletins.joomla.urls_old import MenuResolver
from bulletins.legacy import normalise_old_address
from bulletins.models import Article, Category, LegacyRedirect, Page
from tests.bulletins.joomla.conftest import FIXTURES, J39

pytestmark = pytest.mark.django_db

DUMPS = {
    "j15": FIXTURES / "j15" / "utf8-double-encoded.sql.gz",
    "j25": FIXTURES / "j25" / "vn25.sql",
    "j39": J39 / "j39.sql",
    "j4": FIXTURES / "j4" / "j4x-hash-prefix.sql.gz",
}


def _menu_cases():
    """(dump, menu path, what the old site's router made of it), from the dumps."""
    cases = []
    for name, path in DUMPS.items():
        source = open_source(path)
        rows = list(source.rows("menu"))
        if source.series == "1.5":
            continue  # 1.5 has no menu paths; its items are tested below by Itemid
        resolver = MenuResolver(rows, source.rows("content"), source.rows("categories"))
        for menu_path, target in sorted(resolver.items.items()):
            cases.append(
                pytest.param(name, menu_path, target, id=f"{name}:{menu_path}")
            )
    return cases


def expected_url(target):
    kind, ident = target
    if kind == "article":
        page = Page.objects.filter(legacy_id=ident).first()
        item = (
            page
            or Article.objects.filter(legacy_kind="content", legacy_id=ident).first()
        )
    else:
        item = Category.objects.filter(legacy_kind="content", legacy_id=ident).first()
    if item is None:
        return None
    public = item.is_active if kind == "category" else item.is_published()
    return item.get_absolute_url() if public else None


def _ours(address):
    try:
        resolve(urlsplit(address).path)
    except Resolver404:
        return False
    return True


def spellings(menu_path):
    encoded = "/".join(quote(part) for part in menu_path.split("/"))
    return [
        f"/{menu_path}",
        f"/{menu_path}/",
        f"/{menu_path}.html",
        f"/index.php/{menu_path}",
        f"/index.php/{menu_path}.html",
        f"/{menu_path.upper()}",
        f"/{encoded}",
    ]


@pytest.mark.parametrize("name, menu_path, target", _menu_cases())
def test_menu_addresses_of_real_sites_redirect_in_every_spelling(
    name, menu_path, target, import_joomla, client
):
    import_joomla(DUMPS[name])
    expected = expected_url(target)
    for address in spellings(menu_path):
        response = client.get(address)
        if response.status_code == 200 and _ours(address):
            continue  # a page of the new site at that address wins (/tin-tuc/)
        if expected is None:
            assert response.status_code == 404, address
        else:
            assert response.status_code == 301, address
            assert response["Location"] == expected, address


@pytest.mark.parametrize("name", DUMPS)
def test_every_public_article_answers_to_its_id_in_every_url_shape(
    name, import_joomla, client
):
    import_joomla(DUMPS[name])
    source = open_source(DUMPS[name])
    aliases = {int(row["id"]): row["alias"] for row in source.rows("content")}
    public = [
        (article.legacy_id, article.get_absolute_url())
        for article in Article.objects.published().filter(legacy_kind="content")
    ] + [(page.legacy_id, page.get_absolute_url()) for page in Page.objects.published()]
    assert public
    for ident, url in public:
        alias = aliases[ident]
        for address in (
            f"/index.php?option=com_content&view=article&id={ident}:{alias}&catid=3&Itemid=101",
            f"/index.php?option=com_content&task=view&id={ident}&Itemid=2",
            f"/index.php?option=com_content&amp;view=article&amp;id={ident}",
            f"/component/content/article/{ident}-{alias}",
            f"/component/content/article/mot-muc/{ident}-{alias}.html?Itemid=5",
            f"/index.php/mot-muc/{ident}-{alias}",
            f"/mot-muc/muc-con/{ident}-{alias}.html",
            f"/Mot-Muc/{ident}-{alias.upper()}.HTML",
            f"/mot-muc/{ident}-bi-danh-cu.html",  # an old alias: the id decides
            f"/content/view/{ident}/34/",
        ):
            response = client.get(address)
            assert response.status_code == 301, address
            assert response["Location"] == url, address


def test_category_blog_section_k2_and_file_addresses(import_joomla, client):
    import_joomla(FIXTURES / "j25" / "vn25.sql", "--images", FIXTURES)
    news = Category.objects.get(legacy_kind="content", legacy_id=8).get_absolute_url()
    base = Category.objects.get(legacy_kind="content", legacy_id=9).get_absolute_url()
    k2 = Article.objects.get(legacy_kind="k2", legacy_id=5)
    k2_category = Category.objects.get(legacy_kind="k2", legacy_id=1).get_absolute_url()
    cases = {
        "/index.php?option=com_content&view=category&layout=blog&id=8": news,
        "/index.php?option=com_content&view=category&id=8:tin-tuc&Itemid=201": news,
        "/component/content/category/8-tin-tuc": news,
        "/tin-tuc": news,  # the menu item, not our /tin-tuc/ list
        "/tin-tuc/9-hoat-dong-co-so": base,  # a subcategory by id-alias
        "/tin-tuc/hoat-dong-co-so.html": base,  # ... and by alias (Joomla 4)
        "/tin-tuc/co-so": base,  # its own menu item
        "/index.php?Itemid=202": base,
        "/index.php?option=com_k2&view=item&id=5:cuu-chien-binh&Itemid=9": k2.get_absolute_url(),
        "/item/5-cuu-chien-binh-giup-dan-lam-duong.html": k2.get_absolute_url(),
        "/guong-nguoi-tot/item/5-cuu-chien-binh": k2.get_absolute_url(),
        "/component/k2/item/5": k2.get_absolute_url(),
        "/index.php?option=com_k2&view=itemlist&task=category&id=1": k2_category,
        "/itemlist/category/1-guong-nguoi-tot-viec-tot": k2_category,
        "/images/tin%20tuc/%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg": (
            "/media/joomla/images/tin-tuc/anh-hoi-nghi.jpg"
        ),
        "/IMAGES/Tin-Tuc/Hoi-Nghi.jpg": "/media/joomla/images/tin-tuc/hoi-nghi.jpg",
        "/images/van-ban/nghi-quyet-so-05.pdf": (
            "/media/joomla/images/van-ban/nghi-quyet-so-05.pdf"
        ),
        "/media/k2/items/cache/ffee2447b152494b43d9816faaea83c8_XL.jpg": k2.featured_image.url,
    }
    for address, expected in cases.items():
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == expected, address


@pytest.mark.parametrize(
    "address",
    [
        "/index.php?option=com_content&view=article&id=99999",
        "/index.php?option=com_content&view=article&id=2",  # Registered only
        "/index.php?option=com_content&view=article&id=6",  # a draft
        "/index.php?option=com_content&view=article&id=7",  # trashed, not imported
        "/index.php?option=com_content&view=category&id=14",  # hidden category
        "/index.php?option=com_users&view=login",
        "/index.php",
        "/tin-tuc/khong-co-bai-nay.html",
        "/trang-cu",  # its menu item was unpublished
        "/images/khong-co.jpg",
    ],
)
def test_unknown_or_hidden_old_addresses_keep_the_vietnamese_404(
    address, import_joomla, client
):
    import_joomla(FIXTURES / "j25" / "vn25.sql", "--images", FIXTURES)
    response = client.get(address)
    assert response.status_code == 404
    assert '<html lang="vi"' in response.content.decode()


def test_old_addresses_never_shadow_a_page_of_the_new_site(import_joomla, client):
    import_joomla(FIXTURES / "j25" / "vn25.sql")
    page = Page.objects.get(legacy_id=12)
    assert LegacyRedirect.objects.filter(old_path="/tin-tuc").exists()
    # Old addresses spelt like our own pages' addresses: ours win.
    for own in ("/tin-tuc/", page.get_absolute_url(), "/lien-he/", "/"):
        key = normalise_old_address(own) or "/"
        LegacyRedirect.objects.filter(old_path=key).delete()
        LegacyRedirect.objects.create(old_path=key, url="/khong-phai-day/")
        assert client.get(own).status_code == 200, own


def test_the_404_path_costs_one_indexed_query(import_joomla, client):
    import_joomla(FIXTURES / "j25" / "vn25.sql")
    for address in (
        "/index.php?option=com_content&view=article&id=99999",
        "/tin-tuc/9-hoat-dong-co-so",
        "/mot/duong/dan/khong/co",
    ):
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        lookups = [q["sql"] for q in queries if "bulletins_legacyredirect" in q["sql"]]
        assert len(lookups) == 1, lookups
        assert '"old_path" IN' in lookups[0]
    # The lookup is on the unique index of (site, old_path).
    assert any(
        index["unique"] and index["columns"] == ["site_id", "old_path"]
        for index in connection.introspection.get_constraints(
            connection.cursor(), LegacyRedirect._meta.db_table
        ).values()
    )


def test_staff_may_type_any_spelling_of_an_old_address():
    assert normalise_old_address(
        "http://dangbo.example.gov.vn/index.php/Gioi-Thieu.html"
    ) == ("/gioi-thieu")
    assert normalise_old_address(
        "/index.php?option=com_content&view=article&id=12:abc&Itemid=3"
    ) == ("/index.php?option=com_content&view=article&id=12")


def test_home_contact_and_joomlas_own_redirects(import_joomla, client, write):
    dump = write(
        "menu.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `alias` text, "
        "`introtext` text, `state` int, `catid` int, `access` int, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES (3,'Ba','ba','<p>c</p>',1,8,1,'');\n"
        "CREATE TABLE `x_menu` (`id` int, `menutype` text, `title` text, `alias` text, "
        "`path` text, `link` text, `type` text, `published` int, `parent_id` int, "
        "`level` int, `client_id` int);\n"
        "INSERT INTO `x_menu` VALUES "
        "(101,'main','Trang chủ','trang-chu','trang-chu',"
        "'index.php?option=com_content&view=featured','component',1,1,1,0),"
        "(102,'main','Liên hệ','lien-he-cu','lien-he-cu',"
        "'index.php?option=com_contact&view=contact&id=1','component',1,1,1,0),"
        "(103,'main','Đăng nhập','dang-nhap','dang-nhap',"
        "'index.php?option=com_users&view=login','component',1,1,1,0);\n"
        "CREATE TABLE `x_redirect_links` (`id` int, `old_url` text, `new_url` text, "
        "`published` int);\n"
        "INSERT INTO `x_redirect_links` VALUES "
        "(1,'http://cu.example.vn/tin-cu-ve-dai-hoi.html',"
        "'index.php?option=com_content&view=article&id=3',1),"
        "(2,'/bo-di.html','index.php?option=com_content&view=article&id=3',0);\n",
    )
    import_joomla(dump)
    article = Article.objects.get(legacy_id=3).get_absolute_url()
    expected = {
        "/trang-chu": "/",
        "/index.php?Itemid=101": "/",
        "/lien-he-cu.html": "/lien-he/",
        "/tin-cu-ve-dai-hoi.html": article,  # a published #__redirect_links row
    }
    for address, target in expected.items():
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == target, address
    for address in ("/dang-nhap", "/bo-di.html"):  # login page, unpublished redirect
        assert client.get(address).status_code == 404, address


def test_vietnamese_aliases_in_any_encoding(import_joomla, client, write):
    # Joomla with "Unicode aliases" on keeps Vietnamese letters in addresses.
    dump = write(
        "unicode.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`path` text, `extension` text, `title` text, `alias` text, "
        "`published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'tin-tức','com_content','Tin tức',"
        "'tin-tức',1,1),(9,8,2,'tin-tức/cơ-sở','com_content','Cơ sở','cơ-sở',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `alias` text, "
        "`introtext` text, `state` int, `catid` int, `access` int, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES (3,'Hội nghị','hội-nghị','<p>c</p>',1,9,1,'');\n"
        "CREATE TABLE `x_menu` (`id` int, `menutype` text, `title` text, `alias` text, "
        "`path` text, `link` text, `type` text, `published` int, `parent_id` int, "
        "`level` int, `client_id` int);\n"
        "INSERT INTO `x_menu` VALUES (101,'main','Tin tức','tin-tức','tin-tức',"
        "'index.php?option=com_content&view=category&layout=blog&id=8','component',"
        "1,1,1,0);\n",
    )
    import_joomla(dump)
    article = Article.objects.get(legacy_id=3).get_absolute_url()
    category = Category.objects.get(legacy_id=9).get_absolute_url()
    decomposed = unicodedata.normalize("NFD", "hội-nghị")
    for address, target in {
        "/tin-t%E1%BB%A9c/c%C6%A1-s%E1%BB%9F/h%E1%BB%99i-ngh%E1%BB%8B.html": article,
        "/index.php/TIN-T%E1%BB%A8C/h%E1%BB%99i-ngh%E1%BB%8B": article,
        "/tin-t%E1%BB%A9c/" + quote(decomposed): article,
        "/tin-t%E1%BB%A9c/c%C6%A1-s%E1%BB%9F": category,
        "/tin-t%E1%BB%A9c/9-c%C6%A1-s%E1%BB%9F/": category,
    }.items():
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == target, address
