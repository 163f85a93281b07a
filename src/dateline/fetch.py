"""Fetching one URL with httpx: timeouts, a size cap, bounded redirects, TLS always verified."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from .errors import FetchError

__all__ = ["USER_AGENT", "FetchOptions", "Fetched", "fetch"]

USER_AGENT = "dateline/0.1 (+https://github.com/dateline-news/dateline; news archiver)"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def fetch(url: str, *, options: FetchOptions | None = None, client: httpx.Client | None = None) -> Fetched:
    """GET a page. Redirects are followed (never from https to http); errors raise FetchError."""
    opts = options or FetchOptions()
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("only http and https URLs can be fetched", url=url)
    own = client is None
    http = client or httpx.Client(
        timeout=opts.timeout, follow_redirects=False, headers={"user-agent": opts.user_agent}
    )
    try:
        current = url
        for _ in range(opts.max_redirects + 1):
            with http.stream("GET", current) as response:
                if response.is_redirect:
                    target = str(response.url.join(response.headers.get("location", "")))
                    if urlsplit(current).scheme == "https" and urlsplit(target).scheme != "https":
                        raise FetchError(f"refusing a redirect from https to {target}", url=url)
                    current = target
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}", url=current, status=response.status_code)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > opts.max_bytes:
                        raise FetchError(f"response is larger than {opts.max_bytes} bytes", url=current)
                    chunks.append(chunk)
                return Fetched(str(response.url), response.status_code, b"".join(chunks), dict(response.headers))
        raise FetchError(f"more than {opts.max_redirects} redirects", url=url)
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}", url=url) from exc
    finally:
        if own:
            http.close()
