"""A large Joomla 3 dump written the way mysqldump writes one, for memory and speed.

``write_dump(path, megabytes)`` writes ``jos_`` tables: categories, users and as
many articles (Vietnamese HTML with escapes, about 20 KB each) as fill the size,
in extended INSERTs of about 1 MB, plus a big ``jos_finder_terms`` table that a
reader must skip. Run ``python -m tests.bulletins.joomla.synthetic OUT.sql 200`` to
make the 200 MB dump of docs/migration.md.

``write_site(folder, articles)`` writes a whole old site to import: ``site.sql``
(categories in three levels, menu items, tags, users and ``articles`` articles,
each with its own intro photo and a second photo in the text, links to earlier
articles, a YouTube iframe, a plugin tag and a PDF now and then) and the
``images/`` folder holding every photo and PDF. ``bench/joomla_import.sh`` times
the import of 10,000 of them.
"""

import io
import sys
from pathlib import Path

from PIL import Image

CONTENT_COLUMNS = (
    "id asset_id title alias introtext fulltext state catid created created_by "
    "created_by_alias modified modified_by checked_out checked_out_time publish_up "
    "publish_down images urls attribs version ordering metakey metadesc access hits "
    "metadata featured language xreference note"
).split()

PARAGRAPH = (
    "<p>Sáng 25/10, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ "
    "{n} để đánh giá kết quả thực hiện nhiệm vụ chính trị, bàn \\'giải pháp\\' "
    'cho những tháng cuối năm. Đồng chí Bí thư nhấn mạnh: \\"đoàn kết, '
    'dân chủ, kỷ cương\\".</p>\\r\\n'
)


def _quote(text: str) -> str:
    return "'" + text + "'"


def _article(n: int) -> str:
    body = "".join(PARAGRAPH.format(n=n) for _ in range(40))
    values = {
        "id": str(n),
        "asset_id": str(1000 + n),
        "title": _quote(f"Hội nghị Ban Chấp hành Đảng bộ lần thứ {n}"),
        "alias": _quote(f"hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-{n}"),
        "introtext": _quote(PARAGRAPH.format(n=n)),
        "fulltext": _quote(body),
        "state": "1",
        "catid": str(8 + n % 4),
        "created": "'2021-10-25 07:06:00'",
        "created_by": "42",
        "created_by_alias": "''",
        "modified": "'2021-10-25 07:06:00'",
        "modified_by": "0",
        "checked_out": "0",
        "checked_out_time": "'0000-00-00 00:00:00'",
        "publish_up": "'2021-10-25 07:06:00'",
        "publish_down": "'0000-00-00 00:00:00'",
        "images": _quote('{\\"image_intro\\":\\"images\\\\/tin-tuc\\\\/a.jpg\\"}'),
        "urls": "'{}'",
        "attribs": "'{}'",
        "version": "1",
        "ordering": str(n),
        "metakey": "''",
        "metadesc": _quote("Mô tả ngắn"),
        "access": "1",
        "hits": str(n * 7),
        "metadata": "'{}'",
        "featured": "0",
        "language": "'*'",
        "xreference": "''",
        "note": "''",
    }
    return "(" + ",".join(values[c] for c in CONTENT_COLUMNS) + ")"


def _table(out, name: str, columns: list[str], rows, limit: int = 1 << 20) -> None:
    out.write(f"DROP TABLE IF EXISTS `{name}`;\nCREATE TABLE `{name}` (\n")
    out.write(",\n".join(f"  `{c}` text" for c in columns))
    out.write("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n")
    out.write(f"LOCK TABLES `{name}` WRITE;\n")
    batch, size = [], 0
    for row in rows:
        batch.append(row)
        size += len(row)
        if size > limit:
            out.write(f"INSERT INTO `{name}` VALUES " + ",".join(batch) + ";\n")
            batch, size = [], 0
    if batch:
        out.write(f"INSERT INTO `{name}` VALUES " + ",".join(batch) + ";\n")
    out.write("UNLOCK TABLES;\n")


def write_dump(path: Path, megabytes: float) -> int:
    """Write the dump; the number of articles in it."""
    target = int(megabytes * (1 << 20))
    articles = max(1, int(target * 0.8) // len(_article(1).encode()))
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("-- MariaDB dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\n")
        _table(
            out,
            "jos_categories",
            ["id", "parent_id", "level", "path", "extension", "title", "alias"],
            (
                f"({i},1,1,'muc-{i}','com_content','Chuyên mục {i}','muc-{i}')"
                for i in range(8, 12)
            ),
        )
        _table(
            out,
            "jos_content",
            CONTENT_COLUMNS,
            (_article(n) for n in range(1, articles + 1)),
        )
        done = out.tell()
        terms = max(0, (target - done) // 60)
        _table(
            out,
            "jos_finder_terms",
            ["term_id", "term", "stem", "common", "phrase", "weight", "soundex"],
            (f"({i},'tu-{i}','tu',0,0,0.2,'T000')" for i in range(terms)),
        )
    return articles


SITE_CATEGORIES = [
    # id, parent, level, path, title, alias
    (8, 1, 1, "tin-tuc", "Tin tức", "tin-tuc"),
    (9, 8, 2, "tin-tuc/hoat-dong-co-so", "Hoạt động cơ sở", "hoat-dong-co-so"),
    (10, 9, 3, "tin-tuc/hoat-dong-co-so/chi-bo", "Chi bộ tiêu biểu", "chi-bo"),
    (11, 1, 1, "xay-dung-dang", "Xây dựng Đảng", "xay-dung-dang"),
    (12, 1, 1, "van-ban", "Văn bản", "van-ban"),
]
SITE_PAGES = 3  # articles 1..3 are "single article" menu items (pages)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _photo() -> bytes:
    image = Image.new("RGB", (320, 200), (180, 30, 30))
    for x in range(0, 320, 8):
        image.putpixel((x, x % 200), (255, 255, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _site_article(n: int) -> str:
    year = 2010 + n % 12
    photo = f"images/tin-tuc/{year}/anh-{n}.jpg"
    extra = ""
    if n > 1:
        extra += (
            f'<p>Xem thêm <a href=\\"index.php?option=com_content&amp;view=article'
            f'&amp;id={n - 1}&amp;catid=8&amp;Itemid=101\\">bài trước</a>.</p>'
        )
    if n % 20 == 0:
        extra += (
            '<p><iframe width=\\"560\\" height=\\"315\\" '
            'src=\\"https://www.youtube.com/embed/dQw4w9WgXcQ\\"></iframe></p>'
        )
    if n % 30 == 0:
        extra += "<p>{loadposition thong-bao}</p>"
    if n % 50 == 0:
        extra += f'<p>Tải <a href=\\"images/van-ban/nghi-quyet-{n}.pdf\\">nghị quyết</a>.</p>'
    body = "".join(PARAGRAPH.format(n=n) for _ in range(30))
    body += f'<p><img src=\\"images/tin-tuc/{year}/anh-{n}-2.jpg\\" alt=\\"Ảnh {n}\\" /></p>'
    values = {
        "id": str(n),
        "asset_id": str(1000 + n),
        "title": _quote(f"Hội nghị Ban Chấp hành Đảng bộ lần thứ {n}"),
        "alias": _quote(f"hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-{n}"),
        "introtext": _quote(PARAGRAPH.format(n=n)),
        "fulltext": _quote(body + extra),
        "state": "1" if n % 97 else "0",
        "catid": str(SITE_CATEGORIES[n % len(SITE_CATEGORIES)][0]),
        "created": f"'{year}-10-25 07:06:00'",
        "created_by": "42",
        "created_by_alias": "''",
        "modified": "'2021-10-25 07:06:00'",
        "modified_by": "0",
        "checked_out": "0",
        "checked_out_time": "'0000-00-00 00:00:00'",
        "publish_up": f"'{year}-10-25 07:06:00'",
        "publish_down": "'0000-00-00 00:00:00'",
        "images": _quote(
            '{\\"image_intro\\":\\"' + photo.replace("/", "\\\\/") + '\\",'
            '\\"image_intro_alt\\":\\"Quang cảnh hội nghị\\"}'
        ),
        "urls": "'{}'",
        "attribs": "'{}'",
        "version": "1",
        "ordering": str(n),
        "metakey": "''",
        "metadesc": _quote("Mô tả ngắn"),
        "access": "1" if n % 89 else "2",
        "hits": str(n * 7),
        "metadata": "'{}'",
        "featured": "1" if n % 10 == 0 else "0",
        "language": "'*'",
        "xreference": "''",
        "note": "''",
    }
    return "(" + ",".join(values[c] for c in CONTENT_COLUMNS) + ")"


def write_site(folder: Path, articles: int) -> None:
    """An old site: ``folder/site.sql`` and ``folder/images/``."""
    folder = Path(folder)
    photo = _photo()
    for n in range(1, articles + 1):
        year_folder = folder / "images" / "tin-tuc" / str(2010 + n % 12)
        year_folder.mkdir(parents=True, exist_ok=True)
        (year_folder / f"anh-{n}.jpg").write_bytes(photo)
        (year_folder / f"anh-{n}-2.jpg").write_bytes(photo)
        if n % 50 == 0:
            (folder / "images" / "van-ban").mkdir(parents=True, exist_ok=True)
            (folder / "images" / "van-ban" / f"nghi-quyet-{n}.pdf").write_bytes(PDF)
    with open(folder / "site.sql", "w", encoding="utf-8", newline="\n") as out:
        out.write("-- MariaDB dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\n")
        _table(
            out,
            "jos_categories",
            [
                "id",
                "parent_id",
                "level",
                "path",
                "extension",
                "title",
                "alias",
                "published",
                "access",
                "language",
                "lft",
                "rgt",
            ],
            [
                "(1,0,0,'','system','ROOT','root',1,1,'*',0,100)",
                *(
                    f"({i},{p},{lv},'{path}','com_content','{t}','{a}',1,1,'*',{i},{i + 1})"
                    for i, p, lv, path, t, a in SITE_CATEGORIES
                ),
            ],
        )
        _table(
            out,
            "jos_viewlevels",
            ["id", "title", "ordering", "rules"],
            ["(1,'Public',0,'[1]')", "(2,'Registered',2,'[6,2,8]')"],
        )
        _table(
            out,
            "jos_usergroups",
            ["id", "parent_id", "lft", "rgt", "title"],
            ["(1,0,1,20,'Public')", "(2,1,6,17,'Registered')"],
        )
        _table(
            out,
            "jos_users",
            ["id", "name", "username", "email"],
            ["(42,'Trần Văn Bình','tvbinh','tvbinh@example.vn')"],
        )
        menu = [
            "(1,'','Menu_Item_Root','root','','',1,0,0,'',0,0)",
            "(101,'mainmenu','Tin tức','tin-tuc','tin-tuc',"
            "'index.php?option=com_content&view=category&layout=blog&id=8',1,1,1,"
            "'component',0,1)",
        ]
        for n in range(1, SITE_PAGES + 1):
            menu.append(
                f"({200 + n},'mainmenu','Trang {n}','trang-{n}','trang-{n}',"
                f"'index.php?option=com_content&view=article&id={n}',1,1,1,"
                f"'component',0,{n + 1})"
            )
        _table(
            out,
            "jos_menu",
            [
                "id",
                "menutype",
                "title",
                "alias",
                "path",
                "link",
                "published",
                "parent_id",
                "level",
                "type",
                "client_id",
                "lft",
            ],
            menu,
        )
        _table(
            out,
            "jos_tags",
            ["id", "parent_id", "level", "path", "title", "alias", "published"],
            [
                "(1,0,0,'','ROOT','root',1)",
                "(2,1,1,'dai-hoi','Đại hội','dai-hoi',1)",
                "(3,1,1,'xay-dung-dang','Xây dựng Đảng','xay-dung-dang',1)",
            ],
        )
        _table(
            out,
            "jos_contentitem_tag_map",
            ["type_alias", "core_content_id", "content_item_id", "tag_id"],
            (
                f"('com_content.article',{n},{n},{2 + n % 2})"
                for n in range(1, articles + 1, 3)
            ),
        )
        _table(
            out,
            "jos_content",
            CONTENT_COLUMNS,
            (_site_article(n) for n in range(1, articles + 1)),
        )


if __name__ == "__main__":
    if sys.argv[1] == "--site":
        write_site(Path(sys.argv[2]), int(sys.argv[3]))
        print(f"{sys.argv[2]}: {sys.argv[3]} articles with photos")
    else:
        count = write_dump(Path(sys.argv[1]), float(sys.argv[2]))
        print(f"{sys.argv[1]}: {count} articles")
