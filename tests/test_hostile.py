"""Hostile input: every case ends in a DatelineError or a best-effort Article, in bounded time and memory.

The time bounds are generous guards, not measurements; the figures are in docs/robustness.md
(`python -m bench.hostile`).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline import Article, BinaryInput, DatelineError, EmptyInput, InputError, InputTooLarge, NotAnArticle
from dateline.defuse import MAX_ATTRIBUTES, MAX_DEPTH, _count_tags, _rewrite, defuse_markup, needs_defusing

PROSE = "<p>The council approved the new budget on Tuesday, after a long debate about schools and roads.</p>"
ARTICLE = f"<html><head><title>Budget</title></head><body><article>{PROSE * 4}</article></body></html>"
GUARD_S = 20.0


def timed(call: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    try:
        result: object = call()
    except DatelineError as exc:
        result = exc
    return result, time.perf_counter() - start


@pytest.mark.parametrize("content", [b"", "", b"   \n\t ", " \r\n ", b"\x00\x00\x00", "\ufeff  "])
def test_empty_input(content: bytes | str) -> None:
    with pytest.raises(EmptyInput, match="empty"):
        dateline.extract(content)


@pytest.mark.parametrize(
    ("head", "what"),
    [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04", "ZIP"), (b"\xff\xd8\xff\xe0", "JPEG")],
)
def test_binary_magic(head: bytes, what: str) -> None:
    with pytest.raises(BinaryInput, match=what):
        dateline.extract(head + random.Random(1).randbytes(5000))


def test_random_bytes_are_binary() -> None:
    with pytest.raises(BinaryInput, match="binary data"):
        dateline.extract(random.Random(7).randbytes(1_000_000))


def test_truncated_gzip_gives_the_readable_part_with_a_warning() -> None:
    rng = random.Random(3)
    words = ["harbour", "council", "budget", "school", "river", "market", "station", "winter"]
    paras = "".join(
        "<p>" + " ".join(rng.choice(words) for _ in range(40)) + ", said the mayor.</p>" for _ in range(200)
    )
    packed = gzip.compress(f"<html><body><article>{paras}</article></body></html>".encode())
    article = dateline.extract(packed[: len(packed) // 2])
    assert "truncated-gzip" in article.warnings and "said the mayor" in article.body


def test_gzip_header_only_is_an_input_error() -> None:
    with pytest.raises(InputError, match="gzip"):
        dateline.extract(gzip.compress(ARTICLE.encode())[:12])


def test_nul_bytes_inside_html() -> None:
    article = dateline.extract(ARTICLE.replace("budget", "bud\x00get").encode())
    assert "budget" in article.body and "\x00" not in article.body


def test_invalid_utf8_is_decoded_best_effort() -> None:
    data = ARTICLE.encode().replace(b"debate", b"deb\xff\xfe\xc3(ate")
    article = dateline.extract(data)
    assert "The council approved" in article.body


def test_over_max_bytes_is_refused_fast() -> None:
    data = b"<html><body>" + PROSE.encode() * (51 * 1024 * 1024 // len(PROSE))
    result, seconds = timed(lambda: dateline.extract(data))
    assert isinstance(result, InputTooLarge) and "max_bytes" in str(result) and seconds < 2


def test_gzip_bomb_stops_at_max_bytes() -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 60_000_000)
    with pytest.raises(InputTooLarge, match="inflates"):
        dateline.extract(bomb)


@pytest.mark.parametrize("closed", [True, False])
def test_100k_nested_divs_are_flattened(closed: bool) -> None:
    html = "<html><body>" + "<div>" * 100_000 + ARTICLE + ("</div>" * 100_000 if closed else "")
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article) and "markup-flattened" in result.warnings
    assert "The council approved" in result.body and seconds < GUARD_S


def test_deeply_nested_tables() -> None:
    html = "<html><body>" + "<table><tr><td>" * 20_000 + PROSE * 3 + "</td></tr></table>" * 20_000
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article | NotAnArticle) and seconds < GUARD_S


def test_a_million_attributes_are_cut() -> None:
    attrs = " ".join(f"a{i}=x" for i in range(1_000_000))
    html = f"<html><body><div {attrs}>{PROSE * 4}</div></body></html>"
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article) and "attributes-cut" in result.warnings and seconds < GUARD_S


def test_many_attributes_are_cut_in_utf8_bytes_too() -> None:  # lexbor parses valid UTF-8 bytes as they are
    attrs = " ".join(f"é{i}=x" for i in range(300_000))
    html = f"<html><body><div {attrs}>{PROSE * 4}</div></body></html>".encode()
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article) and "attributes-cut" in result.warnings and seconds < GUARD_S


def test_attributes_hidden_behind_angle_brackets_in_values_are_cut() -> None:
    attrs = " ".join(f'a{i}=">"' for i in range(50_000))
    out, warnings = defuse_markup(f"<div {attrs}>text</div>")
    assert warnings == ("attributes-cut",) and len(out) < 2000 and out.endswith(">text</div>")


def test_huge_attribute_value() -> None:
    html = f'<html><body><div title="{"x" * 20_000_000}">{PROSE * 4}</div></body></html>'
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article) and "The council approved" in result.body and seconds < GUARD_S


def test_huge_single_line() -> None:
    html = "<html><body><p>" + "word, " * 1_000_000 + "end.</p></body></html>"
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article) and result.body.endswith("end.") and seconds < GUARD_S


@pytest.mark.parametrize("opener", ["<!-- ", "<script>", "<style>", "<textarea>", "<title>"])
def test_unclosed_comment_or_raw_text(opener: str) -> None:
    result, seconds = timed(lambda: dateline.extract("<html><body>" + opener + PROSE * 1000))
    assert isinstance(result, Article | NotAnArticle) and seconds < GUARD_S


def test_too_many_tags_refused() -> None:
    with pytest.raises(InputTooLarge, match="tags"):
        dateline.extract("<html><body>" + "<b>x</b>" * 1_100_000)


def test_defuse_leaves_ordinary_pages_untouched() -> None:
    assert defuse_markup(ARTICLE) == (ARTICLE, ())


@pytest.mark.parametrize("size", [0, 20_000, 20_001, 65_535, 65_536, 65_537, 3 * 65_536 + 1, 300_000])
def test_the_tag_count_is_bytes_count(size: int) -> None:  # numpy counts in 64 KiB chunks
    rng = random.Random(size)
    data = bytes(rng.choice(b"<<>ab \xc3\xa9") for _ in range(size))
    assert _count_tags(data) == data.count(b"<")


# Script code that the many-attributes expression reads as a tag: `<n;` and 300 "attributes".
SCRIPT_LOOKALIKE = "for (i<n; i++) {" + " ".join(f"w{i}" for i in range(300)) + "}"


@pytest.mark.parametrize("wrap", ["<script>{}</script>", "<style>{}</style>", "<!-- {} -->", "<textarea>{}</textarea>"])
def test_tag_lookalikes_in_script_code_and_comments_are_left_alone(wrap: str) -> None:
    deep = "<div>" * (MAX_DEPTH + 50)  # under SCAN_ABOVE_TAGS: only a real tag with many attributes sends it to the scan
    html = f"<html><head>{wrap.format(SCRIPT_LOOKALIKE)}</head><body>{deep}{PROSE}</body></html>"
    assert needs_defusing(html) and defuse_markup(html) == (html, ())
    article = dateline.extract(html.encode())
    assert "attributes-cut" not in article.warnings and "markup-flattened" not in article.warnings


def test_a_tag_with_many_attributes_after_script_code_is_cut() -> None:
    attrs = " ".join(f"a{i}" for i in range(300))
    html = f"<html><head><script>{SCRIPT_LOOKALIKE}</script></head><body><div {attrs}>{PROSE * 4}</div></body></html>"
    out, warnings = defuse_markup(html)
    assert warnings == ("attributes-cut",) and "a299" not in out and SCRIPT_LOOKALIKE in out
    assert "attributes-cut" in dateline.extract(html.encode()).warnings


_CONTEXTS = st.sampled_from(["{}", "<script>{}</script>", "<!--{}-->", "<p title='{}'>", "<title>{}</title>", "<b>{}</b>"])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(_CONTEXTS, st.integers(MAX_ATTRIBUTES - 4, MAX_ATTRIBUTES + 4), st.sampled_from([" ", "/", '="" '])),
             min_size=1, max_size=3),
    st.lists(st.sampled_from(["<", "<!--", "-->", "</script>", "<script>", "'", '"', "=", ">", "<p>", "x"]), max_size=8),
)
def test_every_tag_the_exact_scan_cuts_is_cut(tags: list[tuple[str, int, str]], noise: list[str]) -> None:
    parts = [ctx.format("<i " + sep.join(f"a{n}" for n in range(count)) + ">") for ctx, count, sep in tags]
    html = "".join(p + "".join(noise) for p in parts)
    _, scanned = _rewrite(html)
    assert defuse_markup(html)[1] == scanned  # the scan itself decides, whenever it would cut


def test_defuse_keeps_all_text_and_bounds_depth() -> None:
    html = "".join(f"<div>t{i}" for i in range(30_000))
    out, warnings = defuse_markup(html)
    assert warnings == ("markup-flattened",)
    assert out.count("<div>") == MAX_DEPTH and all(f"t{i}" in out for i in range(0, 30_000, 997))


_PEAK_SCRIPT = """
import json, resource, sys, time
import dateline
paras = ({para!r}.replace("<p>", "<p>" + str(i) + " ", 1) for i in range({count}))  # distinct: repeats are dropped
html = "<html><body><article>" + "".join(paras) + "</article></body></html>"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
article = dateline.extract(html)
print(json.dumps({{"seconds": time.perf_counter() - start, "body": len(article.body),
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "input_mib": len(html) / 2**20}}))
"""


def test_8_mb_page_memory_is_bounded() -> None:
    """Peak RSS of a fresh process extracting an 8 MiB page stays under 1 GiB."""
    script = _PEAK_SCRIPT.format(para=PROSE, count=8 * 2**20 // len(PROSE))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    figures = json.loads(run.stdout)
    assert figures["body"] > 4_000_000 and figures["peak_mib"] < 1024 and figures["seconds"] < GUARD_S


_TAGS = st.sampled_from(["p", "div", "span", "a", "table", "tr", "td", "script", "style", "svg", "b", "li", "h1"])
_PIECE = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None, categories=None), max_size=10),  # surrogates, controls
    st.sampled_from(['="', "='", "=", "/>", "<svg><path/>", "</", "<!", "<?xml ?>", "<![CDATA[", "]]>"]),
    _TAGS.map(lambda t: f"<{t}>"),
    _TAGS.map(lambda t: f"</{t}>"),
    st.tuples(_TAGS, st.text(max_size=20)).map(lambda p: f'<{p[0]} class="{p[1]}" x={p[1]!r}>'),
    st.sampled_from(["<!--", "-->", "<!DOCTYPE html>", "&amp;", "&#0;", "&#x110000;", "<", ">", "\x00", "\ufeff"]),
    st.just(PROSE),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECE, max_size=60), st.sampled_from([None, "text/html", "text/plain"]), st.booleans())
def test_html_ish_strings_give_an_article_or_a_dateline_error(
    pieces: list[str], content_type: str | None, as_bytes: bool
) -> None:
    text = "".join(pieces)
    content: bytes | str = text.encode("utf-8", "surrogatepass") if as_bytes else text
    try:
        article = dateline.extract(content, content_type=content_type)
    except DatelineError:
        return
    assert isinstance(article, Article) and isinstance(article.body, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_give_an_article_or_a_dateline_error(data: bytes) -> None:
    try:
        article = dateline.extract(data)
    except DatelineError:
        return
    assert isinstance(article, Article)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["div", "span", "section", "b", "p", "li", "td", "svg"]), min_size=1, max_size=8))
def test_flattening_keeps_every_word_in_order(tags: list[str]) -> None:
    opens = [tags[i % len(tags)] for i in range(MAX_DEPTH + 300)]
    html = "".join(f"<{t} class=x>w{i} " for i, t in enumerate(opens)) + "".join(f"</{t}>" for t in reversed(opens))
    out, _ = defuse_markup(html + "<!--" + "<i>" * 30_000 + "-->")
    words = [w for w in re.findall(r"w\d+", out)]
    assert words == [f"w{i}" for i in range(len(opens))]


def test_defuse_leaves_development_pages_untouched() -> None:
    from pathlib import Path

    from dateline.encoding import decode

    data = Path(__file__).resolve().parent.parent / ".data"
    manifests = sorted(data.glob("*/manifest.jsonl"))
    if not manifests:
        pytest.skip(".data is not unpacked (make data)")
    checked = 0
    for manifest in manifests:
        for line in manifest.read_text(encoding="utf-8").splitlines()[::40]:
            record = json.loads(line)
            if record.get("html"):
                text, _ = decode((manifest.parent / record["html"]).read_bytes())
                assert defuse_markup(text) == (text, ()), record["id"]
                checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "inner",
    ["<div>" * 50_000, "<div " + " ".join(f"a{i}=x" for i in range(40_000)) + ">"],
    ids=["deep", "attributes"],
)
def test_markup_inside_noscript_is_defused_too(inner: str) -> None:
    """body.py re-parses <noscript> content as markup when the visible text is short."""
    html = f"<html><body><noscript>{inner}</noscript><p>short</p></body></html>"
    result, seconds = timed(lambda: dateline.extract(html))
    assert isinstance(result, Article | NotAnArticle) and seconds < GUARD_S


def test_text_with_too_many_lines_is_refused_fast() -> None:
    result, seconds = timed(lambda: dateline.extract("menu\n" * 1_000_000, content_type="text/plain"))
    assert isinstance(result, InputTooLarge) and "lines" in str(result) and seconds < 2
