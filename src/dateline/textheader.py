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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from urllib.parse import unquote, urlsplit

from .authors import clean_authors, is_name
from .dates import find_date
from .metadata import _norm, _site_keys, _strip_site
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
    r"(?:^|[\s·|•,])(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Pp]or|POR|[Dd]oor|[Aa]v|[Aa]f|[Pp]rzez|[Аа]втор|[Yy]azan|"
    r"[Dd]urch|[Dd]e|[Aa]uthor|[Aa]utor|[Aa]utorin|[Aa]uteur|[Aa]utore)"
    r":?\s+(\w[^·|•]{2,80}?)\s*(?:[·|•]|$)"
)
_CUT = re.compile(r"\s[·|•]\s|\sin\s(?=[A-Z])|,\s(?=\S+\s+\d)|\s(?:am|on|le|el|il|um|at)\s+\d|\s\d|\s\(|\s\S+@")
_LISTED = re.compile(r"^(?:[*+•·\-–>]|\d{1,2}[.)]|o(?=\s+[A-Z]))\s+")
_BULLET = re.compile(r"^(?:[*+•·\-–>»›]|\d{1,2}[.)])\s+")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_SEPARATORS = re.compile(r"\s+(?:[-|–—:·•»]|::)\s+")
_DOMAIN = re.compile(r"^(?:www\.)?([\w-]+)(?:\.[a-z]{2,6}){1,2}$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MARKERS = frozenset("*+•·-–>»›0123456789")
_CRUMBS = re.compile(r"\s+[/>›»]\s+")
_URLISH = re.compile(r"https?://|www\.|\w@\w+\.\w", re.IGNORECASE)
#: A line that is only a by-word: the names follow on the next line.
_BY_ALONE = re.compile(
    r"^(?:(?:[Ww]ritten|[Pp]osted|[Pp]ublished|[Gg]eschrieben|[Vv]erfasst|[Éé]crit|[Ee]scrito|[Ss]critto)\s+)?"
    r"(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Aa]uthor|[Aa]utor|[Aa]uteur|[Aa]utore|[Аа]втор)\s*:?$"
)
#: Words that may stand before the by-word of a byline (`Posted by`, `Eingestellt von`).
_BY_VERBS = frozenset(
    """written posted reported published reviewed edited compiled photos story text words
    geschrieben verfasst veröffentlicht eingestellt erstellt publiziert écrit publié escrito publicado
    scritto pubblicato geschreven gepubliceerd skrivet publicerad translated übersetzt traduit traducido
    tradotto""".split()
)
#: A forum's label for the user who started the thread, before or after the user name.
_STARTER_LABEL = (
    r"(?i:thread\s?starter|discussion\s?starter|topic\s?starter|original\s?poster|started\s+by|"
    r"themenstarter|themenersteller|autor\s+del\s+tema|auteur\s+du\s+sujet)"
)
_STARTER = re.compile(
    rf"^(?:{_STARTER_LABEL}\s*:?\s+(?P<after>[\w.-]{{2,30}})|(?P<before>[\w.-]{{2,30}})\s+{_STARTER_LABEL})$"
)
#: The label alone on its line, below the user name (`jdoe42` / `Original Poster`).
_STARTER_ALONE = re.compile(rf"^{_STARTER_LABEL}:?$")
_HANDLE = re.compile(r"[\w.-]{2,30}")
#: What every thread-starter label holds, casefolded (`str.find`s: a regex alternation is slower).
_STARTER_HINTS = ("start", "poster", "ersteller", "sujet", "del tema")
#: Words of the label itself, never a user name.
_STARTER_WORDS = frozenset("thread discussion topic original started by starter poster".split())
#: A date's label glued to the name before it (`Jane DoePublished:`).
_GLUED_LABEL = re.compile(r"(?<=[a-z])[A-Z][a-z]+:$")
#: Words that stand alone before a date as its label, never a user name heading a post.
_POST_LABELS = frozenset(
    """updated modified created edited date datum stand aktualisiert geändert erstellt publié mis actualizado
    actualizada publicado publicada modificado pubblicato aggiornato on am le el il den der""".split()
)
#: List words between names on a line of names.
_LIST_WORDS = frozenset("and und y et e i en og och ve mit with".split())
#: A line of names that goes on from the line above (`& Jane Roe, Director of …`).
_GOES_ON = re.compile(r"^(?:&|(?i:and|und|y|et)\s)\s*")
#: A person's role written after the name and a comma (`Jane Doe, Staff Attorney, …`): the words that
#: may qualify it, and the role's own words.
_ROLE_QUALIFIERS = frozenset(
    "staff senior chief deputy managing associate assistant executive contributing special freelance".split()
)
_ROLE_TITLES = frozenset(
    """writer reporter correspondent editor columnist journalist photographer producer contributor attorney
    director professor lecturer fellow researcher scientist analyst economist president founder
    co-founder officer manager partner counsel adviser advisor consultant specialist coordinator
    redakteur redakteurin korrespondent korrespondentin autor autorin""".split()
)
#: A by-word before the names, or a preposition before the date, on a dateline (`By Jane Doe on`).
_LEAD = re.compile(
    r"^(?:(?i:written|posted|published|veröffentlicht|eingestellt)\s+)?(?i:by|von|par|por|door|av|af|przez|di|de)\s+"
    r"|\s+(?:on|am|um|le|el|il|at|a|den|der)$"
)
#: The unit after a date's time (`11:54 Uhr`, `07:59 hs`), never a name.
_TIME_UNIT = re.compile(r"^(?i:uhr|hs|hrs|h)\b\.?\s*")
#: The end of a dateline that opens a paragraph.
_LEDE_CUT = re.compile(r"\s[-–—:]\s")
#: A thread's last post before a date, up to 30 characters before it (`last post by jdoe Aug 7, 2023`).
_LAST_POST = re.compile(
    r"(?i:\blast (?:post|reply|comment|activity)|\bletzte[rs]? (?:beitrag|antwort|kommentar)|\bdernier message"
    r"|\búltim[oa] (?:mensaje|respuesta|comentario))\b.{0,30}$"
)
#: An author's label opening a line (`Author: Jane Doe`), read anywhere on the page.
#: (A line's start is the newline before it: a literal first character is what `re` searches fastest.)
_AUTHOR_LABEL = re.compile(r"\n(?:[Aa]u(?:thor|tor|teur)|AU(?:THOR|TOR|TEUR)|[Vv]erfasser)(?:in|e)?\s?:")
#: Separators between the parts of a dateline.
_PARTS = re.compile(r"\s[·|•]\s|,\s|\s[-–—]\s")
#: A headline candidate scoring below this yields to the first line's `Headline | Site` headline.
_WEAK_TITLE = 3.0
#: What a line that loses its breadcrumb trail in `_Page.bare` holds between two spaces.
_CRUMB_SIGNS = "/>›»"
#: Every date `dates.find_date` reads has a year: four digits in a row.
_FOUR_DIGITS = re.compile(r"\d{4}")
#: Headline candidates: lines of this many characters, at most this far below the body start.
_TITLE_CHARS = (8, 250)
_TITLE_BELOW, _TITLE_MAX = 100, 400
#: Past the first `_TITLE_MAX` lines, the candidates are the lines this far above the body start.
_TITLE_ABOVE = 40
#: A candidate printed again at most this many lines away counts as repeated.
_REPEAT_NEAR = 10
#: What a candidate printed as a block of its own (blank lines above and below) gets: converters
#: print headings so; most menu, teaser and caption lines run together.
_ISOLATED = 0.5
#: The most a candidate's bonuses but its place and words add: above a dateline 1.5, above a
#: byline 1.0, repeated 1.0, length 0.5, a block of its own 0.5.
_SHAPE_TOP = 4.5
#: A candidate that ends its block (a blank line below) is above a dateline this many lines down.
_BLOCK_REACH = 4
#: What a candidate loses that holds, at its start or end, another line printed below it (within this
#: many lines): the other line is the heading, the candidate a breadcrumb trail or label run into it.
_WRAPPED, _WRAP_NEAR = 1.0, 3
#: A first line without a site part is a headline candidate from this many characters (converters
#: that print no `<title>` start with the page's first text: its heading, or a link such as
#: `Skip to content`).
_FIRST_HEADLINE = 20
#: What a candidate made of nothing but the URL slug's words gets (`/wiki/Penny`: `Penny`); such a
#: candidate may be as short as 3 characters and of one or two words without a penalty.
_SLUG_ONLY = 0.75


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


def _words_inside(folded: Sequence[str], words: set[str]) -> dict[int, set[str]]:
    """Which of `words` occur in each of the `folded` lines (inside a longer word too), by position;
    lines without any are left out."""
    joined = "\n".join(folded)
    ends = list(accumulate(map((1).__add__, map(len, folded))))
    hits: dict[int, set[str]] = {}
    for word in words:
        at = joined.find(word)
        while at >= 0:
            j = bisect_right(ends, at)
            hits.setdefault(j, set()).add(word)
            at = joined.find(word, ends[j]) if j + 1 < len(ends) else -1
    return hits


class _Page:
    """The page's non-blank lines by position k (`texts[k]`; `index[k]` is its index among all the
    lines), with what the header steps read from them computed once for the page: each line without
    its list marker or breadcrumb trail (`bare`), how often each bare line occurs (`counts`,
    casefolded; exact for lines that may be headline candidates), and the dates in the lines."""

    __slots__ = (
        "_bylines", "_dated", "_spaced", "_timed", "bare", "counts", "fetch_time", "folded", "index", "joined",
        "texts",
    )

    def __init__(
        self, lines: Sequence[str], fetch_time: datetime | None, nonblank: tuple[list[int], list[str]] | None = None,
    ) -> None:
        self.index, self.texts = nonblank or (list(compress(range(len(lines)), lines)), list(filter(None, lines)))
        self.fetch_time = fetch_time
        self._spaced: bool | None = None
        self._bylines: dict[str, tuple[str, ...]] = {}
        self._dated: dict[str, tuple[When, int, int] | None] = {}
        self._timed: dict[str, tuple[When, int, int] | None] = {} if fetch_time is not None else self._dated
        self.bare = list(self.texts)
        #: the bare lines casefolded
        self.folded = folded = list(map(str.casefold, self.texts))
        # a line longer than three times the longest candidate never equals one when casefolded
        self.counts: Counter[str] = Counter(compress(folded, map((3 * _TITLE_CHARS[1]).__ge__, map(len, self.texts))))
        # only a line with a list marker or a breadcrumb separator can change
        texts = self.texts
        changed = {
            k: text[m.end() :].strip()
            for k, text in enumerate(texts) if text[:1] in _MARKERS and (m := _BULLET.match(text))
        }
        self.joined = joined = "\n".join(texts)
        starts: list[int] = []
        for sign in _CRUMB_SIGNS:
            at = joined.find(sign, 1)
            while at >= 0:
                if joined[at - 1] == joined[at + 1 : at + 2] == " ":
                    starts = starts or list(accumulate(map((1).__add__, map(len, texts)), initial=0))
                    k = bisect_right(starts, at) - 1
                    changed[k] = _uncrumbed(changed.get(k, texts[k]))
                at = joined.find(sign, at + 1)
        for k, bare in changed.items():
            if bare != texts[k]:
                self.bare[k] = bare
                self.counts[folded[k]] -= 1
                folded[k] = bare.casefold()
                self.counts[folded[k]] += 1

    def isolated(self, k: int) -> bool:
        """Whether the k-th non-blank line is a block of its own: a blank line (or the page's edge)
        above and below it, as converters print headings, on a page where most lines are not (on a
        page printed double-spaced every line is)."""
        index = self.index
        if not (k == 0 or index[k] - index[k - 1] > 1) or not (k + 1 == len(index) or index[k + 1] - index[k] > 1):
            return False
        if self._spaced is None:
            gaps = [b - a > 1 for a, b in pairwise(index)]
            self._spaced = 2 * sum(map(bool.__and__, gaps, gaps[1:])) > len(index)
        return not self._spaced

    def in_lower_case(self, word: str) -> bool:
        """Whether `word`, in lower case, occurs as a word of the page."""
        word, joined = word.lower(), self.joined
        at = joined.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and joined[at - 1].isalnum()) and not (end < len(joined) and joined[end].isalnum()):
                return True
            at = joined.find(word, end)
        return False

    def byline_names(self, text: str) -> tuple[str, ...]:
        """`_byline_names(text)`, once per text (the headline search and the byline scan both read
        the lines below the headline)."""
        names = self._bylines.get(text)
        if names is None:
            names = self._bylines[text] = _byline_names(text)
        return names

    def date_in(self, text: str, *, timed: bool = False) -> tuple[When, int, int] | None:
        """`dates.find_date(text)` (refusing dates after the fetch time when `timed`), once per text."""
        memo = self._timed if timed else self._dated
        if text not in memo:
            maybe = _FOUR_DIGITS.search(text) is not None
            memo[text] = find_date(text, fetch_time=self.fetch_time if timed else None) if maybe else None
        return memo[text]


def _positions(items: list[str], value: str, lo: int, hi: int) -> Iterator[int]:
    """The positions of `value` in `items[lo:hi]`."""
    k = lo - 1
    while True:
        try:
            k = items.index(value, k + 1, hi)
        except ValueError:
            return
        yield k


def _slug_words(url: str | None) -> tuple[set[str], set[str]]:
    """The words of the URL's path, and those of its last segment that has any (the page's own name:
    `/nacionales/daran-bendicion-a-vehiculos` -> `daran bendicion vehiculos`; the folders before it
    name sections, which pages print as kicker lines above the headline)."""
    if not url:
        return set(), set()
    every: set[str] = set()
    last: set[str] = set()
    for segment in unquote(urlsplit(url).path).split("/"):
        words = {w for w in _words(segment.replace("_", " ").replace("-", " ")) if len(w) > 2 and not w.isdigit()}
        if words:
            every |= words
            last = words
    return every, last


def _slug_only(words: set[str], slug: set[str], last: set[str]) -> bool:
    """Whether a line's casefolded words are all words of the URL slug, one at least of its last
    segment (a section's name alone is a kicker: `/nacionales/daran-…` and `Nacionales`)."""
    return words <= slug and not words.isdisjoint(last)


def _lede_dateline(text: str) -> str:
    """The dateline that opens a long first paragraph (up to a dash or colon in its first 40
    characters, or in brackets at its start: `(21. November 2022) The first sentence …`), else nothing."""
    if text.startswith("(") and (close := text.find(")", 1, 40)) > 0:
        return text[1:close]
    m = _LEDE_CUT.search(text, 0, 40)
    return text[: m.start()] if m else ""


def _date_lines(page: _Page, candidates: Iterable[int]) -> Iterator[tuple[int, When, bool]]:
    """(position, value, is a lone day-of-week date) for the candidate lines that hold a date."""
    for k in candidates:
        text = page.texts[k]
        if len(text) > 120:
            text = _lede_dateline(text)  # `BERLIN, 29.11.2022 – The first sentence …`
        found = page.date_in(text, timed=True)
        if found is None:
            continue
        value, start, end = found
        rest = (text[:start] + text[end:]).strip(" ,.-|")
        words = _words(text)
        lone_weekday = bool(words) and words[0] in _WEEKDAYS and len(_words(rest)) <= 2
        yield k, value, lone_weekday


def _last_post(page: _Page, k: int) -> bool:
    """Whether the date of the k-th line is labelled as a thread's last post's (`2.1K views 13 replies
    last post by jdoe Aug 7, 2023`), not the thread's start."""
    text = page.texts[k]
    found = page.date_in(text, timed=True)
    return found is not None and _LAST_POST.search(text, max(0, found[1] - 60), found[1]) is not None


def _uncrumbed(text: str) -> str:
    """The last part of a breadcrumb trail (`Home / News / X` -> `X`)."""
    if " / " in text or " > " in text or " › " in text or " » " in text:
        parts = _CRUMBS.split(text)
        return parts[-1] if len(parts) > 2 else text
    return text


def _place(k: int, start_k: int) -> float:
    """The score of a headline candidate's place: just above the body start is best; the body's first
    line is its first paragraph more often than its headline."""
    if k < start_k:
        return 1.5 / (start_k - k)
    return 0.75 if k == start_k else -min(1.0, 0.02 * (k - start_k))


def _places(ks: Iterable[int], start_k: int) -> list[float]:
    """`_place(k, start_k)` of each of `ks`."""
    return list(map(_place, ks, repeat(start_k)))


class _TitleSearch:
    """The headline candidates' scores on one page: what they are compared with (the page title's
    words, the URL slug's words, the body start) and which lines hold a date, read once."""

    __slots__ = (
        "_dated", "_maybe", "_maybe_by", "exact", "exact_vocabulary", "exact_words", "first_words", "last", "page",
        "slug", "start_k",
    )

    def __init__(
        self, page: _Page, first_words: set[str], exact: set[str], slug: set[str], start_k: int,
        last: set[str] | None = None,
    ) -> None:
        self.page, self.first_words, self.exact, self.slug, self.start_k = page, first_words, exact, slug, start_k
        #: the words of the URL's last segment (the slug's words by default)
        self.last = slug if last is None else last
        self._dated: dict[int, bool] = {}
        self._maybe: dict[int, bool] = {}
        self._maybe_by: dict[int, bool] = {}
        #: the words of the lines that may be the page title's headline printed again
        self.exact_words = [set(_words(text)) for text in exact]
        #: the words whose presence the bounds need: those of the lines it may print again
        self.exact_vocabulary = set().union(*self.exact_words)

    def _maybe_dated(self, k: int) -> bool:
        """Whether the k-th non-blank line may be a dateline: a short line with four digits."""
        if k not in self._maybe:
            texts = self.page.texts
            self._maybe[k] = k < len(texts) and len(texts[k]) <= 80 and _FOUR_DIGITS.search(texts[k]) is not None
        return self._maybe[k]

    def _maybe_bylined(self, k: int) -> bool:
        """Whether the k-th non-blank line may be a byline: a by-word in a short line."""
        if k not in self._maybe_by:
            texts = self.page.bare
            self._maybe_by[k] = (
                k < len(texts) and len(texts[k]) <= 120 and bool(_BYLINE.search(texts[k]) or _BY_ALONE.match(texts[k]))
            )
        return self._maybe_by[k]

    def _maybe_above_byline(self, k: int) -> bool:
        return self._maybe_bylined(k + 1) or self._maybe_bylined(k + 2)

    def _maybe_above_dateline(self, k: int) -> bool:
        return any(map(self._maybe_dated, self._block_below(k)))

    def _block_below(self, k: int) -> range:
        """The lines whose date makes the k-th non-blank line the one above a dateline: the next two;
        when a blank line follows it, the next `_BLOCK_REACH` (a heading printed as a block, with
        the byline block, photo credit or standfirst between it and the date: `Headline` / `` /
        `Jane Doe, Staff Attorney` / `& John Roe, Director` / `May 2, 2024`)."""
        index = self.page.index
        if k + 1 < len(index) and index[k + 1] - index[k] > 1:
            return range(k + 1, k + 1 + _BLOCK_REACH)
        return range(k + 1, k + 3)

    def above_dateline(self, k: int) -> bool:
        """Whether the k-th non-blank line is the line above a dateline (see `_block_below`)."""
        return any(map(self.dated, self._block_below(k)))

    def words_bound(self, inside: set[str]) -> float:
        """The most a candidate in which the page title's and URL slug's words `inside` occur gets
        for its words (the page title's, the slug's, the page title's headline printed again)."""
        first_words, slug = self.first_words, self.slug
        top = 0.0
        # most of its words are the page title's, and they are at least 0.4 of them
        if first_words and len(inside & first_words) >= 0.32 * len(first_words) - 1e-9:
            top += 4.0
        if slug and inside & slug:
            top += 3.0 * len(inside & slug) / len(slug) + (_SLUG_ONLY if inside & self.last else 0.0) + 1e-9
        if any(words <= inside for words in self.exact_words):
            top += 3.0
        return top

    def bound(self, k: int, base: float, wset: set[str]) -> float:
        """The most the score of the candidate whose `base` score is known can reach."""
        top = base + 1.5 if self._maybe_above_dateline(k) else base
        top = top + 1.0 if self._maybe_above_byline(k) else top
        return top + 3.0 if wset in self.exact_words else top

    def shape(self, k: int, text: str, folded: str) -> float:
        """What candidate `text` (`folded`: casefolded) gets for its shape and place alone."""
        return self._shape(0.0, k, text, folded)

    def may_gain(self, k: int, need: float) -> bool:
        """Whether the bonuses for a dateline (1.5) and a byline (1.0) below the k-th non-blank line
        may add up to `need` (so a candidate whose shape and words score `best - need` may still
        win; only the tests the answer needs are made, the dateline's first: four digits are quicker
        to look for than a by-word)."""
        if need <= 0.0:
            return True
        if need > 2.5:
            return False
        if self._maybe_above_dateline(k):
            return need <= 1.5 or self._maybe_above_byline(k)
        return need <= 1.0 and self._maybe_above_byline(k)

    def consider(self, k: int, text: str, words: list[str], best: float) -> float | None:
        """The candidate's score, or None when it cannot reach `best`."""
        base = self.base(k, text, words)
        # the rest of the score only lowers it, but for two bonuses: skip a line they cannot lift
        if base is None or self.bound(k, base, set(words)) < best - 1e-9:
            return None
        return self.score(k, text, base)

    def bylined(self, k: int) -> bool:
        """Whether the k-th non-blank line is a byline."""
        texts = self.page.bare
        return self._maybe_bylined(k) and bool(self.page.byline_names(texts[k]) or _BY_ALONE.match(texts[k]))

    def dated(self, k: int) -> bool:
        """Whether the k-th non-blank line is a short line holding a date."""
        if k not in self._dated:
            text = self.page.texts[k] if k < len(self.page.texts) else ""
            self._dated[k] = len(text) <= 80 and self.page.date_in(text) is not None
        return self._dated[k]

    def _shape(self, score: float, k: int, text: str, folded: str) -> float:
        """`score` plus what candidate `text` (`folded`: casefolded) gets for being repeated, its
        place, its length and its last character (added in this order, so that `base` and
        `shape` add the same floats)."""
        if self.page.counts.get(folded, 0) > 1 and self._near_repeat(k, folded):
            score += 1.0  # printed twice close together: the heading and its breadcrumb or caption
        score += _place(k, self.start_k)
        if self.page.isolated(k):
            score += _ISOLATED
        if 20 <= len(text) <= 160:
            score += 0.5
        if text.endswith((".", ":", ",", ";")) and not text.endswith("..."):
            score -= 1.0
        return score

    def _near_repeat(self, k: int, folded: str) -> bool:
        """Whether the candidate occurs again within `_REPEAT_NEAR` lines (menus repeat at the
        page's top and bottom; a heading next to its own breadcrumb or image caption)."""
        lines = self.page.folded
        return folded in lines[max(0, k - _REPEAT_NEAR) : k] or folded in lines[k + 1 : k + _REPEAT_NEAR + 1]

    def base(self, k: int, text: str, words: list[str]) -> float | None:
        """The score of the words, place and shape of candidate `text` (None: no candidate)."""
        first_words, slug = self.first_words, self.slug
        if len(words) <= 2 and not slug and not first_words:
            return None
        wset = set(words)
        score = 0.0
        if k and first_words and len(wset & first_words) >= 0.8 * len(wset) and len(wset) >= 0.4 * len(first_words):
            score += 3.0 + len(wset) / len(first_words | wset)
        slug_only = _slug_only(wset, slug, self.last)
        if slug:
            score += 3.0 * len(slug & wset) / len(slug)
            if slug_only:
                score += _SLUG_ONLY  # nothing but the URL's words: the page's name (`/wiki/Penny`: `Penny`)
        score = self._shape(score, k, text, self.page.folded[k])
        if len(words) <= 2 and not slug_only:
            score -= 1.0
        elif len(words) > 20:
            score -= 1.0  # a sentence of the story, not its headline
        return score

    def score(self, k: int, text: str, base: float) -> float:
        """The candidate's score: `base` with its byline and date shapes, the dateline below it, list
        item shape, and whether it is the page title's headline printed again."""
        if _URLISH.search(text) or "©" in text:
            return -1.0  # a link, an address or a copyright notice (`© Site name`)
        score = base
        if _BYLINE.match(text):
            score -= 2.0
        if self.page.date_in(text) is not None:
            score -= 2.0
        if score > -0.5 and self.above_dateline(k):
            score += 1.5  # the line above the dateline
        if score > -0.5 and any(self.bylined(j) for j in (k + 1, k + 2)):
            score += 1.0  # the line above the byline
        if _LISTED.match(self.page.texts[k]):
            score -= 1.0  # an item of a list (menus, teasers), rarely the headline
        if k and score > -0.5 and _norm(text) in self.exact:
            score += 3.0  # the page title's headline printed again: the heading
        if self._holds_a_neighbour(k):
            score -= _WRAPPED  # `Home News Headline` above `Headline`: a breadcrumb trail run into it
        return score

    def _holds_a_neighbour(self, k: int) -> bool:
        """Whether the candidate ends or starts with the whole of a line of three words or more printed
        at most `_WRAP_NEAR` lines below it (a breadcrumb trail or a label run into the heading the
        page prints again on its own; a trail above the heading ends with a short form of it)."""
        folded = self.page.folded
        line = folded[k]
        for j in range(k + 1, min(len(folded), k + _WRAP_NEAR + 1)):
            other = folded[j]
            if len(other) < len(line) and other.count(" ") >= 2 and (
                (line.endswith(other) and line[-len(other) - 1] == " ")
                or (line.startswith(other) and line[len(other)] == " ")
            ):
                return True
        return False


def _overlaps(text: str, title_words: set[str], first_words: set[str]) -> bool:
    """Whether the line is about the page title: most of its words are words of the first line,
    and they cover much of its headline part."""
    wset = set(_words(text))
    return bool(wset) and len(wset & first_words) >= 0.8 * len(wset) and len(wset & title_words) >= 0.4 * len(
        title_words
    )


def _page_title(first: str, url: str | None) -> tuple[str, bool]:
    """(the headline part of a first line that may be the page title, whether it has a site part):
    `Headline | Site` -> `Headline`, the part that names the URL's host dropped first, else the
    first part (`Headline - Site` is the common order)."""
    parts = [p for p in _SEPARATORS.split(first) if p]
    if len(parts) < 2:
        return first, False
    stripped = _strip_site(first, _site_keys(None, url))
    if stripped != first:
        return stripped, True
    return parts[0], True


def _title_parts(first: str) -> dict[str, str]:
    """The page title's headline candidates: its beginnings and ends made of whole parts
    (`A - B | C`: `A`, `A - B`, `B | C`, `C`), by their `_norm` form."""
    cuts = list(_SEPARATORS.finditer(first))
    out: dict[str, str] = {}
    for m in cuts:
        for part in (first[: m.start()], first[m.end() :]):
            if part.strip():
                out.setdefault(_norm(part), part.strip())
    return out


def _printed_part(
    parts: dict[str, str], title: str, ks: Sequence[int], folded: Sequence[str], start_k: int
) -> str | None:
    """The part of the page title (`parts`; `title`: the part taken so far) that the page prints as
    a line of its own, its heading (`folded`: the candidate lines at positions `ks`, casefolded): the
    longest one that extends `title` (`Headline - Subtitle | Site`, printed `Headline - Subtitle`);
    else `title` when printed; else a longer part printed just above the body, below the masthead
    (`Site | Headline` when the site is not recognised)."""
    if not parts:
        return None
    lengths = set(map(len, parts))  # a line of single spaces keeps its length in `_norm`
    printed = [
        (k, parts[n]) for k, f in zip(ks, folded, strict=True) if len(f) in lengths and (n := _norm(f)) in parts
    ]
    longer = [part for _, part in printed if part != title and (part.startswith(title) or part.endswith(title))]
    if longer:
        return max(longer, key=len)
    if any(part == title for _, part in printed):
        return title
    below_masthead = [
        part for k, part in printed if 5 <= k <= start_k and len(part.split()) > max(2, len(title.split()))
    ]
    return max(below_masthead, key=len, default=None)


def _find_title(
    page: _Page, slugs: tuple[set[str], set[str]], start_k: int, url: str | None
) -> tuple[int | None, str | None]:
    """(position of the best headline candidate, headline); `slugs`: the URL path's words, and those
    of its last segment."""
    slug, last = slugs
    texts, bare = page.texts, page.bare
    first = texts[0] if texts else ""
    first_title, has_site = _page_title(first, url)
    first_words = set(_words(first_title)) if has_site else set()
    if not first_words and 15 <= len(first) <= 200 and not first.endswith("."):
        first_words = set(_words(first))  # a first line that may be the bare page title
    # the first line is a candidate unless it is the page title (a site part, or words the candidates are compared with)
    first_k = 1 if has_site or (first_words and len(first) < _FIRST_HEADLINE) else 0
    shortest, longest = _TITLE_CHARS
    # the page's first lines, and those around the body start however far down it is (a long menu)
    below = min(len(texts), start_k + _TITLE_BELOW)
    reach = chain(range(first_k, min(below, _TITLE_MAX)), range(max(_TITLE_MAX, start_k - _TITLE_ABOVE), below))
    ks = [
        k for k in reach
        if shortest <= len(bare[k]) <= longest or (last and 3 <= len(bare[k]) < shortest and _slug_only(set(_WORD.findall(page.folded[k])), slug, last))
    ]
    folded = list(map(page.folded.__getitem__, ks))
    parts = _title_parts(first) if has_site else {}
    if printed := _printed_part(parts, first_title, ks, folded, start_k):
        # the page prints part of its title as a line of its own: its heading (`Site | Headline`,
        # `Headline - Subtitle | Site` with the heading `Headline - Subtitle`)
        first_title = printed
        first_words = set(_words(first_title)) or first_words
    exact = {_norm(first_title), _norm(first), *parts} if first_words else set()
    search = _TitleSearch(page, first_words, exact, slug, start_k, last)
    # the most each line's words can add (a line without any of the words: nothing, unless the page
    # title has no words)
    vocabulary = first_words | slug | search.exact_vocabulary
    words_top = {j: search.words_bound(words) for j, words in _words_inside(folded, vocabulary).items()}
    top0 = search.words_bound(set())
    # the candidates from the highest score they may reach down (a stable sort: then top to bottom):
    # the first that cannot beat the best so far ends the search
    places = _places(ks, start_k)
    tops = [place + _SHAPE_TOP + top0 for place in places]
    for j, top in words_top.items():
        tops[j] = places[j] + _SHAPE_TOP + top
    best, best_k = 1.0, None
    for j in sorted(range(len(ks)), key=tops.__getitem__, reverse=True):
        if tops[j] < best - 1e-9:
            break
        k, text = ks[j], bare[ks[j]]
        shape, words = search.shape(k, text, folded[j]), words_top.get(j, top0)
        # the bonuses for a dateline or byline below add at most 2.5 (a wider margin than the
        # rounding of the sums: what is skipped here the exact test below skips too)
        if shape + 2.5 + words < best - 1e-6 or not search.may_gain(k, best - 1e-9 - words - shape):
            continue
        s = search.consider(k, text, _WORD.findall(folded[j]), best)
        if s is not None and (s > best or (best_k is not None and s == best and k < best_k)):
            best, best_k = s, k
    if best_k is not None:
        text = bare[best_k]
        above_dateline = search.above_dateline(best_k)
        if has_site and best < _WEAK_TITLE and not above_dateline and not _overlaps(text, first_words, set(_words(first))):
            # a weak candidate that is neither the page title's headline nor above a dateline: the
            # page title is surer (the candidate still anchors the search for the dateline and byline)
            return best_k, first_title
        return best_k, text
    if first_words and len(first_title) >= 15:
        return None, first_title
    return None, None


def _url_date(url: str | None) -> date | None:
    if not url:
        return None
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _site_name(texts: Sequence[str], title: str | None, url: str | None) -> str | None:
    if texts:
        first = texts[0]
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


_PARTICLES = frozenset("van von der de da di du la le del dos das ten ter bin al el y e".split())


def _looks_like_name(name: str) -> bool:
    """Capitalised words (name particles aside), one to four of them."""
    words = name.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w in _PARTICLES for w in words) and is_name(name)


def _byline_names(text: str) -> tuple[str, ...]:
    """Names after a `By`-like word at the start of a short line or after a separator."""
    if len(text) > 120 or (text.endswith((".", "?", "!")) and _FOUR_DIGITS.search(text) is None):
        return ()  # (a sentence: see below; without a date the names cannot end before one)
    m = _BYLINE.search(text)
    if m is None or m.start() > 40:
        return ()
    if not m.group(1)[:1].isupper():
        # a user name after a dated post's by-word (`Posted on July 9, 2016 by jdoe42`), else a phrase
        head = text[: m.start()].rstrip()
        found = find_date(head) if _FOUR_DIGITS.search(head) else None
        dated = found is not None and found[2] == len(head)
        return _handle(m.group(1).strip()) if dated else ()
    before = text[: m.start()].split()
    if before and text[m.start()].isspace() and not (
        _FOUR_DIGITS.search(text, 0, m.start()) or before[-1].casefold() in _BY_VERBS or not _WORD.search(before[-1])
    ):
        return ()  # `Auslöten von Bauteilen`: a phrase, not a byline
    raw = m.group(1)
    names = _before_date(raw)
    if names is raw and text.endswith((".", "?", "!")):
        return ()  # a sentence naming someone (`… was written by Jane Doe.`), unless a date follows the names
    return _people_first(tuple(n for n in clean_authors(_CUT.split(names)[0]) if _looks_like_name(n)))


def _people_first(names: tuple[str, ...]) -> tuple[str, ...]:
    """A By-line's names less the affiliations listed after a person (`By Jane Doe, AMP Project
    Marketing, Google`): a name of one word, or holding an acronym (a word in capitals among words
    that are not), goes when a person's name (two words or more, no acronym) comes first."""
    if len(names) < 2 or not _personal(names[0]):
        return names
    return tuple(n for n in names if _personal(n) and not _role(n))


def _role(name: str) -> bool:
    """Whether `name` is a person's role (`Product Manager`, `Director of Education`): the role's word
    ends it, or ends what comes before its `of …`."""
    words = _role_words(name)
    return words[-1] in _ROLE_TITLES


def _role_words(role: str) -> list[str]:
    """The casefolded words of a role up to its `of …` (`Director of Education` -> `director`)."""
    return role.casefold().split(" of ", 1)[0].split()


def _personal(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and (name.isupper() or not any(len(w) > 1 and w.isupper() for w in words))


def _before_date(text: str) -> str:
    """The names of a byline up to its date and the date's label (`Jane Doe Published: May 2, 2024`)
    and the date's weekday (`BeauHD on Friday December 19, 2025`); `text` itself when it holds no date."""
    found = find_date(text) if _FOUR_DIGITS.search(text) else None
    if found is None:
        return text
    names = text[: found[1]].rstrip()
    head, _, last = names.rpartition(" ")
    if head and last.casefold().strip(",.") in _WEEKDAYS:
        names = head
    if names.endswith(":") and (glued := _GLUED_LABEL.search(names)):
        return names[: glued.start()]  # `Jane DoePublished:` (the label's element printed without a space)
    return names.rsplit(None, 1)[0] if names.endswith(":") and " " in names else names


def _starter_name(text: str) -> tuple[str, ...]:
    """The user name a forum prints beside its thread-starter label (`Thread starter jane_doe`,
    `jdoe42 Discussion starter`): a handle, which need not be capitalised or free of digits."""
    m = _STARTER.match(text) if len(text) <= 60 else None
    return _handle(m.group("after") or m.group("before")) if m else ()


def _handle(text: str) -> tuple[str, ...]:
    """`text` as a forum user name: one token of word characters, dots or dashes, whose letters make a
    name (`authors.is_name`: two letters at least, no interface word such as `Menu`)."""
    if not _HANDLE.fullmatch(text) or text.casefold() in _STARTER_WORDS:
        return ()
    return (text,) if is_name(_DIGIT.sub("", text)) else ()


def _name_line(text: str) -> tuple[str, ...]:
    """The names of a line that holds nothing but names (`Jane Doe`, `Jane Doe, John Roe y Ana Ruiz`):
    every word of the line is part of a name or a list word between names."""
    if len(text) > 100 or _DIGIT.search(text) or ":" in text:
        return ()  # a colon: a label and its value (`Bild: REUTERS`), not names
    names = clean_authors(text)
    if not names or not all(_looks_like_name(n) for n in names):
        return ()
    named = {w for n in names for w in _words(n)}
    return names if set(_words(text)) <= named | _LIST_WORDS else ()


def _role_line(text: str) -> tuple[str, ...]:
    """The person of a line that gives a name and then the person's role after a comma (`Jane Doe,
    Staff Attorney, Racial Justice Program`; `& Jane Roe, Director of Education`, which goes on from
    the line above): the name of two words or more, then a role's word after its qualifiers."""
    name, comma, role = _GOES_ON.sub("", text, count=1).partition(", ")
    if not comma or len(text) > 160 or _DIGIT.search(text) or ":" in text:
        return ()
    words = _role_words(role.split(",", 1)[0])
    if not words or words[-1] not in _ROLE_TITLES or not all(w in _ROLE_QUALIFIERS for w in words[:-1]):
        return ()  # the role's words, maybe qualified, up to its `of …` (`Director of Education`)
    names = _name_line(name)
    return names if len(names) == 1 and _personal(names[0]) else ()


def _dateline_names(page: _Page, text: str) -> tuple[str, ...]:
    """Names beside the date on a dateline (`Jane Doe, 02.01.2023, 11:08`, `Jane Doe | May 22, 2025`):
    the part just before the date, else the part just after it, when it is only names."""
    if len(text) > 100:
        return ()
    found = page.date_in(text)
    if found is None:
        return ()
    _, start, end = found
    before = [p for p in _PARTS.split(text[:start]) if p.strip()]
    after = [p for p in _PARTS.split(text[end:]) if p.strip()]
    for part in (before[-1:] or after[:1]):
        if before and part.rstrip().endswith(":"):
            return ()  # a label (`Updated: May 2, 2024`, `Registered: 2024-01-27`), not a name
        words = _LEAD.sub("", _TIME_UNIT.sub("", part.strip(" ,.:-"))).strip(" ,.:-").split(" ")
        while len(words) > 1 and page.counts.get(words[-1].casefold(), 0):
            words.pop()  # a category the page also prints alone (a menu entry): `Jane Doe Kultur`
        names = _name_line(" ".join(words))
        if len(names) == 1 and " " not in names[0] and (
            not before or text[:start].rstrip().endswith(",") or names[0].casefold() in _WEEKDAYS
        ):
            # one word after the date is its category (`11.11.2021 Artikel`), one before it and a comma
            # the place of a news dateline (`Kolkata, January 13, 2008`), or the date's weekday
            return ()
        return names
    return ()


def _dateline_text(page: _Page, k: int) -> str:
    """The k-th line as a dateline: without its list marker, unless the marker is the date's day
    (`30. Oktober 2023 Jane Doe` is no item numbered 30)."""
    text, bare = page.texts[k], page.bare[k]
    if text != bare and text[:1].isdigit() and (found := page.date_in(text)) is not None and found[1] == 0:
        return text
    return bare


def _post_handle(page: _Page, k: int) -> tuple[str, ...]:
    """The user name heading a forum post on the k-th line (`jdoe42 April 26, 2024, 6:28am 1`): one
    token, not a label word, just before the date that opens the rest of the line."""
    text = page.bare[k]
    found = page.date_in(text) if len(text) <= 80 else None
    if found is None or found[1] == 0 or " " in (token := text[: found[1]].strip()):
        return ()
    folded = token.casefold()
    if folded in _POST_LABELS or folded in _BY_VERBS or folded in _WEEKDAYS:
        return ()
    return _handle(token)


def _phrase(page: _Page, names: Sequence[str]) -> bool:
    """Whether one of `names` is a phrase: the page also writes each of its words in lower case."""
    return any(all(map(page.in_lower_case, name.split())) for name in names)


def _past_marks(bare: Sequence[str], k: int, step: int) -> int:
    """The position of the line next to line k (`step` -1: above, 1: below), past one line of
    punctuation alone (`Jane Doe` / `|` / `May 22, 2025`)."""
    j = k + step
    if 0 <= j < len(bare) and _WORD.search(bare[j]) is None:
        return j + step
    return j


def _nearest(found: list[tuple[int, tuple[str, ...]]], anchor: int) -> list[str]:
    """Names of the line nearest the anchor (below it preferred) and of those beside that line."""
    k0 = min((k for k, _ in found), key=lambda k: k - anchor if k >= anchor else 3 * (anchor - k))
    out: list[str] = []
    for k, names in found:
        if abs(k - k0) <= 2:
            out.extend(n for n in names if n not in out)
    return out


def _authors_near(
    page: _Page, lo: int, hi: int, title_k: int | None, title: str | None, dated: Sequence[int],
    *, undated: bool = False,
) -> tuple[tuple[str, ...], set[int]]:
    """Names near the headline (non-blank positions lo..hi, dated: positions of date lines there):
    from the `By …` line nearest the headline (and those beside it) when there are any, else beside
    the date on a dateline, else from a line of names next to a dateline or just below the headline
    (on an `undated` page, one without any date, only a list of two names or more)."""
    bare, n = page.bare, len(page.texts)
    anchor = title_k if title_k is not None else max(0, lo + 2)
    by: list[tuple[int, tuple[str, ...]]] = []
    first, last = max(lo, 1), min(hi, n)
    # one search of the lines for a thread-starter label's words, not two matches a line
    window = "\n".join(page.folded[first:last])
    forum = any(hint in window for hint in _STARTER_HINTS)
    for k in range(first, last):
        text = bare[k]
        if text == title:
            continue
        names = page.byline_names(text)
        if forum and not names:
            names = _starter_name(text)
            if not names and _STARTER_ALONE.match(text):
                names = _handle(bare[k - 1])  # `jdoe42` / `Original Poster`
        if not names and _BY_ALONE.match(text) and k + 1 < n:
            names = _name_line(bare[k + 1])  # `Written by` / `Jane Doe`
        if names:
            by.append((k, names))
    if by:
        found = _nearest(by, anchor)
        found_set = set(found)
        used = {page.index[k] for k, names in by if found_set.intersection(names)}
        return tuple(found[:4]), used
    beside = [
        (k, names) for k in dated if (names := _dateline_names(page, _dateline_text(page, k))) and not _phrase(page, names)
    ]
    if beside:
        return tuple(_nearest(beside, anchor)[:4]), set()
    posts = [(k, handle) for k in dated if (handle := _post_handle(page, k))]
    if len({handle for _, handle in posts}) > 1:
        # a thread: posts headed `user date` by several users; the nearest below the headline started it
        _, starter = min(posts, key=lambda t: t[0] - anchor if t[0] >= anchor else 3 * (anchor - t[0]))
        return starter, set()
    near: list[tuple[int, tuple[str, ...]]] = []
    first = title_k + 1 if title_k is not None else max(0, lo - 3)
    targets = [(_past_marks(bare, k, -1), _past_marks(bare, k, 1)) for k in dated]
    targets += [(k, k) for k in range(first, min(first + 4, n))]
    for k in sorted({k for pair in targets for k in pair}):
        if k < 1 or k >= n or k == title_k:
            continue
        text = bare[k]
        names = (
            _name_line(text) or _role_line(text)
            if text != title and not text.endswith(".") and not _STARTER_ALONE.match(text) else ()
        )
        # one word alone is a label more often than a name; so are words the page also writes in
        # lower case (`Call Us`, `Player Ratings`)
        if names and all(" " in n for n in names) and not _phrase(page, names) and not text.isupper():
            near.append((k, names))
    if not near:
        return (), set()
    k0 = min((k for k, _ in near), key=lambda k: abs(k - anchor))
    found_names, used = list(dict(near)[k0]), {page.index[k0]}
    k = k0 + 1
    while (
        k < n and _GOES_ON.match(bare[k]) and (more := _role_line(bare[k]) or _name_line(bare[k]))
        and not _phrase(page, more)
    ):
        # `Jane Doe, Staff Attorney` / `& Jane Roe, Director …`: one list of names on two lines
        found_names.extend(name for name in more if name not in found_names)
        used.add(page.index[k])
        k += 1
    if undated and len(found_names) < 2:
        # a page without a date is seldom a story: a title-case line below its heading is a tagline,
        # a product's name or a button (`Tank Tops`, `Register Now`) more often than a byline
        return (), set()
    return tuple(found_names[:4]), used


def read_header(
    lines: Sequence[str], body_start: int, *, url: str | None = None, fetch_time: datetime | None = None,
    nonblank: tuple[list[int], list[str]] | None = None,
) -> Header:
    """Read the header from stripped `lines`; `body_start` is the index of the body's first line.
    `nonblank`: the indexes of the non-blank lines and their texts, when the caller has them (not
    changed)."""
    page = _Page(lines, fetch_time, nonblank)
    n = len(page.texts)
    start_k = bisect_left(page.index, body_start)
    if start_k < n and page.index[start_k] != body_start:
        start_k = n  # a blank line or no line: no non-blank line opens the body
    prov: dict[str, str] = {}
    used: set[int] = set()

    title_k, title = _find_title(page, _slug_words(url), start_k, url)
    if title is not None:
        prov["title"] = "text-header" if title_k is not None else "text-first-line"
        used.update(page.index[k] for k in _positions(page.bare, title, 1, min(start_k + 1, n)))
    anchor = title_k if title_k is not None else start_k

    window = [k for k in range(max(0, anchor - 3), min(n, anchor + 30)) if k != title_k]
    dates = list(_date_lines(page, window))
    page_date: When | None = next((v for _, v, lone in _date_lines(page, range(min(anchor, 40))) if lone), None)
    # a lone weekday date above the headline is the masthead's; below it, the story's dateline
    pub = [(k, v) for k, v, lone in dates if not lone or k > anchor]
    # the date of a thread's last post is the story's only when no other is near
    pub = [t for t in pub if not _last_post(page, t[0])] or pub
    published: When | None = None
    if pub:
        # the nearest date to the headline, below it rather than above
        dateline, published = min(pub, key=lambda t: abs(t[0] - anchor) + 3 * (t[0] < anchor))
        prov["published"] = "text-dateline"
        if dateline - anchor <= 8 and len(page.texts[dateline]) <= 120:
            used.add(page.index[dateline])  # (not a paragraph that opens with its dateline)
    elif body_dates := [
        (k, v) for k, v, lone in _date_lines(page, range(max(0, start_k - 8), min(n, start_k + 8))) if not lone
    ]:
        # no date near the headline: the dateline next to the body's first line
        dateline, published = min(body_dates, key=lambda t: abs(t[0] - start_k) + 3 * (t[0] < start_k))
        prov["published"] = "text-dateline"
    elif (from_url := _url_date(url)) is not None:
        published = from_url
        prov["published"] = "url"
    else:
        rest = (k for k in range(n * 3 // 4) if len(page.texts[k]) <= 80)
        published = next((v for _, v, lone in _date_lines(page, islice(rest, 300)) if not lone), None)
        if published is not None:
            prov["published"] = "text-first-date"
    if isinstance(page_date, datetime):
        page_date = page_date.date()

    near_dates = [k for k, _ in pub if k <= anchor + 30]
    authors, by_lines = _authors_near(
        page, anchor - 2, max(anchor + 30, start_k + 20), title_k, title, near_dates, undated=published is None,
    )
    if not authors and (label := _AUTHOR_LABEL.search(page.joined)):
        # none near the headline: an author's label anywhere on the page (`Author: Jane Doe` in a
        # recipe card or an information box below the story)
        end = page.joined.find("\n", label.end())
        authors = _byline_names(page.joined[label.start() + 1 : end if end >= 0 else None])
    if authors:
        prov["authors"] = "text-byline"
        used |= by_lines
    site = _site_name(page.texts, title, url)
    if site:
        prov["site_name"] = "text-masthead"
    return Header(
        title=title, authors=authors, published=published, page_date=page_date, site_name=site,
        lines=frozenset(used), provenance=prov,
    )
