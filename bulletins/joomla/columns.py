"""Joomla's own column order of each table we read, per version series.

phpMyAdmin's CSV export has no header row by default, so the columns of a headerless
file are taken from here (or from a schema .sql given beside it). Taken from the
``CREATE TABLE`` statements of Joomla's installation SQL: 1.5 and 2.5.22
(``installation/sql/mysql/joomla.sql``), 3.9.24 (the dump of a real site), 4.0.0
(``installation/sql/mysql/base.sql``, ``extensions.sql``, ``supports.sql``), and K2's
``install.mysql.sql`` for the K2 tables (the same in every Joomla version). A
series here stands for its whole line; a file whose column count matches none is
refused and asked for a header row.
"""

_LAYOUTS = {
    "content": {
        "1.5": (
            "id title alias title_alias introtext fulltext state sectionid mask "
            "catid created created_by created_by_alias modified modified_by "
            "checked_out checked_out_time publish_up publish_down images urls "
            "attribs version parentid ordering metakey metadesc access hits "
            "metadata"
        ),
        "2.5": (
            "id asset_id title alias title_alias introtext fulltext state sectionid "
            "mask catid created created_by created_by_alias modified modified_by "
            "checked_out checked_out_time publish_up publish_down images urls "
            "attribs version parentid ordering metakey metadesc access hits "
            "metadata featured language xreference"
        ),
        "3": (
            "id asset_id title alias introtext fulltext state catid created "
            "created_by created_by_alias modified modified_by checked_out "
            "checked_out_time publish_up publish_down images urls attribs version "
            "ordering metakey metadesc access hits metadata featured language "
            "xreference note"
        ),
        "4": (
            "id asset_id title alias introtext fulltext state catid created "
            "created_by created_by_alias modified modified_by checked_out "
            "checked_out_time publish_up publish_down images urls attribs version "
            "ordering metakey metadesc access hits metadata featured language note"
        ),
    },
    "categories": {
        "1.5": (
            "id parent_id title name alias image section image_position description "
            "published checked_out checked_out_time editor ordering access count "
            "params"
        ),
        "2.5": (
            "id asset_id parent_id lft rgt level path extension title alias note "
            "description published checked_out checked_out_time access params "
            "metadesc metakey metadata created_user_id created_time "
            "modified_user_id modified_time hits language"
        ),
        "3": (
            "id asset_id parent_id lft rgt level path extension title alias note "
            "description published checked_out checked_out_time access params "
            "metadesc metakey metadata created_user_id created_time "
            "modified_user_id modified_time hits language version"
        ),
        "4": (
            "id asset_id parent_id lft rgt level path extension title alias note "
            "description published checked_out checked_out_time access params "
            "metadesc metakey metadata created_user_id created_time "
            "modified_user_id modified_time hits language version"
        ),
    },
    "users": {
        "1.5": (
            "id name username email password usertype block sendEmail gid "
            "registerDate lastvisitDate activation params"
        ),
        "2.5": (
            "id name username email password usertype block sendEmail registerDate "
            "lastvisitDate activation params lastResetTime resetCount"
        ),
        "3": (
            "id name username email password block sendEmail registerDate "
            "lastvisitDate activation params lastResetTime resetCount otpKey otep "
            "requireReset"
        ),
        "4": (
            "id name username email password block sendEmail registerDate "
            "lastvisitDate activation params lastResetTime resetCount otpKey otep "
            "requireReset"
        ),
    },
    "menu": {
        "1.5": (
            "id menutype name alias link type published parent componentid sublevel "
            "ordering checked_out checked_out_time pollid browserNav access "
            "utaccess params lft rgt home"
        ),
        "2.5": (
            "id menutype title alias note path link type published parent_id level "
            "component_id ordering checked_out checked_out_time browserNav access "
            "img template_style_id params lft rgt home language client_id"
        ),
        "3": (
            "id menutype title alias note path link type published parent_id level "
            "component_id checked_out checked_out_time browserNav access img "
            "template_style_id params lft rgt home language client_id"
        ),
        "4": (
            "id menutype title alias note path link type published parent_id level "
            "component_id checked_out checked_out_time browserNav access img "
            "template_style_id params lft rgt home language client_id publish_up "
            "publish_down"
        ),
    },
    "weblinks": {
        "1.5": (
            "id catid sid title alias url description date hits published "
            "checked_out checked_out_time ordering archived approved params"
        ),
        "2.5": (
            "id catid sid title alias url description date hits state checked_out "
            "checked_out_time ordering archived approved access params language "
            "created created_by created_by_alias modified modified_by metakey "
            "metadesc metadata featured xreference publish_up publish_down"
        ),
    },
    "sections": {
        "1.5": (
            "id title name alias image scope image_position description published "
            "checked_out checked_out_time ordering access count params"
        ),
    },
    "groups": {
        "1.5": "id name",
    },
    "viewlevels": {
        "2.5": "id title ordering rules",
        "3": "id title ordering rules",
        "4": "id title ordering rules",
    },
    "usergroups": {
        "2.5": "id parent_id lft rgt title",
        "3": "id parent_id lft rgt title",
        "4": "id parent_id lft rgt title",
    },
    "tags": {
        "3": (
            "id parent_id lft rgt level path title alias note description published "
            "checked_out checked_out_time access params metadesc metakey metadata "
            "created_user_id created_time created_by_alias modified_user_id "
            "modified_time images urls hits language version publish_up "
            "publish_down"
        ),
        "4": (
            "id parent_id lft rgt level path title alias note description published "
            "checked_out checked_out_time access params metadesc metakey metadata "
            "created_user_id created_time created_by_alias modified_user_id "
            "modified_time images urls hits language version publish_up "
            "publish_down"
        ),
    },
    "contentitem_tag_map": {
        "3": "type_alias core_content_id content_item_id tag_id tag_date type_id",
        "4": "type_alias core_content_id content_item_id tag_id tag_date type_id",
    },
    "k2_items": {
        "*": (
            "id title alias catid published introtext fulltext video gallery "
            "extra_fields extra_fields_search created created_by created_by_alias "
            "checked_out checked_out_time modified modified_by publish_up "
            "publish_down trash access ordering featured featured_ordering "
            "image_caption image_credits video_caption video_credits hits params "
            "metadesc metadata metakey plugins language"
        ),
    },
    "k2_categories": {
        "*": (
            "id name alias description parent extraFieldsGroup published access "
            "ordering image params trash plugins language"
        ),
    },
    "k2_tags": {
        "*": "id name description published",
    },
    "k2_tags_xref": {
        "*": "id tagID itemID",
    },
    "k2_attachments": {
        "*": "id itemID filename title titleAttribute hits",
    },
}
KNOWN_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    table: {series: tuple(names.split()) for series, names in layouts.items()}
    for table, layouts in _LAYOUTS.items()
}


def candidates(table: str, count: int) -> list[tuple[str, tuple[str, ...]]]:
    """(series, columns) of every known layout of ``table`` with ``count`` columns."""
    return [
        (series, columns)
        for series, columns in KNOWN_COLUMNS.get(table, {}).items()
        if len(columns) == count
    ]
