"""Async HTTP for the crawler (httpx): safe by default, conditional, bounded.

* only http and https; redirects followed by hand (at most `max_redirects`, never https -> http),
  each hop checked again;
* the address of every host is resolved and refused when it is private, loopback, link-local,
  multicast or reserved, unless `allow_private` (so a crawl cannot be aimed at the network it
  runs in); the address actually connected to is checked again before anything is read;
* a timeout on each phase and on the whole request, a size cap on the (decoded) body;
* conditional GETs (`If-None-Match`, `If-Modified-Since`);
* an honest User-Agent, with a contact when one is given;
* pages must be HTML: a response of another type is dropped before its body is read.

`Fetcher.get` returns a `Response` (any HTTP status) or a `Failure` (no usable response, with a
`reason` code and a `FetchError`); it does not raise for what the network does.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError
from .urls import normalize_url

__all__ = ["Accept", "Failure", "Fetcher", "FetcherOptions", "Response", "user_agent"]

log = logging.getLogger(__name__)

Accept = Literal["html", "document"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_NEVER_DOCUMENT = ("image/", "video/", "audio/", "font/", "application/pdf", "application/zip")
_ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "document": "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
    "text/xml;q=0.9,application/json;q=0.8,text/html;q=0.5,*/*;q=0.3",
}
PRODUCT = "dateline-crawler/0.1"
HOMEPAGE = "https://github.com/dateline-news/dateline"


def user_agent(contact: str | None = None) -> str:
    """`dateline-crawler/0.1 (+homepage; contact)`: who we are and how to reach the operator."""
    extra = f"; {contact}" if contact else ""
    return f"{PRODUCT} (+{HOMEPAGE}{extra})"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetcherOptions:
    """timeout: seconds per phase (connect, read) and, times three, for a whole request.
    max_bytes: a larger body is dropped. allow_private: permit private/loopback/link-local hosts."""

    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = field(default_factory=user_agent)
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP response. `final_url` is after redirects; `stopped_at` is a redirect target not followed."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""
    redirects: tuple[str, ...] = ()
    stopped_at: str | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass(frozen=True, slots=True)
class Failure:
    """No usable response: `reason` is a short code (timeout, network, too-large, private-address...)."""

    url: str
    reason: str
    error: FetchError
    retryable: bool = False


def _is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _main_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


class Fetcher:
    """One httpx.AsyncClient with the crawler's rules. Use `async with Fetcher(...) as f:`."""

    def __init__(
        self, *, options: FetcherOptions | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.options = options or FetcherOptions()
        timeout = httpx.Timeout(self.options.timeout)
        self._client = httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, transport=transport,
            headers={"user-agent": self.options.user_agent},
        )
        self._addresses: dict[str, bool] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _host_allowed(self, url: str) -> bool:
        if self.options.allow_private:
            return True
        parts = urlsplit(url)
        host = parts.hostname or ""
        cached = self._addresses.get(host)
        if cached is not None:
            return cached
        try:
            ipaddress.ip_address(host)
            ok = _is_public(host)
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, parts.port or 443, type=socket.SOCK_STREAM
                )
            except OSError:
                return True  # let the request fail with the resolver's own error
            ok = bool(infos) and all(_is_public(str(info[4][0])) for info in infos)
        self._addresses[host] = ok
        return ok

    async def _check(self, url: str, origin: str | None) -> Failure | None:
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            return Failure(url, "bad-scheme", FetchError("only http and https URLs are fetched", url=url))
        if origin is not None and urlsplit(origin).scheme == "https" and scheme == "http":
            return Failure(url, "https-downgrade", FetchError(f"refusing a redirect from {origin} to http", url=url))
        if not await self._host_allowed(url):
            return self._private(url)
        return None

    async def get(
        self,
        url: str,
        *,
        accept: Accept = "html",
        etag: str | None = None,
        last_modified: str | None = None,
        follow: Callable[[str], bool] | None = None,
    ) -> Response | Failure:
        """GET `url`; `follow(target)` may decline a redirect (to a page already fetched, say)."""
        try:
            async with asyncio.timeout(self.options.timeout * 3):
                return await self._get(url, accept, etag, last_modified, follow)
        except TimeoutError:
            return Failure(url, "timeout", FetchError(
                f"no complete response within {self.options.timeout * 3:g} s; raise the timeout", url=url
            ), retryable=True)

    async def _get(
        self, url: str, accept: Accept, etag: str | None, last_modified: str | None,
        follow: Callable[[str], bool] | None,
    ) -> Response | Failure:
        headers = {"accept": _ACCEPT[accept]}
        if etag:
            headers["if-none-match"] = etag
        if last_modified:
            headers["if-modified-since"] = last_modified
        current, previous, hops = url, None, list[str]()
        for _ in range(self.options.max_redirects + 1):
            refused = await self._check(current, previous)
            if refused is not None:
                return refused
            result = await self._request(url, current, headers, accept, tuple(hops))
            if not isinstance(result, str):
                return result
            target = normalize_url(result, base=current)
            if target is None:
                return Failure(url, "bad-redirect", FetchError(f"redirect to an unusable URL {result!r}", url=current))
            hops.append(current)
            if follow is not None and not follow(target):
                return Response(url, current, 0, {}, redirects=tuple(hops), stopped_at=target)
            previous, current = current, target
            headers.pop("if-none-match", None)
            headers.pop("if-modified-since", None)
        return Failure(url, "too-many-redirects", FetchError(
            f"more than {self.options.max_redirects} redirects", url=url))

    async def _request(
        self, url: str, current: str, headers: dict[str, str], accept: Accept, hops: tuple[str, ...]
    ) -> Response | Failure | str:
        """One hop: a Response, a Failure, or the Location of a redirect."""
        try:
            async with self._client.stream("GET", current, headers=headers) as response:
                if not self._peer_allowed(response):
                    return self._private(current)
                status = response.status_code
                if status in _REDIRECTS and response.headers.get("location"):
                    return response.headers["location"]
                head = {k.lower(): v for k, v in response.headers.items()}
                if status != 200:
                    return Response(url, current, status, head, redirects=hops)
                refused = self._refuse_type(current, head.get("content-type"), accept)
                if refused is not None:
                    return refused
                declared = head.get("content-length", "")
                if declared.isdigit() and int(declared) > self.options.max_bytes:
                    return self._too_large(current)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > self.options.max_bytes:
                        return self._too_large(current)
                return Response(url, current, status, head, bytes(body), hops)
        except httpx.TimeoutException as exc:
            return Failure(url, "timeout", FetchError(
                f"timed out ({type(exc).__name__}) after {self.options.timeout:g} s", url=current
            ), retryable=True)
        except httpx.HTTPError as exc:
            return Failure(url, "network", FetchError(f"{type(exc).__name__}: {exc}", url=current), retryable=True)

    def _refuse_type(self, url: str, content_type: str | None, accept: Accept) -> Failure | None:
        main = _main_type(content_type)
        if accept == "html" and main and main not in _HTML_TYPES:
            return Failure(url, "not-html", FetchError(f"the response is {main}, not an HTML page", url=url))
        if accept == "document" and main.startswith(_NEVER_DOCUMENT):
            return Failure(url, "not-a-document", FetchError(f"the response is {main}, not a feed", url=url))
        return None

    def _peer_allowed(self, response: httpx.Response) -> bool:
        """Check the address actually connected to (a DNS answer can change between the check and
        the connection): nothing from a private address is read unless allow_private."""
        if self.options.allow_private:
            return True
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        return peer is None or _is_public(str(peer[0]))

    @staticmethod
    def _private(url: str) -> Failure:
        return Failure(url, "private-address", FetchError(
            "the host resolves to a private, loopback or link-local address; pass allow_private=True "
            "(--allow-private) to crawl it", url=url))

    def _too_large(self, url: str) -> Failure:
        return Failure(url, "too-large", FetchError(
            f"the body is over max_bytes={self.options.max_bytes}; raise it to fetch this page", url=url))
