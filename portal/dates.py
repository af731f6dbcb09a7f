"""Every date and time a person or an import can enter lies in the years 1900–2200.

Why a range at all: 01/01/0001 00:00 typed in GMT+7 is an instant of year 0 in
UTC. PostgreSQL stores it, psycopg2 cannot read it back ("year -1 is out of
range"), and every page listing the row (the sidebar poll, the register, search,
sitemaps, admin lists) answered 500 until someone repaired the row in SQL. No
bulletin, document or poll of a Party committee lies outside 1900–2200.

One range, held at three layers:

- **Forms and models**: ``validate_moment`` / ``validate_day`` are validators on
  the model fields (the admin, imports through ``full_clean``) and on plain form
  fields (the workflow's publication time). They refuse with a message in
  Vietnamese and never convert an out-of-range value (that conversion is what
  overflows).
- **Importers**: the Joomla import asks ``moment_in_range`` and leaves out (and
  reports) what falls outside (``bulletins/joomla/dates.py``).
- **The database**: ``range_constraints(...)`` gives a model one CHECK constraint
  per date or time column (``<app>_<model>_<field>_in_range``), so no path (shell,
  raw SQL, ``QuerySet.update``) can store a value outside the range; a test lists
  every ``DateField``/``DateTimeField`` of the project's models and fails on one
  without its constraint. Times are checked as UTC instants one day wider than the
  years, so 1 January 1900 00:00 and 31 December 2200 23:59 in any time zone fit.

An installation whose tables already hold such a row is repaired by the migration
that adds the constraints (``clamp_rows``), before the constraint is added.
"""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Case, CheckConstraint, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEAR_MIN = 1900
YEAR_MAX = 2200

DAY_MIN = date(YEAR_MIN, 1, 1)
DAY_MAX = date(YEAR_MAX, 12, 31)
# What the database accepts for a time: the years in any time zone (offsets are
# under a day), as UTC instants.
MOMENT_MIN = datetime(YEAR_MIN, 1, 1, tzinfo=UTC) - timedelta(days=1)
MOMENT_LIMIT = datetime(YEAR_MAX + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
# Where the migration's repair puts a value found outside the range.
MOMENT_LOW = datetime(YEAR_MIN, 1, 1, tzinfo=UTC)
MOMENT_HIGH = datetime(YEAR_MAX, 12, 31, tzinfo=UTC)

# The years are written out so the message stays a plain translatable string
# (a test checks it against YEAR_MIN and YEAR_MAX).
OUT_OF_RANGE = _("Enter a date between the years 1900 and 2200.")


def _refuse():
    raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def moment_in_range(value: datetime) -> bool:
    """True when ``value``'s year, in the current time zone, is 1900–2200."""
    # Far-off years are refused before any conversion, which would overflow.
    if not YEAR_MIN - 1 <= value.year <= YEAR_MAX + 1:
        return False
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return YEAR_MIN <= value.year <= YEAR_MAX


def day_in_range(value: date) -> bool:
    return YEAR_MIN <= value.year <= YEAR_MAX


def validate_moment(value):
    """Field validator for a date and time (``DateTimeField``)."""
    if value is not None and not moment_in_range(value):
        _refuse()


def validate_day(value):
    """Field validator for a date (``DateField``)."""
    if value is not None and not day_in_range(value):
        _refuse()


def validate_year(value):
    """Field validator for a year kept as a number (a congress's term)."""
    if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
        _refuse()


# Lookups bounding each kind of column: a time (``moment``), a date (``day``) or a
# year kept as a number (``year``).
BOUNDS = {
    "moment": {"gte": MOMENT_MIN, "lt": MOMENT_LIMIT},
    "day": {"gte": DAY_MIN, "lte": DAY_MAX},
    "year": {"gte": YEAR_MIN, "lte": YEAR_MAX},
}
# Where a stored value below or above the range is moved to.
ENDS = {
    "moment": (MOMENT_LOW, MOMENT_HIGH),
    "day": (DAY_MIN, DAY_MAX),
    "year": (YEAR_MIN, YEAR_MAX),
}


def range_condition(field_name, *, kind="moment"):
    """The CHECK condition of one column (empty values pass)."""
    bounds = {f"{field_name}__{op}": value for op, value in BOUNDS[kind].items()}
    return Q(**{f"{field_name}__isnull": True}) | Q(**bounds)


def _columns(moments, days, years):
    return [
        *((name, "moment") for name in moments),
        *((name, "day") for name in days),
        *((name, "year") for name in years),
    ]


def range_constraints(*moments, days=(), years=()):
    """CHECK constraints for ``Meta.constraints``: one per time column
    (``moments``), date column (``days``) and year kept as a number (``years``)."""
    return [
        CheckConstraint(
            condition=range_condition(name, kind=kind),
            name=f"%(app_label)s_%(class)s_{name}_in_range",
            violation_error_message=OUT_OF_RANGE,
        )
        for name, kind in _columns(moments, days, years)
    ]


def clamp_rows(model, *moments, days=(), years=()):
    """Move stored values outside the range to its nearest end, in SQL (a row that
    PostgreSQL holds with year 0 cannot be read into Python), one UPDATE for all
    columns so order constraints between them (a term's end after its start) keep
    holding. Run by the migration that adds the constraints; returns how many rows
    were changed."""
    outside = Q()
    changes = {}
    for name, kind in _columns(moments, days, years):
        low, high = ENDS[kind]
        field = model._meta.get_field(name)
        outside |= ~range_condition(name, kind=kind)
        changes[name] = Case(
            When(**{f"{name}__lt": BOUNDS[kind]["gte"]}, then=Value(low)),
            When(~range_condition(name, kind=kind), then=Value(high)),
            default=F(name),
            output_field=field,
        )
    return model._base_manager.filter(outside).update(**changes)
