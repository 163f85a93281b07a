from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from dateline.web.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html


def test_scripts_styles_frames_and_forms_are_dropped_with_their_content() -> None:
    out = sanitize_html(
        "<p>keep</p><script>alert(1)</script><style>p{}</style><iframe src='https://x'>f</iframe>"
        "<form><input name=a><button>b</button></form><object data=x>o</object><svg><script>1</script></svg>"
    )
    assert out == "<p>keep</p>"


def test_event_handlers_and_style_attributes_are_removed() -> None:
    out = sanitize_html('<p onclick="x()" style="position:fixed" class="c" id="i">t</p><img src="https://e.com/a.png" onerror="x()">')
    assert out == '<p>t</p><img src="https://e.com/a.png" loading="lazy" referrerpolicy="no-referrer">'


def test_dangerous_url_schemes_are_removed_even_when_obfuscated() -> None:
    for href in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:x", "java&#x73;cript:x",
                 "&#106;avascript:x", "data:text/html,<script>1</script>", "vbscript:x"):
        out = sanitize_html(f'<a href="{href}">x</a>')
        assert out == "<a>x</a>", href


def test_images_need_an_http_source() -> None:
    assert sanitize_html('<img src="data:image/png;base64,AAAA">') == ""
    assert sanitize_html('<img src="javascript:x">') == ""


def test_relative_links_resolve_against_the_base_url() -> None:
    out = sanitize_html('<a href="../b">x</a>', base_url="https://news.example/a/c/d")
    assert 'href="https://news.example/a/b"' in out
    assert 'rel="nofollow noopener noreferrer ugc"' in out


def test_structure_and_text_are_kept_and_escaped() -> None:
    out = sanitize_html("<h1>T</h1><ul><li>a &lt;b&gt;</li></ul><custom>inner</custom><table><tr><td colspan=2>c</td></tr></table>")
    assert out == ("<h2>T</h2><ul><li>a &lt;b&gt;</li></ul>inner"
                   '<table><tbody><tr><td colspan="2">c</td></tr></tbody></table>')


def test_very_deep_nesting_does_not_recurse() -> None:
    out = sanitize_html("<div>" * 20_000 + "deep")
    assert out.endswith("deep" + "</div>" * 64)


def _only_allowed(html: str) -> None:
    tree = LexborHTMLParser(f"<body>{html}</body>")
    assert tree.body is not None
    for node in tree.body.traverse(include_text=False):
        if node.tag == "body":
            continue
        assert node.tag in ALLOWED_TAGS, node.tag
        extra = set(node.attributes) - ALLOWED_ATTRIBUTES.get(node.tag, frozenset()) - {"rel", "loading", "referrerpolicy"}
        assert not extra, (node.tag, extra)


_PIECES = st.sampled_from([
    "<p>", "</p>", "<a href='javascript:x'>", "<a href=\"https://e.com\">", "</a>", "<script>", "</script>",
    "<img src=x onerror=alert(1)>", "<iframe>", "<style>", "<b onclick=1>", "</b>", "<!--", "-->", "<pre>\n",
    "</pre>", "&lt;", "&amp;", "<", ">", "\"", "'", "text", " ", "\n", "<svg>", "<math>", "<textarea>",
    "<noscript>", "<table>", "<td>", "<li>", "<br>", "<h1>", "java", "script:", "<div style='x'>",
])


@settings(max_examples=300, deadline=None, derandomize=True)  # deterministic in CI; explored with 4,000+ random runs
@given(st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=200))
def test_output_is_safe_and_sanitising_is_idempotent(html: str) -> None:
    out = sanitize_html(html)
    _only_allowed(out)
    assert not re.search(r"<(script|iframe|style|svg|math|form)", out, re.I)
    assert not re.search(r"\son\w+\s*=", out, re.I)
    assert not re.search(r'(href|src)="[^"]*script:', out, re.I)
    assert sanitize_html(out) == out
