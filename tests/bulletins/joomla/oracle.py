"""Which rows the old site showed to a visitor, computed in SQL: the check the
import's "nothing hidden becomes public" rule is held against.

Independent of ``bulletins/joomla/visibility.py`` on purpose: the backup's tables
are loaded into an in-memory SQLite database and asked Joomla's own questions
the way Joomla asks them, with the nested set (``lft``/``rgt``) for ancestors
where ``visibility.py`` walks ``parent_id``, a recursive query for K2, SQLite's
``json_each`` for the view levels, and string comparison of Joomla's UTC dates.
"""

import sqlite3

LANGUAGES = ("*", "", "vi-vn")


def _load(db, source, table, columns):
    db.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
    rows = [[row.get(column) for column in columns] for row in source.rows(table)]
    db.executemany(
        f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})", rows
    )


def _database(source):
    db = sqlite3.connect(":memory:")
    _load(db, source, "viewlevels", ["id", "title", "rules"])
    _load(db, source, "usergroups", ["id", "parent_id", "title"])
    return db


def _levels_sql(series: str) -> str:
    if series == "1.5":
        return "(0)"
    return (
        "(SELECT CAST(v.id AS INTEGER) FROM viewlevels v, json_each(v.rules) r "
        "WHERE CAST(r.value AS INTEGER) IN (SELECT CAST(id AS INTEGER) FROM "
        "usergroups WHERE CAST(parent_id AS INTEGER) = 0 OR lower(title) = 'guest') "
        "UNION SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM viewlevels))"
    )


def _dates(alias: str) -> str:
    return (
        f"(COALESCE({alias}.publish_up, '') IN ('', '0000-00-00 00:00:00') "
        f"OR {alias}.publish_up <= :now) AND (COALESCE({alias}.publish_down, '') "
        f"IN ('', '0000-00-00 00:00:00') OR {alias}.publish_down > :now)"
    )


def public_content_ids(source, now) -> set[int]:
    """Ids of ``#__content`` rows a visitor could read on the old site."""
    db = _database(source)
    levels = _levels_sql(source.series)
    languages = "('" + "','".join(LANGUAGES) + "')"
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    if source.series == "1.5":
        _load(
            db,
            source,
            "content",
            [
                "id",
                "state",
                "catid",
                "sectionid",
                "access",
                "publish_up",
                "publish_down",
            ],
        )
        _load(db, source, "categories", ["id", "section", "published", "access"])
        _load(db, source, "sections", ["id", "published", "access"])
        query = f"""
            SELECT CAST(a.id AS INTEGER) FROM content a
            LEFT JOIN categories c ON c.id = a.catid
            LEFT JOIN sections s ON s.id = c.section
            WHERE CAST(a.state AS INTEGER) IN (1, 2)
              AND CAST(a.access AS INTEGER) IN {levels}
              AND (CAST(a.catid AS INTEGER) = 0 OR (
                    CAST(c.published AS INTEGER) = 1
                AND CAST(c.access AS INTEGER) IN {levels}
                AND CAST(s.published AS INTEGER) = 1
                AND CAST(s.access AS INTEGER) IN {levels}))
              AND {_dates("a")}
        """
    else:
        _load(
            db,
            source,
            "content",
            [
                "id",
                "state",
                "catid",
                "access",
                "language",
                "publish_up",
                "publish_down",
            ],
        )
        _load(
            db,
            source,
            "categories",
            [
                "id",
                "lft",
                "rgt",
                "level",
                "published",
                "access",
                "language",
                "extension",
            ],
        )
        visible = (
            "CAST({c}.published AS INTEGER) IN (1, 2) "
            "AND CAST({c}.access AS INTEGER) IN " + levels + " "
            "AND lower(COALESCE({c}.language, '*')) IN " + languages
        )
        query = f"""
            SELECT CAST(a.id AS INTEGER) FROM content a
            JOIN categories c ON c.id = a.catid AND c.extension = 'com_content'
            WHERE CAST(a.state AS INTEGER) IN (1, 2)
              AND CAST(a.access AS INTEGER) IN {levels}
              AND lower(COALESCE(a.language, '*')) IN {languages}
              AND {visible.format(c="c")}
              AND NOT EXISTS (
                SELECT 1 FROM categories p
                WHERE CAST(p.lft AS INTEGER) < CAST(c.lft AS INTEGER)
                  AND CAST(p.rgt AS INTEGER) > CAST(c.rgt AS INTEGER)
                  AND CAST(p.level AS INTEGER) > 0
                  AND NOT ({visible.format(c="p")}))
              AND {_dates("a")}
        """
    return {row[0] for row in db.execute(query, {"now": stamp})}


def public_k2_ids(source, now) -> set[int]:
    """Ids of K2 items a visitor could read on the old site."""
    if not source.has("k2_items"):
        return set()
    db = _database(source)
    levels = _levels_sql(source.series)
    languages = "('" + "','".join(LANGUAGES) + "')"
    _load(
        db,
        source,
        "k2_items",
        [
            "id",
            "catid",
            "published",
            "trash",
            "access",
            "language",
            "publish_up",
            "publish_down",
        ],
    )
    _load(
        db,
        source,
        "k2_categories",
        ["id", "parent", "published", "trash", "access", "language"],
    )
    query = f"""
        WITH RECURSIVE chain(item, category) AS (
            SELECT i.id, i.catid FROM k2_items i
            UNION
            SELECT chain.item, c.parent FROM chain
            JOIN k2_categories c ON c.id = chain.category
            WHERE CAST(c.parent AS INTEGER) > 0
        )
        SELECT CAST(i.id AS INTEGER) FROM k2_items i
        WHERE CAST(i.published AS INTEGER) = 1 AND CAST(i.trash AS INTEGER) = 0
          AND CAST(i.access AS INTEGER) IN {levels}
          AND lower(COALESCE(i.language, '*')) IN {languages}
          AND {_dates("i")}
          AND NOT EXISTS (
            SELECT 1 FROM chain
            LEFT JOIN k2_categories c ON c.id = chain.category
            WHERE chain.item = i.id AND (
                c.id IS NULL OR CAST(c.published AS INTEGER) != 1
                OR CAST(c.trash AS INTEGER) != 0
                OR CAST(c.access AS INTEGER) NOT IN {levels}
                OR lower(COALESCE(c.language, '*')) NOT IN {languages}))
    """
    return {
        row[0] for row in db.execute(query, {"now": now.strftime("%Y-%m-%d %H:%M:%S")})
    }
