from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from dateline.archive.store import Archive
from dateline.models import Article
from dateline.web import create_app

HOSTILE_ID_TITLE = "Council meets about the hostile page"  # written by conftest.build_archive

pytestmark = pytest.mark.anyio


def _one(tree: LexborHTMLParser | LexborNode, css: str) -> LexborNode:
    node = tree.css_first(css)
    assert node is not None, css
    return node


def _href(node: LexborNode) -> str:
    return node.attributes.get("href") or ""


def _tree(response: httpx.Response) -> LexborHTMLParser:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return LexborHTMLParser(response.text)


async def test_home_lists_newest_first_and_pages_by_cursor(client: httpx.AsyncClient) -> None:
    first = _tree(await client.get("/"))
    times = [t.attributes["datetime"] for t in first.css("[data-list] time")]
    assert len(times) == 20
    more = _one(first, "a[data-more]")
    assert "cursor=" in _href(more)
    second = _tree(await client.get(_href(more)))
    titles_1 = {a.text() for a in first.css(".card-title a")}
    titles_2 = {a.text() for a in second.css(".card-title a")}
    assert len(titles_2) == 14 and not titles_1 & titles_2  # 34 articles, no repeats
    assert second.css_first("a[data-more]") is None
    assert _one(first, "a.skip").attributes["href"] == "#main"


async def test_article_page_shows_the_record(client: httpx.AsyncClient) -> None:
    listing = (await client.get("/api/articles", params={"author": "Grace Hopper", "limit": 1})).json()
    article_id = listing["items"][0]["id"]
    tree = _tree(await client.get(f"/articles/{article_id}"))
    assert _one(tree, "h1").text() == listing["items"][0]["article"]["title"]
    author = _one(tree, 'a[rel="author"]')
    assert author.text() == "Grace Hopper" and _href(author) == "/authors/Grace%20Hopper"
    assert "(UTC+02:00, the article's time)" in _one(tree, ".dateline").text()
    assert _href(_one(tree, ".original a")).startswith("https://")
    assert tree.css(".body p")


async def test_article_lists_other_copies_of_its_story(client: httpx.AsyncClient) -> None:
    hits = (await client.get("/api/search", params={"q": "Wire story"})).json()["items"]
    ids = sorted(h["id"] for h in hits if h["title"].startswith("Wire story"))
    assert len(ids) == 2
    tree = _tree(await client.get(f"/articles/{ids[0]}"))
    assert [_href(a) for a in tree.css(".copies li a")] == [f"/articles/{ids[1]}"]
    story = _href(tree.css(".copies a")[-1])
    side = _tree(await client.get(story))
    assert len(side.css(".side-by-side .copy")) == 2


async def test_author_and_site_pages(client: httpx.AsyncClient) -> None:
    author = _tree(await client.get("/authors/Ada%20Lovelace"))
    assert _one(author, "h1").text() == "Ada Lovelace"
    assert all("Ada Lovelace" in m.text() for m in author.css(".card .meta"))
    site = _tree(await client.get("/sites/valley-post.example"))
    assert _one(site, "h1").text() == "Valley-Post"
    assert site.css(".days tbody tr") and site.css("meter")
    assert (await client.get("/authors/Nobody%20Here")).status_code == 404


async def test_search_highlights_filters_and_facets(client: httpx.AsyncClient) -> None:
    tree = _tree(await client.get("/search", params={"q": "ferry", "site": "valley-post.example"}))
    assert tree.css(".snippet mark")
    assert all(m.text() == "Valley-Post" for m in tree.css(".card .site"))
    facets = {h.text() for h in tree.css(".facets h3")}
    assert facets == {"Site", "Author", "Language", "Month"}
    month = _one(tree, ".facets a[href*='since=2024-05-01']")
    assert "until=2024-05-31" in _href(month)
    assert tree.css_first("label[for=q]") is not None


async def test_bad_fts_syntax_falls_back_to_plain_words_on_pages(client: httpx.AsyncClient) -> None:
    tree = _tree(await client.get("/search", params={"q": 'ferry "'}))
    assert re.search(r"\d+ results?", _one(tree, ".results-count").text())


async def test_user_text_is_escaped(client: httpx.AsyncClient) -> None:
    response = await client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("title", [HOSTILE_ID_TITLE, "Raw hostile markup"])
async def test_hostile_article_is_served_inert(client: httpx.AsyncClient, title: str) -> None:
    hits = (await client.get("/api/search", params={"q": f'"{title}"'})).json()["items"]
    page = await client.get(f"/articles/{hits[0]['id']}")
    assert title in page.text
    html = _one(LexborHTMLParser(page.text), ".body").html or ""
    assert "decision will be published" in html
    assert "<script" not in html and "<iframe" not in html and "javascript:" not in html
    assert not re.search(r"\son\w+=", html)
    scripts = [s.attributes.get("src") for s in LexborHTMLParser(page.text).css("script")]
    assert scripts == ["/static/app.js"]


async def test_errors_are_html_pages_with_status(client: httpx.AsyncClient) -> None:
    for path in ("/articles/99999", "/articles/abc", "/nowhere", "/stories/99999"):
        response = await client.get(path)
        assert response.status_code == 404
        assert "text/html" in response.headers["content-type"]
    bad = await client.get("/", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 400 and "cursor" in bad.text


async def test_urls_urllib_refuses_are_left_unlinked(tmp_path: Path) -> None:
    """An Article added by hand may hold any string as its URL or image: the pages leave such a URL
    out (no link, no image) instead of answering 500."""
    path = tmp_path / "bad-urls.db"
    with Archive(path) as archive:
        aid = archive.add(Article(title="Harbour fees story", url="http://[::1/news/1", image="http://[bad/x.png",
                                  body="The council met on Tuesday to discuss the harbour fees at length. " * 5)).id
    app = create_app(path)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            for target in ("/", f"/articles/{aid}", "/search?q=harbour"):
                tree = _tree(await c.get(target))
                assert "Harbour fees story" in (tree.body.text() if tree.body else "")
                assert not any("[" in (_href(a) + (a.attributes.get("src") or "")) for a in tree.css("a, img"))
    finally:
        app.state.reader.close()
