"""Search for Chinese, Japanese and Korean: overlapping character bigrams beside the words.

FTS5's `unicode61` tokenizer cuts text at spaces and punctuation only, so a Chinese or Japanese
sentence is one long token and a two-character word inside it cannot be found. The archive
therefore also indexes, for every article, the CJK parts of its title and body as overlapping
bigrams (`東京都庁` → `東京 京都 都庁`) in two extra full-text columns (`title_grams`,
`body_grams`), and a query's CJK words are searched there too as the same bigram phrase
(`(都庁 OR {title_grams body_grams} : "都庁")`). Text without CJK characters gets empty gram
columns, so other languages index, rank and snippet exactly as before.

Letters and digits glued to CJK characters inside one token (`iPhone新型`) are kept as their own
tokens in the gram columns, so such a token is found by its parts in either script.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["grams", "has_cjk", "highlight", "query_terms", "rewrite_query"]

# Han (with extensions and compatibility ideographs), kana, Hangul syllables and jamo.
_CJK_CLASS = (
    "\u1100-\u11ff\u3040-\u309f\u30a0-\u30ff\u3100-\u312f\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_WORD = re.compile(r"\w+")
#: FTS5 query pieces: a string in double quotes, or a bareword (FTS5: ASCII letters, digits, _,
#: \x1a, and every non-ASCII character).
_PIECE = re.compile(r'"(?:[^"]|"")*"|[A-Za-z0-9_\x1a\u0080-\U0010ffff]+')
_NEAR = re.compile(r"\bNEAR\s*\([^)]*\)")
#: Query text ending with an operand (a word, a string, a group), or starting with one: a group
#: placed there needs an explicit AND.
_ENDS_OPERAND = re.compile(r'(?<![\w\x1a\u0080-\U0010ffff])(?!(?:AND|OR|NOT)\s*$)[\w\x1a\u0080-\U0010ffff]+\s*$|["*)]\s*$')
_STARTS_OPERAND = re.compile(r'\s*(?!(?:AND|OR|NOT)(?![\w\x1a\u0080-\U0010ffff]))["(\w\x1a\u0080-\U0010ffff]')
#: A column filter right before a query piece: `title:`, `{title body} :`, `- {site_text}:`.
_COLUMN_FILTER = re.compile(r"(-\s*)?(\{[^}]*\}|[A-Za-z_]\w*)\s*:\s*$")
GRAM_COLUMNS = "{title_grams body_grams}"


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _token_grams(token: str) -> list[str]:
    out: list[str] = []
    pos = 0
    for run in _CJK_RUN.finditer(token):
        if run.start() > pos:
            out.append(token[pos : run.start()])
        chars = run.group()
        out.extend([chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)])
        pos = run.end()
    if pos < len(token):
        out.append(token[pos:])
    return out


def grams(text: str | None) -> str:
    """The gram column for `text`: '' without CJK, else the bigrams of every word holding CJK
    characters (other letters of such a word kept whole), separated by spaces, in text order."""
    if not text or not has_cjk(text):
        return ""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(g for word in _WORD.findall(text) if has_cjk(word) for g in _token_grams(word))


def _phrase(piece: str, *, columns: str = GRAM_COLUMNS, prefix: str = "") -> str:
    """`piece` (a bareword or a quoted string) or the same as a bigram phrase in the gram columns."""
    inner = piece[1:-1].replace('""', '"') if piece.startswith('"') else piece
    parts = grams(inner).split()
    if len(parts) == 1 and len(parts[0]) == 1 and has_cjk(parts[0]):  # one character: bigrams starting with it
        return f'({prefix}{piece} OR {columns} : "{parts[0]}" *)'
    return f'({prefix}{piece} OR {columns} : "{" ".join(parts)}")'


def _gram_columns(spec: str) -> str | None:
    """The gram columns for a column filter (`title`, `{title body}`); None when it names neither."""
    names = [n for n in spec.strip("{} ").split() if n in ("title", "body")]
    return "{" + " ".join(f"{n}_grams" for n in names) + "}" if names else None


def rewrite_query(match: str) -> str:
    """An FTS5 query that also finds CJK words inside longer runs (see the module docstring).

    Barewords and quoted strings holding CJK characters become `(piece OR grams phrase)`;
    everything else (operators, column filters, prefixes `x*`, NEAR groups) is left as written.
    """
    if not has_cjk(match):
        return match
    near = [m.span() for m in _NEAR.finditer(match)]
    out: list[str] = []
    pos = 0
    for m in _PIECE.finditer(match):
        start, end = m.span()
        inside_near = any(a <= start < b for a, b in near)
        glued = match[end : end + 1] in ("*", ":") or match[start - 1 : start] == "^"
        if inside_near or glued or not has_cjk(m.group()):
            continue
        spec = _COLUMN_FILTER.search(match, pos, start)
        if spec is None:
            before, group = match[pos:start], _phrase(m.group())
        elif spec.group(1) is None and (columns := _gram_columns(spec.group(2))) is not None:
            before, group = match[pos : spec.start()], _phrase(m.group(), columns=columns, prefix=spec.group(0))
        else:
            continue  # a filter on other columns, or one that excludes columns: left as written
        out.append(before)
        # FTS5 joins two phrases by an implicit AND, but not a parenthesised group: write it out
        if _ENDS_OPERAND.search(written := "".join(out)):
            out.append("AND " if written[-1:].isspace() else " AND ")
        out.append(group)
        if _STARTS_OPERAND.match(match, end):
            out.append(" AND" if match[end : end + 1].isspace() else " AND ")
        pos = end
    out.append(match[pos:])
    return "".join(out)


def query_terms(match: str) -> list[str]:
    """The CJK runs of a query (NFKC), longest first: what `highlight` marks in a body."""
    runs = {r for r in _CJK_RUN.findall(unicodedata.normalize("NFKC", match))}
    return sorted(runs, key=len, reverse=True)


def highlight(body: str, terms: list[str], *, open_mark: str, close_mark: str, size: int = 160) -> str | None:
    """An HTML-safe snippet of `body` around the first of `terms`, each occurrence marked; None
    when no term occurs (the gram match came from the title)."""
    text = " ".join(body.split())
    found = [i for i in (text.find(t) for t in terms) if i >= 0]
    if not found:
        return None
    start = max(0, min(found) - size // 3)
    piece = text[start : start + size]
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    marked = pattern.sub(lambda m: f"{open_mark}{m.group()}{close_mark}", html.escape(piece, quote=False))
    return ("…" if start else "") + marked + ("…" if start + size < len(text) else "")
