"""A small archive built through the real pipeline: HTML pages -> dateline.extract -> Archive.add."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from dateline.archive.store import Archive
from dateline.extract import extract
from dateline.models import Article
from dateline.web import create_app

SITES = ("harbour-times.example", "valley-post.example")
AUTHORS = ("Ada Lovelace", "Grace Hopper", "Katherine Johnson")
TOPICS = ("harbour", "railway", "election", "budget", "festival", "library", "bridge", "orchard")
_WORDS = ["council", "members", "argued", "quietly", "about", "ferry", "timetables", "while", "farmers", "counted", "apples", "beside", "old", "stone", "walls", "and", "children", "painted", "boats", "for", "summer", "markets", "near", "northern", "cliffs", "under", "grey", "skies", "teachers", "planned", "lessons", "engineers", "tested", "bridges", "nurses", "finished", "night", "shifts", "musicians", "tuned", "violins", "bakers", "opened", "early", "shops", "librarians", "catalogued", "maps", "sailors", "mended", "nets"]
HOSTILE_ID_TITLE = "Council meets about the hostile page"
RAW_HOSTILE_TITLE = "Raw hostile markup"

_HOSTILE_BODY = """
<p>The council met on Tuesday to discuss the harbour. Members argued for an hour about fees.</p>
<p>Click <a href="javascript:alert('xss')">here</a> to read more about the meeting and its agenda.</p>
<script>alert('script ran')</script>
<img src="https://attacker.invalid/pixel.png" onerror="alert('onerror ran')">
<iframe src="https://attacker.invalid/frame"></iframe>
<p onmouseover="alert('hover')">The decision will be published next week by the harbour office.</p>
"""


def page(*, n: int, site: str, author: str, topic: str, day: int, body: str | None = None,
         title: str | None = None) -> str:
    title = title or f"The {topic} story number {n}"
    words = [_WORDS[(n * 7 + i * 13) % len(_WORDS)] for i in range(60)]
    paragraphs = body or "".join(
        f"<p>{' '.join(words[i * 15:(i + 1) * 15]).capitalize()} near the {topic}, report {n}.</p>" for i in range(4)
    )
    return f"""<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site.split('.')[0].title()}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="2024-05-{day:02d}T{8 + n % 10:02d}:30:00+02:00">
<link rel="canonical" href="https://{site}/news/{n}"></head>
<body><header><nav><a href="/">Home</a></nav></header><article><h1>{title}</h1>
<p class="byline">By {author}</p>{paragraphs}</article><footer>Copyright</footer></body></html>"""


def build_archive(path: Path, count: int = 30) -> None:
    with Archive(path) as archive:
        for n in range(count):
            html = page(n=n, site=SITES[n % 2], author=AUTHORS[n % 3], topic=TOPICS[n % len(TOPICS)],
                        day=1 + n % 28)
            url = f"https://{SITES[n % 2]}/news/{n}"
            archive.add(extract(html, url=url), raw=html.encode(), url=url)
        for k, site in enumerate(SITES):  # one syndicated story: a wire copy on both sites
            wire = page(n=500, site=site, author=AUTHORS[1], topic="wire", day=20, title=f"Wire story, take {k}")
            wire = wire.replace("</article>", f"<p>Edited by the {site} desk.</p></article>")
            archive.add(extract(wire, url=f"https://{site}/wire/500"), url=f"https://{site}/wire/500")
        hostile = page(n=999, site=SITES[0], author=AUTHORS[0], topic="council", day=28, body=_HOSTILE_BODY,
                       title=HOSTILE_ID_TITLE)
        archive.add(extract(hostile, url=f"https://{SITES[0]}/news/999"), url=f"https://{SITES[0]}/news/999")
        # the same markup stored as body_html untouched, as a less careful extractor might keep it
        raw = Article(title=RAW_HOSTILE_TITLE, url=f"https://{SITES[1]}/raw/1", site_name="Valley-Post",
                      body="Hostile raw body kept as markup: " + _HOSTILE_BODY, body_html=_HOSTILE_BODY)
        archive.add(raw)


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "news.db"
    build_archive(path)
    return path


@pytest.fixture()
def app(archive_path: Path) -> Iterator[Starlette]:
    application = create_app(archive_path)
    yield application
    application.state.reader.close()


@pytest.fixture()
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


@pytest.fixture()
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture()
def make_archive() -> Callable[..., None]:
    """`build_archive(path, count=...)` for tests that need their own (writable) archive."""
    return build_archive
