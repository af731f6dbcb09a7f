"""Dates of an old site kept within what the new site can store and show.

Invariant: ``bounded_datetime`` returns an aware UTC datetime with a year from
``MIN_YEAR`` to ``MAX_YEAR``, or None; never an exception. Joomla writes
``0000-00-00 00:00:00`` for "no date", old editors typed years like 0201 or 20015,
and ``9999-12-31`` stood for "never expires": none of these may reach a database
column (PostgreSQL and SQLite disagree about them, Python refuses year 0) or a
page. The caller decides what an absent date means (the creation time for a
missing publication time, "never" for a missing expiry) and the report says when
a date was out of range.
"""

from datetime import UTC, datetime

from portal.dates import YEAR_MAX, YEAR_MIN, moment_in_range

from .visibility import joomla_datetime

# The site's years (``portal.dates``), under the names the importer uses.
MIN_YEAR = YEAR_MIN
MAX_YEAR = YEAR_MAX


def in_range(value: datetime | None) -> bool:
    """Within the years every date of the site keeps to (``portal.dates``: the
    forms' validators and the database's CHECK constraints)."""
    return value is not None and moment_in_range(value)


def bounded_datetime(value: str | None) -> tuple[datetime | None, bool]:
    """(the date in UTC or None, whether a date was there but out of range)."""
    text = (value or "").strip()
    parsed = joomla_datetime(text)
    if parsed is None:
        # A date Python cannot even build (year 0, 20015) is out of range too.
        return None, bool(text) and text[:4].isdigit() and text[:4] != "0000"
    if not in_range(parsed):
        return None, True
    return parsed.astimezone(UTC), False
