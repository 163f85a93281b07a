"""Fetching one URL with httpx: timeouts, a size cap, bounded redirects, TLS always verified.

`timeout` bounds every network operation and also the whole fetch (a server that trickles
bytes cannot hold a fetch open); `max_bytes` caps the decoded body (a gzip bomb stops at the
cap); redirects are followed by hand so that an https page is never fetched over http.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from .errors import FetchError

__all__ = ["USER_AGENT", "FetchOptions", "Fetched", "fetch"]

USER_AGENT = "dateline/0.1 (+https://github.com/dateline-news/dateline; news archiver)"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """timeout: seconds for each network step and for the whole fetch; max_bytes: body cap."""

    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final URL (after redirects), status, body bytes and headers."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def fetch(url: str, *, options: FetchOptions | None = None, client: httpx.Client | None = None) -> Fetched:
    """GET a page. Redirects are followed (never from https to http); errors raise FetchError.

    `client` is used as given (its own transport and timeouts); without one, a client is made
    from `options` and closed at the end.
    """
    opts = options or FetchOptions()
    if _scheme(url) not in ("http", "https"):
        raise FetchError("only http and https URLs can be fetched; give a URL that starts with http(s)://", url=url)
    own = client is None
    http = client or httpx.Client(
        timeout=opts.timeout, follow_redirects=False, headers={"user-agent": opts.user_agent}
    )
    deadline = time.monotonic() + opts.timeout
    try:
        return _follow(http, url, opts, deadline)
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a bad IDNA host
        raise FetchError(f"{type(exc).__name__}: {exc}", url=url) from exc
    finally:
        if own:
            http.close()


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise FetchError(f"not a valid URL ({exc}); check it", url=url) from exc


def _follow(http: httpx.Client, url: str, opts: FetchOptions, deadline: float) -> Fetched:
    current = url
    for _ in range(opts.max_redirects + 1):
        with http.stream("GET", current) as response:
            if not response.is_redirect:
                return _read(response, current, opts, deadline)
            location = response.headers.get("location")
            if not location:
                raise FetchError("redirect without a Location header", url=current, status=response.status_code)
            target = str(response.url.join(location))
            if _scheme(target) not in ("http", "https"):
                raise FetchError(f"refusing a redirect to {target} (not http or https)", url=current)
            if _scheme(current) == "https" and _scheme(target) != "https":
                raise FetchError(f"refusing a redirect from https to {target} (a TLS downgrade)", url=current)
            current = target
    raise FetchError(f"more than {opts.max_redirects} redirects; raise FetchOptions.max_redirects", url=url)


def _read(response: httpx.Response, url: str, opts: FetchOptions, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code}", url=url, status=response.status_code)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > opts.max_bytes:
            raise FetchError(
                f"response is larger than {opts.max_bytes} bytes; raise FetchOptions.max_bytes", url=url
            )
        if time.monotonic() > deadline:
            raise FetchError(f"took longer than {opts.timeout} s in all; raise FetchOptions.timeout", url=url)
        chunks.append(chunk)
    return Fetched(str(response.url), response.status_code, b"".join(chunks), dict(response.headers))
