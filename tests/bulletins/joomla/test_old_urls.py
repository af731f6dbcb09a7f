"""Old Joomla addresses, 1.5 to 4: what each one pointed at."""

from urllib.parse import urlsplit

import pytest

from bulletins.joomla import open_source
from bulletins.joomla.urls_old import MenuResolver, old_target, url_target
from tests.bulletins.joomla.conftest import FIXTURES


def target(url):
    split = urlsplit(url)
    return old_target(split.path, split.query)


@pytest.mark.parametrize(
    "url",
    [
        "/index.php?option=com_content&view=article&id=12:hoi-nghi&catid=3&Itemid=101",
        "/index.php?option=com_content&view=article&id=12",
        "/index.php?option=com_content&task=view&id=12&Itemid=34",  # 1.5
        "/index.php?OPTION=COM_CONTENT&VIEW=ARTICLE&ID=12",
        "/index.php?option=com_content&view=article&id=12%3Ahoi-nghi&lang=vi",
        "/component/content/article/12-hoi-nghi",
        "/component/content/article/12",
        "/component/content/article/tin-tuc/12-hoi-nghi",
        "/component/content/article/12-hoi-nghi.html?Itemid=101",
        "/index.php/tin-tuc/12-hoi-nghi",
        "/index.php/tin-tuc/12-hoi-nghi.html",
        "/tin-tuc/hoat-dong/12-hoi-nghi.html",
        "/tin-tuc/hoat-dong/12-hoi-nghi",
        "/Tin-Tuc/12-Hoi-Nghi.HTML",
        "/tin-tuc/12-hoi-nghi/",
        "/tin-tuc/12-h%E1%BB%99i-ngh%E1%BB%8B.html",
        "/content/view/12/34/",  # Joomla 1.0/1.5 core SEF
        "/index.php/content/view/12/34",
    ],
)
def test_every_article_address_shape_gives_the_article(url):
    assert target(url) == ("article", 12)


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "/index.php?option=com_content&view=category&layout=blog&id=3",
            ("category", 3),
        ),
        (
            "/index.php?option=com_content&view=category&id=3:tin-tuc&Itemid=5",
            ("category", 3),
        ),
        ("/index.php?option=com_content&task=blogcategory&id=3", ("category", 3)),
        ("/index.php?option=com_content&view=section&id=2", ("section", 2)),
        ("/index.php?option=com_content&task=blogsection&id=2", ("section", 2)),
        ("/component/content/category/3-tin-tuc", ("category", 3)),
        ("/index.php?option=com_k2&view=item&id=5:cuu-chien-binh", ("k2_item", 5)),
        ("/index.php?option=com_k2&view=item&layout=item&id=5", ("k2_item", 5)),
        ("/item/5-cuu-chien-binh", ("k2_item", 5)),
        ("/component/k2/item/5-cuu-chien-binh", ("k2_item", 5)),
        (
            "/index.php?option=com_k2&view=itemlist&task=category&id=1",
            ("k2_category", 1),
        ),
        ("/itemlist/category/1-guong-nguoi-tot", ("k2_category", 1)),
        ("/images/tin%20tuc/%E1%BA%A3nh.jpg", ("image", "images/tin tuc/ảnh.jpg")),
        ("/tin-tuc/hoat-dong/hoi-nghi", ("menu_path", "tin-tuc/hoat-dong/hoi-nghi")),
        ("/Gioi-Thieu/", ("menu_path", "gioi-thieu")),
        ("/index.php/gioi-thieu.html", ("menu_path", "gioi-thieu")),
    ],
)
def test_category_section_k2_image_and_menu_addresses(url, expected):
    assert target(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/index.php",
        "/index.php?option=com_users&view=login",
        "/index.php?option=com_content&view=article&id=abc",
        "/index.php?option=com_content&view=featured",
        "/index.php?option=com_content&view=article",
        "/component/users/login",
        "/component/content/article/khong-co-so",
        "/item/khong-co-so",
    ],
)
def test_unknown_addresses_give_none(url):
    assert target(url) is None


def test_query_may_be_a_dict_or_querydict_like_object():
    assert old_target(
        "/index.php", {"option": "com_content", "view": "article", "id": "7"}
    ) == (
        "article",
        7,
    )
    assert old_target(
        "/index.php", {"option": ["com_content"], "id": ["7"], "task": ["view"]}
    ) == (
        "article",
        7,
    )
    assert url_target(
        "http://old-site.gov.vn/index.php?option=com_content&view=article&id=9"
    ) == (
        "article",
        9,
    )


@pytest.fixture
def resolver():
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    return MenuResolver(
        source.rows("menu"), source.rows("content"), source.rows("categories")
    )


def test_menu_paths_without_ids_resolve_with_menu_and_aliases(resolver):
    # Menu items of the fixture: tin-tuc (category 8, blog), tin-tuc/co-so
    # (category 9), gioi-thieu (article 12), trang-cu (unpublished).
    assert resolver.resolve_url("/tin-tuc") == ("category", 8)
    assert resolver.resolve_url("/tin-tuc/co-so/") == ("category", 9)
    assert resolver.resolve_url("/gioi-thieu.html") == ("article", 12)
    # An article by its alias under the category's menu item, J4 style:
    alias = "/tin-tuc/hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-nam"
    assert resolver.resolve_url(alias) == ("article", 1)
    # ... also when it sits in a subcategory, or reached by the subcategory alias:
    assert resolver.resolve_url("/tin-tuc/chi-bo-thon-dong-sinh-hoat-chuyen-de") == (
        "article",
        12,
    )
    assert resolver.resolve_url("/tin-tuc/hoat-dong-co-so") == ("category", 9)
    assert resolver.resolve_url(
        "/tin-tuc/hoat-dong-co-so/chi-bo-thon-dong-sinh-hoat-chuyen-de"
    ) == ("article", 12)


def test_menu_resolver_refuses_unknown_and_unpublished_paths(resolver):
    assert resolver.resolve_url("/trang-cu") is None  # its menu item is unpublished
    assert resolver.resolve_url("/khong-co/trang-nay") is None
    assert resolver.resolve_url("/gioi-thieu/them") is None
    assert resolver.resolve_url("/tin-tuc/khong-co-bai-nay") is None


def test_id_alias_segment_that_is_a_subcategory_is_a_category(resolver):
    assert resolver.resolve_url("/tin-tuc/9-hoat-dong-co-so") == ("category", 9)
    assert resolver.resolve_url("/tin-tuc/12-chi-bo-thon-dong-sinh-hoat-chuyen-de") == (
        "article",
        12,
    )


def test_real_joomla_39_menu_items_resolve(j39):
    source = open_source(j39 / "j39.sql")
    resolver = MenuResolver(
        source.rows("menu"), source.rows("content"), source.rows("categories")
    )
    assert resolver.items, "the quickstart site has content menu items"
    for path, item in resolver.items.items():
        assert resolver.resolve_url("/" + path) == item
        assert resolver.resolve_url("/index.php/" + path.upper() + "/") == item
