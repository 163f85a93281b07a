"""POST /api/ingest with JSON a client should not send: fields of the wrong type, lone surrogates
(`"\\ud800"`), a URL urllib cannot parse. A 4xx envelope that names the fix, or the page stored."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from dateline.web import create_app

pytestmark = pytest.mark.anyio

TOKEN = "hostile-token"
PROSE = "The council approved the new budget on Tuesday, after a long debate about schools and roads. "
AUTH = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}


@pytest.fixture()
async def writer(tmp_path: Path, make_archive: Callable[..., None]) -> AsyncIterator[httpx.AsyncClient]:
    make_archive(tmp_path / "w.db", count=2)
    app = create_app(tmp_path / "w.db", token=TOKEN)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c
    app.state.reader.close()


@pytest.mark.parametrize("body", [
    {"html": 5, "url": "https://e.example/a"},
    {"html": ["<p>x</p>"], "text": "words"},
    {"text": {"a": 1}, "url": "https://e.example/a"},
    {"html": f"<p>{PROSE * 3}</p>", "url": 7},
], ids=["html-number", "html-list", "text-object", "url-number"])
async def test_fields_of_the_wrong_type_are_a_400(writer: httpx.AsyncClient, body: dict[str, object]) -> None:
    response = await writer.post("/api/ingest", content=json.dumps(body), headers=AUTH)
    assert response.status_code == 400, response.text
    assert response.json()["ok"] is False and "string" in response.json()["error"]


async def test_lone_surrogates_in_the_page_are_stored_as_replacement_characters(writer: httpx.AsyncClient) -> None:
    body = '{"html": "<title>Budget \\ud800</title><article><p>%s</p></article>"}' % (PROSE * 3)
    response = await writer.post("/api/ingest", content=body, headers=AUTH)
    assert response.status_code == 201, response.text
    stored = (await writer.get(response.json()["links"]["json"])).json()["item"]["article"]
    assert "approved the new budget" in stored["body"] and stored["title"] == "Budget \ufffd"


@pytest.mark.parametrize("url", ["http://[::1", "https://e.example/\\ud800"])
async def test_an_unusable_url_is_a_400_naming_it(writer: httpx.AsyncClient, url: str) -> None:
    body = f'{{"html": "<article><p>{PROSE * 3}</p></article>", "url": "{url}"}}'
    response = await writer.post("/api/ingest", content=body, headers=AUTH)
    assert response.status_code == 400 and "not a valid URL" in response.json()["error"]
