"""The Article record: JSON form, dates with offsets, date-only values."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from dateline.models import Article, format_when, parse_when

_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=4)), timezone(timedelta(hours=-5, minutes=-30))])
_WHEN = st.one_of(
    st.none(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), timezones=_ZONES),
)
_TEXT = st.text(max_size=40)
_OPT = st.one_of(st.none(), _TEXT)
_TUPLE = st.lists(_TEXT, max_size=4).map(tuple)


def test_iso_dates_keep_their_offset() -> None:
    value = datetime(2024, 8, 31, 19, 19, tzinfo=timezone(timedelta(hours=4)))
    data = Article(published=value).to_dict()
    assert data["published"] == "2024-08-31T19:19:00+04:00"
    assert Article.from_dict(data).published == value


def test_date_only_stays_a_date() -> None:
    data = Article(published=date(2024, 8, 31)).to_dict()
    assert data["published"] == "2024-08-31"
    back = Article.from_dict(json.loads(json.dumps(data))).published
    assert type(back) is date and back == date(2024, 8, 31)


def test_parse_when_accepts_z() -> None:
    assert parse_when("2016-12-09T09:13:00Z") == datetime(2016, 12, 9, 9, 13, tzinfo=UTC)
    assert parse_when("") is None and format_when(None) is None


def test_unknown_keys_are_ignored() -> None:
    assert Article.from_dict({"title": "T", "score": 3}) == Article(title="T")


@given(
    st.builds(
        Article,
        url=_OPT, canonical_url=_OPT, title=_OPT, authors=_TUPLE, published=_WHEN, modified=_WHEN,
        page_date=st.one_of(st.none(), st.dates()), site_name=_OPT, language=_OPT, description=_OPT,
        section=_OPT, tags=_TUPLE, image=_OPT, body=_TEXT, body_html=_TEXT,
        source_kind=st.sampled_from(["html", "text", "warc"]), warnings=_TUPLE,
        provenance=st.dictionaries(_TEXT, _TEXT, max_size=3),
    )
)
def test_to_dict_from_dict_round_trip_through_json(article: Article) -> None:
    back = Article.from_dict(json.loads(article.to_json()))
    assert back == article and back.provenance == article.provenance
    assert type(back.published) is type(article.published)
