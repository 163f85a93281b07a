"""`extract` given content of other types than bytes and str, and options at the edge of `datetime`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import dateline
from dateline import ExtractOptions

PAGE = ("<html><head><title>Budget</title><meta property='article:published_time' content='2024-05-01'></head>"
        "<body><article><p>" + "The council approved the new budget on Tuesday after a long debate. " * 4
        + "</p></article></body></html>")


@pytest.mark.parametrize("wrap", [bytearray, memoryview], ids=["bytearray", "memoryview"])
def test_bytes_like_content_is_read_as_bytes(wrap: type) -> None:
    assert dateline.extract(wrap(PAGE.encode())) == dateline.extract(PAGE.encode())


@pytest.mark.parametrize("content", [None, 5, ["<p>x</p>"]], ids=["none", "int", "list"])
def test_other_content_is_a_type_error_naming_the_parameter(content: object) -> None:
    with pytest.raises(TypeError, match="content must be bytes or str"):
        dateline.extract(content)  # type: ignore[arg-type]


def test_a_fetch_time_at_the_end_of_time_is_usable() -> None:
    end = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    article = dateline.extract(PAGE, options=ExtractOptions(fetch_time=end))
    assert str(article.published) == "2024-05-01"
