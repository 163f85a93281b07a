"""Dates and times in text: ISO 8601 and human dates in the common news languages.

    parse_date("31 August 2024 19:19 (UTC+04:00)")  -> datetime(2024, 8, 31, 19, 19, tzinfo=+04:00)
    parse_date("31 avqust 2024")                     -> date(2024, 8, 31)
    parse_date("31 августа 2024, 19:19")             -> date(2024, 8, 31)   (a time without a zone)
    parse_date("2024年8月31日")                       -> date(2024, 8, 31)

Decision: a time is only kept when the text also gives its offset or zone (`+04:00`, `UTC+4`,
`GMT+4`, `EDT`, `Asia/Baku`...). A wall-clock time without a zone cannot be placed on the time
line, and inventing UTC (or midnight) would turn a correct day into a wrong instant, so such a
value becomes a `date`. Dates after the fetch time (default: now) and before 1990 are refused.

Month names: English, Russian, Azerbaijani, Turkish, German, French, Spanish, Portuguese,
Italian and Arabic (one month's two names, `24 نيسان / أبريل 2020`, read as one); CJK dates
(`2024年8月31日`, `2024년 8월 31일`) and numeric forms (`2024-08-31`, `31.08.2024`, `08/31/2024`,
`2024/08/31`, `26 | 01 | 2022`). Nothing here raises.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["LANGUAGES", "MIN_YEAR", "find_date", "find_local_time", "month_names", "parse_date", "parse_iso"]

#: Dates before this year are refused as implausible for a news page.
MIN_YEAR = 1990

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sep sept", "october oct", "november nov",
        "december dec",
    ),
    "ru": (
        "января январь янв", "февраля февраль фев", "марта март мар", "апреля апрель апр",
        "мая май", "июня июнь июн", "июля июль июл", "августа август авг",
        "сентября сентябрь сен сент", "октября октябрь окт", "ноября ноябрь ноя",
        "декабря декабрь дек",
    ),
    "az": (
        "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
        "oktyabr", "noyabr", "dekabr",
    ),
    "tr": (
        "ocak", "şubat subat", "mart", "nisan", "mayıs mayis", "haziran", "temmuz",
        "ağustos agustos", "eylül eylul", "ekim", "kasım kasim", "aralık aralik",
    ),
    "de": (
        "januar jänner jan", "februar feb", "märz maerz mär", "april apr", "mai",
        "juni jun", "juli jul", "august aug", "september sep sept", "oktober okt",
        "november nov", "dezember dez",
    ),
    "fr": (
        "janvier janv", "février fevrier févr fevr", "mars", "avril avr", "mai", "juin",
        "juillet juil", "août aout", "septembre sept", "octobre oct", "novembre nov",
        "décembre decembre déc dec",
    ),
    "es": (
        "enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
        "julio jul", "agosto ago", "septiembre setiembre sep sept", "octubre oct",
        "noviembre nov", "diciembre dic",
    ),
    "pt": (
        "janeiro jan", "fevereiro fev", "março marco mar", "abril abr", "maio mai",
        "junho jun", "julho jul", "agosto ago", "setembro set", "outubro out",
        "novembro nov", "dezembro dez",
    ),
    "it": (
        "gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag", "giugno giu",
        "luglio lug", "agosto ago", "settembre set sett", "ottobre ott", "novembre nov",
        "dicembre dic",
    ),
    "ar": (
        "يناير كانون الثاني", "فبراير شباط", "مارس آذار", "أبريل ابريل إبريل نيسان",
        "مايو أيار ايار", "يونيو يونيه حزيران", "يوليو يوليه تموز", "أغسطس اغسطس آب",
        "سبتمبر أيلول ايلول", "أكتوبر اكتوبر تشرين الأول", "نوفمبر تشرين الثاني",
        "ديسمبر كانون الأول",
    ),
}
#: Languages whose numeric dates put the month first (`08/31/2024`) when both readings are valid.
_MONTH_FIRST = frozenset({"en", "en-us"})
#: Every language with month names (the default of `languages`).
LANGUAGES = tuple(_MONTHS)

_ZONE_ABBR: dict[str, float] = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2, "met": 1,
    "mest": 2, "eet": 2, "eest": 3, "msk": 3, "trt": 3, "azt": 4, "gst": 4, "pkt": 5, "ist": 5.5,
    "ict": 7, "wib": 7, "sgt": 8, "hkt": 8, "awst": 8, "pht": 8, "kst": 9, "jst": 9,
    "acst": 9.5, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "est": -5, "edt": -4,
    "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9,
    "akdt": -8, "hst": -10, "brt": -3, "art": -3, "sast": 2, "cat": 2, "eat": 3, "wat": 1,
    "мск": 3,
}
#: US zone names without the standard/daylight letter follow the region's rules on that day.
_ZONE_REGION = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
                "pt": "America/Los_Angeles"}

#: A year in text whose Arabic-Indic and full-width digits are already ASCII (`_DIGITS`, done by
#: every caller of `_matches`). The lookbehind comes after the literal `19`/`20` (where `\d\d\d`
#: means "a digit before the year"), so the regex engine skips to a `1` or `2` in C instead of
#: trying the lookbehind at every position: 6x faster over a page's text.
_YEAR = re.compile(r"(?:19|20)(?<!\d\d\d)\d\d(?!\d)")
_OTHER_DIGITS = re.compile(r"[٠-٩۰-۹０-９]")
#: How far before / after its year a date expression can start / end (`Wednesday, 31 de agosto de 2024`).
_BEFORE_YEAR = 48
_AFTER_YEAR = 12
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_ORD = r"(?:st|nd|rd|th|er|e|º|ª|\.|-?(?:го|е|ci|cı|cu|cü|ncı|nci|ncu|ncü))?"
_TIME = re.compile(
    r"""(?:\s*(?:г\.|года|г(?![^\W\d_])|yılı|il))?\s*(?:[,|·•\-–—/@]\s*)?(?:(?:at|à|a\s+las|às|as|alle|ore|um|в|saat|kl\.?|klo|a\s+les)\s+)?
    (?P<H>\d{1,2})\s*(?:[:h]|\.(?=\d\d))\s*(?P<M>\d{2})(?!\d)(?::(?P<S>\d{2})(?:[.,]\d+)?)?
    (?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?
    |\s*(?:[,|·•\-–—/@]\s*)?(?:at\s+)?(?P<H12>\d{1,2})\s*(?P<ampm12>[ap])\.?\s?m\b\.?""",
    re.IGNORECASE | re.VERBOSE,
)
_ZONE = re.compile(
    r"""\s*\(?\s*(?:
      (?P<gmt>utc|gmt|z\b)?\s*(?P<off>[+\-−]\s*\d{1,2}(?:\s*:?\s*\d{2})?)(?!\d)
      |(?P<abbr>[a-zа-я]{1,5})\b
      |(?P<iana>[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)
    )\s*\)?""",
    re.IGNORECASE | re.VERBOSE,
)
_ISO_TAIL = re.compile(r"(?:[Tt]|\s+)(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?")
_TIME_BEFORE = re.compile(
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<zone>[A-Z]{2,5})?\s*[,|·•\-–—/]?\s*$",
    re.IGNORECASE,
)


def _month_table(languages: tuple[str, ...] | None) -> dict[str, int]:
    table: dict[str, int] = {}
    primary = None if languages is None else {tag.split("-")[0].lower() for tag in languages}
    for lang, months in _MONTHS.items():
        if primary is not None and lang not in primary:
            continue
        for number, names in enumerate(months, 1):
            # multi-word Arabic names (كانون الثاني) stay whole
            parts = [names] if lang == "ar" and " " in names and len(names.split()) == 2 else names.split()
            if lang == "ar" and len(names.split()) > 2:
                parts = _arabic_names(names)
            for name in parts:
                table.setdefault(name, number)
    return table


def month_names(language: str) -> dict[str, int]:
    """Each month name and abbreviation of `language` (a primary tag such as "en"), lower case,
    with its number: the names `parse_date` reads, for callers that match months elsewhere (URLs)."""
    return _month_table((language,))


def _arabic_names(names: str) -> list[str]:
    words = names.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in ("كانون", "تشرين") and i + 1 < len(words):
            out.append(f"{words[i]} {words[i + 1]}")
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _trie_regex(words: Iterable[str]) -> str:
    """One regex for many words, as a trie (`a(?:ug(?:ust)?|pr(?:il)?)`): the engine reads a word's
    letters once instead of trying every word at every position. Longer words are preferred, as
    in an alternation sorted by length; a space in a word matches any white space."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@functools.lru_cache(maxsize=16)
def _patterns(languages: tuple[str, ...] | None) -> tuple[re.Pattern[str], dict[str, int]]:
    table = _month_table(languages)
    month = rf"(?:{_trie_regex(table)})(?![^\W\d_])\.?"
    # every branch opens with a digit or a month name: the lookahead refuses the other positions at
    # one character instead of trying the eight branches there (9.6 -> 7.3 us a call on the text
    # path's lines; the same matches). An empty month table lets a branch open with white space.
    lead = rf"(?=[\d{''.join(map(re.escape, sorted({name[0] for name in table})))}])" if table else ""
    pattern = lead + rf"""(?:
      (?<![\d.])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?!\d)
    | (?<![\d.])(?P<ry>(?:19|20)\d\d)[/.](?P<rm>[01]?\d)[/.](?P<rd>[0-3]?\d)(?![\d/])
    | (?<![\d./])(?P<na>[0-3]?\d)(?P<sep>[./\-]|\s?\|\s?)(?P<nb>[0-3]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?!\d)
    | (?<![\d])(?P<cy>(?:19|20)\d\d)\s*[年년]\s*(?P<cm>[01]?\d)\s*[月월]\s*(?P<cd>[0-3]?\d)\s*[日일号]?
    | (?<![\d])(?P<d1>[0-3]?\d){_ORD}\s*(?:de\s+|of\s+)?(?P<m1>{month})(?:\s*/\s*(?P<m1b>{month}))?[\s,]*(?:de\s+|del\s+)?(?P<y1>(?:19|20)\d\d)(?!\d)
    | (?<![^\W\d_])(?P<m2>{month})\s*(?P<d2>[0-3]?\d){_ORD}(?!\d)[\s,]+(?P<y2>(?:19|20)\d\d)(?!\d)
    | (?<![\d])(?P<y3>(?:19|20)\d\d)[\s,.]+(?P<m3>{month})[\s,]+(?P<d3>[0-3]?\d)(?!\d)
    | (?<![^\W\d_])(?P<m4>{month})\s+(?P<d4>[0-3]?\d)\s+(?P<t4>[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?:\s*[+\-]\d{{4}}|\s+[A-Za-z]{{1,5}})?)\s+(?P<y4>(?:19|20)\d\d)(?!\d)
    )"""
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE), table


def _offset(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


def _zone_from_match(m: re.Match[str], day: date, hour: int, minute: int) -> tzinfo | None:
    if m.group("off"):
        raw = re.sub(r"\s", "", m.group("off")).replace("−", "-")
        sign = -1 if raw[0] == "-" else 1
        digits = raw[1:].replace(":", "")
        if len(digits) <= 2:
            h, mins = int(digits), 0
        elif len(digits) == 3:
            h, mins = int(digits[0]), int(digits[1:])
        else:
            h, mins = int(digits[:2]), int(digits[2:4])
        if h > 14 or mins >= 60:
            return None
        return timezone(sign * timedelta(hours=h, minutes=mins))
    if m.group("gmt"):
        return UTC
    abbr = (m.group("abbr") or "").lower()
    if abbr in _ZONE_ABBR:
        return _offset(_ZONE_ABBR[abbr])
    name = _ZONE_REGION.get(abbr) or m.group("iana")
    if name:
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        return zone
    return None


def _hour(h: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    return h if 0 <= h <= 23 else None


def _with_time(day: date, text: str, end: int) -> tuple[date | datetime, int]:
    """The day, made an aware datetime when a time and a zone follow it at `end`."""
    tm = _TIME.match(text, end)
    if tm is None:
        return day, end
    if tm.group("H12"):
        hour, minute, second = _hour(int(tm.group("H12")), tm.group("ampm12")), 0, 0
    else:
        hour, minute = _hour(int(tm.group("H")), tm.group("ampm")), int(tm.group("M"))
        second = int(tm.group("S") or 0)
    if hour is None or minute > 59 or second > 59:
        return day, end
    zm = _ZONE.match(text, tm.end())
    zone = _zone_from_match(zm, day, hour, minute) if zm else None
    if zone is None or zm is None:
        return day, tm.end()
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
    return moment, zm.end()


def _time_before(day: date, text: str, start: int) -> date | datetime:
    """`19:19 EDT, 31 August 2024`: a time (with a zone) just before the date."""
    bm = _TIME_BEFORE.search(text, max(0, start - 30), start)
    if bm is None or not bm.group("zone"):
        return day
    hour = _hour(int(bm.group("H")), (bm.group("ampm") or "")[:1] or None)
    zone_abbr = bm.group("zone").lower()
    if hour is None or int(bm.group("M")) > 59 or zone_abbr not in _ZONE_ABBR:
        return day
    return datetime(day.year, day.month, day.day, hour, int(bm.group("M")),
                    tzinfo=_offset(_ZONE_ABBR[zone_abbr]))


def _numeric(a: int, b: int, sep: str, languages: tuple[str, ...] | None) -> tuple[int, int] | None:
    """(month, day) of `a<sep>b<sep>year`."""
    if a > 12 and b <= 12:
        return b, a
    if b > 12 and a <= 12:
        return a, b
    if a > 12 or b > 12:
        return None
    month_first = sep == "/" and (languages is None or bool(_MONTH_FIRST & {t.lower() for t in languages}))
    return (a, b) if month_first else (b, a)


def _day_of(m: re.Match[str], table: dict[str, int], languages: tuple[str, ...] | None) -> date | None:
    g = m.groupdict()
    try:
        if g["iy"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["ry"]:
            return date(int(g["ry"]), int(g["rm"]), int(g["rd"]))
        if g["ny"]:
            md = _numeric(int(g["na"]), int(g["nb"]), g["sep"], languages)
            return date(int(g["ny"]), *md) if md else None
        if g["cy"]:
            return date(int(g["cy"]), int(g["cm"]), int(g["cd"]))
        for y, mo, d in (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3"), ("y4", "m4", "d4")):
            if g[y]:
                month = _month_number(g[mo], table)
                if mo == "m1" and g["m1b"] and _month_number(g["m1b"], table) != month:
                    return None  # `24 نيسان / أبريل 2020` names one month twice; two months are a range
                return date(int(g[y]), month, int(g[d])) if month else None
    except ValueError:
        return None
    return None


def _month_number(name: str, table: dict[str, int]) -> int | None:
    return table.get(re.sub(r"\s+", " ", name.lower().rstrip(".")).replace("i̇", "i"))


def _plausible(value: date | datetime, fetch_time: datetime | None) -> bool:
    now = fetch_time or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if value.year < MIN_YEAR:
        return False
    try:
        if isinstance(value, datetime):
            return value <= now + timedelta(minutes=5)
        # a bare day may already have begun east of UTC
        return value <= (now + timedelta(hours=14)).date()
    except OverflowError:  # a fetch time at the end of `datetime`: nothing comes after it
        return True


def parse_iso(text: str) -> date | datetime | None:
    """Strict ISO 8601 (`2024-08-31`, `2024-08-31T19:19:00+04:00`, `...Z`, `20240831`); None otherwise.

    A time without an offset gives the date alone. No plausibility check.
    """
    s = text.strip()
    if len(s) < 8 or not s[:4].isdigit():
        return None
    if s[-1:] in "zZ":
        s = s[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(s)
    except ValueError:
        return None
    if len(s) <= 10 and "T" not in s:
        return moment.date()
    return moment if moment.tzinfo is not None and moment.utcoffset() is not None else moment.date()


def _matches(norm: str, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """Date-pattern matches, found only around four-digit years (every pattern has one).

    The full pattern (month names of ten languages) is slow to try at every position of a long
    text; a year is quick to find, and a date lies within a few characters of its year.
    """
    done = 0
    for year in _YEAR.finditer(norm):
        if year.start() < done:
            continue
        lo = max(done, year.start() - _BEFORE_YEAR)
        for m in pattern.finditer(norm, lo, year.end() + _AFTER_YEAR):
            if m.start() <= year.start() and m.end() >= year.end():
                done = m.end()
                yield m
                break


def _iter_dates(
    text: str, fetch_time: datetime | None, languages: tuple[str, ...] | None
) -> Iterable[tuple[date | datetime, int, int]]:
    norm = text.translate(_DIGITS) if _OTHER_DIGITS.search(text) else text
    pattern, table = _patterns(languages)
    for m in _matches(norm, pattern):
        day = _day_of(m, table, languages)
        if day is None:
            continue
        value: date | datetime
        end = m.end()
        if m.group("t4"):  # `Mon Aug 03 12:45:00 EDT 2015` (Unix `date`, Java): the time sits before the year
            value = _with_time(day, " " + m.group("t4"), 0)[0]
        elif m.group("iy") or m.group("ry"):
            value, end = _iso_time(day, norm, end)
        else:
            value, end = _with_time(day, norm, end)
        if not isinstance(value, datetime):
            value = _time_before(day, norm, m.start())
        if _plausible(value, fetch_time):
            yield value, m.start(), end
        elif isinstance(value, datetime) and _plausible(day, fetch_time):
            yield day, m.start(), m.end()


def _iso_time(day: date, text: str, end: int) -> tuple[date | datetime, int]:
    tail = _ISO_TAIL.match(text, end)
    if tail is None or int(tail.group("H")) > 23 or int(tail.group("M")) > 59:
        return _with_time(day, text, end)
    hour, minute, second = int(tail.group("H")), int(tail.group("M")), int(tail.group("S") or 0)
    if second > 59:
        return day, tail.end()
    zm = _ZONE.match(text, tail.end())
    zone = _zone_from_match(zm, day, hour, minute) if zm else None
    if zone is None or zm is None:
        return day, tail.end()
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone), zm.end()


def find_date(
    text: str, *, fetch_time: datetime | None = None, languages: tuple[str, ...] | None = None
) -> tuple[date | datetime, int, int] | None:
    """The first plausible date expression in `text`: (value, start, end). Never raises.

    `languages` (ISO 639-1 codes, optionally with a region) limits the month names tried and
    decides `08/09/2024`: month first only for `en` and `en-US`, so `("en-GB",)` reads it day first;
    None tries them all, month first.
    """
    if not text or not isinstance(text, str):
        return None
    try:
        for found in _iter_dates(text[:20000], fetch_time, languages):
            return found
    except (ValueError, OverflowError, IndexError, re.error):
        return None
    return None


def parse_date(
    text: str, *, fetch_time: datetime | None = None, languages: tuple[str, ...] | None = None
) -> datetime | date | None:
    """The date in `text` (ISO 8601 or a human date): an aware datetime when the text gives a time
    and a zone, else a date; None for text without a plausible date. Never raises."""
    if not text or not isinstance(text, str):
        return None
    iso = parse_iso(text)
    if iso is not None:
        return iso if _plausible(iso, fetch_time) else None
    found = find_date(text, fetch_time=fetch_time, languages=languages)
    return found[0] if found else None


def find_local_time(text: str, *, languages: tuple[str, ...] | None = None) -> datetime | None:
    """The first date in `text` that has a wall-clock time, as a naive datetime (the zone is unknown).

    Not a publication date by itself (see the module docstring): it lets a caller that knows the
    instant from elsewhere find the page's local offset. `languages` as for `find_date`. Never raises.
    """
    if not text or not isinstance(text, str):
        return None
    try:
        norm = text[:2000].translate(_DIGITS)
        pattern, table = _patterns(languages)
        for m in _matches(norm, pattern):
            day = _day_of(m, table, languages)
            tm = _TIME.match(norm, m.end()) if day is not None else None
            if day is None or tm is None or tm.group("H12"):
                continue
            hour = _hour(int(tm.group("H")), tm.group("ampm"))
            if hour is not None and int(tm.group("M")) < 60:
                return datetime(day.year, day.month, day.day, hour, int(tm.group("M")))
    except (ValueError, OverflowError, IndexError, re.error):
        return None
    return None
