"""Dates at the edge of `datetime` (year 1 east of UTC, year 9999 west of it) in feeds and sitemaps:
the link is kept without a time; the parsers never raise."""

from __future__ import annotations

import json

import pytest

from dateline.crawl.discover import parse_feed, parse_sitemap, parse_time

EDGES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"]
URL = "https://e.example/feed"


@pytest.mark.parametrize("value", [*EDGES, "Fri, 31 Dec 9999 23:59:59 -1200"])
def test_parse_time_of_a_date_utc_cannot_hold_is_none(value: str) -> None:
    assert parse_time(value) is None


@pytest.mark.parametrize("when", EDGES)
@pytest.mark.parametrize("kind", ["json", "rss", "atom"])
def test_feed_entries_with_such_dates_keep_their_links(kind: str, when: str) -> None:
    feeds = {
        "json": json.dumps({"version": "https://jsonfeed.org/version/1.1",
                            "items": [{"url": "https://e.example/a", "date_published": when}]}),
        "rss": f"<rss version='2.0'><channel><item><link>https://e.example/a</link><pubDate>{when}</pubDate>"
               "</item></channel></rss>",
        "atom": f"<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='https://e.example/a'/>"
                f"<updated>{when}</updated></entry></feed>",
    }
    links = parse_feed(feeds[kind].encode(), URL)
    assert [(link.url, link.published) for link in links] == [("https://e.example/a", None)]


@pytest.mark.parametrize("when", EDGES)
def test_sitemap_entries_with_such_dates_keep_their_links(when: str) -> None:
    sitemap = (f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://e.example/a</loc>"
               f"<lastmod>{when}</lastmod></url></urlset>")
    assert [link.url for link in parse_sitemap(sitemap.encode(), URL).links] == ["https://e.example/a"]
