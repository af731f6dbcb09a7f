import datetime

from django import forms
from django.utils import formats, timezone, translation


class DateForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


def test_date_input_is_day_first():
    with translation.override("vi"):
        form = DateForm(data={"day": "05/07/2025", "moment": "05/07/2025 14:06"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2025, 7, 5)
    assert form.cleaned_data["moment"].month == 7


def test_dates_shown_dd_mm_yyyy_in_gmt7():
    moment = datetime.datetime(2021, 10, 25, 7, 6, tzinfo=datetime.UTC)
    with translation.override("vi"):
        local = timezone.localtime(moment)
        assert formats.date_format(local, "SHORT_DATE_FORMAT") == "25/10/2021"
        assert formats.date_format(local, "DATETIME_FORMAT") == "25/10/2021, 14:06"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
