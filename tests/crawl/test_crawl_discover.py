from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from dateline.crawl.discover import (
    detect_kind,
    feed_links,
    looks_like_article_page,
    page_links,
    parse_feed,
    parse_sitemap,
    parse_time,
)

BASE = "https://news.example/"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><link>https://news.example/a/one-two-three?utm_source=rss</link><pubDate>Tue, 02 Jan 2024 10:00:00 +0100</pubDate></item>
<item><link>/b/relative-link-here</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/x/">
<entry><link rel="alternate" href="story-one"/><published>2024-01-03T08:00:00Z</published></entry></feed>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/news.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"""
NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example/n/1</loc>
<news:news><news:publication_date>2024-05-02T10:30:00+02:00</news:publication_date></news:news></url></urlset>"""


def test_rss_and_atom() -> None:
    rss = parse_feed(RSS, BASE + "rss.xml")
    assert [link.url for link in rss] == ["https://news.example/a/one-two-three", "https://news.example/b/relative-link-here"]
    assert rss[0].published == datetime(2024, 1, 2, 9, tzinfo=UTC)
    atom = parse_feed(ATOM, BASE + "atom.xml")
    assert atom[0].url == "https://news.example/x/story-one"
    assert atom[0].published == datetime(2024, 1, 3, 8, tzinfo=UTC)


def test_json_feed() -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "/p/first-post-here", "date_published": "2024-02-01T00:00:00Z"}, {"id": "x"}]}
    data = json.dumps(doc).encode()
    assert detect_kind(data) == "feed"
    links = parse_feed(data, BASE + "feed.json")
    assert links[0].url == "https://news.example/p/first-post-here"
    assert links[0].published == datetime(2024, 2, 1, tzinfo=UTC)


def test_sitemap_index_and_gzipped_news_sitemap() -> None:
    index = parse_sitemap(INDEX, BASE + "sitemap.xml")
    assert [c.url for c in index.children] == ["https://news.example/news.xml.gz"] and not index.links
    packed = gzip.compress(NEWS)
    assert detect_kind(packed) == "sitemap"
    news = parse_sitemap(packed, BASE + "news.xml.gz")
    assert news.news and news.links[0].url == "https://news.example/n/1"
    assert news.links[0].published == datetime(2024, 5, 2, 8, 30, tzinfo=UTC)


def test_broken_sitemap_still_gives_locs() -> None:
    broken = b"<urlset><url><loc>https://news.example/a/b-c-d</loc></url><url><loc>/e/f-g-h</loc>"
    assert [link.url for link in parse_sitemap(broken, BASE).links] == [
        "https://news.example/a/b-c-d", "https://news.example/e/f-g-h"]


def test_entity_expansion_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    assert parse_sitemap(bomb, BASE).links == ()


def test_html_links() -> None:
    tree = LexborHTMLParser(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss">'
        '<link rel="stylesheet" href="/s.css"><base href="https://news.example/sec/"></head>'
        '<body><a href="story-a-b-c#x">a</a><a href="story-a-b-c?fbclid=1">dup</a>'
        '<a href="/x" rel="nofollow">n</a><a href="javascript:x()">j</a></body></html>'
    )
    assert feed_links(tree, BASE) == ["https://news.example/rss"]
    assert page_links(tree, BASE) == ["https://news.example/sec/story-a-b-c"]


def test_article_page_shape() -> None:
    assert looks_like_article_page(LexborHTMLParser('<meta property="og:type" content="article">'))
    ld = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    assert looks_like_article_page(LexborHTMLParser(ld))
    assert not looks_like_article_page(LexborHTMLParser("<ul><li><a href=/a>a</a></li></ul>"))


def test_detect_kind_and_times() -> None:
    assert detect_kind(RSS) == "feed" and detect_kind(ATOM) == "feed" and detect_kind(INDEX) == "sitemap"
    assert detect_kind(b"<!doctype html><html><body>x") == "html"
    assert parse_time("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_time("not a date") is None


@settings(max_examples=50)
@given(st.binary(max_size=300))
def test_parsers_never_raise(data: bytes) -> None:
    detect_kind(data)
    parse_sitemap(data, BASE)
    parse_feed(b"{" + data, BASE)
    parse_feed(b"<rss><channel><item><link>" + data, BASE)
