from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from dateline.web import ServeOptions, create_app
from dateline.web.app import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.anyio

TOKEN = "test-token-123"


@pytest.fixture()
async def writer(tmp_path: Path, make_archive: Callable[..., None]) -> AsyncIterator[httpx.AsyncClient]:
    make_archive(tmp_path / "w.db", count=3)
    app = create_app(tmp_path / "w.db", token=TOKEN, options=ServeOptions(max_body_bytes=20_000))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c
    app.state.reader.close()


async def test_articles_page_by_cursor_with_filters(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/articles", params={"site": "valley-post.example", "limit": 5})).json()
    assert first["ok"] is True and len(first["items"]) == 5 and first["next"]
    second = (await client.get("/api/articles", params={"site": "valley-post.example", "limit": 5,
                                                        "cursor": first["next"]})).json()
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    assert {i["site"] for i in first["items"] + second["items"]} == {"valley-post.example"}
    keys = [i["article"]["published"] for i in first["items"] + second["items"] if i["article"]["published"]]
    assert keys == sorted(keys, reverse=True)
    assert first["total"] == 17


async def test_article_story_authors_sites_search(client: httpx.AsyncClient) -> None:
    item = (await client.get("/api/articles", params={"limit": 1})).json()["items"][0]
    one = (await client.get(f"/api/articles/{item['id']}")).json()["item"]
    assert one["article"]["body"] and one["links"]["html"] == f"/articles/{item['id']}"
    story = (await client.get(f"/api/stories/{one['story_id']}")).json()
    assert item["id"] in [s["id"] for s in story["items"]]
    authors = (await client.get("/api/authors")).json()["items"]
    assert {a["name"] for a in authors} == {"Ada Lovelace", "Grace Hopper", "Katherine Johnson"}
    sites = (await client.get("/api/sites")).json()["items"]
    assert {s["site"] for s in sites} == {"harbour-times.example", "valley-post.example"}
    found = (await client.get("/api/search", params={"q": "ferry", "author": "Ada Lovelace"})).json()
    assert found["total"] > 0 and all(h["authors"] == ["Ada Lovelace"] for h in found["items"])
    assert "<mark>ferry</mark>" in found["items"][0]["snippet"].lower()
    assert set(found["facets"]) == {"site", "author", "language", "month"}


def _get_routes(app_routes: list[object]) -> list[str]:
    paths = []
    for route in app_routes:
        if isinstance(route, Route) and "GET" in (route.methods or ()) and route.path.startswith(("/api", "/feeds")):
            paths.append(route.path)
    return paths


async def test_every_endpoint_answers_errors_with_the_envelope(writer: httpx.AsyncClient) -> None:
    app = writer._transport.app  # type: ignore[attr-defined]
    bad = {"id": "999999", "fmt": "nope", "site": "nowhere.example.atom", "name": "Nobody.atom"}
    checked = 0
    for path in _get_routes(app.routes):
        url = path
        for key, value in bad.items():
            url = url.replace(f"{{{key}}}", value).replace(f"{{{key}:path}}", value)
        query = {"limit": "0"} if "{" not in path else {}
        if path == "/api/openapi.json":
            query = {}
            url = "/api/openapi.json/x"
        response = await writer.get(url, params=query)
        body = response.json()
        assert response.status_code >= 400, url
        assert body == {"ok": False, "error": body["error"], "status": response.status_code}, url
        assert body["error"], url
        checked += 1
    assert checked == 11
    for method, url in (("POST", "/api/articles"), ("GET", "/api/ingest"), ("POST", "/api/ingest")):
        response = await writer.request(method, url)
        assert response.json()["ok"] is False and response.json()["status"] == response.status_code


async def test_bad_parameters_name_the_fix(client: httpx.AsyncClient) -> None:
    for params, word in (({"limit": "x"}, "limit"), ({"since": "May"}, "YYYY-MM-DD"), ({"cursor": "@@"}, "cursor")):
        response = await client.get("/api/articles", params=params)
        assert response.status_code == 400 and word in response.json()["error"]
    syntax = await client.get("/api/search", params={"q": '"unclosed'})
    assert syntax.status_code == 400 and "Quote phrases" in syntax.json()["error"]


async def test_ingest_needs_the_bearer_token(writer: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    page = {"html": "<html><body><article><h1>Ingested</h1>" + "<p>A fresh report about the new harbour "
            "crane arriving on Monday, with details of its cost.</p>" * 3 + "</article></body></html>",
            "url": "https://new.example/1"}
    before = (await writer.get("/api/articles")).json()["total"]
    assert (await writer.post("/api/ingest", json=page)).status_code == 401
    wrong = await writer.post("/api/ingest", json=page, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    ok = await writer.post("/api/ingest", json=page, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201, ok.text
    stored = (await writer.get(ok.json()["links"]["json"])).json()["item"]
    assert stored["article"]["title"] == "Ingested"
    assert (await writer.get("/api/articles")).json()["total"] == before + 1  # cached counts follow writes
    again = await writer.post("/api/ingest", json=page, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert (await client.post("/api/ingest", json=page)).status_code == 405  # no token: read-only


async def test_ingest_rejects_non_articles_and_large_bodies(writer: httpx.AsyncClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    short = await writer.post("/api/ingest", content=b"<p>hi</p>", headers={**auth, "content-type": "text/html"})
    assert short.status_code == 422 and "not an article" in short.json()["error"]
    big = await writer.post("/api/ingest", json={"text": "x" * 30_000}, headers=auth)
    assert big.status_code == 413 and big.json()["ok"] is False
    junk = await writer.post("/api/ingest", content=b"{", headers={**auth, "content-type": "application/json"})
    assert junk.status_code == 400


async def test_openapi_document_is_valid_and_lists_every_route(writer: httpx.AsyncClient,
                                                               client: httpx.AsyncClient) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    doc = (await writer.get("/api/openapi.json")).json()
    validator.validate(doc)
    app = writer._transport.app  # type: ignore[attr-defined]
    documented = {p.replace("{feed}", "{site:path}") for p in doc["paths"]}
    for path in _get_routes(app.routes):
        normal = path.replace("{name:path}", "{site:path}")
        assert normal in documented, path
    assert "/api/ingest" in doc["paths"]
    assert "/api/ingest" not in (await client.get("/api/openapi.json")).json()["paths"]


async def test_security_headers_on_every_kind_of_response(client: httpx.AsyncClient) -> None:
    for url in ("/", "/api/articles", "/feeds/latest.atom", "/static/site.css", "/nowhere", "/api/nowhere"):
        response = await client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


async def test_static_files_cannot_escape_their_folder(client: httpx.AsyncClient) -> None:
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f__init__.py"):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert "create_app" not in response.text


async def test_answers_are_cached_until_the_archive_changes(writer: httpx.AsyncClient) -> None:
    first = await writer.get("/api/sites")
    second = await writer.get("/api/sites")
    assert "x-cache" not in first.headers and second.headers["x-cache"] == "hit"
    assert second.json() == first.json()
    page = {"text": "A new report from the harbour. " * 5 + "The crane arrives on Monday next week.",
            "url": "https://fresh.example/a"}
    added = await writer.post("/api/ingest", json=page, headers={"Authorization": f"Bearer {TOKEN}"})
    assert added.status_code == 201, added.text
    third = await writer.get("/api/sites")
    assert "x-cache" not in third.headers
    assert "fresh.example" in {s["site"] for s in third.json()["items"]}


async def test_hostile_search_text_is_only_data(client: httpx.AsyncClient) -> None:
    for q in ("' OR 1=1; DROP TABLE articles; --", 'ferry") OR ("1', "ferry' UNION SELECT * FROM sites --"):
        for url in ("/api/search", "/search", "/feeds/search.atom"):
            response = await client.get(url, params={"q": q, "site": "x' OR '1'='1"})
            assert response.status_code in (200, 400), (url, q)
            if url == "/api/search" and response.status_code == 200:
                assert response.json()["total"] == 0
    assert (await client.get("/api/articles")).json()["total"] == 34


async def test_an_unexpected_error_is_a_500_envelope_with_the_headers(app: Starlette) -> None:
    async def boom(request: object) -> None:
        raise RuntimeError("secret detail")

    app.router.routes.insert(0, Route("/api/boom", boom))
    app.router.routes.insert(0, Route("/boom", boom))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        api = await c.get("/api/boom")
        page = await c.get("/boom")
    assert api.status_code == 500 and api.json() == {"ok": False, "error": api.json()["error"], "status": 500}
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    for response in (api, page):
        assert "secret detail" not in response.text
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_ingest_fetches_a_url(writer: httpx.AsyncClient, tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    (tmp_path / "story.html").write_text(
        "<html><head><title>Fetched story</title></head><body><article><h1>Fetched story</h1>"
        + "<p>The lighthouse keeper retired after forty years of service on the northern cliffs.</p>" * 3
        + "</article></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story.html"
        added = await writer.post("/api/ingest", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"})
        missing = await writer.post("/api/ingest", json={"url": url + "x"},
                                    headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        server.shutdown()
        server.server_close()
    assert added.status_code == 201, added.text
    assert added.json()["title"] == "Fetched story"
    assert missing.status_code == 502 and "404" in missing.json()["error"]


async def test_ids_sqlite_cannot_hold_are_404_not_500(client: httpx.AsyncClient) -> None:
    for raw in ("1719691481814998188032", "9" * 19, "²", "١٢"):  # too large for SQLite, non-ASCII digits
        for url in (f"/api/articles/{raw}", f"/api/stories/{raw}", f"/articles/{raw}", f"/stories/{raw}"):
            response = await client.get(url)
            assert response.status_code == 404, (url, response.text)


async def test_etag_answers_304_until_the_archive_changes(writer: httpx.AsyncClient) -> None:
    etags = {}
    for url in ("/api/sites", "/", "/feeds/latest.atom"):
        first = await writer.get(url)
        etag = etags[url] = first.headers["etag"]
        assert first.headers["cache-control"] == "no-cache"
        for _ in range(2):  # the miss that filled the cache, then a hit
            again = await writer.get(url, headers={"If-None-Match": etag})
            assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        other = await writer.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == first.content
    page = {"text": "A report from the quay about cranes. " * 5 + "They arrive on Friday next week.",
            "url": "https://etag.example/a"}
    added = await writer.post("/api/ingest", json=page, headers={"Authorization": f"Bearer {TOKEN}"})
    assert added.status_code == 201, added.text
    changed = await writer.get("/api/sites", headers={"If-None-Match": etags["/api/sites"]})
    assert changed.status_code == 200 and changed.headers["etag"] != etags["/api/sites"]
