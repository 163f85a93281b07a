from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import feedparser
import httpx
import pytest

from dateline.models import Article
from dateline.web.feeds import FeedInfo, FeedItem, render_feed

INFO = FeedInfo(title="Test & <feed>", self_url="http://r.example/feeds/latest.atom", home_url="http://r.example/")
ARTICLE = Article(
    title="Rates <rise> & fall", authors=("Ann Lee", "Bo Chen"), url="https://news.example/1",
    published=datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=5))), tags=("economy",),
    body="Plain text.", body_html='<p>Rates\x01 rose.<script>alert(1)</script><img src=x onerror="y()"></p>',
)
ITEMS = [FeedItem(page_url="http://r.example/articles/1", article=ARTICLE),
         FeedItem(page_url="http://r.example/articles/2", article=Article(body="x", published=date(2024, 1, 2)))]


@pytest.mark.parametrize(("fmt", "version"), [("atom", "atom10"), ("rss", "rss20")])
def test_xml_feeds_parse_back(fmt: str, version: str) -> None:
    parsed = feedparser.parse(render_feed(fmt, INFO, ITEMS))  # type: ignore[arg-type]
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == "Test & <feed>"
    first = parsed.entries[0]
    assert first.title == "Rates <rise> & fall"
    assert first.link == "http://r.example/articles/1"
    assert first.published_parsed[:5] == (2024, 3, 1, 4, 30)  # converted to UTC by feedparser
    names = [a.name for a in first.authors] if fmt == "atom" else [first.author]
    assert names == (["Ann Lee", "Bo Chen"] if fmt == "atom" else ["Ann Lee, Bo Chen"])
    content = first.content[0].value if fmt == "atom" else first.description
    assert "Rates rose." in content and "<script" not in content and "onerror" not in content
    assert parsed.entries[1].title == "(untitled)"


def test_json_feed_follows_the_spec() -> None:
    feed = json.loads(render_feed("json", INFO, ITEMS))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == INFO.self_url
    first = feed["items"][0]
    assert first["id"] == first["url"] == "http://r.example/articles/1"
    assert first["date_published"] == "2024-03-01T09:30:00+05:00"
    assert first["authors"] == [{"name": "Ann Lee"}, {"name": "Bo Chen"}]
    assert "<script" not in first["content_html"]
    assert feed["items"][1]["date_published"] == "2024-01-02T00:00:00+00:00"


pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("path", ["/feeds/latest", "/feeds/sites/valley-post.example",
                                  "/feeds/authors/Grace%20Hopper", "/feeds/search"])
async def test_served_feeds_parse_back(client: httpx.AsyncClient, path: str) -> None:
    query = "?q=ferry&site=harbour-times.example" if path == "/feeds/search" else ""
    for fmt in ("atom", "rss"):
        response = await client.get(f"{path}.{fmt}{query}")
        assert response.status_code == 200, response.text
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo and len(parsed.entries) > 0
        assert all(e.link.startswith("http://testserver/articles/") for e in parsed.entries)
    feed = (await client.get(f"{path}.json{query}")).json()
    assert feed["items"] and all(i["id"].startswith("http://testserver/articles/") for i in feed["items"])


async def test_feed_filters_hold(client: httpx.AsyncClient) -> None:
    parsed = feedparser.parse((await client.get("/feeds/authors/Grace%20Hopper.atom")).content)
    assert {e.author for e in parsed.entries} == {"Grace Hopper"}
    search = feedparser.parse((await client.get("/feeds/search.rss?q=ferry&site=harbour-times.example")).content)
    assert search.feed.title.startswith("Search: ferry")
    assert all("ferry" in e.description.lower() for e in search.entries)


async def test_unknown_feed_format_is_a_404_envelope(client: httpx.AsyncClient) -> None:
    response = await client.get("/feeds/latest.xml")
    assert response.status_code == 404
    assert response.json()["ok"] is False


async def test_bad_search_feed_filter_is_a_documented_400(client: httpx.AsyncClient) -> None:
    # a malformed query falls back to plain words (200); a filter that is not a date cannot
    response = await client.get("/feeds/search.json", params={"q": ")l 東京 OR", "since": "yesterday"})
    assert response.status_code == 400
    assert "since" in response.json()["error"]
    assert (await client.get("/feeds/search.json", params={"q": ")l 東京 OR"})).status_code == 200
    doc = (await client.get("/api/openapi.json")).json()
    assert "400" in doc["paths"]["/feeds/search.{fmt}"]["get"]["responses"]
