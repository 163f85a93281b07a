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


def _open(node: LexborNode, tag: str, depth: int, base_url: str | None) -> tuple[str, str] | None:
    """The start and end tag written for an element, ("", "") to unwrap it, None to drop it."""
    if tag in _DROP:
        return None
    tag = _RENAME.get(tag, tag)
    if tag not in ALLOWED_TAGS or depth >= _MAX_DEPTH:
        return "", ""
    attrs = _attributes(tag, node, base_url)
    if attrs == "\x00":
        return None
    return f"<{tag}{attrs}>", ("" if tag in _VOID else f"</{tag}>")


def _write(first: LexborNode | None, out: list[str], base_url: str | None) -> None:
    """Write the siblings from `first` down, depth first, without recursion (pages nest deeply)."""
    stack: list[tuple[LexborNode | None, str, int]] = [(first, "", 0)]
    while stack:
        node, closing, depth = stack.pop()
        if node is None:
            out.append(closing)
            continue
        stack.append((node.next, closing, depth))
        tag = node.tag or ""
        if tag == "-text":
            out.append(html.escape(_BAD_TEXT.sub("", node.text_content or ""), quote=False))
            continue
        tags = _open(node, tag, depth, base_url)
        if tags is None:
            continue
        out.append(tags[0])
        if tags[0].startswith("<pre") and (node.child is not None and (node.child.text_content or "").startswith("\n")):
            out.append("\n")  # a parser drops the first newline after <pre>
        if not tags[0] or tags[1]:
            stack.append((node.child, tags[1], depth + (1 if tags[0] else 0)))


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
    return "".join(out)
