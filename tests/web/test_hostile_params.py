"""Query parameters that look like numbers to `str.isdigit` but not to `int` ('²', 5000 digits): a 400
that names the fix on every endpoint that reads them, never a 500."""

from __future__ import annotations

import httpx
import pytest

NOT_NUMBERS = ["\u00b2", "1\u00b3", "9" * 5000]
pytestmark = pytest.mark.anyio

ENDPOINTS = ["/api/articles", "/api/search?q=harbour", "/api/authors", "/api/sites", "/feeds/search.atom?q=harbour"]


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=["superscript", "digit-then-superscript", "5000-digits"])
@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_digit_lookalikes_are_a_400_naming_the_parameter(
    client: httpx.AsyncClient, endpoint: str, name: str, value: str,
) -> None:
    response = await client.get(endpoint, params={name: value})
    if response.status_code == 200:  # an endpoint that does not read this parameter
        return
    assert response.status_code == 400, response.text[:200]
    assert response.json()["ok"] is False and name in response.json()["error"]


@pytest.mark.parametrize("path", ["/", "/search?q=harbour"])
async def test_pages_answer_a_digit_lookalike_with_a_400_page(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, params={"limit": "\u00b2"})
    assert response.status_code == 400


@pytest.mark.parametrize("length", ["9" * 5000, "1" + "0" * 19])
async def test_a_content_length_past_any_limit_is_a_413(client: httpx.AsyncClient, length: str) -> None:
    response = await client.post("/api/ingest", content=b"{}", headers={"content-length": length})
    assert response.status_code == 413 and response.json()["ok"] is False
