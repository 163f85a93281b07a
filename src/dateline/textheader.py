"""The header of a scraped-text page: headline, dateline, byline, masthead and the page's own date.

Read from the lines above the body (and the first few of it), by their shape and place, never by
one site's wording:

- headline: the line that repeats (a page prints its title in the masthead area and again above
  the story), that repeats the page title on the first line (`Headline - Site`), that shares the
  URL's slug, or that sits just above the dateline or the body;
- dateline: the date nearest the headline, parsed with its time zone by `dates.find_date`;
- page date: a lone date with a day-of-week name above the headline is the day the page was
  rendered (`Sunday September 15 2024`), kept as `page_date`, never as the publication date;
- byline: `By …` lines, or short lines of capitalised words between the headline and the body
  (de-duplicated, so a name printed twice, once from an image alt text, counts once);
- site name: the masthead (the first line, when short), the `Site` of `Headline - Site`, else the
  URL's host.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from .authors import clean_authors, is_name
from .dates import find_date
from .models import When

__all__ = ["Header", "read_header"]

_WORD = re.compile(r"\w+")
_WEEKDAYS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles miercoles jueves viernes sábado sabado domingo
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    segunda terça quarta quinta sexta
    понедельник вторник среда четверг пятница суббота воскресенье
    pazartesi salı çarşamba perşembe cuma cumartesi pazar
    bazar çərşənbə cümə şənbə
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    måndag tisdag onsdag torsdag fredag lördag söndag
    """.split()
)
_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|przez|автор|yazan|written by|posted by|reported by)\s+(.+)$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+(?:[-|–—:·•»]|::)\s+")
_DOMAIN = re.compile(r"^(?:www\.)?([\w-]+)(?:\.[a-z]{2,6}){1,2}$", re.IGNORECASE)
_HEAD_LINES = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """What the header says; `lines` are the indexes of the lines it was read from."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: When | None = None
    page_date: date | None = None
    site_name: str | None = None
    lines: frozenset[int] = frozenset()
    provenance: dict[str, str] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _slug_words(url: str | None) -> set[str]:
    if not url:
        return set()
    path = urlsplit(url).path
    return {w for w in _words(path.replace("_", " ").replace("-", " ")) if len(w) > 2 and not w.isdigit()}


def _date_lines(
    lines: Sequence[str], candidates: Sequence[int], fetch_time: datetime | None
) -> list[tuple[int, When, bool]]:
    """(index, value, is a lone day-of-week date) for the candidate lines that hold a date."""
    out = []
    for i in candidates:
        text = lines[i]
        if len(text) > 120 or not any(c.isdigit() for c in text):
            continue
        found = find_date(text, fetch_time=fetch_time)
        if found is None:
            continue
        value, start, end = found
        rest = (text[:start] + text[end:]).strip(" ,.-|")
        words = _words(text)
        lone_weekday = bool(words) and words[0] in _WEEKDAYS and len(_words(rest)) <= 2
        out.append((i, value, lone_weekday))
    return out


def _title_score(
    i: int, lines: Sequence[str], order: dict[int, int], counts: dict[str, int], first: str,
    slug: set[str], dateline: int | None, body_start: int,
) -> float:
    text = lines[i]
    words = _words(text)
    if not words or len(text) < 8 or len(text) > 250:
        return -1.0
    score = 0.0
    if counts.get(text.casefold(), 0) > 1:
        score += 2.0
    if i != order.get(-1) and first and text.casefold() != first.casefold():
        first_words = set(_words(first))
        if first_words and len(set(words) & first_words) >= 0.8 * len(set(words)):
            score += 2.5
    if slug:
        score += 2.0 * len(slug & set(words)) / max(len(slug), 1)
    if dateline is not None and 0 < order[dateline] - order[i] <= 2:
        score += 1.5
    if dateline is not None and 0 < order[i] - order[dateline] <= 1:
        score += 0.5
    score += 1.5 / (1 + order.get(body_start, len(order)) - order[i])
    if 20 <= len(text) <= 160:
        score += 0.5
    if text.endswith((".", ":", ",", ";")) and not text.endswith("..."):
        score -= 1.0
    if len(words) <= 2:
        score -= 1.0
    return score


def _site_name(lines: Sequence[str], nonblank: Sequence[int], title: str | None, url: str | None) -> str | None:
    if nonblank:
        first = lines[nonblank[0]]
        parts = _SEPARATORS.split(first)
        if title and len(parts) > 1 and first != title:
            for part in (parts[-1], parts[0]):
                if part.casefold() not in title.casefold() and 1 < len(part) <= 40:
                    return _undomain(part)
        if first != title and len(first) <= 40 and len(first.split()) <= 4 and not any(
            c.isdigit() for c in first
        ):
            return _undomain(first)
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _undomain(name: str) -> str:
    m = _DOMAIN.match(name.strip())
    return m.group(1) if m else name.strip()


def _authors_near(
    lines: Sequence[str], nonblank: Sequence[int], order: dict[int, int], lo: int, hi: int, title: str | None
) -> tuple[tuple[str, ...], set[int]]:
    """Names on lines between positions lo and hi (in non-blank order)."""
    found: list[str] = []
    used: set[int] = set()
    for k in range(max(lo, 0), min(hi, len(nonblank))):
        i = nonblank[k]
        text = lines[i]
        m = _BYLINE.match(text)
        if m and len(text) <= 100:
            names = clean_authors(m.group(1))
        elif (
            2 <= len(text.split()) <= 4 and len(text) <= 40 and text != title
            and all(w[:1].isupper() for w in text.split()) and not any(c.isdigit() for c in text)
            and is_name(text)
        ):
            names = clean_authors(text)
        else:
            continue
        if names:
            used.add(i)
            found.extend(n for n in names if n not in found)
    return tuple(found), used


def read_header(
    lines: Sequence[str], body_start: int, *, url: str | None = None, fetch_time: datetime | None = None,
) -> Header:
    """Read the header from stripped `lines`; `body_start` is the index of the body's first line."""
    nonblank = [i for i, s in enumerate(lines) if s]
    order = {i: k for k, i in enumerate(nonblank)}
    order[-1] = nonblank[0] if nonblank else -1
    start_k = order.get(body_start, len(nonblank))
    head = nonblank[max(0, start_k - _HEAD_LINES) : start_k]
    near = head + nonblank[start_k : start_k + 3]
    counts: dict[str, int] = {}
    for i in nonblank:
        key = lines[i].casefold()
        counts[key] = counts.get(key, 0) + 1
    prov: dict[str, str] = {}
    used: set[int] = set()

    dates = _date_lines(lines, near, fetch_time)
    page_date = next((v for i, v, lone in dates if lone and i < body_start), None)
    pub = [(i, v) for i, v, lone in dates if not lone]
    dateline = min(pub, key=lambda t: abs(start_k - order[t[0]]))[0] if pub else None
    published = next(v for i, v in pub if i == dateline) if dateline is not None else None
    if isinstance(page_date, datetime):
        page_date = page_date.date()

    first = lines[nonblank[0]] if nonblank else ""
    slug = _slug_words(url)
    title_i = None
    best = 1.0
    for i in head:
        if i == dateline:
            continue
        s = _title_score(i, lines, order, counts, first, slug, dateline, body_start)
        if s > best:
            best, title_i = s, i
    title = lines[title_i] if title_i is not None else None
    if title is None and first:
        parts = _SEPARATORS.split(first)
        if len(parts) > 1 and len(parts[0]) >= 15:
            title = parts[0]
            prov["title"] = "text-first-line"
    if title_i is not None:
        prov["title"] = "text-header"
        used.update(i for i in head if lines[i] == title and i != nonblank[0])
    if published is not None and dateline is not None:
        prov["published"] = "text-dateline"
        used.add(dateline)

    anchor = order[title_i] if title_i is not None else (order[dateline] if dateline is not None else start_k)
    authors, by_lines = _authors_near(lines, nonblank, order, anchor - 2, max(start_k, anchor + 1) + 1, title)
    if authors:
        prov["authors"] = "text-byline"
        used |= by_lines
    site = _site_name(lines, nonblank, title, url)
    if site:
        prov["site_name"] = "text-masthead"
    return Header(
        title=title, authors=authors, published=published, page_date=page_date, site_name=site,
        lines=frozenset(used), provenance=prov,
    )
