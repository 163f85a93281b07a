"""An allow-list HTML sanitiser for article `body_html` taken from third-party pages.

The fragment is parsed (lexbor, as a browser would) and a new document is written from the tree:
only allowed tags and attributes are emitted, every text and attribute value is escaped again, and
URLs keep only http, https and mailto (images: http and https). Scripts, styles, event handlers,
iframes, forms, embedded objects and comments are dropped with their content; unknown tags are
unwrapped (their text kept). Because the output is rebuilt rather than filtered, it is well formed
and sanitising it again changes nothing.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "sanitize_html"]

_VOID = frozenset({"br", "hr", "img"})
ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "time": frozenset({"datetime"}),
}
#: Dropped together with everything inside them.
_DROP = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "datalist",
    "output", "noscript", "noframes", "noembed", "template", "svg", "math", "canvas", "audio", "video",
    "source", "track", "picture", "map", "area", "link", "meta", "base", "head", "title", "dialog",
    "portal", "slot", "xmp", "plaintext", "-comment", "!doctype",
})
_RENAME = {"h1": "h2", "article": "div", "section": "div", "main": "div", "aside": "div", "center": "div"}
_URL_ATTRS = frozenset({"href", "src", "cite"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^\d{1,5}$")
_MAX_DEPTH = 64
#: Elements that cannot hold themselves (any heading counts as "h").
_NO_NESTING = {"a": "a", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h", "p": "p", "pre": "pre",
               "li": "li", "dd": "d", "dt": "d"}
#: Containers inside which list items may start again.
_RESETS = {"ul": frozenset({"li"}), "ol": frozenset({"li"}), "dl": frozenset({"d"})}


def _safe_url(value: str, *, attr: str, base_url: str | None) -> str | None:
    cleaned = _INVISIBLE.sub("", value)
    if not cleaned:
        return None
    match = _SCHEME.match(cleaned)
    if match is None:
        if base_url is None:
            return value.strip() if not cleaned.startswith("//") else "https:" + value.strip()
        cleaned = urljoin(base_url, value.strip())
        match = _SCHEME.match(cleaned)
        if match is None:
            return None
    allowed = ("http", "https") if attr == "src" else ("http", "https", "mailto")
    return cleaned if match.group(1).lower() in allowed else None


def _attributes(tag: str, node: LexborNode, base_url: str | None) -> str:
    allowed = ALLOWED_ATTRIBUTES.get(tag)
    if not allowed:
        return ""
    parts: list[str] = []
    for name, raw in node.attributes.items():
        name = name.lower()
        if name not in allowed or raw is None:
            continue
        value: str | None = raw
        if name in _URL_ATTRS:
            value = _safe_url(raw, attr=name, base_url=base_url)
        elif name in ("width", "height", "colspan", "rowspan", "start"):
            value = raw.strip() if _NUMBER.match(raw.strip()) else None
        elif name == "reversed":
            value = ""
        if value is None:
            continue
        parts.append(f' {name}="{html.escape(_BAD_TEXT.sub("", value), quote=True)}"')
    if tag == "a" and parts:
        parts.append(' rel="nofollow noopener noreferrer ugc"')
    if tag == "img":
        if not any(p.startswith(" src=") for p in parts):
            return "\x00"  # an image without a usable source is dropped
        parts.append(' loading="lazy" referrerpolicy="no-referrer"')
    return "".join(parts)


def _open(node: LexborNode, tag: str, depth: int, inside: frozenset[str],
          base_url: str | None) -> tuple[str, str] | None:
    """The start and end tag written for an element, ("", "") to unwrap it, None to drop it."""
    if tag in _DROP:
        return None
    tag = _RENAME.get(tag, tag)
    if tag not in ALLOWED_TAGS or depth >= _MAX_DEPTH or _NO_NESTING.get(tag) in inside:
        return "", ""
    attrs = _attributes(tag, node, base_url)
    if attrs == "\x00":
        return None
    return f"<{tag}{attrs}>", ("" if tag in _VOID else f"</{tag}>")


def _write(first: LexborNode | None, out: list[str], base_url: str | None) -> None:
    """Write the siblings from `first` down, depth first, without recursion (pages nest deeply).

    `inside` holds the open links and headings: one inside another is unwrapped, as a parser
    would split them on reading the output again.
    """
    stack: list[tuple[LexborNode | None, str, int, frozenset[str]]] = [(first, "", 0, frozenset())]
    after_pre = False  # nothing written since a <pre> start tag: a parser drops a newline there
    while stack:
        node, closing, depth, inside = stack.pop()
        if node is None:
            out.append(closing)
            after_pre = after_pre and not closing
            continue
        stack.append((node.next, closing, depth, inside))
        tag = node.tag or ""
        if tag == "-text":
            text = html.escape(_BAD_TEXT.sub("", node.text_content or ""), quote=False)
            out.append("\n" + text if after_pre and text.startswith("\n") else text)
            after_pre = after_pre and not text
            continue
        tags = _open(node, tag, depth, inside, base_url)
        if tags is None:
            continue
        out.append(tags[0])
        child = node.child
        if tags[0]:
            after_pre = tags[0].startswith("<pre")
        if not tags[0]:
            stack.append((child, "", depth, inside))
        elif tags[1]:
            name = tags[0][1:].split(" ", 1)[0].rstrip(">")
            kind = _NO_NESTING.get(name)
            inner = (inside | {kind} if kind else inside) - _RESETS.get(name, frozenset())
            stack.append((child, tags[1], depth + 1, inner))


def sanitize_html(fragment: str, *, base_url: str | None = None) -> str:
    """Safe HTML for an untrusted fragment; relative links resolve against `base_url` when given."""
    if not fragment or not fragment.strip():
        return ""
    tree = LexborHTMLParser(f"<!doctype html><html><body>{fragment}</body></html>")
    body = tree.body
    if body is None:
        return ""
    out: list[str] = []
    _write(body.child, out, base_url)
    result = "".join(out)
    return result if result.strip() else ""
