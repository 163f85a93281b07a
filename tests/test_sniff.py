"""Content sniffing: what bytes and text are, decided by content."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import BinaryInput, EmptyInput, InputTooLarge
from dateline.sniff import (
    check_not_empty,
    gunzip,
    is_binary,
    is_warc,
    looks_like_html,
    looks_like_html_utf8,
    sniff_bytes,
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\xef\xbb\xbf  <html><p>x</p></html>", "html"),
        (b"Just a line of scraped text.\nAnother line.", "text"),
        (b"WARC/1.0\r\nWARC-Type: response\r\n", "warc"),
        (gzip.compress(b"<html></html>"), "gzip"),
        (b'{"html": "<p>x</p>"}', "json"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b" \n\x00 ", "empty"),
    ],
)
def test_sniff_bytes(data: bytes, kind: str) -> None:
    assert sniff_bytes(data) == kind


def test_utf16_without_bom_is_not_binary() -> None:
    assert is_binary("<html><body>Привет, мир</body></html>".encode("utf-16-le")) is None


def test_iso_2022_jp_escapes_are_not_binary() -> None:
    assert is_binary(("東京都は今日、新しい条例を発表しました。" * 20).encode("iso2022_jp")) is None


def test_control_bytes_mean_binary() -> None:
    assert is_binary(bytes(range(256)) * 16) == "binary data (control bytes)"


def test_looks_like_html() -> None:
    assert looks_like_html("  <html><body><p>Hello</p></body></html>")
    assert looks_like_html("Intro text <p>one</p><p>two</p><p>three</p>")
    assert not looks_like_html("Plain text with a < b and c > d comparisons.\nSecond line.")


def test_check_not_empty() -> None:
    with pytest.raises(EmptyInput):
        check_not_empty(b"\x00 \t\n", source="page.html")
    with pytest.raises(BinaryInput, match=r"page\.pdf: the content is a PDF"):
        check_not_empty(b"%PDF-1.4 ...", source="page.pdf")
    check_not_empty("text")


def test_gunzip_complete_truncated_and_capped() -> None:
    packed = gzip.compress(b"abc" * 1000)
    assert gunzip(packed, max_bytes=10_000) == (b"abc" * 1000, True)
    assert gunzip(packed[:-8], max_bytes=10_000)[1] is False
    with pytest.raises(InputTooLarge):
        gunzip(packed, max_bytes=100)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=5000))
def test_sniff_never_raises_on_bytes(data: bytes) -> None:
    assert sniff_bytes(data) in ("html", "text", "warc", "gzip", "json", "binary", "empty")
    assert is_binary(data) is None or isinstance(is_binary(data), str)
    assert is_warc(data) == (sniff_bytes(data) == "warc")


def test_is_warc_after_leading_white_space() -> None:
    assert is_warc(b"\r\n WARC/1.0\r\nWARC-Type: response\r\n") and not is_warc(b"<html>WARC/1.0")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_looks_like_html_never_raises_on_text(text: str) -> None:
    assert isinstance(looks_like_html(text), bool)


def test_utf16_without_bom_is_decoded() -> None:
    from dateline import extract

    html = "<html><body><article>" + "<p>Москва — столица России, заявил сегодня президент страны.</p>" * 3
    assert "Москва — столица" in extract((html + "</article></body></html>").encode("utf-16-be")).body


_HTMLISH = st.one_of(
    st.text(max_size=30), st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<!doctype html>", "\u4e2d" * 700, "x" * 5000]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_HTMLISH, max_size=40))
def test_looks_like_html_utf8_is_looks_like_html_of_the_decoded_bytes(pieces: list[str]) -> None:
    text = "".join(pieces).encode("utf-8", "replace").decode("utf-8")
    assert looks_like_html_utf8(text.encode()) == looks_like_html(text)


def test_looks_like_html_utf8_reads_a_document_element_past_4_kb_only_in_the_first_65536_characters() -> None:
    near, far = "\u4e2d" * 30_000 + "<html><body>x", "\u4e2d" * 70_000 + "<html><body>x"  # 3 bytes a character
    assert looks_like_html_utf8(near.encode()) is looks_like_html(near) is True
    assert looks_like_html_utf8(far.encode()) is looks_like_html(far) is False


def test_gunzip_reads_every_member_and_ignores_trailing_padding() -> None:
    two = gzip.compress(b"abc" * 10) + gzip.compress(b"def" * 10)
    assert gunzip(two, max_bytes=10_000) == (b"abc" * 10 + b"def" * 10, True)
    assert gunzip(two + b"\x00" * 512, max_bytes=10_000) == (b"abc" * 10 + b"def" * 10, True)
    assert gunzip(two[:-8], max_bytes=10_000) == (b"abc" * 10 + b"def" * 10, False)
    with pytest.raises(InputTooLarge):
        gunzip(two, max_bytes=45)


def test_gunzip_reads_many_tiny_members_in_linear_time() -> None:
    member = gzip.compress(b"x", mtime=0)
    assert gunzip(member * 50_000, max_bytes=100_000) == (b"x" * 50_000, True)  # each rest copied: 25 GB
