"""The reader in a real browser (Debian's chromium through Playwright), served by uvicorn on 127.0.0.1.

Set DATELINE_SCREENSHOTS=1 to write the README's screenshots to docs/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
playwright_sync = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(archive_path: Path) -> Iterator[str]:
    from dateline.web import create_app

    port = _free_port()
    app = create_app(archive_path)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)
    app.state.reader.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _shot(tmp_path: Path) -> Callable[[object, str], None]:
    folder = SHOTS if os.environ.get("DATELINE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: object, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"))  # type: ignore[attr-defined]
        assert (folder / f"{name}.png").stat().st_size > 10_000

    return take


def test_reader_journey(browser: object, base_url: str, tmp_path: Path) -> None:
    shot = _shot(tmp_path)
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base_url + "/")
    cards = page.locator("[data-list] > li")
    assert cards.count() == 20
    shot(page, "home")
    url_before = page.url
    page.get_by_role("link", name="See more").click()
    page.wait_for_function("document.querySelectorAll('[data-list] > li').length > 20")
    assert cards.count() == 34 and page.url == url_before  # loaded in place
    assert page.get_by_role("link", name="See more").count() == 0
    page.locator(".card-title a", has_text="Wire story, take 0").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == "Wire story, take 0"
    assert "your time" in page.locator(".reader-time").inner_text()
    assert page.locator(".copies li").count() == 1
    shot(page, "article")
    page.locator('a[rel="author"]').first.click()
    page.wait_for_url("**/authors/Grace%20Hopper")
    assert page.locator("h1").inner_text() == "Grace Hopper"
    page.locator("#masthead-q").fill("ferry")
    page.locator("#masthead-q").press("Enter")
    page.wait_for_url("**/search?q=ferry")
    page.get_by_label("Site").fill("valley-post.example")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_url("**site=valley-post.example**")
    sites = page.locator(".card .site").all_inner_texts()
    assert sites and set(sites) == {"Valley-Post"}
    assert page.locator(".snippet mark").count() > 0
    shot(page, "search")
    assert errors == []
    page.close()


def test_see_more_works_without_javascript(browser: object, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base_url + "/")
    page.get_by_role("link", name="See more").click()
    page.wait_for_url("**cursor=**")
    assert page.locator("[data-list] > li").count() == 14
    context.close()


def test_dark_scheme_and_keyboard_skip_link(browser: object, base_url: str, tmp_path: Path) -> None:
    page = browser.new_page(color_scheme="dark", viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page.goto(base_url + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 20)"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    _shot(tmp_path)(page, "home-dark")
    page.close()


@pytest.mark.parametrize("title", ["Council meets about the hostile page", "Raw hostile markup"])
def test_hostile_page_is_inert_in_the_browser(browser: object, base_url: str, title: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    requests: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base_url}/search?q=%22{title.replace(' ', '+')}%22")
    page.locator(".card-title a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == title
    body = page.locator(".body")
    body.hover()
    for link in body.locator("a").all():
        link.click(timeout=2000)  # a neutralised link has no href: nothing happens
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("iframe, .body script, [onerror], [onmouseover]").count() == 0
    assert not [u for u in requests if "/frame" in u or "javascript:" in u]
    assert {u for u in requests if u.endswith(".js")} == {f"{base_url}/static/app.js"}
    page.close()
