"""Markup made safe to parse: bounded nesting depth and attribute counts.

The HTML parser (lexbor) is quadratic in two shapes a hostile page can take: the depth of the
stack of open elements (100k nested `<div>` take ~14 s) and the number of distinct attributes
on one element (80k attributes take ~11 s). `defuse_markup` rewrites such markup before it is
parsed, keeping every piece of text:

* elements opened deeper than `MAX_DEPTH` lose their tags (their text joins the element above);
* a tag with more than `MAX_ATTRIBUTES` attributes keeps only its first `KEPT_ATTRIBUTES`.

Ordinary pages never reach the exact scan: a page with at most `SCAN_ABOVE_TAGS` `<` signs
cannot nest deep enough to be slow, and one regular expression (run in C) finds tags with many
attributes. The exact scan follows the tokenizer closely (comments, raw-text
elements, quoted values, void and self-closing elements, implied end tags) but not perfectly;
it only decides which tags to drop, so an error costs structure, never text.
"""

from __future__ import annotations

import re

import numpy as np

from .errors import InputTooLarge

__all__ = [
    "KEPT_ATTRIBUTES", "MAX_ATTRIBUTES", "MAX_DEPTH", "MAX_TAGS", "SCAN_ABOVE_TAGS", "defuse_markup", "needs_defusing",
]

#: Elements nested deeper than this are flattened (the body extractor reads 512 levels).
MAX_DEPTH = 400
#: A tag with more attributes than this keeps only the first `KEPT_ATTRIBUTES`.
MAX_ATTRIBUTES = 256
KEPT_ATTRIBUTES = 64
#: Pages with more `<` signs than this get the exact scan (about 1 in 2000 real pages).
SCAN_ABOVE_TAGS = 20_000
#: No real page holds this many tags; above it the content is refused.
MAX_TAGS = 2_000_000

# A start tag with at least `MAX_ATTRIBUTES` attributes, counted as the tokenizer does (a name
# runs to white space, `/`, `>` or `=`; quotes in a name are part of it). Every unit is atomic
# and consumes at least one character, so a failed attempt never backtracks.
# The optional value is written `(?:...|)`, not `(?:...)?`: the same language inside the atomic unit,
# and a branch costs re less than a repeat (5% of the search).
_NAME = r"[A-Za-z][^\s/>]*+"
_MANY_UNITS = (
    r"""(?>[\s/]*+(?:=[^\s/>=]*+|[^\s/>=]++)(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+)|))"""
    + f"{{{MAX_ATTRIBUTES}}}"
)
_MANY_ATTRIBUTES = re.compile(f"<{_NAME}(?={_MANY_UNITS})")
# The same over bytes: `\s` is ASCII white space there, which is what the tokenizer separates
# attributes with (the text pattern also splits at Unicode spaces: more matches, never fewer).
_MANY_ATTRIBUTES_BYTES = re.compile(_MANY_ATTRIBUTES.pattern.encode("ascii"))
# <noscript> is left out on purpose: the body extractor re-parses its content as markup.
_RAW_TEXT = "script style textarea title xmp iframe noembed noframes".split()
_QUOTED_ATTRS = r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""
_COMMENT = r"<!--(?:[^-]++|-(?!->))*+(?:-->)?"
_RAW_TEXT_ELEMENTS = "|".join(
    rf"<{n}(?=[\s/>]){_QUOTED_ATTRS}>?(?:[^<]++|<(?!/{n}[\s/>]))*+(?:</{n}[^>]*+>)?" for n in _RAW_TEXT
)
_TAG_ATTRIBUTES = r"""(?:[^>"'=]++|=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+)|["'])*+"""
# One token of the tokenizer's view: a comment, a raw-text element with its content (tags inside
# are text), or a tag with its attributes. Runs are possessive, so nothing backtracks.
_TOKEN = re.compile(
    f"{_COMMENT}|{_RAW_TEXT_ELEMENTS}|<(/?)({_NAME})({_TAG_ATTRIBUTES})>?",
    re.IGNORECASE,
)
# `_TOKEN`'s tokens one after the other, from the start, in one match run in C, up to the first
# start tag where `_MANY_ATTRIBUTES` matches (a `<` that starts no token is text, as between
# `_TOKEN.finditer`'s matches). The match ends before the end of the markup exactly when the exact
# scan meets such a tag; `_MANY_ATTRIBUTES` alone also fires in script code (`i<n; ...` followed by
# 256 words), which is no tag. No capturing group: re fails on one inside a possessive repeat.
_TOKENS_TO_MANY_ATTRIBUTES = re.compile(
    f"(?:[^<]++|{_COMMENT}|{_RAW_TEXT_ELEMENTS}"
    f"|<(?!(?-i:{_NAME}(?={_MANY_UNITS})))/?{_NAME}{_TAG_ATTRIBUTES}>?|<(?!/?[A-Za-z]))*+",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")

_VOID = frozenset(
    """area base basefont bgsound br col embed frame hr image img input keygen link meta param
    source track wbr""".split()
)
_FOREIGN = frozenset(("svg", "math"))
# An open element of the same group is closed by these start tags (implied end tags).
_SIBLING_GROUPS: dict[str, frozenset[str]] = {
    "p": frozenset(("p",)),
    "li": frozenset(("li",)),
    "dt": frozenset(("dt", "dd")),
    "dd": frozenset(("dt", "dd")),
    "option": frozenset(("option",)),
    "tr": frozenset(("tr", "td", "th")),
    "td": frozenset(("td", "th")),
    "th": frozenset(("td", "th")),
}
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
    ]
)
_END_SEARCH = 64  # an end tag closes a match among this many open elements, else it is ignored


def needs_defusing(markup: str | bytes) -> bool:
    """Whether `markup` (text, or its UTF-8 bytes) may hold a shape that `defuse_markup` rewrites
    or refuses: more than `SCAN_ABOVE_TAGS` tags, or a tag with `MAX_ATTRIBUTES` attributes.

    False is certain; True sends the markup to `defuse_markup`. On bytes the checks run over
    one byte per character, which is cheaper than over text with non-Latin characters.
    """
    if isinstance(markup, bytes):
        return _count_tags(markup) > SCAN_ABOVE_TAGS or _MANY_ATTRIBUTES_BYTES.search(markup) is not None
    return markup.count("<") > SCAN_ABOVE_TAGS or _MANY_ATTRIBUTES.search(markup) is not None


#: 64 KiB: inside a full extraction a comparison over a whole page (a MiB chunk) cost 0.10 ms a
#: fundus page, 64 KiB chunks 0.04 (bytes.count 0.16); a large temporary is not reused warm.
_COUNT_CHUNK = 1 << 16


def _count_tags(markup: bytes) -> int:
    """`markup.count(b"<")`, counted by numpy 64 KiB at a time (4x faster: `bytes.count` tests one byte at a time)."""
    if len(markup) <= SCAN_ABOVE_TAGS:  # cannot be over the limit
        return markup.count(b"<")
    view = np.frombuffer(markup, dtype=np.uint8)
    return sum(
        int(np.count_nonzero(view[i : i + _COUNT_CHUNK] == 0x3C)) for i in range(0, len(view), _COUNT_CHUNK)
    )


def defuse_markup(html: str, *, flagged: bool = False) -> tuple[str, tuple[str, ...]]:
    """`html` with over-deep nesting flattened and huge attribute lists cut; returns (html, warnings).

    `flagged`: `needs_defusing` already returned True for `html` or its UTF-8 bytes (it is not
    asked again). Raises `InputTooLarge` above `MAX_TAGS` tags. Text content is never removed.
    """
    if not flagged and not needs_defusing(html):
        return html, ()
    tags = html.count("<")
    if tags > MAX_TAGS:
        raise InputTooLarge(
            f"the markup has {tags} tags (limit {MAX_TAGS}); no real page has that many, split the input"
        )
    if tags <= SCAN_ABOVE_TAGS and not _has_many_attributes(html):
        return html, ()  # what needs_defusing saw was no tag (script code, a comment)
    return _rewrite(html)


def _has_many_attributes(html: str) -> bool:
    """Whether a start tag of the exact scan's tokens has `MAX_ATTRIBUTES` attributes or more
    (half the exact scan's cost: no Python per token)."""
    match = _TOKENS_TO_MANY_ATTRIBUTES.match(html)
    return match is None or match.end() < len(html)


class _Scan:
    """The open-element stack of one pass, and the edits it decided."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.foreign = 0
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
        self.flattened = 0
        self.cut = 0

    def end_tag(self, name: str) -> None:
        stack = self.stack
        for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _END_SEARCH), -1):
            if stack[i] == name:
                for closed in stack[i:]:
                    self.foreign -= closed in _FOREIGN
                del stack[i:]
                return

    def start_tag(self, name: str, attrs: str, span: tuple[int, int]) -> None:
        if len(attrs) > 2 * MAX_ATTRIBUTES:
            self._cut_attributes(name, attrs, span)
        if name in _VOID or (self.foreign and attrs.rstrip().endswith("/")):
            return
        stack = self.stack
        group = _SIBLING_GROUPS.get(name)
        if group is not None:
            for i in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
                if stack[i] in group:
                    self.end_tag(stack[i])
                    break
        if name in _CLOSES_P and stack and stack[-1] == "p":
            stack.pop()
        if len(stack) >= MAX_DEPTH:
            self.edits.append((span[0], span[1], ""))
            self.flattened += 1
            return
        stack.append(name)
        self.foreign += name in _FOREIGN

    def _cut_attributes(self, name: str, attrs: str, span: tuple[int, int]) -> None:
        matches = _ATTRIBUTE.finditer(attrs)
        end = 0
        for n, m in enumerate(matches, 1):
            if n == KEPT_ATTRIBUTES:
                end = m.end()
            elif n > MAX_ATTRIBUTES:
                self.edits.append((span[0], span[1], f"<{name}{attrs[:end]}>"))
                self.cut += 1
                return


def _rewrite(html: str) -> tuple[str, tuple[str, ...]]:
    scan = _Scan()
    for m in _TOKEN.finditer(html):
        end, name, attrs = m.groups()
        if name is None:
            continue
        if end:
            scan.end_tag(name.lower())
        else:
            scan.start_tag(name.lower(), attrs, m.span())
    if not scan.edits:
        return html, ()
    pieces: list[str] = []
    pos = 0
    for start, end, replacement in scan.edits:
        pieces.append(html[pos:start])
        pieces.append(replacement)
        pos = end
    pieces.append(html[pos:])
    warnings: list[str] = []
    if scan.flattened:
        warnings.append("markup-flattened")
    if scan.cut:
        warnings.append("attributes-cut")
    return "".join(pieces), tuple(warnings)
