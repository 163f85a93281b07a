from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.crawl.urls import classify_url, is_asset_url, normalize_url, same_site


@pytest.mark.parametrize(("raw", "normal"), [
    ("HTTPS://Example.COM:443/a/./b/../c?utm_source=x&id=3#top", "https://example.com/a/c?id=3"),
    ("http://example.com:80", "http://example.com/"),
    ("http://example.com:8080/x?fbclid=1&gclid=2", "http://example.com:8080/x"),
    ("http://example.com/a%7eb/%e2%82%ac", "http://example.com/a~b/%E2%82%AC"),
    ("http://example.com/a b?q=a b", "http://example.com/a%20b?q=a%20b"),
    ("http://bücher.example/", "http://xn--bcher-kva.example/"),
    ("/news/1?utm_medium=web&page=2", "https://site.org/news/1?page=2"),
])
def test_normalize(raw: str, normal: str) -> None:
    assert normalize_url(raw, base="https://site.org/home") == normal


@pytest.mark.parametrize("raw", ["ftp://example.com/", "mailto:a@b.c", "javascript:void(0)", "http://", ""])
def test_normalize_refuses_non_http(raw: str) -> None:
    assert normalize_url(raw) is None


@given(st.text(max_size=60), st.sampled_from(["", "?a=1&utm_source=z", "#frag", ":8080"]))
def test_normalize_is_idempotent_and_clean(path: str, suffix: str) -> None:
    url = normalize_url(f"http://Example.com/{path}{suffix}")
    if url is None:
        return
    assert normalize_url(url) == url
    parts = urlsplit(url)
    assert not parts.fragment and not any(k.lower().startswith("utm_") for k, _ in parse_qsl(parts.query))
    assert url.startswith(("http://example.com/", "http://example.com:8080/"))


@pytest.mark.parametrize(("url", "kind"), [
    ("https://x.com/", "listing"),
    ("https://x.com/politics", "listing"),
    ("https://x.com/tag/paris", "listing"),
    ("https://x.com/world/page/3", "listing"),
    ("https://x.com/2024/05/12/mayor-opens-new-bridge", "article"),
    ("https://x.com/news/world-leaders-meet-in-paris", "article"),
    ("https://x.com/story/12345678", "article"),
    ("https://x.com/?p=123", "article"),
    ("https://x.com/news/articles/c0lmn8zyrp9o", "article"),
    ("https://x.com/archive/630761", "article"),
    ("https://x.com/2018/04/river-crocodile.html", "article"),
    ("https://x.com/newsletters/morning-brief/2022/10/11/markets-fall-again", "article"),
    ("https://x.com/news/life/898682/some-long-story-title/ar", "article"),
    ("https://x.com/news/x/index.html", "listing"),
    ("https://x.com/author/jane-doe-smith", "listing"),
    ("https://x.com/2024/05/", "listing"),
    ("https://x.com/section/us-news-and-politics", "listing"),
    ("https://x.com/photo.JPG", "asset"),
    ("https://x.com/about", "other"),
    ("https://x.com/login?next=/news", "other"),
])
def test_classify(url: str, kind: str) -> None:
    assert classify_url(url) == kind


def test_assets_and_sites() -> None:
    assert is_asset_url("https://x.com/a/report.pdf") and not is_asset_url("https://x.com/a/story.html")
    hosts = {"example.com"}
    assert same_site("https://www.example.com/a", hosts) and same_site("https://news.example.com/", hosts)
    assert not same_site("https://example.com.evil.org/", hosts)
    assert not same_site("https://example.com:8443/", hosts)


@given(st.text(max_size=80), st.sampled_from([None, "https://site.org/a/b", "http://[::1]:8080/x"]))
def test_normalize_and_classify_never_raise(text: str, base: str | None) -> None:
    url = normalize_url(text, base=base)
    if url is not None:
        assert url.startswith(("http://", "https://"))
        assert classify_url(url) in ("article", "listing", "asset", "other")
