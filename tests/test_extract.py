"""dateline.extract: the route (HTML or scraped text) chosen by content, or by content_type."""

from __future__ import annotations

import gzip

import pytest

import dateline
from dateline import ExtractOptions, InputError, InputTooLarge, NotAnArticle

PARAS = [
    "The council approved the new budget on Tuesday, after a long debate about schools and roads.",
    "Opposition members said the plan cut too deeply into services that families rely on every day.",
    "The mayor said the city would review spending again in the spring, once tax receipts are known.",
]
HTML = "<html><head><title>Budget</title></head><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS)
HTML += "</article></body></html>"
TEXT = "Home | News | Sport\n\n" + "\n\n".join(PARAS) + "\n\nShare this\n"


def test_plain_text_str_goes_to_the_text_path() -> None:
    article = dateline.extract(TEXT)
    assert article.source_kind == "text" and PARAS[1] in article.body and "Share this" not in article.body


def test_html_str_and_bytes_go_to_the_html_path() -> None:
    for content in (HTML, HTML.encode()):
        article = dateline.extract(content, url="https://example.com/a")
        assert article.source_kind == "html" and article.url == "https://example.com/a"
        assert article.body.split("\n\n") == PARAS


def test_content_type_overrides_sniffing() -> None:
    as_text = dateline.extract(HTML, content_type="text/plain; charset=utf-8")
    assert as_text.source_kind == "text" and "<p>" in as_text.body
    with pytest.raises(NotAnArticle):
        dateline.extract("x", content_type="text/html")
    as_html = dateline.extract("\n\n".join(f"<p>{p}</p>" for p in PARAS), content_type="text/html")
    assert as_html.source_kind == "html" and "<p>" not in as_html.body


def test_gzip_bytes_are_inflated() -> None:
    assert dateline.extract(gzip.compress(HTML.encode())).body.split("\n\n") == PARAS


def test_warc_bytes_are_pointed_to_ingest() -> None:
    with pytest.raises(InputError, match="WARC"):
        dateline.extract(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n")


def test_options_max_bytes_and_min_body_chars() -> None:
    with pytest.raises(InputTooLarge, match="max_bytes=100"):
        dateline.extract(HTML, options=ExtractOptions(max_bytes=100))
    with pytest.raises(NotAnArticle) as info:
        dateline.extract(HTML, options=ExtractOptions(min_body_chars=10_000))
    assert info.value.reason == "too-short"


def test_not_an_article_carries_a_reason_and_the_source() -> None:
    with pytest.raises(NotAnArticle) as info:
        dateline.extract("<html><body><nav><a href=/>Home</a></nav></body></html>", url="https://e.com/")
    assert info.value.reason in ("no-body", "too-short") and info.value.source == "https://e.com/"
