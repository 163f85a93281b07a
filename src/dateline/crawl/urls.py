"""URLs as the crawler keys them: one normal form per page, and a guess at what a URL points to.

`normalize_url` makes the key of the frontier and of the seen set: scheme and host in lower case,
default ports dropped, dot segments resolved, percent-escapes in one form, tracking parameters
(`utm_*`, `fbclid`, `gclid`...) and the fragment removed. Query order is kept: it can matter.

`classify_url` guesses from the URL's shape alone whether it names an article, a listing (home,
section, tag, pagination), a non-HTML asset or something else (login, search...). No rule names a
site: the shape is what article URLs have in common (a date in the path, a long slug, a numeric id).
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

__all__ = [
    "ASSET_EXTENSIONS",
    "TRACKING_PARAMS",
    "UrlKind",
    "classify_url",
    "host_of",
    "is_asset_url",
    "normalize_url",
    "same_site",
    "site_key",
]

UrlKind = Literal["article", "listing", "asset", "other"]

TRACKING_PARAMS: frozenset[str] = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
    "oly_enc_id", "rb_clickid", "s_cid", "vero_id", "wickedid", "ncid", "ocid", "cmpid", "ito",
    "li_fat_id", "ref_src", "ref_url", "share", "smid", "sr_share", "at_medium", "at_campaign",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_custom", "__twitter")

ASSET_EXTENSIONS: frozenset[str] = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "heic",
    "mp3", "mp4", "m4a", "m4v", "mov", "avi", "mkv", "webm", "ogg", "oga", "ogv", "wav", "flac",
    "m3u8", "ts", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "epub", "zip", "rar",
    "7z", "tar", "tgz", "bz2", "xz", "dmg", "exe", "apk", "msi", "iso", "bin", "css", "js", "mjs",
    "map", "json", "woff", "woff2", "ttf", "otf", "eot", "csv", "ics", "vcf", "swf",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"

_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:/|-)")
_COMPACT_DATE = re.compile(r"(?:^|[/_-])(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_LONG_ID = re.compile(r"(?:^|[^0-9])\d{5,}(?:[^0-9]|$)")
_WORD_SPLIT = re.compile(r"[-_+]+")
_PAGINATION = re.compile(r"/(?:page|p)/?\d+/?$|[?&](?:page|p|start|offset)=\d+$")
_LISTING_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "topic", "topics", "section", "sections", "author",
    "authors", "archive", "archives", "series", "label", "labels", "collection", "collections",
    "latest", "index", "page", "people", "profile", "profiles", "hub",
})
_OTHER_SEGMENTS = frozenset({
    "login", "logout", "signin", "sign-in", "signup", "sign-up", "register", "account", "accounts",
    "subscribe", "subscription", "subscriptions", "newsletter", "newsletters", "search", "cart",
    "checkout", "privacy", "privacy-policy", "terms", "terms-of-service", "terms-of-use", "cookies",
    "cookie-policy", "about", "about-us", "contact", "contact-us", "careers", "jobs", "advertise",
    "help", "faq", "wp-admin", "wp-login.php", "admin", "cdn-cgi", "feed", "feeds", "rss", "amp",
    "share", "print", "comments", "donate", "shop", "store", "impressum", "legal",
})
_ID_PARAMS = ("p", "id", "story", "article", "storyid", "articleid")
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cms")


def _fix_escapes(part: str, safe: str) -> str:
    """One form for percent-escapes: unreserved characters decoded, the rest upper-case hex."""

    def repl(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else "%" + m.group(1).upper()

    part = _BARE_PERCENT.sub("%25", part)
    part = _ESCAPE.sub(repl, part)
    return quote(part, safe=safe)


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
            continue
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
            continue
        out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def _normal_host(host: str) -> str | None:
    host = host.strip().rstrip(".").lower()
    if not host or any(c in host for c in " <>\"'`{}|\\^"):
        return None
    if host.startswith("["):
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host if host.isascii() else None


def normalize_url(url: str, *, base: str | None = None) -> str | None:
    """The normal form of `url` (resolved against `base`), or None when it is not an http(s) URL.

    >>> normalize_url("HTTPS://Example.COM:443/a/./b/../c?utm_source=x&id=3#top")
    'https://example.com/a/c?id=3'
    """
    text = url.strip().replace("\t", "").replace("\n", "").replace("\r", "")
    if not text:
        return None
    try:
        if base:
            text = urljoin(base, text)
        parts = urlsplit(text)
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not hostname:
        return None
    host = _normal_host(hostname)
    if host is None:
        return None
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_fix_escapes(parts.path or "/", _PATH_SAFE))
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;-._~") if pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The host (with a non-default port) of a normalised URL."""
    return urlsplit(url).netloc


def site_key(host: str) -> str:
    """The host without a leading `www.` and port: `www.example.com:8080` -> `example.com`."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name[4:] if name.startswith("www.") else name


def same_site(url: str, hosts: frozenset[str] | set[str]) -> bool:
    """True when the URL's host is one of `hosts`, a `www.` twin, or a subdomain of one of them."""
    host = host_of(url)
    if host in hosts:
        return True
    key = site_key(host)
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else None
    for allowed in hosts:
        allowed_port = allowed.rsplit(":", 1)[1] if ":" in allowed and not allowed.endswith("]") else None
        if port != allowed_port:
            continue
        base = site_key(allowed)
        if key == base or key.endswith("." + base):
            return True
    return False


def is_asset_url(url: str) -> bool:
    """True when the path ends in an extension of images, media, documents, archives, code or fonts."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    if "." not in last:
        return False
    return last.rsplit(".", 1)[1].lower() in ASSET_EXTENSIONS


def _segments(path: str) -> list[str]:
    return [s for s in path.lower().split("/") if s]


def _looks_like_slug(segment: str) -> bool:
    stem = segment
    for suffix in _HTML_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    words = [w for w in _WORD_SPLIT.split(stem) if w]
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    return len(alpha) >= 3 or (len(words) >= 2 and len(stem) >= 24)


def _has_id(segment: str) -> bool:
    """A long number (`/story/1234567`) or a long mixed token (`/articles/c0mx8zy1o2`) names one item."""
    if _LONG_ID.search(segment):
        return True
    stem = segment.split(".", 1)[0]
    return any(len(t) >= 8 and t.isalnum() and not t.isalpha() and not t.isdigit() for t in _WORD_SPLIT.split(stem))


def _article_evidence(segments: list[str]) -> bool:
    """A date followed by more path, a slug, or an id in the last segments."""
    path = "/" + "/".join(segments) + "/"
    date = _DATE_IN_PATH.search(path)
    if date and path[date.end():].strip("/"):
        return True
    tail = segments[-2:] if len(segments[-1]) <= 3 else segments[-1:]  # `/slug/amp`, `/slug/en`
    return any(_looks_like_slug(s) or _COMPACT_DATE.search(s) or _has_id(s) for s in tail)


def classify_url(url: str) -> UrlKind:
    """What a URL most likely points to, from its shape: article, listing, asset or other."""
    parts = urlsplit(url)
    if is_asset_url(url):
        return "asset"
    segments = _segments(parts.path)
    if segments and segments[-1].split(".", 1)[0] in ("index", "default"):
        segments = segments[:-1]  # `/news/x/index.html` is `/news/x/`
    query = dict(parse_qsl(parts.query))
    if any(k in query and query[k].isdigit() for k in _ID_PARAMS):
        return "article"
    if not segments:
        return "listing" if not parts.query or _PAGINATION.search("?" + parts.query) else "other"
    if segments[-1] in _OTHER_SEGMENTS:
        return "other"
    if _PAGINATION.search(parts.path) or (parts.query and _PAGINATION.search("?" + parts.query)):
        return "listing"
    evidence = _article_evidence(segments)
    if any(s in _OTHER_SEGMENTS for s in segments[:2]) and not evidence:
        return "other"
    listing_word = any(s in _LISTING_SEGMENTS for s in segments[:-1])
    if listing_word and not _has_id(segments[-1]) and not _DATE_IN_PATH.search("/" + "/".join(segments) + "/"):
        return "listing"
    if evidence:
        return "article"
    return "listing" if len(segments) <= 2 else "other"
