"""A large Joomla 3 dump written the way mysqldump writes one, for memory and speed.

``write_dump(path, megabytes)`` writes ``jos_`` tables: categories, users and as
many articles (Vietnamese HTML with escapes, about 20 KB each) as fill the size,
in extended INSERTs of about 1 MB, plus a big ``jos_finder_terms`` table that a
reader must skip. Run ``python -m tests.bulletins.joomla.synthetic OUT.sql 200`` to
make the 200 MB dump of docs/migration.md.
"""

import sys
from pathlib import Path

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


if __name__ == "__main__":
    count = write_dump(Path(sys.argv[1]), float(sys.argv[2]))
    print(f"{sys.argv[1]}: {count} articles")
