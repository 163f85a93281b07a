"""Synthetic pages and articles for the archive tests (distinct random prose per number)."""

from __future__ import annotations

import random

from dateline.models import Article

_WORDS = ["river", "council", "bridge", "harbour", "market", "school", "museum", "rail", "station", "energy", "budget", "farmer", "festival", "court", "library", "museum", "hospital", "election", "mayor", "minister", "village", "island", "ferry", "museum", "workers", "union", "teachers", "students", "report", "plan", "vote", "summer", "winter", "spring", "autumn", "water", "forest", "bank", "prices", "housing", "rent", "wages", "bus", "tram", "road", "cyclists", "police", "fire", "storm", "flood", "drought", "harvest", "fishermen", "port", "cargo", "crane", "theatre", "orchestra", "choir", "match", "league", "season", "coach", "player", "goal", "title", "record", "museum", "archive", "digital", "online"]


def paragraph(rng: random.Random, words: int = 40) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def page_html(n: int, *, seed: int = 0, paragraphs: int = 4) -> str:
    rng = random.Random(seed * 100_003 + n)
    body = "\n".join(f"<p>{paragraph(rng)}</p>" for _ in range(paragraphs))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title>'
        f'<meta property="og:title" content="Story number {n}">'
        f'<meta property="og:site_name" content="Site {n % 3}"></head>'
        f'<body><nav><a href="/">Home</a></nav><article><h1>Story number {n}</h1>{body}</article>'
        f"<footer>© Site {n % 3}</footer></body></html>"
    )


def article(n: int, **fields: object) -> Article:
    rng = random.Random(n)
    body = "\n\n".join(paragraph(rng) for _ in range(4))
    base: dict[str, object] = {"url": f"https://site{n % 3}.example/news/{n}", "title": f"Story {n}", "body": body}
    base.update(fields)
    return Article(**base)  # type: ignore[arg-type]


#: A section front written by hand: six linked headlines with a line of summary each, no story.
SECTION_FRONT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour news - The Coast Courier</title>
<meta property="og:site_name" content="The Coast Courier"></head>
<body><header><a href="/">The Coast Courier</a> <nav><a href="/harbour/">Harbour</a> <a href="/town/">Town</a></nav></header>
<main><h1>Harbour news</h1>
<ul class="stories">
<li><h2><a href="/harbour/ferry-timetable">Winter ferry timetable cuts two evening crossings</a></h2>
<p>Islanders say the last boat now leaves too early.</p><time>3 December</time></li>
<li><h2><a href="/harbour/crane">New container crane arrives at the north quay</a></h2>
<p>The crane doubles what the port can load in a day.</p></li>
<li><h2><a href="/harbour/fishermen">Fishermen ask the council for a longer season</a></h2>
<p>A vote is expected next month.</p></li>
<li><a href="/harbour/storm"><h2>Storm damage closes the old pier until spring</h2>
<p>Engineers will inspect the pilings in January.</p></a></li>
<li><h2><a href="/harbour/museum">Maritime museum reopens with a restored lifeboat</a></h2>
<p>Entry is free for the first weekend.</p></li>
<li><h2><a href="/harbour/wages">Dock workers agree a two-year deal on wages</a></h2>
<p>The union called off next week's strike.</p></li>
</ul></main>
<footer><a href="/about">About us</a> &copy; The Coast Courier</footer></body></html>
"""
