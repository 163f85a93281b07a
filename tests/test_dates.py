"""The date parser: ISO 8601, human dates in many languages, zones, refusals, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.dates import find_date, find_local_time, month_names, parse_date, parse_iso

PLUS4 = timezone(timedelta(hours=4))
FETCH = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 August 2024 19:19 (UTC+04:00)", datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)),
        ("2024-08-31T19:19:00+04:00", datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)),
        ("2024-08-31T15:19:00Z", datetime(2024, 8, 31, 15, 19, tzinfo=UTC)),
        ("31.08.2024 19:19 GMT+4", datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)),
        ("31 avqust 2024", date(2024, 8, 31)),
        ("31 августа 2024, 19:19", date(2024, 8, 31)),
        ("3 марта 2020 г. 12:00 мск", datetime(2020, 3, 3, 12, 0, tzinfo=timezone(timedelta(hours=3)))),
        ("2024年8月31日", date(2024, 8, 31)),
        ("2024년 8월 31일", date(2024, 8, 31)),
        ("31 Ağustos 2024 saat 19:19", date(2024, 8, 31)),
        ("31. August 2024 um 19:19 Uhr", date(2024, 8, 31)),
        ("31 août 2024 à 19h19", date(2024, 8, 31)),
        ("31 de agosto de 2024", date(2024, 8, 31)),
        ("31 agosto 2024", date(2024, 8, 31)),
        ("٣١ أغسطس ٢٠٢٤", date(2024, 8, 31)),
        ("الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", date(2020, 4, 24)),
        ("Posted on March 3rd, 2020", date(2020, 3, 3)),
        ("08/31/2024", date(2024, 8, 31)),
        ("26 | 01 | 2022", date(2022, 1, 26)),
        ("2024-08-31T19:19:00", date(2024, 8, 31)),
        ("Mon Aug 03 12:45:00 EDT 2015", datetime(2015, 8, 3, 12, 45, tzinfo=timezone(timedelta(hours=-4)))),
        ("Sat Aug 31 19:19:00 +0400 2024", datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)),
        ("Aug 31 19:19 2024", date(2024, 8, 31)),
    ],
)
def test_parses(text: str, expected: date) -> None:
    assert parse_date(text, fetch_time=FETCH) == expected


def test_two_names_of_one_month_but_not_two_months() -> None:
    assert parse_date("24 تشرين الأول / أكتوبر 2020", fetch_time=FETCH) == date(2020, 10, 24)
    assert parse_date("24 نيسان / أيار 2020", fetch_time=FETCH) is None


def test_zone_abbreviation_and_region() -> None:
    edt = parse_date("August 31, 2024 at 7:19 pm EDT", fetch_time=FETCH)
    assert isinstance(edt, datetime) and edt.utcoffset() == timedelta(hours=-4) and edt.hour == 19
    et = parse_date("Jan. 5, 2024 7:19 a.m. ET", fetch_time=FETCH)
    assert isinstance(et, datetime) and et.utcoffset() == timedelta(hours=-5)


def test_a_time_without_zone_keeps_only_the_day() -> None:
    value = parse_date("31 August 2024 19:19", fetch_time=FETCH)
    assert type(value) is date


@pytest.mark.parametrize("text", ["2099-01-01", "1 January 2031", "1985-05-05", "hello", "", "12:30", "99/99/2020"])
def test_refuses(text: str) -> None:
    assert parse_date(text, fetch_time=FETCH) is None


def test_future_relative_to_fetch_time() -> None:
    assert parse_date("2024-08-31", fetch_time=datetime(2024, 8, 30, tzinfo=UTC)) is None
    assert parse_date("2024-08-31", fetch_time=datetime(2024, 9, 1, tzinfo=UTC)) == date(2024, 8, 31)


def test_find_date_gives_the_span() -> None:
    line = "Updated: 31 August 2024 19:19 (UTC+04:00) by staff"
    found = find_date(line, fetch_time=FETCH)
    assert found is not None
    value, start, end = found
    assert value == datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)
    assert line[start:end].strip() == "31 August 2024 19:19 (UTC+04:00)"


def test_languages_restrict_month_names_and_order() -> None:
    assert parse_date("31 avqust 2024", languages=("en",), fetch_time=FETCH) is None
    assert parse_date("04/03/2021", languages=("de",), fetch_time=FETCH) == date(2021, 3, 4)
    assert parse_date("04/03/2021", languages=("en",), fetch_time=FETCH) == date(2021, 4, 3)
    assert parse_date("04/03/2021", languages=("en-GB",), fetch_time=FETCH) == date(2021, 3, 4)
    assert parse_date("4 March 2021", languages=("en-GB",), fetch_time=FETCH) == date(2021, 3, 4)


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    value = parse_date(text, fetch_time=FETCH)
    assert value is None or value.year >= 1990


@given(st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2024, 12, 30)),
       st.integers(min_value=-12 * 4, max_value=14 * 4))
def test_iso_round_trip(moment: datetime, quarter_hours: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=15 * quarter_hours)))
    assert parse_date(aware.isoformat(), fetch_time=FETCH) == aware
    assert parse_iso(aware.date().isoformat()) == aware.date()


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2024, 12, 31)))
def test_human_round_trip(day: date) -> None:
    assert parse_date(day.strftime("%d %B %Y"), fetch_time=FETCH) == day
    assert parse_date(day.strftime("%B %d, %Y"), fetch_time=FETCH) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", fetch_time=FETCH) == day


def test_find_local_time_keeps_a_wall_clock_time_without_zone() -> None:
    assert find_local_time("Posted November 8, 2023 at 10:28 p.m.") == datetime(2023, 11, 8, 22, 28)
    assert find_local_time("8 November 2023") is None


def test_month_names_are_the_names_parse_date_reads() -> None:
    names = month_names("en")
    assert names["sept"] == names["september"] == 9 and names["may"] == 5
    for name, number in names.items():
        parsed = parse_date(f"3 {name} 2024", languages=("en",))
        assert parsed is not None and parsed.month == number, name
    assert month_names("xx") == {}


@pytest.mark.parametrize("languages", [None, ("de",), ("ar",)])
def test_the_date_patterns_lookahead_admits_every_first_letter_of_a_month(languages: tuple[str, ...] | None) -> None:
    # the lookahead before the branches must not refuse a character that opens a month name or a
    # digit (case folds included), or a date would be missed
    import re

    from dateline.dates import _patterns

    pattern, table = _patterns(languages)
    opening = re.compile(r"\d|" + "|".join(re.escape(name[0]) for name in table), re.IGNORECASE)
    look = re.compile(pattern.pattern[3 : pattern.pattern.index("])") + 1], re.IGNORECASE)
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if opening.match(c)] == [c for c in chars if look.match(c)]


def test_a_language_without_month_names_still_reads_numeric_dates() -> None:
    assert find_date("am 05.06.2021", languages=("xx",)) is not None
