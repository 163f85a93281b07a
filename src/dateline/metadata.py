"""Article metadata from HTML: headline, authors, dates, site, language, section, tags, image.

Every source the page offers is read into candidates, then each field takes the candidate of
the most reliable source that passes validation, and `provenance` records that source:

    json-ld      schema.org Article/NewsArticle/BlogPosting... (`@graph`, arrays, `@id` refs)
    meta         OpenGraph, `article:*`, Twitter cards, Dublin Core, parsely/sailthru, citation
    microdata    `itemprop` elements in the body
    time         `<time datetime>` outside comments, sidebars and footers
    byline       visible `rel=author` / byline / author elements
    dateline     visible text of date-like elements
    url          the URL path (`/2024/08/31/`, `/20240831/`)
    image        the share image's path (`/files/2016/05/04/x.png`), when nothing else gives a date
    title, h1    the `<title>` (its " | Site" part removed) and the page's heading

Dates: the most reliable source decides the day; a less reliable source that gives the same
day with a time and an offset then supplies the instant (a page often has a bare day in
JSON-LD and the full time in `article:published_time`). The page is read with a handful of
selectolax CSS queries and never modified.
"""

from __future__ import annotations

import html as htmllib
import itertools
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .authors import clean_authors
from .authors import squash as _squash
from .body import name_words
from .dates import LANGUAGES as DATE_LANGUAGES
from .dates import MIN_YEAR as _MIN_YEAR
from .dates import find_date, find_local_time, month_names, parse_date
from .language import detect_language, normalise_language
from .models import When
from .options import ExtractOptions

__all__ = ["Metadata", "extract_metadata"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What the page says about its article; `provenance` maps a field to its source."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: When | None = None
    modified: When | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    canonical_url: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


_ARTICLE_TYPES = frozenset(
    str.split(
        """article newsarticle reportagenewsarticle analysisnewsarticle opinionnewsarticle
    reviewnewsarticle backgroundnewsarticle askpublicnewsarticle blogposting liveblogposting
    socialmediaposting discussionforumposting techarticle scholarlyarticle report satiricalarticle
    advertisercontentarticle medicalscholarlyarticle posting"""
    )
)
_PAGE_TYPES = frozenset(("webpage", "itempage", "medicalwebpage", "qapage", "faqpage"))
_ORG_TYPES = frozenset(("organization", "newsmediaorganization", "corporation", "brand", "website"))

_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "citation_publication_date", "citation_date", "citation_online_date", "pubdate", "publishdate",
    "publish-date", "publish_date", "published_time", "publication_date", "article.published",
    "cxenseparse:recs:publishtime", "bt:pubdate", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "date", "og:pubdate", "sort_date", "displaydate", "release_date",
    "content_publish_date", "publication-date", "pub_date", "analyticsattributes.articledate",
    "datecreated", "created", "issued",
)
_META_MODIFIED = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "article.updated",
    "parsely-updated", "modified_time", "updated_time", "revised",
)
_META_AUTHOR = (
    "article:author", "og:article:author", "author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "citation_author", "cxenseparse:author", "byl", "analyticsattributes.author",
    "article.author", "twitter:data1",
)
_META_TITLE = ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "citation_title",
               "headline", "title")
_META_SITE = ("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name",
              "twitter:app:name:iphone", "dc.publisher", "publisher")
_META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description",
                     "sailthru.description")
_META_SECTION = ("article:section", "og:article:section", "parsely-section", "section",
                 "article.section", "cxenseparse:recs:articlesection")
_META_TAGS = ("article:tag", "og:article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src",
               "thumbnail", "image")
_META_LANGUAGE = ("og:locale", "content-language", "language", "dc.language", "inlanguage")

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»«/~]|::|//)\s+")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/")
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)(?P<sep>[/_-])([01]?\d)(?P=sep)([0-3]?\d)(?:[/_.\-]|$)"
    r"|(?<![\d])((?:19|20)\d\d)([01]\d)([0-3]\d)(?![\d])"
    r"|(?<![\d])([0-3]\d)-([01]\d)-((?:19|20)\d\d)(?![\d])"
)
#: `/2024/feb/24/`, `/2023/october/03/`: a URL's month written as an English name (a day optional).
_EN_MONTHS = month_names("en")
_URL_NAMED_MONTH = re.compile(
    r"/((?:19|20)\d\d)/(" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")/(?:([0-3]?\d)(?:[/_.\-]|$))?",
    re.IGNORECASE,
)
#: `23.09.22`: a day with a two-digit year, read only in short date-like elements.
_SHORT_DATE = re.compile(r"^\D{0,20}(?<![\d.])([0-3]\d)\.([01]\d)\.(\d\d)(?![\d.])")
_SHORT_IN_TEXT = re.compile(r"(?<![\d.])([0-3]\d)\.([01]\d)\.(\d\d)(?![\d.])")
#: Class/id words of page parts whose dates and names belong to other articles or to readers.
_CHROME_WORDS = frozenset(
    str.split(
        """comment comments commentlist disqus related sidebar footer recommended recommend recommendations
        popular trending latest teaser teasers ticker breaking aside reply replies respond"""
    )
)
#: A note of a later revision before a date ("Updated: ...", "Aktualisiert am ..."): not the publication.
_UPDATED = re.compile(
    r"updated?|modified|revised|aktualisiert|geändert|mis à jour|actualizado|atualizado|aggiornato|"
    r"обновлено|изменено|güncell", re.IGNORECASE)
#: A forum member's sign-up date, just before a date: not when anything on the page was written.
_JOINED = re.compile(
    r"(?:registriert|registered|joined|join\s+date|member\s+since|mitglied\s+seit|dabei\s+seit|inscrit|"
    r"inscription|registrado|registrato|iscritto|iscrizione|зарегистрирован|регистрация|katılım|üyelik)"
    r"\s*(?:on|am|le|el|il|since|seit|:|-)?\s*:?\s*$", re.IGNORECASE)
#: What any time of day has (`19:19`, `14h30`, `4.30`, `4 pm`): a quick test before the date parser.
_CLOCK = re.compile(r"\d\s*[:h.]\s*\d\d|\d\s?[ap]\.?\s?m", re.IGNORECASE)
_ISO_VALUE = rb"""(?:["']|&quot;)?\s*[:=]\s*(?:\\?["']|&quot;)\s*((?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][01]\d:?\d\d)?)?)"""
#: Publication dates in script data (`"datePublished": "..."`, also entity-escaped in an attribute:
#: `&quot;datePublished&quot;:&quot;...`): a literal key part is found with
#: `bytes.find` (fast on large pages), then the value is read with a regex at that position.
_SCRIPT_KEYS = (b"ublished", b"ublishDate", b"ublish_date", b"ubDate", b"reated", b"ublicationDate")
_SCRIPT_VALUE = re.compile(rb"(?:_?[aA]t|_?[dD]ate|_?[tT]ime)?" + _ISO_VALUE)
#: Characters of title, description (and first paragraph) the language identifier reads.
_LANGUAGE_SAMPLE = 200
#: How much of the page (bytes after `<body`) the last-resort date search reads: the first 64 KB,
#: then up to 400 KB when those hold no date outside links, then link texts of the first 64 KB.
#: 64 KB alone lost 10 correct days of 1,723 on trafilatura-eval and postlight (pages whose text
#: starts after long inline markup); link texts beyond 64 KB gained nothing and cost time.
_TEXT_DATE_BYTES = (64_000, 400_000)
#: A day the page shows without a time (the URL's, a date-like element's) moves a UTC instant onto
#: it only when an offset this small does (23:00Z shown as the next day: Europe; 13:23Z shown as
#: the next day: more likely another date, such as a live page's last update, than a +11 h zone).
_SHOWN_DAY_HOURS = 3
#: Date-like elements (a costly query) are searched for the page's clock only when the UTC instant
#: lies within this many hours of midnight, where the page's own day may differ from the UTC day;
#: `<time>` elements are always read.
_DAY_SURE_FROM = 6
#: Elements whose content is not text: an opening tag, then the first closing tag of its name.
_NOT_TEXT = re.compile(rb"<(script|style|noscript|template)\b", re.IGNORECASE)
_TAG = re.compile(rb"<[^>]*>")
#: Link texts: dates in them belong to other pages (teasers, archives, calendars).
_LINK = re.compile(rb"<(a)\b[^>]*>", re.IGNORECASE)
_CLOSING = {name: re.compile(rb"</" + name + rb"\s*>", re.IGNORECASE)
            for name in (b"script", b"style", b"noscript", b"template", b"a")}
_DATE_SELECTOR = (
    '[class*="date" i], [id*="date" i], [class*="publish" i], [class*="posted" i], [class*="time" i], '
    '[class*="meta" i], [class*="byline" i], [class*="datum" i], [class*="info" i]'
)
_BYLINE_SELECTOR = (
    '[rel~="author"], [class*="byline" i], [class*="author" i], [class*="writer" i], a[href*="/author"], '
    'a[href*="/autor"], a[href*="/profile/"], a[href*="/people/"], a[href*="/journalist"], a[href*="/staff/"]'
)


def _text(node: LexborNode) -> str:
    return _squash(node.text(deep=True, separator=" ") or "")


def _fold(text: str | None) -> str:
    return _squash((text or "").casefold())


def _collapse(text: str) -> str:
    """`re.sub(r"\\s+", " ", text)` without the regex (about 2.5x faster on page text): each run of
    white space becomes one space, a leading or trailing run included."""
    inner = _squash(text)
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


# ---------------------------------------------------------------- reading the page


@dataclass(slots=True)
class _Page:
    """The parts of a page the metadata sources need, read with one CSS query."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)
    title: str | None = None
    h1: list[str] = field(default_factory=list)
    canonical: str | None = None
    image_src: str | None = None
    html_lang: str | None = None
    itemprops: dict[str, list[LexborNode]] = field(default_factory=dict)
    times: list[LexborNode] = field(default_factory=list)


_HEAD_QUERY = 'meta, link[rel], title, script[type*="ld+json"]'
_BODY_QUERY = (
    'h1, script[type*="ld+json"], [itemprop], time, [datetime], meta[property], meta[name], [property*="date"], '
    '[property*="Date"]'
)


def _read_page(tree: LexborHTMLParser) -> _Page:
    """Two CSS queries: the head's tags, then the few body elements the sources use."""
    page = _Page()
    root = tree.root
    if root is not None and root.attributes:
        page.html_lang = root.attributes.get("lang") or root.attributes.get("xml:lang")
    head, body = tree.head, tree.body
    seen: set[int] = set()  # a node matched by two selectors of a list comes back twice
    for part, query in ((head, _HEAD_QUERY), (body, _BODY_QUERY)):
        if part is None:
            continue
        for node in part.css(query):
            if node.mem_id not in seen:
                seen.add(node.mem_id)
                _read_node(page, node)
    return page


def _read_node(page: _Page, node: LexborNode) -> None:
    tag = node.tag
    attrs = node.attributes
    if tag == "meta" or (attrs.get("property") and attrs.get("content")):
        _read_meta(page, attrs)
        return
    if tag == "script":
        page.jsonld.append(node.text(deep=True) or "")
    elif tag == "title":
        if page.title is None:
            page.title = _text(node)
    elif tag == "h1":
        if len(page.h1) < 3:
            page.h1.append(_text(node))
    elif tag == "time" or "datetime" in attrs:
        if len(page.times) < 8:
            page.times.append(node)
    elif tag == "link":
        _read_link(page, attrs)
    if attrs.get("itemprop"):
        for prop in (attrs.get("itemprop") or "").split():
            page.itemprops.setdefault(prop.lower(), []).append(node)


def _read_meta(page: _Page, attrs: dict[str, str | None]) -> None:
    key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
    if key and key.startswith(("schema:", "sioc:", "dc:", "dcterms:")):
        key = key.split(":", 1)[1]
    value = attrs.get("content")
    if value is None:
        value = attrs.get("value") or attrs.get("datetime")
    if key and value and value.strip():
        page.metas.setdefault(key.strip().lower(), []).append(value.strip())


def _read_link(page: _Page, attrs: dict[str, str | None]) -> None:
    rel = (attrs.get("rel") or "").lower().split()
    href = (attrs.get("href") or "").strip()
    if not href:
        return
    if "canonical" in rel and page.canonical is None:
        page.canonical = href
    elif "image_src" in rel and page.image_src is None:
        page.image_src = href


# ---------------------------------------------------------------- JSON-LD


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        # a common error: raw line breaks or a trailing comma
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text.replace("\n", " ")), strict=False)
        except (ValueError, RecursionError):
            return None


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.rsplit("/", 1)[-1].lower()}
    if isinstance(value, list):
        return {v.rsplit("/", 1)[-1].lower() for v in value if isinstance(v, str)}
    return set()


def _walk_jsonld(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:100]:
            _walk_jsonld(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            child = data.get(key)
            if isinstance(child, dict | list):
                _walk_jsonld(child, out, depth + 1)


@dataclass(slots=True)
class _JsonLd:
    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    site: str | None = None
    language: str | None = None


def _read_jsonld(scripts: list[str], url: str | None) -> _JsonLd:
    objects: list[dict[str, Any]] = []
    for text in scripts:
        _walk_jsonld(_loads(text), objects)
    result = _JsonLd()
    articles: list[dict[str, Any]] = []
    for obj in objects:
        ident = obj.get("@id")
        if isinstance(ident, str):
            result.by_id.setdefault(ident, obj)
        types = _types(obj)
        if types & _ARTICLE_TYPES:
            articles.append(obj)
        elif types & _PAGE_TYPES and result.page is None:
            result.page = obj
        elif "website" in types and result.site is None:
            result.site = _str(obj.get("name"))
    if articles:
        result.article = max(articles, key=lambda a: _article_rank(a, url, articles))
    return result


def _article_rank(obj: dict[str, Any], url: str | None, articles: list[dict[str, Any]]) -> tuple[int, int]:
    points = sum(1 for key in ("headline", "datePublished", "author") if obj.get(key))
    own = _str(obj.get("url")) or _str(obj.get("mainEntityOfPage"))
    if url and own and own.rstrip("/") == url.rstrip("/"):
        points += 2
    return points, -articles.index(obj)


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        text = _squash(htmllib.unescape(value) if "&" in value else value)
        return text or None
    if isinstance(value, list) and value:
        return _str(value[0])
    if isinstance(value, dict):
        return _str(value.get("@id") or value.get("url") or value.get("name") or value.get("@value"))
    return None


def _jsonld_people(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(people, organisations) named in a JSON-LD `author`/`creator` value."""
    people: list[str] = []
    orgs: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:30]:
        if isinstance(item, str):
            people.append(item)
            continue
        if not isinstance(item, dict):
            continue
        if set(item) <= {"@id", "@type"} and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = item.get("name")
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        if not isinstance(name, str) and isinstance(item.get("givenName"), str):
            name = f"{item.get('givenName')} {item.get('familyName') or ''}"
        if isinstance(name, str):
            (orgs if _types(item) & _ORG_TYPES else people).append(name)
    return people, orgs


def _jsonld_image(value: Any) -> str | None:
    if isinstance(value, list):
        for item in value:
            found = _jsonld_image(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _str(value.get("url") or value.get("contentUrl") or value.get("@id"))
    return _str(value)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in re.split(r"[,;]", value) if k.strip()]
    if isinstance(value, list):
        return [k for v in value for k in _keywords(v)]
    return []


# ---------------------------------------------------------------- fields


@dataclass(slots=True)
class _Choice:
    value: Any = None
    source: str | None = None


class _Reader:
    """The sources of one page and the rules that choose among them."""

    def __init__(self, tree: LexborHTMLParser, url: str | None, options: ExtractOptions) -> None:
        self.tree = tree
        self.url = url
        self.fetch_time = options.fetch_time
        self.page = _read_page(tree)
        self.ld = _read_jsonld(self.page.jsonld, url)
        self.article = self.ld.article or {}
        self.date_languages = _date_languages(self.page.html_lang)
        self._dated: list[LexborNode] | None = None

    def meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.page.metas.get(name, ()):
                if value:
                    return value
        return None

    def meta_all(self, *names: str) -> list[str]:
        return [v for name in names for v in self.page.metas.get(name, ())]

    def itemprop_value(self, prop: str) -> str | None:
        for node in self.page.itemprops.get(prop.lower(), ())[:3]:
            if _of_reply(node):
                continue
            attrs = node.attributes
            value = attrs.get("content") or attrs.get("datetime") or attrs.get("value")
            if not value and node.tag != "meta":
                value = _text(node)
            if value and value.strip():
                return value.strip()
        return None

    # ---- dates

    def _date(self, value: Any) -> When | None:
        text = _str(value)
        return parse_date(text, fetch_time=self.fetch_time) if text and len(text) < 200 else None

    def date_candidates(self, kind: str) -> Iterator[tuple[When, str]]:
        ld_key, meta_keys, prop = (
            ("datePublished", _META_PUBLISHED, "datePublished") if kind == "published"
            else ("dateModified", _META_MODIFIED, "dateModified")
        )
        for value, source in (
            (self.article.get(ld_key), "json-ld"),
            (self.article.get("dateCreated") if kind == "published" else None, "json-ld"),
            *((v, "meta") for v in self.meta_all(*meta_keys)),
            (self.itemprop_value(prop), "microdata"),
            (self.itemprop_value("dateCreated") if kind == "published" else None, "microdata"),
            ((self.ld.page or {}).get(ld_key), "json-ld"),
        ):
            when = self._date(value) if value else None
            if when is not None:
                yield when, source

    def published(self) -> _Choice:
        """The publication date; a bare day takes the time of day the page shows for it."""
        choice = self._published()
        if type(choice.value) is date:
            timed = self._time_shown_on(choice.value)
            if timed is not None:
                return _Choice(timed, choice.source)
        return choice

    def _published(self) -> _Choice:
        found = list(self.date_candidates("published"))
        if found:
            value, source = _most_precise(found)
            url_day = self._url_day()
            if url_day is not None and _day(value) > url_day + timedelta(days=1):
                # the URL was minted at first publication; a later declared date is a re-publication
                return _Choice(url_day, "url")
            if isinstance(value, datetime) and value.utcoffset() == timedelta(0):
                return _Choice(*self._local_day(value, source))
            return _Choice(value, source)
        # a full day in the URL beats a visible date of another day, but not its time
        url, visible = self._url_date(), self._visible_date()
        if url is not None and (visible is None or _day(visible[0]) != url[0]):
            return _Choice(*url)
        # the date the page shows beats script data (which also holds other items' and the site's
        # dates), but a time the script data gives for the shown day is kept
        script = self._script_date() if visible is None or type(visible[0]) is date else None
        if visible is not None and (script is None or _day(script[0]) != visible[0] or type(script[0]) is date):
            return _Choice(*visible)
        result = script or self._text_date() or self._image_date()
        return _Choice(*result) if result else _Choice()

    def _time_shown_on(self, day: date) -> datetime | None:
        """The first time with a zone that a `<time>` or date-like element gives on `day` (its
        `datetime` or text, or a date attribute: `data-origindate="2017-03-01 14:27:02 +0800"`),
        skipping comments, sidebars and update notes ("Updated: ... 3:00 PM EST")."""
        for node in (*self.page.times, *self._date_nodes()[:40]):
            for value in _date_values(node):
                if not _CLOCK.search(value):
                    continue
                found = find_date(value, fetch_time=self.fetch_time, languages=self.date_languages)
                if found is None or not isinstance(found[0], datetime) or found[0].date() != day:
                    continue
                if not _UPDATED.search(value, 0, found[1]) and not _in_chrome(node):
                    return found[0]
        return None

    def _date_nodes(self) -> list[LexborNode]:
        """Date-like elements of the body (one CSS query per page, made when first needed)."""
        if self._dated is None:
            body = self.tree.body
            self._dated = body.css(_DATE_SELECTOR)[:80] if body is not None else []
        return self._dated

    def _image_date(self) -> tuple[When, str] | None:
        """The full day in the path of the page's share image (`/files/2016/05/04/x.png`): its upload
        day, the last resort when the page gives no date at all."""
        src = self.meta(*_META_IMAGE)
        path = _split(src).path if src else ""
        for m in _URL_DATE.finditer(path):
            g = m.groups()
            y, mo, d = (int(x) for x in ((g[0], g[2], g[3]) if g[0] else g[4:7] if g[4] else (g[9], g[8], g[7])))
            if _valid_day(y, mo, d):
                day = parse_date(date(y, mo, d).isoformat(), fetch_time=self.fetch_time)
                return (day, "image") if day is not None else None
        return None

    def modified(self) -> _Choice:
        found = list(self.date_candidates("modified"))
        return _Choice(*_most_precise(found)) if found else _Choice()

    def _url_parts(self) -> tuple[int, int, int | None] | None:
        """(year, month, day or None) from the URL path (`/2024/08/31/`, `/20240831`, `/2024/08/`)."""
        for candidate in (self.url, self.page.canonical):
            if not candidate:
                continue
            path = _split(candidate).path
            for m in _URL_DATE.finditer(path):
                g = m.groups()
                y, mo, d = (int(x) for x in (
                    (g[0], g[2], g[3]) if g[0] else g[4:7] if g[4] else (g[9], g[8], g[7])))
                if _valid_day(y, mo, d):
                    return y, mo, d
            named = _URL_NAMED_MONTH.search(path)
            if named and int(named.group(1)) >= _MIN_YEAR:
                year, number = int(named.group(1)), _EN_MONTHS[named.group(2).lower()]
                day = int(named.group(3)) if named.group(3) else 0
                return year, number, day if _valid_day(year, number, day) else None
            month = _URL_MONTH.search(path)
            if month and int(month.group(1)) >= _MIN_YEAR and 1 <= int(month.group(2)) <= 12:
                return int(month.group(1)), int(month.group(2)), None
        return None

    def _url_day(self) -> date | None:
        parts = self._url_parts()
        if parts is None or parts[2] is None or not _valid_day(parts[0], parts[1], parts[2]):
            return None
        return date(parts[0], parts[1], parts[2])

    def _local_day(self, instant: datetime, source: str) -> tuple[When, str]:
        """An instant given in UTC, expressed in the page's own offset where the page shows it.

        In order: a `<time datetime>` giving the same instant with an offset; a local wall-clock
        time the page shows on the URL's day, or with the instant's minutes (`21:44` for
        `00:44:52Z`), which gives the offset; a local day the page shows without a time (the
        URL's full day, a date-like element) one day off the UTC day, which bounds the offset: the
        whole-hour offset nearest to UTC that puts the instant on that day. The instant itself
        never changes; otherwise it stays in UTC.
        """
        wall = instant.replace(tzinfo=None)
        for node in self.page.times:  # the same instant, written in the page's own offset
            value = self._date(node.attributes.get("datetime"))
            if isinstance(value, datetime) and value.utcoffset() and value == instant:
                return value, source
        url_day = self._url_day()
        local_day: date | None = None
        near_midnight = not _DAY_SURE_FROM <= instant.hour < 24 - _DAY_SURE_FROM
        for node in self._local_time_nodes(url_day == instant.date() or not near_midnight):
            text = _text(node)
            if len(text) >= 300:
                continue
            local = find_local_time(text, languages=self.date_languages)
            if local is None:
                if local_day is None and url_day is None:
                    found = find_date(text, fetch_time=self.fetch_time, languages=self.date_languages)
                    if found is not None and not isinstance(found[0], datetime) and not _in_chrome(node):
                        local_day = found[0]
                continue
            if _quoted(node):  # an embedded post's clock (a tweet, an Instagram post)
                continue
            seconds = (local - wall).total_seconds()
            minutes = round(seconds / 900) * 15
            # the first time the page shows: with the instant's minutes, it is the page's own clock
            # (a 12-hour difference is a clock without am/pm; quarter-hour offsets are too rare to trust)
            same_minute = abs(seconds - 60 * minutes) < 60 and minutes % 30 == 0
            if same_minute and minutes == 0:
                return instant, source  # the page shows UTC
            on_url_day = local.date() == url_day != instant.date()
            if -12 * 60 < minutes <= 14 * 60 and minutes and (on_url_day or same_minute):
                return instant.astimezone(timezone(timedelta(minutes=minutes))), source
            return instant, source  # the page's first time is another moment: no day to trust
        day = url_day or local_day
        shifted = _shift_to_day(instant, day, within=_SHOWN_DAY_HOURS) if day and day != instant.date() else None
        return (shifted, source) if shifted is not None else (instant, source)

    def _local_time_nodes(self, times_only: bool) -> Iterator[LexborNode]:
        """`<time>` elements, then (unless `times_only`) date-like elements: where pages show local times."""
        yield from self.page.times
        if not times_only:
            yield from self._date_nodes()[:40]

    def _url_date(self) -> tuple[When, str] | None:
        parts = self._url_parts()
        if parts is None or parts[2] is None:
            return None
        try:
            day = date(parts[0], parts[1], parts[2])
        except ValueError:
            return None
        return (day, "url") if parse_date(day.isoformat(), fetch_time=self.fetch_time) else None

    def _fits_url(self, when: When) -> bool:
        parts = self._url_parts()
        return parts is None or (when.year, when.month) == parts[:2]

    def _script_date(self) -> tuple[When, str] | None:
        """A publication date in a page's script data (`"datePublished": "..."` outside valid JSON-LD)."""
        raw = self.tree.raw_html
        if not isinstance(raw, bytes) or not raw:
            return None
        for key in _SCRIPT_KEYS:
            at = raw.find(key)
            for _ in range(20):
                if at < 0:
                    break
                m = _SCRIPT_VALUE.match(raw, at + len(key))
                when = self._date(m.group(1).decode("ascii")) if m else None
                if when is not None and self._fits_url(when):
                    return when, "script"
                at = raw.find(key, at + len(key))
        return None

    def _visible_date(self) -> tuple[When, str] | None:
        for node in self.page.times:
            if _in_chrome(node):
                continue
            value = node.attributes.get("datetime")
            when = self._date(value) if value else None
            if when is None:
                found = find_date(_text(node)[:200], fetch_time=self.fetch_time)
                when = found[0] if found else None
            if when is not None and self._fits_url(when):
                return when, "time"
        for node in self._date_nodes():
            text = _text(node)
            if len(text) > 200 or _in_chrome(node):
                continue
            attrs = node.attributes
            for value in (text, attrs.get("title"), attrs.get("content"), attrs.get("data-date")):
                found = find_date(value, fetch_time=self.fetch_time, languages=self.date_languages) if value else None
                if found and self._fits_url(found[0]):
                    return found[0], "dateline"
            short = self._short_date(_SHORT_DATE.match(text)) if len(text) <= 40 else None
            if short is not None:
                return short, "dateline"
        return None

    def _short_date(self, m: re.Match[str] | None) -> date | None:
        """The day of a `_SHORT_DATE` match, the century taken from the fetch year."""
        if m is None:
            return None
        now = (self.fetch_time or datetime.now(UTC)).year
        year = 2000 + int(m.group(3))
        year = year if year <= now else year - 100
        day = date(year, int(m.group(2)), int(m.group(1))) if _valid_day(year, int(m.group(2)), int(m.group(1))) else None
        return day if day is not None and self._fits_url(day) and parse_date(day.isoformat(), fetch_time=self.fetch_time) else None

    def _text_date(self) -> tuple[When, str] | None:
        """The first date in the page's visible text (scripts and styles removed), as a last resort.

        Link texts are skipped on a first pass (teasers, archives and calendars link to other
        pages); a page whose only date is a link (a permalink) is read again with them.
        """
        raw = self.tree.raw_html
        if not isinstance(raw, bytes) or not raw:
            return None
        start = max(raw.find(b"<body"), 0)
        near, far = _TEXT_DATE_BYTES
        head = _cut(raw[start: start + near], _NOT_TEXT)
        texts = [_visible_text(_cut(head, _LINK))]
        found = self._first_text_date(texts[0])
        if found is None and len(raw) - start > near:
            texts.append(_visible_text(_cut(_cut(raw[start + near: start + far], _NOT_TEXT), _LINK)))
            found = self._first_text_date(texts[1])
        if found is None:
            found = self._first_text_date(_visible_text(head))
        if found is None:  # `02.12.19`: a day with a two-digit year, when the text has no other date
            shorts = (_SHORT_IN_TEXT.finditer(text, 0, 20_000) for text in texts)
            found = next(filter(None, map(self._short_date, itertools.chain.from_iterable(shorts))), None)
        return (found, "text") if found is not None else None

    def _first_text_date(self, text: str) -> When | None:
        """The first date of `text` in the URL's month, skipping a member's sign-up date in forum
        post headers ("Registriert: 18.09.2008", "Joined: Mar 2004")."""
        begin = 0
        for _ in range(20):
            found = find_date(text[begin:], fetch_time=self.fetch_time, languages=self.date_languages)
            if found is None:
                return None
            start = begin + found[1]
            if self._fits_url(found[0]) and not _JOINED.search(text, max(0, start - 30), start):
                return found[0]
            begin += found[2]
        return None

    # ---- people

    def authors(self, site: str | None) -> _Choice:
        """People first; an organisation (or the site itself) only when the page names no person."""
        keys = _site_keys(site, None)
        orgs: list[str] = []
        if self.article.get("author") or self.article.get("creator"):
            people, orgs = _jsonld_people(self.article.get("author") or self.article.get("creator"),
                                          self.ld.by_id)
            names = _people_only(clean_authors([_str(p) or "" for p in people]), keys)
            if names:
                return _Choice(names, "json-ld")
        for value in self.meta_all(*_META_AUTHOR):
            if value.startswith(("http://", "https://", "www.")):
                continue
            names = _people_only(clean_authors(value), keys)
            if names and not (site and len(names) == 1 and _fold(names[0]) == _fold(site)):
                return _Choice(names, "meta")
        for finder, source in ((self._microdata_authors, "microdata"), (self._byline, "byline")):
            names = _people_only(finder(), keys)
            if names:
                return _Choice(names, source)
        org_names = clean_authors(orgs)
        return _Choice(org_names, "json-ld") if org_names else _Choice()

    def _microdata_authors(self) -> tuple[str, ...]:
        """The authors of the page's item; on a page made only of replies (a forum thread), the
        first reply's (the opening post's)."""
        nodes = [node for node in self.page.itemprops.get("author", ())[:6] if node.tag != "meta"]
        own = [node for node in nodes if not _of_reply(node)]
        raw: list[str] = []
        for node in own or nodes[:1]:
            name_node = node.css_first('[itemprop~="name"]')
            value = (name_node.attributes.get("content") or _text(name_node)) if name_node else (
                node.attributes.get("content") or _text(node))
            if value and len(value) < 120:
                raw.append(value)
        return clean_authors(raw)

    def _byline(self) -> tuple[str, ...]:
        body = self.tree.body
        if body is None:
            return ()
        for node in body.css(_BYLINE_SELECTOR)[:12]:
            if node.tag in ("meta", "link", "img", "script", "style"):
                continue
            text = _text(node)
            if not text or len(text) > 150 or _in_chrome(node):
                continue
            names = clean_authors(text)
            if names:
                return names
        return ()

    # ---- text fields

    def site_name(self) -> _Choice:
        publisher = self.article.get("publisher")
        people, orgs = _jsonld_people(publisher, self.ld.by_id) if publisher else ([], [])
        named = (orgs or people)[0] if orgs or people else None
        for value, source in ((self.meta(*_META_SITE), "meta"), (named, "json-ld"), (self.ld.site, "json-ld")):
            if value and len(value) < 100:
                return _Choice(_squash(value), source)
        return _Choice()

    def title(self, site: str | None) -> _Choice:
        candidates: list[tuple[str, str]] = []
        for value, source in ((_str(self.article.get("headline")), "json-ld"),
                              (self.meta(*_META_TITLE[:2]), "meta"),
                              (self.meta(*_META_TITLE[2:]), "meta"),
                              (self.itemprop_value("headline"), "microdata"),
                              (_str(self.article.get("name")), "json-ld")):
            if value and len(value) < 400:
                candidates.append((_squash(value), source))
        return _choose_title(candidates, self.page.title, self.page.h1, site, self.url)

    def language(self, title: str | None, description: str | None) -> _Choice:
        declared = None
        source = None
        for value, src in ((self.page.html_lang, "html"), (_str(self.article.get("inLanguage")), "json-ld"),
                           (self.meta(*_META_LANGUAGE), "meta")):
            declared = normalise_language(value)
            if declared:
                source = src
                break
        sample = " ".join(x for x in (title, description) if x)
        if len(sample) < 120 and self.tree.body is not None:
            first = self.tree.body.css_first("p")
            sample += " " + (_text(first) if first is not None else "")
        detected = detect_language(sample[:_LANGUAGE_SAMPLE])
        if declared and (detected is None or len(sample) < 80 or _close_languages(declared, detected)):
            return _Choice(declared, source)
        if detected:
            return _Choice(detected, "text")
        return _Choice(declared, source) if declared else _Choice()

    def description(self) -> _Choice:
        for value, source in ((self.meta(*_META_DESCRIPTION), "meta"),
                              (_str(self.article.get("description")), "json-ld")):
            if value:
                return _Choice(_squash(value), source)
        return _Choice()

    def section(self) -> _Choice:
        for value, source in ((_str(self.article.get("articleSection")), "json-ld"),
                              (self.meta(*_META_SECTION), "meta")):
            if value and len(value) < 80:
                return _Choice(value, source)
        return _Choice()

    def tags(self) -> _Choice:
        for values, source in ((_keywords(self.article.get("keywords")), "json-ld"),
                               ([k for v in self.meta_all(*_META_TAGS) for k in _keywords(v)], "meta")):
            seen: dict[str, str] = {}
            for tag in values:
                if len(tag) < 60 and _fold(tag) not in seen:
                    seen[_fold(tag)] = tag
            if seen:
                return _Choice(tuple(list(seen.values())[:30]), source)
        return _Choice()

    def image(self) -> _Choice:
        for value, source in ((self.meta(*_META_IMAGE), "meta"), (_jsonld_image(self.article.get("image")), "json-ld"),
                              (self.page.image_src, "link")):
            absolute = self._absolute(value) if value and not value.startswith("data:") else None
            if absolute is not None:
                return _Choice(absolute, source)
        return _Choice()

    def canonical(self) -> _Choice:
        for value, source in ((self.page.canonical, "link"), (self.meta("og:url"), "meta")):
            absolute = self._absolute(value) if value and not value.startswith(("data:", "javascript:")) else None
            if absolute is not None:
                return _Choice(absolute, source)
        return _Choice()

    def _absolute(self, value: str) -> str | None:
        """`value` made absolute against the page's URL; None if `urllib.parse` cannot read it (`http://[::1`)."""
        try:
            absolute = urljoin(self.url or "", value.strip()) if self.url else value.strip()
            urlsplit(absolute)
        except ValueError:
            return None
        return absolute


#: Languages a text identifier confuses with each other: a declared one of them is kept.
_CLOSE = tuple(frozenset(group.split()) for group in (
    "no nb nn da sv", "ms id", "hr sr bs sl", "cs sk", "ru uk be bg mk", "es ca gl pt", "fa ar ur", "zh ja",
    "af nl",
))


def _close_languages(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _CLOSE)


def _in_chrome(node: LexborNode) -> bool:
    """True when an element sits in a comment list, sidebar, footer, related-links box, a quotation or
    embedded post (`<blockquote>`) and the like."""
    current: LexborNode | None = node
    for _ in range(14):
        if current is None:
            return False
        tag = current.tag
        if tag in ("aside", "nav", "blockquote"):
            return True
        if tag == "footer":
            return not _inside_article(current)
        if tag in ("article", "main", "body"):
            return False
        attrs = current.attributes
        if attrs:
            hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            if hint.strip() and not _CHROME_WORDS.isdisjoint(name_words(hint)):
                return True
        current = current.parent
    return False


def _date_values(node: LexborNode) -> Iterator[str]:
    """Where an element may hold a date: its `datetime`, its text (short), its date attributes."""
    attrs = node.attributes
    value = attrs.get("datetime")
    if value:
        yield value
    text = _text(node)
    if text and len(text) <= 200:
        yield text
    for name, value in attrs.items():
        if value and name != "datetime" and ("date" in name or "time" in name) and len(value) < 80:
            yield value


#: Microdata items that are a reader's reply to the page, not the page: their dates are theirs.
_REPLY_TYPES = ("comment", "answer", "review")


def _of_reply(node: LexborNode) -> bool:
    """True when the microdata item a property belongs to (its nearest `itemscope` ancestor) is a
    comment, an answer or a review (`itemtype="https://schema.org/Comment"`)."""
    current = node.parent
    for _ in range(30):
        if current is None:
            return False
        attrs = current.attributes
        if "itemscope" in attrs:
            kind = (attrs.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
            return kind in _REPLY_TYPES
        current = current.parent
    return False


def _quoted(node: LexborNode) -> bool:
    """True inside a `<blockquote>` (a quotation or an embedded post)."""
    current = node.parent
    for _ in range(14):
        if current is None or current.tag in ("body", "article", "main"):
            return False
        if current.tag == "blockquote":
            return True
        current = current.parent
    return False


def _date_languages(html_lang: str | None) -> tuple[str, ...] | None:
    """Month names of every language, with `08/09/2024` read day first unless the page is US English."""
    tag = (html_lang or "").strip().lower().replace("_", "-")
    if not tag or tag in ("en", "en-us"):
        return None
    return (*(lang for lang in DATE_LANGUAGES if lang != "en"), "en-gb")


def _people_only(names: tuple[str, ...], site_keys: set[str]) -> tuple[str, ...]:
    """The names that are not the site itself ("Rob Picheta, CNN" on cnn.com is one person)."""
    if not site_keys or len(names) < 2:
        return names
    people = tuple(n for n in names if not _is_site(n, site_keys))
    return people or names


def _shift_to_day(instant: datetime, day: date, *, within: int) -> datetime | None:
    """The instant at the whole-hour offset nearest to UTC whose wall-clock day is `day`, at most
    `within` hours away (and inside -12..+14); None if there is none."""
    step = 1 if day > instant.date() else -1
    for hours in range(step, (within + 1) * step, step):
        if not -12 < hours <= 14:
            break
        moved = instant.astimezone(timezone(timedelta(hours=hours)))
        if moved.date() == day:
            return moved
    return None


def _cut(html: bytes, opening: re.Pattern[bytes]) -> bytes:
    """`html` with each element that `opening` starts replaced by a space, up to the first closing
    tag of its name (an element never closed stays). The same as one lazy `<x>.*?</x>` regex, but
    the closing tag is searched as a literal, not tried at every byte of the content."""
    out: list[bytes] = []
    pos = 0
    while (m := opening.search(html, pos)) is not None:
        close = _CLOSING[m.group(1).lower()].search(html, m.end())
        if close is None:
            out.append(html[pos: m.end()])
            pos = m.end()
            continue
        out.append(html[pos: m.start()])
        out.append(b" ")
        pos = close.end()
    out.append(html[pos:])
    return b"".join(out)


def _visible_text(html: bytes) -> str:
    """The text of an HTML fragment whose scripts and styles are already removed."""
    return _collapse(htmllib.unescape(_TAG.sub(b" ", html).decode("utf-8", "replace")))


def _day(value: When) -> date:
    return value.date() if isinstance(value, datetime) else value


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return year >= _MIN_YEAR


def _inside_article(node: LexborNode) -> bool:
    current = node.parent
    for _ in range(20):
        if current is None or current.tag == "body":
            return False
        if current.tag in ("article", "main"):
            return True
        current = current.parent
    return False


def _most_precise(found: list[tuple[When, str]]) -> tuple[When, str]:
    """The most reliable value, made as precise as another source allows.

    A bare day takes the time and offset of a later source that gives the same day; an instant
    in UTC takes the local offset of a later source that gives the same instant (the page's own
    calendar day is the local one).
    """
    best, source = found[0]
    if isinstance(best, datetime):
        if best.utcoffset():
            return best, source
        for value, other in found[1:]:
            if isinstance(value, datetime) and value.utcoffset() and value == best:
                return value, other
        return best, source
    for value, other in found[1:]:
        if isinstance(value, datetime) and value.date() == best:
            return value, other
    return best, source


# ---------------------------------------------------------------- title


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                         "\u00a0": " "})


def _norm(text: str | None) -> str:
    """Folded for comparison: case, white space, curly quotes and dashes."""
    return _fold(text).translate(_QUOTES)


def _split(url: str) -> SplitResult:
    """`urlsplit(url)`, or an empty URL where it refuses one (an unclosed `[`, a bracketed host that is no
    IP address): the page's own URLs are data, not promises."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def _site_keys(site: str | None, url: str | None) -> set[str]:
    keys: set[str] = set()
    if site:
        keys.add(_norm(site))
    if url:
        host = _split(url).hostname or ""
        parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "edition", "news", "mobile")]
        if parts:
            keys.add(parts[0].casefold())
            keys.add(".".join(parts).casefold())
    return {k for k in keys if k}


def _is_site(segment: str, keys: set[str]) -> bool:
    seg = _norm(segment)
    compact = re.sub(r"[\s\-.']", "", seg)
    first = seg.split(" ", 1)[0] if seg else ""
    for key in keys:
        k = re.sub(r"[\s\-.']", "", key)
        if not k:
            continue
        if seg == key or compact == k or first == key or (len(k) >= 4 and (k in compact or compact in k)):
            return True
    return False


def _segments(title: str) -> list[str]:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1 and " " not in title.strip() and "_" in title:
        parts = title.split("_")  # CJK titles: `标题_栏目_网站`
    return [p for p in parts if p.strip()]


def _strip_site(title: str, keys: set[str]) -> str:
    parts = _segments(title)
    if len(parts) < 2:
        return title
    total = len(parts)
    while len(parts) > 1 and _is_site(parts[-1], keys):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], keys):
        parts.pop(0)
    if len(parts) == total:
        return title
    # rebuild from the original text so the headline keeps its own punctuation
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if 0 <= start < end else title


def _extends(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` plus a separated suffix or prefix (`Headline | Site`)."""
    if not shorter or len(longer) <= len(shorter):
        return longer == shorter and bool(shorter)
    if longer.startswith(shorter):
        return not longer[len(shorter)].isalnum()
    if longer.endswith(shorter):
        return not longer[-len(shorter) - 1].isalnum()
    return False


def _choose_title(
    candidates: list[tuple[str, str]], page_title: str | None, h1s: list[str], site: str | None, url: str | None
) -> _Choice:
    keys = _site_keys(site, url)
    declared = [t for t, _ in candidates] + ([page_title] if page_title else [])
    normed = [_norm(t) for t in declared]
    # the visible heading, when a declared title repeats it (maybe with " | Site"): the reader's headline
    for h1 in h1s:
        nh = _norm(h1)
        if len(nh) >= 3 and not _is_site(h1, keys) and any(_extends(n, nh) for n in normed):
            return _Choice(h1, "h1")
    cleaned = [(_strip_site(t, keys), s) for t, s in candidates]
    if page_title:
        cleaned.append((_strip_site(page_title, keys), "title"))
    # a declared title that another one extends by a suffix: the shorter is the headline
    for text, source in cleaned:
        nt = _norm(text)
        if nt and not _is_site(text, keys):
            shorter = [t for t, _ in cleaned if _norm(t) != nt and _extends(nt, _norm(t))]
            if shorter and not _is_site(shorter[0], keys):
                return _Choice(shorter[0], source)
            return _Choice(text, source)
    for h1 in h1s:
        if h1 and len(h1) < 300:
            return _Choice(h1, "h1")
    return _Choice()


# ---------------------------------------------------------------- entry point


def extract_metadata(tree: LexborHTMLParser, *, url: str | None, options: ExtractOptions) -> Metadata:
    """Metadata of a parsed page (read only): each field from its most reliable source."""
    reader = _Reader(tree, url, options)
    choices: dict[str, _Choice] = {}
    choices["site_name"] = reader.site_name()
    site = choices["site_name"].value
    choices["title"] = reader.title(site)
    choices["authors"] = reader.authors(site)
    choices["published"] = reader.published()
    choices["modified"] = reader.modified()
    choices["description"] = reader.description()
    choices["language"] = reader.language(choices["title"].value, choices["description"].value)
    choices["section"] = reader.section()
    choices["tags"] = reader.tags()
    choices["image"] = reader.image()
    choices["canonical_url"] = reader.canonical()
    published, modified = choices["published"].value, choices["modified"].value
    if published is not None and modified is not None and _before(modified, published):
        choices["modified"] = _Choice()
    provenance = {name: c.source for name, c in choices.items() if c.value and c.source}
    values = {name: c.value for name, c in choices.items()}
    values["authors"] = values["authors"] or ()
    values["tags"] = values["tags"] or ()
    return Metadata(provenance=provenance, **values)


def _before(a: When, b: When) -> bool:
    """True when `a` is on an earlier day than `b` (instants compared where both have one)."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a < b
    da = a.date() if isinstance(a, datetime) else a
    db = b.date() if isinstance(b, datetime) else b
    return da < db
