"""The article body: main content of an HTML page with the boilerplate removed.

One pass over the DOM cuts the page into text *blocks* (the text between two block-level
boundaries), each with its link text, its owning element and flags inherited from its
ancestors. Every block gets a signed value (prose counts for, link lists and chrome against),
values are summed up the tree, and the element with the largest sum is the main container: it
holds the most prose and the least chrome. Blocks inside it are then filtered one by one
(boilerplate class names, link-dense or UI-like short lines at its edges) and rendered to plain
text and to sanitised HTML. Lengths are measured in characters, with CJK characters weighted,
so pages without spaces between words are judged fairly. No rule is keyed to a site.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .options import ExtractOptions

__all__ = ["Body", "extract_body"]

#: Elements whose whole subtree is never content.
_DROP = frozenset(
    """script style noscript iframe frame frameset svg canvas template button select option input
    textarea object embed map audio video source track picture nav head title meta link
    dialog menu math""".split()
)
#: Elements that end a block of text (everything else is inline).
_BLOCK = frozenset(
    """p div section article main li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr td th
    thead tbody tfoot caption figure figcaption header footer aside form fieldset address center hr
    details summary hgroup body html""".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Structural elements that are page chrome by their nature.
_CHROME_TAGS = frozenset(("footer", "aside"))

# Class/id vocabulary of page chrome, matched as whole tokens (split on -, _, space, camelCase).
_NEGATIVE_WORDS = frozenset(
    """comment comments commentlist disqus share shares sharing sharebar social socials related
    recommended recommendations newsletter subscribe subscription signup cookie cookies consent
    gdpr promo promotion advert advertisement advertising ads ad adsense sponsor sponsored banner
    breadcrumb breadcrumbs menu navbar navigation nav sidebar widget widgets footer popup modal
    outbrain taboola pagination pager toolbar login paywall popular trending masthead skip
    tags tagcloud byline author bio shoutbox rating ratings print email follow more teaser
    teasers also crumbs dropdown overlay flyout offcanvas partner partners jump toc""".split()
)
_POSITIVE_WORDS = frozenset(
    """article content body post entry story text main blog prose richtext articlebody
    storybody postbody""".split()
)
_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[.!?。！？…:;»\"”)]\s*$")
_MAX_DEPTH = 512


@dataclass(frozen=True, slots=True)
class Body:
    """The main text of a page: plain `text`, sanitised `html`, and what was noticed."""

    text: str
    html: str
    warnings: tuple[str, ...] = ()


class _Block:
    __slots__ = ("links", "owner", "parts", "tag", "text", "weight")

    def __init__(self, owner: int, tag: str, parts: list[str], links: int) -> None:
        self.owner = owner
        self.tag = tag
        self.text = _SPACE.sub(" ", "".join(parts)).strip()
        self.links = links
        self.parts = parts
        self.weight = _weight(self.text)


def _weight(text: str) -> int:
    """Length in characters, CJK characters counted three times (they carry about a word each)."""
    n = len(text)
    if n and not text.isascii():
        n += 2 * len(_CJK.findall(text))
    return n


def _class_tokens(node: LexborNode) -> set[str] | None:
    attrs = node.attributes
    if not attrs:
        return None
    value = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
    if not value.strip():
        return None
    return {t.lower() for t in _TOKEN_SPLIT.split(value) if t}


def _is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


class _Walk:
    """One pass over the DOM: elements get ids, text is cut into blocks."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.tags: list[str] = []
        self.negative: list[bool] = []
        self.positive: list[bool] = []
        self.blocks: list[_Block] = []
        self._parts: list[str] = []
        self._links = 0

    def _flush(self, owner: int) -> None:
        if self._parts:
            block = _Block(owner, self.tags[owner], self._parts, self._links)
            if block.text:
                self.blocks.append(block)
            self._parts = []
            self._links = 0

    def _new_element(self, tag: str, parent: int, node: LexborNode | None) -> int:
        idx = len(self.tags)
        self.tags.append(tag)
        self.parent.append(parent)
        neg = pos = False
        if node is not None and (tag in _BLOCK or tag == "span"):
            tokens = _class_tokens(node)
            if tokens:
                neg = not tokens.isdisjoint(_NEGATIVE_WORDS)
                pos = not tokens.isdisjoint(_POSITIVE_WORDS)
        self.negative.append(neg or tag in _CHROME_TAGS)
        self.positive.append(pos)
        return idx

    def run(self, root: LexborNode) -> None:
        top = self._new_element(root.tag or "body", -1, None)
        stack: list[tuple[LexborNode, int, bool]] = []  # (node, element id, is link)
        owner = top  # nearest block element
        owners: list[int] = [top]
        link_depth = 0
        node: Any = root.child
        cur = top
        while node is not None:
            tag = node.tag
            descend = False
            if tag == "-text":
                text = node.text_content
                if text:
                    self._parts.append(text)
                    if link_depth:
                        self._links += len(text.strip())
            elif tag == "br":
                self._parts.append("\n")
            elif tag and tag[0] not in "-_!" and tag not in _DROP and len(stack) < _MAX_DEPTH:
                if not (node.attributes and _is_hidden(node)):
                    is_block = tag in _BLOCK
                    if is_block:
                        self._flush(owner)
                    cur_id = self._new_element(tag, cur, node)
                    if node.child is not None:
                        stack.append((node, cur_id, tag == "a"))
                        cur = cur_id
                        if is_block:
                            owner = cur_id
                            owners.append(cur_id)
                        if tag == "a":
                            link_depth += 1
                        descend = True
                        node = node.child
            if descend:
                continue
            # move to the next node, closing finished elements on the way up
            while node is not None and node.next is None and stack:
                node, eid, is_link = stack.pop()
                if is_link:
                    link_depth -= 1
                if owners[-1] == eid:
                    self._flush(owner)
                    owners.pop()
                    owner = owners[-1]
                cur = stack[-1][1] if stack else top
            node = node.next if node is not None else None
        self._flush(owner)


def _value(block: _Block) -> float:
    w = block.weight
    if block.links * 2 > len(block.text):
        return -float(w)
    if block.tag in _HEADINGS:
        return 0.0
    if w < 25:
        return -3.0 if block.links else -1.0
    bonus = 1.0 if _SENTENCE.search(block.text) or "," in block.text or "，" in block.text else 0.6
    return w * bonus - 2.0 * block.links


def _choose_container(walk: _Walk) -> int:
    score = [0.0] * len(walk.tags)
    parent = walk.parent
    negative = walk.negative
    for block in walk.blocks:
        v = _value(block)
        e = block.owner
        # prose inside a chrome-classed element counts against its ancestors
        while e >= 0:
            if negative[e] and v > 0:
                v = -v * 0.5
            score[e] += v
            e = parent[e]
    best = max(range(len(score)), key=score.__getitem__)
    return best


def _inside(walk: _Walk, element: int, container: int) -> tuple[bool, bool]:
    """(element is inside container, a chrome-classed element lies between them)."""
    parent, negative, positive = walk.parent, walk.negative, walk.positive
    chrome = False
    e = element
    while e >= 0:
        if e == container:
            return True, chrome
        if negative[e] and not positive[e]:
            chrome = True
        e = parent[e]
    return False, chrome


def _is_chrome_line(block: _Block) -> bool:
    text = block.text
    if block.links and block.links * 2 >= len(text):
        return True
    return block.weight < 40 and not _SENTENCE.search(text)


def _select(walk: _Walk, container: int, title: str | None) -> list[_Block]:
    kept: list[_Block] = []
    norm_title = _SPACE.sub(" ", title).strip().lower() if title else None
    for block in walk.blocks:
        inside, chrome = _inside(walk, block.owner, container)
        if not inside or chrome:
            continue
        if block.links * 10 > len(block.text) * 6 and block.weight < 400:
            continue
        if norm_title and block.tag in _HEADINGS and block.text.lower() == norm_title:
            continue
        kept.append(block)
    # trim UI-like short lines at the start and end of the body
    while kept and _is_chrome_line(kept[0]) and kept[0].tag not in _HEADINGS:
        kept.pop(0)
    while kept and (_is_chrome_line(kept[-1]) or kept[-1].tag in _HEADINGS):
        kept.pop()
    return kept


_HTML_TAG = {"li": "li", "dd": "p", "dt": "p", "pre": "pre", "blockquote": "blockquote", "figcaption": "figcaption"}


def _render(blocks: list[_Block]) -> tuple[str, str]:
    texts: list[str] = []
    html_parts: list[str] = []
    in_list = False
    for block in blocks:
        tag = block.tag
        if tag == "pre":
            text = "".join(block.parts).strip("\n")
        else:
            text = "\n".join(_SPACE.sub(" ", line).strip() for line in "".join(block.parts).split("\n"))
            text = "\n".join(line for line in text.split("\n") if line)
        if not text:
            continue
        if tag == "li":
            if not in_list:
                html_parts.append("<ul>")
                in_list = True
            if texts and texts[-1].startswith("- ") and in_list:
                texts[-1] += "\n- " + text
            else:
                texts.append("- " + text)
            html_parts.append(f"<li>{htmllib.escape(text)}</li>")
            continue
        if in_list:
            html_parts.append("</ul>")
            in_list = False
        texts.append(text)
        out = tag if tag in _HEADINGS else _HTML_TAG.get(tag, "p")
        if out == "h1":
            out = "h2"
        escaped = htmllib.escape(text).replace("\n", "<br>")
        html_parts.append(f"<{out}>{escaped}</{out}>")
    if in_list:
        html_parts.append("</ul>")
    return "\n\n".join(texts), "\n".join(html_parts)


def extract_body(tree: LexborHTMLParser, *, options: ExtractOptions, title: str | None = None) -> Body:
    """The main content of a parsed page (the tree is only read)."""
    root = tree.body or tree.root
    if root is None:
        return Body("", "", ("no-body-element",))
    walk = _Walk()
    walk.run(root)
    if not walk.blocks:
        return Body("", "", ())
    container = _choose_container(walk)
    blocks = _select(walk, container, title)
    text, html = _render(blocks)
    return Body(text, html, ())
