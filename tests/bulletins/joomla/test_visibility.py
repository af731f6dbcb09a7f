"""Was an article public on the old site? One reason code for each hidden row."""

from datetime import UTC, datetime

import pytest

from bulletins.joomla import open_source
from bulletins.joomla import visibility as v
from bulletins.joomla.visibility import VisibilityRules, joomla_datetime, public_levels
from tests.bulletins.joomla.conftest import FIXTURES

NOW = datetime(2024, 1, 1, tzinfo=UTC)
EXPECTED = {
    "1": None,  # published, public, Vietnamese
    "2": v.ACCESS,  # Registered only
    "3": v.CATEGORY_UNPUBLISHED,
    "4": v.ANCESTOR_UNPUBLISHED,  # its category is published, the parent is not
    "5": v.LANGUAGE,  # en-GB in an English category
    "6": v.UNPUBLISHED,
    "7": v.TRASHED,
    "8": None,  # archived (state 2) stays public
    "9": v.SCHEDULED,
    "10": v.EXPIRED,
    "12": None,
}


@pytest.mark.parametrize(
    "path", [FIXTURES / "j25" / "vn25.sql", FIXTURES / "j4" / "j4x-hash-prefix.sql.gz"]
)
def test_each_hidden_article_of_a_real_dump_gets_its_reason(path):
    source = open_source(path)
    rules = VisibilityRules.from_source(source, now=NOW)
    reasons = {r["id"]: rules.article_reason(r) for r in source.rows("content")}
    assert {k: reasons[k] for k in EXPECTED} == EXPECTED


def test_guest_view_level_of_joomla_4_is_public_registered_is_not():
    source = open_source(FIXTURES / "j4" / "j4x-hash-prefix.sql.gz")
    levels = public_levels(source.rows("viewlevels"), source.rows("usergroups"))
    assert levels == {1, 5}  # Public and Guest; not Registered, Special, Super Users
    rules = VisibilityRules.from_source(source, now=NOW)
    guest_only = next(r for r in source.rows("content") if r["id"] == "13")
    assert rules.is_public(guest_only)


def test_joomla_25_translated_view_levels_are_read_by_their_rules():
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    titles = {r["id"]: r["title"] for r in source.rows("viewlevels")}
    assert titles["1"] == "Accès Public"  # a French site: titles can't be trusted
    assert public_levels(source.rows("viewlevels"), source.rows("usergroups")) == {1}


def test_joomla_15_access_0_is_public_and_sections_count():
    source = open_source(FIXTURES / "j15" / "latin1-names.sql.gz")
    rules = VisibilityRules.from_source(source, now=NOW)
    assert rules.levels == {0}
    reasons = {r["id"]: rules.article_reason(r) for r in source.rows("content")}
    assert reasons["100"] is None
    assert reasons["101"] == v.ACCESS  # access 1: Registered in 1.5
    assert reasons["102"] == v.CATEGORY_UNPUBLISHED
    # Uncategorised ("static") 1.5 content has no category and is public.
    static = [r for r in source.rows("content") if r["catid"] == "0"]
    assert static and all(rules.article_reason(r) is None for r in static)


def test_k2_items_use_k2_categories_and_the_trash_flag():
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    rules = VisibilityRules.for_k2(source, now=NOW)
    reasons = {r["id"]: rules.article_reason(r) for r in source.rows("k2_items")}
    assert reasons == {"5": None, "6": v.TRASHED}
    assert rules.category_reason(2) == v.CATEGORY_UNPUBLISHED


def test_real_joomla_39_articles_are_public(j39):
    source = open_source(j39 / "j39.sql")
    rules = VisibilityRules.from_source(source, now=NOW)
    reasons = [rules.article_reason(r) for r in source.rows("content")]
    assert reasons.count(None) == 25


def rule_set(**categories):
    rows = [
        {"id": "1", "parent_id": "0", "level": "0", "alias": "root", "published": "1"}
    ]
    rows += [
        dict({"id": k[1:], "parent_id": "1", "published": "1"}, **c)
        for k, c in categories.items()
    ]
    return VisibilityRules(categories=rows, now=NOW, levels={1})


def test_trashed_category_and_category_access_and_missing_category():
    rules = rule_set(c8={"published": "-2"}, c9={"access": "2"}, c10={})
    article = {"state": "1", "access": "1", "language": "*"}
    assert rules.article_reason(dict(article, catid="8")) == v.CATEGORY_TRASHED
    assert rules.article_reason(dict(article, catid="9")) == v.CATEGORY_ACCESS
    assert rules.article_reason(dict(article, catid="99")) == v.CATEGORY_MISSING
    assert rules.article_reason(dict(article, catid="10")) is None


def test_scheduling_compares_utc_dates_with_now():
    rules = rule_set(c8={})
    base = {"state": "1", "access": "1", "catid": "8", "language": "vi-VN"}
    just_before = dict(base, publish_up="2023-12-31 23:59:59", publish_down=None)
    assert rules.article_reason(just_before) is None
    assert (
        rules.article_reason(dict(base, publish_up="2024-01-01 00:00:01"))
        == v.SCHEDULED
    )
    assert (
        rules.article_reason(dict(base, publish_down="2024-01-01 00:00:00"))
        == v.EXPIRED
    )
    assert rules.article_reason(dict(base, publish_down="0000-00-00 00:00:00")) is None


def test_dates_and_reasons_have_their_vietnamese_wording():
    assert joomla_datetime("2021-10-25 07:06:00") == datetime(
        2021, 10, 25, 7, 6, tzinfo=UTC
    )
    assert (
        joomla_datetime("0000-00-00 00:00:00") is None and joomla_datetime(None) is None
    )
    assert set(v.REASONS) >= set(EXPECTED.values()) - {None}
    assert v.REASONS[v.ACCESS] == "chỉ dành cho người đăng nhập trên website cũ"
