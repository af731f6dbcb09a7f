"""Dates and times are bounded to the years 1900–2200 (portal/dates.py): by the
validators, by the importers' clamp, and by a CHECK constraint on every date or
time column of the project's models, found by introspection so a new column
without one fails here."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import override

from analytics.models import DailyStat, FlushBatch
from bulletins.joomla.dates import bounded_datetime
from bulletins.models import (
    ArticleTransition,
    HomePin,
    JoomlaImportRun,
    LegacyRedirect,
    LibraryPhoto,
    Page,
    PageTransition,
    SlugRedirect,
)
from congress.models import Media, MediaKind, PhotoReport
from polls.models import Choice, Poll, Vote
from portal import dates
from portal.models import SiteProfile
from tests.factories import (
    make_article,
    make_congress,
    make_document,
    make_feedback,
    make_staff,
)

PROJECT_APPS = ("portal", "bulletins", "congress", "search", "polls", "analytics")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def date_columns():
    """(model, field) for every date or time column of the project's own tables."""
    found = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField):  # DateTimeField included
                    found.append((model, field))
    return found


COLUMNS = date_columns()
IDS = [f"{m._meta.label}.{f.name}" for m, f in COLUMNS]
# Every column not set by the model itself (auto_now) can be typed or imported.
ENTERED = [
    (model, field)
    for model, field in COLUMNS
    if not (field.auto_now or field.auto_now_add)
]


def test_the_walk_finds_the_dates_named_in_the_issue():
    names = set(IDS)
    assert {
        "bulletins.Article.published_at",
        "bulletins.Page.published_at",
        "congress.Document.published_at",
        "congress.Document.issued_on",
        "congress.Media.published_at",
        "congress.PhotoReport.published_at",
        "congress.Congress.starts_on",
        "congress.Feedback.moderated_at",
        "polls.Poll.opens_at",
        "polls.Poll.closes_at",
        "analytics.DailyStat.day",
    } <= names


@pytest.mark.parametrize(("model", "field"), COLUMNS, ids=IDS)
def test_every_date_column_has_its_range_constraint(model, field):
    name = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_in_range"
    assert name in {c.name for c in model._meta.constraints}


@pytest.mark.parametrize(("model", "field"), ENTERED, ids=str)
def test_every_date_a_person_can_enter_is_validated(model, field):
    validator = (
        dates.validate_moment
        if isinstance(field, models.DateTimeField)
        else dates.validate_day
    )
    assert validator in field.validators


@pytest.mark.django_db
def test_the_constraints_exist_in_the_database():
    with connection.cursor() as cursor:
        for model, field in COLUMNS:
            found = connection.introspection.get_constraints(
                cursor, model._meta.db_table
            )
            name = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_in_range"
            assert name in found, name
            assert found[name]["check"], name


def test_the_message_names_the_range():
    assert f"{dates.YEAR_MIN}" in str(dates.OUT_OF_RANGE)
    assert f"{dates.YEAR_MAX}" in str(dates.OUT_OF_RANGE)
    with override("vi"):
        assert str(dates.OUT_OF_RANGE) == (
            "Vui lòng nhập ngày trong khoảng từ năm 1900 đến năm 2200."
        )


@pytest.mark.parametrize(
    "value",
    [
        datetime(1900, 1, 1, 0, 0, tzinfo=HANOI),
        datetime(2200, 12, 31, 23, 59, tzinfo=HANOI),
        datetime(2026, 5, 1, 8, 30, tzinfo=HANOI),
        datetime(2026, 5, 1, 8, 30),  # naive: as typed
    ],
)
def test_times_within_the_years_pass(value):
    dates.validate_moment(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, 0, 0, tzinfo=HANOI),  # the finding: year 0 in UTC
        datetime(1, 1, 1, 0, 0),
        datetime(1899, 12, 31, 23, 59, tzinfo=HANOI),
        datetime(2201, 1, 1, 0, 0, tzinfo=HANOI),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=HANOI),
    ],
)
def test_times_outside_the_years_are_refused_without_overflow(value):
    with pytest.raises(ValidationError) as refused:
        dates.validate_moment(value)
    assert refused.value.code == "date_out_of_range"


def test_days_and_years():
    dates.validate_day(date(1900, 1, 1))
    dates.validate_day(date(2200, 12, 31))
    dates.validate_year(2025)
    for bad in (date(1, 1, 1), date(1899, 12, 31), date(2201, 1, 1)):
        with pytest.raises(ValidationError):
            dates.validate_day(bad)
    for bad in (0, 1899, 2201, 32767):
        with pytest.raises(ValidationError):
            dates.validate_year(bad)


def test_every_local_time_of_the_years_fits_the_database_bounds():
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Ho_Chi_Minh"):
        tz = ZoneInfo(zone)
        first = datetime(1900, 1, 1, tzinfo=tz)
        last = datetime(2200, 12, 31, 23, 59, 59, tzinfo=tz)
        assert dates.MOMENT_MIN <= first < dates.MOMENT_LIMIT
        assert dates.MOMENT_MIN <= last < dates.MOMENT_LIMIT


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0001-01-01 00:00:00", (None, True)),
        ("1899-12-31 10:00:00", (None, True)),  # 17:00 local, still 1899
        ("9999-12-31 23:59:59", (None, True)),
        ("2021-10-25 07:06:00", (datetime(2021, 10, 25, 7, 6, tzinfo=UTC), False)),
        ("0000-00-00 00:00:00", (None, False)),
    ],
)
def test_the_joomla_importer_keeps_to_the_same_years(raw, expected):
    # bulletins/joomla/dates.py asks portal.dates, as the forms and the
    # constraints do; the importer reports what it leaves out.
    assert bounded_datetime(raw) == expected


# --- the database refuses what no form would let through ----------------------------


def _raw_value(field, year):
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "postgresql":
            return f"{year:04d}-01-01 00:00:00+07"
        return f"{year:04d}-01-01 00:00:00"
    return f"{year:04d}-01-01"


@pytest.fixture
def one_of_each(db):
    """One stored row of every model with a date column."""
    article = make_article("Bài có ngày")
    staff = make_staff("nguoi-dang")
    congress = make_congress(starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 3))
    document = make_document(issued_on=date(2025, 9, 1), effective_on=date(2025, 9, 2))
    poll = Poll.objects.create(question="Câu hỏi có ngày?")
    choice = Choice.objects.create(poll=poll, text="Có")
    Vote.objects.create(poll=poll, choice=choice, visitor_key="a", ip_hash="b")
    make_feedback(document, moderated_at=timezone.now())
    Media.objects.create(
        congress=congress,
        kind=MediaKind.VIDEO,
        title="Video",
        external_url="https://example.gov.vn/v",
        published_at=timezone.now(),
    )
    PhotoReport.objects.create(
        congress=congress, title="Ảnh", published_at=timezone.now()
    )
    page = Page.objects.create(title="Giới thiệu", created_by=staff)
    PageTransition.objects.create(
        page=page, actor=staff, from_state="draft", to_state="review"
    )
    ArticleTransition.objects.create(
        article=article, actor=staff, from_state="draft", to_state="review"
    )
    SlugRedirect.objects.create(old_slug="bai-cu", article=article)
    HomePin.objects.create(article=article, expires_at=timezone.now())
    LibraryPhoto.objects.create(image="library/anh.jpg", alt_text="Ảnh")
    LegacyRedirect.objects.create(old_path="/index.php?id=1", article=article)
    DailyStat.objects.create(day=date(2026, 1, 1))
    FlushBatch.objects.create(batch_id="lo-1")
    JoomlaImportRun.objects.create(backup="sao-luu.sql.gz")
    SiteProfile.objects.current()


def _years_to_try(field):
    if isinstance(field, models.DateTimeField):
        return (1, 1899, 2202, 9999)
    return (1, 1899, 2201, 9999)


@pytest.mark.parametrize(("model", "field"), COLUMNS, ids=IDS)
def test_raw_sql_cannot_store_a_date_out_of_range(one_of_each, model, field):
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    pk = model._base_manager.values_list("pk", flat=True).first()
    assert pk is not None, model
    for year in _years_to_try(field):
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE {model._meta.pk.column} = %s",
                    [_raw_value(field, year), pk],
                )


@pytest.mark.django_db
def test_raw_insert_is_refused_too():
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, shard, views, visits) VALUES (%s, 0, 0, 0)",
                ["0001-01-01"],
            )


@pytest.mark.django_db
def test_postgresql_infinity_is_refused(requires_postgres):
    article = make_article()
    for value in ("infinity", "-infinity"):
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE bulletins_article SET published_at = %s WHERE id = %s",
                    [value, article.pk],
                )


@pytest.mark.django_db
def test_model_validation_reports_the_range_in_vietnamese():
    poll = Poll(question="Năm không có thật?", opens_at=datetime(1, 1, 1, tzinfo=HANOI))
    with override("vi"), pytest.raises(ValidationError) as refused:
        poll.full_clean()
    assert refused.value.message_dict["opens_at"] == [
        "Vui lòng nhập ngày trong khoảng từ năm 1900 đến năm 2200."
    ]


# --- an installation that already holds such a row is repaired by the migration -----


@pytest.fixture
def constraint_lifted(db):
    """Let one out-of-range row in, as a database upgraded from before the
    constraints might hold (the test's transaction puts everything back)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        yield
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    else:
        constraint = next(
            c
            for c in Poll._meta.constraints
            if c.name == "polls_poll_opens_at_in_range"
        )
        with connection.schema_editor() as editor:
            editor.remove_constraint(Poll, constraint)
        yield


def test_the_repair_moves_stored_values_into_the_range(constraint_lifted):
    old = Poll.objects.create(question="Câu hỏi cũ")
    future = Poll.objects.create(question="Câu hỏi hẹn giờ")
    table = connection.ops.quote_name(Poll._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET opens_at = %s WHERE id = %s",
            [_raw_value(Poll._meta.get_field("opens_at"), 1), old.pk],
        )
    Poll.objects.filter(pk=future.pk).update(opens_at=datetime(2300, 1, 1, tzinfo=UTC))
    assert dates.clamp_rows(Poll, "opens_at", "closes_at") == 2
    old.refresh_from_db()
    future.refresh_from_db()
    assert old.opens_at == dates.MOMENT_LOW
    assert future.opens_at == dates.MOMENT_HIGH
    # Still on the same side of today: the old poll open, the far one not yet.
    assert old in Poll.objects.published()
    assert future not in Poll.objects.published()
    assert dates.clamp_rows(Poll, "opens_at", "closes_at") == 0


def test_the_repair_keeps_a_terms_order(db):
    congress = make_congress(term_start=2020, term_end=2025)
    assert dates.clamp_rows(type(congress), years=("term_start", "term_end")) == 0
    congress.refresh_from_db()
    assert (congress.term_start, congress.term_end) == (2020, 2025)
