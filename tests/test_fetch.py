"""fetch() against a real HTTP server on 127.0.0.1 (started here); the https part uses httpx.MockTransport
because no TLS server is at hand."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.errors import FetchError
from dateline.fetch import FetchOptions, fetch

ARTICLE = (
    "<html><head><title>Harbour reopens</title></head><body><article>"
    + "<p>The harbour reopened on Monday after three weeks of repairs, the port authority said.</p>" * 3
    + "</article></body></html>"
).encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"})
        elif path == "/missing":
            self._send(404, b"gone")
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": "/article" if n == 0 else f"/hop/{n - 1}"})
        elif path == "/loop":
            self._send(301, headers={"Location": "/loop"})
        elif path == "/nolocation":
            self._send(302)
        elif path == "/big":
            self._send(200, b"x" * 200_000, {"Content-Type": "text/html"})
        elif path == "/bomb":
            self._send(200, gzip.compress(b"<p>" + b"a" * 5_000_000), {"Content-Encoding": "gzip"})
        elif path == "/slow":
            time.sleep(3)
            self._send(200, ARTICLE)
        elif path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"<p>a</p>" * 100)
                self.wfile.flush()
                time.sleep(0.1)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_success_returns_body_headers_and_final_url(server: str) -> None:
    page = fetch(f"{server}/article")
    assert page.status == 200 and page.content == ARTICLE
    assert page.content_type == "text/html; charset=utf-8"


def test_404_raises_fetch_error_with_status(server: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{server}/missing")
    assert info.value.status == 404 and info.value.url.endswith("/missing")


def test_redirect_chain_is_followed(server: str) -> None:
    page = fetch(f"{server}/hop/3")
    assert page.url == f"{server}/article" and page.content == ARTICLE


def test_too_many_redirects(server: str) -> None:
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"{server}/hop/5", options=FetchOptions(max_redirects=2))
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{server}/loop")


def test_redirect_without_location(server: str) -> None:
    with pytest.raises(FetchError, match="Location") as info:
        fetch(f"{server}/nolocation")
    assert info.value.status == 302


def test_size_cap(server: str) -> None:
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(f"{server}/big", options=FetchOptions(max_bytes=100_000))
    assert len(fetch(f"{server}/big").content) == 200_000


def test_size_cap_applies_to_decompressed_body(server: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{server}/bomb", options=FetchOptions(max_bytes=1_000_000))


def test_timeout_on_a_sleeping_server(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="Timeout"):
        fetch(f"{server}/slow", options=FetchOptions(timeout=0.5))
    assert time.monotonic() - start < 2.5


def test_total_deadline_on_a_trickling_server(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="longer than"):
        fetch(f"{server}/trickle", options=FetchOptions(timeout=0.8))
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "example.com"])
def test_non_http_scheme_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


@pytest.mark.parametrize("url", ["http://[::1", "http://xn--/", "http://"])
def test_malformed_urls_are_fetch_errors(url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url, options=FetchOptions(timeout=2))


def test_unreachable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        fetch("http://127.0.0.1:9/", options=FetchOptions(timeout=2))


def _mock(routes: dict[str, httpx.Response]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes[str(request.url)]

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_https_to_http_downgrade_refused() -> None:
    client = _mock({"https://news.test/a": httpx.Response(301, headers={"Location": "http://news.test/a"})})
    with pytest.raises(FetchError, match="TLS downgrade"):
        fetch("https://news.test/a", client=client)


def test_https_to_https_redirect_allowed_and_http_to_https_upgrade() -> None:
    client = _mock(
        {
            "http://news.test/a": httpx.Response(301, headers={"Location": "https://news.test/a"}),
            "https://news.test/a": httpx.Response(302, headers={"Location": "/b"}),
            "https://news.test/b": httpx.Response(200, content=ARTICLE),
        }
    )
    page = fetch("http://news.test/a", client=client)
    assert page.url == "https://news.test/b" and page.content == ARTICLE


def test_redirect_to_other_scheme_refused() -> None:
    client = _mock({"http://news.test/a": httpx.Response(302, headers={"Location": "file:///etc/passwd"})})
    with pytest.raises(FetchError, match="not http or https"):
        fetch("http://news.test/a", client=client)


def test_cli_extract_url_goes_through_fetch(server: str) -> None:
    result = CliRunner().invoke(main, ["extract", "--format", "text", f"{server}/article"])
    assert result.exit_code == 0, result.output
    assert "The harbour reopened on Monday" in result.output


def test_cli_extract_url_404_is_reported(server: str) -> None:
    result = CliRunner().invoke(main, ["extract", f"{server}/missing"])
    assert result.exit_code == 1
    assert "HTTP 404" in result.output
