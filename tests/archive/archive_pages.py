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
