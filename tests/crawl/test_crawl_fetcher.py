from __future__ import annotations

import asyncio

from crawlsite import NewsSite

from dateline.crawl.fetcher import Failure, Fetcher, FetcherOptions, Response, user_agent

LOCAL = FetcherOptions(allow_private=True, timeout=1.0, max_bytes=1_000_000, max_redirects=3)


def _get(url: str, options: FetcherOptions = LOCAL, **kwargs: object) -> Response | Failure:
    async def main() -> Response | Failure:
        async with Fetcher(options=options) as fetcher:
            return await fetcher.get(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(main())


def test_private_addresses_are_refused_by_default(site: NewsSite) -> None:
    for url in (site.base + "/", site.base.replace("127.0.0.1", "localhost") + "/", "http://[::1]/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"):
        result = _get(url, FetcherOptions())
        assert isinstance(result, Failure) and result.reason == "private-address", url
        assert "--allow-private" in str(result.error)
    assert not site.log


def test_only_http_and_https() -> None:
    result = _get("file:///etc/passwd")
    assert isinstance(result, Failure) and result.reason == "bad-scheme"


def test_redirect_chain_is_followed_and_recorded(site: NewsSite) -> None:
    result = _get(site.base + "/old/redirected-story-here")
    assert isinstance(result, Response) and result.status == 200
    assert result.final_url == site.base + "/news/2024/01/01/redirected-story-final-page"
    assert result.redirects == (site.base + "/old/redirected-story-here", site.base + "/moved/redirected-story-here")


def test_redirect_can_be_declined_and_is_limited(site: NewsSite) -> None:
    stopped = _get(site.base + "/old/redirected-story-here", follow=lambda url: "moved" not in url)
    assert isinstance(stopped, Response) and stopped.stopped_at == site.base + "/moved/redirected-story-here"
    loop = _get(site.base + "/loop")
    assert isinstance(loop, Failure) and loop.reason == "too-many-redirects"
    assert sum(1 for h in site.log if h.path == "/loop") == 4


def test_size_cap_type_check_and_timeout(site: NewsSite) -> None:
    big = _get(site.base + "/big")
    assert isinstance(big, Failure) and big.reason == "too-large" and "max_bytes" in str(big.error)
    image = _get(site.base + "/photo.png")
    assert isinstance(image, Failure) and image.reason == "not-html"
    slow = _get(site.base + "/slow/slow-loading-story-page")
    assert isinstance(slow, Failure) and slow.reason == "timeout" and slow.retryable


def test_conditional_get_and_user_agent(site: NewsSite) -> None:
    first = _get(site.base + "/rss.xml", accept="document")
    assert isinstance(first, Response) and first.status == 200 and b"<rss" in first.content
    again = _get(site.base + "/rss.xml", accept="document", etag=first.headers["etag"])
    assert isinstance(again, Response) and again.status == 304 and again.content == b""
    contact = FetcherOptions(allow_private=True, user_agent=user_agent("mailto:ops@example.org"))
    _get(site.base + "/", contact)
    assert site.log[-1].headers["user-agent"].endswith("; mailto:ops@example.org)")


def test_connected_address_is_checked_again(site: NewsSite) -> None:
    async def main() -> Response | Failure:
        async with Fetcher(options=FetcherOptions()) as fetcher:
            fetcher._addresses["127.0.0.1"] = True  # as if DNS had answered with a public address first
            return await fetcher.get(site.base + "/rss.xml", accept="document")

    result = asyncio.run(main())
    assert isinstance(result, Failure) and result.reason == "private-address"
