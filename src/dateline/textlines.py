"""Line features and the shipped line classifier for scraped text: content (1) or page chrome (0).

A page's text is split into lines; each non-blank line gets a vector of general features (its
length, sentence punctuation, stop-word density over many languages, share of link-label words,
date and byline shapes, repetition within the page, its block and its neighbours), computed for the
whole page at once (regex scans of the page, numpy columns). Stacked models score them: the first
(logistic, with a small tanh layer beside it) from a line's own features and its neighbours', each
later one re-reads the previous scores over windows around the line, with the line's own features and
its shape against the page's kept text, so that a short line inside a run of prose stays and a long
line in a run of chrome goes. The weights are a small JSON file shipped in the package
(`data/textmodel.json`) and trained by `scripts/train_textmodel.py`.
"""

from __future__ import annotations

import collections
import functools
import itertools
import json
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

__all__ = [
    "CONTEXT_2",
    "FEATURES_1",
    "FEATURES_2",
    "NEAR_2",
    "LineModel",
    "line_features",
    "load_model",
    "page_threshold",
    "score_lines",
    "scores_and_words",
    "stage2_features",
]

def _rest_of_line(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern}).*", flags)


_SENTENCE_END = frozenset(".!?…。！？;:\"'”»)]")
_FULL_STOP = _SENTENCE_END - frozenset(":;")
_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’„…·•|–—›‹"
_SAMPLE = 120
#: Separators of menus, breadcrumbs and title parts; found with str.find, faster than a regex here.
_SEPARATORS = ("|", "»", "›", "•", "·", " / ", " - ", "::")
_BULLETS = ("*", "-", "•", "·", "–", "—", "+", ">", "►", "▶", "■", "□", "◦")
# the patterns that must start a line begin with the newline before it (they are run over the text
# after a newline) and those of dates with the first digit: the regex engine then skips ahead to the
# characters that can start a match instead of trying the pattern at every position
_NUMBERED = _rest_of_line(r"\n\d[.)] ")
_URLISH = _rest_of_line(r"://|www\.|\.com|\.org|\.net|\.htm|@")  # on lower-cased text
# a year 19xx/20xx, a numeric date or a time, as a token of its own
_DATEISH = _rest_of_line(r"\d(?<!\w\d)(?:(?<=1)9\d\d|(?<=2)0\d\d|\d?[./-]\d{1,2}[./-]\d{2,4}|\d?:\d\d)(?!\w)")
#: Copyright notices, on lower-cased text.
_COPYRIGHT = ("©", "(c)", "copyright", "all rights reserved", "alle rechte", "tous droits", "derechos reservados")
_BYWORDS = (
    "by", "von", "par", "por", "di", "door", "av", "af", "przez", "от", "автор", "tekijä", "kirjoittaja", "yazan",
    "muallif", "written by", "posted by", "reported by",
)
# the lookahead of the words' first letters fails most lines at their first character, before the
# alternation is tried word by word (38 -> 24 us a page; the same matches)
_BYLINE = _rest_of_line(
    rf"\n(?=[{''.join(sorted({w[0] for w in _BYWORDS}))}])(?:{'|'.join(_BYWORDS)})[^\S\n]+\S", re.IGNORECASE
)

# Function words of the common web languages: prose is dense in them, chrome is not.
_STOP = frozenset(
    """
    the of and to in a is that for it as was with be by on not he i this are or his from at which
    but have an they you were her she there been one all we their has would when will more if no
    der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
    werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum war
    le la les de des et en un une du est que qui dans pour pas par sur au il elle ne se ce avec plus
    son sa ses sont mais ont été aux cette leur
    el los las del y que en un por con para una es se lo al su como más pero sus le ha este
    o di che e il un per non una sono della alla dei nel da gli ma anche come questo
    os as do da em um uma com não no na ao dos das foi são pelo pela mas seu sua
    het een van en is dat op te zijn niet met voor aan er maar ook als bij dan nog wordt
    och att det som en är på för med av till den har inte om ett var jag men de så kan
    og af til er med ikke på et har som for at han hun vi
    ja on ei se että oli hän ovat mutta kun tai myös kuin sen niin ole
    и в не на что с по он как это к а но из у за от о то же для так все его она был
    i w na z się że do nie to jest o jak ale po co od przez jego jej
    a je se na že v to s do ale jak by jsou pro od
    ve bir bu da de için ile olarak daha çok gibi ancak ama
    və bu bir ilə üçün da də olan onun
    dan yang di dan ini itu dengan untuk dari tidak ada
    și în de la cu pe că nu o un din care este
    az és a hogy nem is egy meg van de
    """.split()
)
# Words of link labels and page furniture, in many languages.
_CHROME = frozenset(
    """
    share tweet facebook twitter whatsapp linkedin pinterest instagram youtube telegram reddit email
    e-mail print login log sign subscribe subscription newsletter menu home search comments comment
    reply advertisement advertising ad ads cookie cookies privacy terms contact about next previous
    prev loading follow related latest popular tags tag category categories archive archives rss
    copyright rights reserved more see read view all click here back top skip navigation nav sitemap
    register account password username careers faq help support shop cart checkout video videos photos
    gallery trending sponsored posted permalink continue reading page pages
    teilen anmelden abmelden abonnieren suche mehr weiterlesen kommentare kommentar startseite
    impressum datenschutz werbung anzeige zurück weiter nächste vorherige newsletter
    partager connexion abonner rechercher accueil suite commentaires publicité mentions lire voir
    compartir iniciar sesión suscríbete buscar inicio más leer comentarios publicidad siguiente
    anterior ver
    condividi accedi cerca leggi commenti pubblicità altro
    compartilhar partilhar entrar pesquisar leia mais comentários publicidade
    delen inloggen zoeken lees meer reacties advertentie
    dela logga sök läs mer kommentarer annons prenumerera
    jaa kirjaudu haku lue lisää kommentit mainos tilaa
    поделиться войти поиск читать далее комментарии реклама подписаться главная ещё
    udostępnij zaloguj szukaj czytaj więcej komentarze reklama
    paylaş giriş ara devamı oku yorumlar reklam abone
    """.split()
)
#: A word's kind for the stop-word and link-word counts: 1 a function word, 2 a link word, 3 both.
_WORD_KIND = {w: (w in _STOP) + 2 * (w in _CHROME) for w in _STOP | _CHROME}

FEATURES_1: tuple[str, ...] = (
    "bias", "log_chars", "log_words", "short", "mid", "long", "ends_sentence", "ends_colon",
    "punct", "digits", "upper", "starts_upper", "starts_lower", "stop", "commas", "urlish",
    "chrome", "separators", "copyright", "dateish", "byline", "repeated", "title_case", "cjk",
    "position", "bullet", "word_len", "block_lines", "block_chars", "blank_before", "blank_after",
    "prev_chars", "next_chars", "prev_stop", "next_stop", "prev_end", "next_end", "block_stop",
    "indent", "chars_sq", "stop_x_chars", "mid_page",
)
#: The later stages' features: the previous scores around the line (`CONTEXT_2`), then the line's
#: own stage-1 features again (all but the bias), so that a later stage weighs the context against
#: what the line is.
CONTEXT_2: tuple[str, ...] = (
    "bias", "logit", "w1", "w2", "w5", "w15", "w40", "above", "below", "first", "last", "block_mean",
    "log_chars", "stop", "chrome", "repeated", "gap_up", "gap_down", "run_chars",
)
#: After them: the previous logits of the lines one and two above and below, and the line's length,
#: stop words, sentence end and link words less their means over the page's kept text.
NEAR_2: tuple[str, ...] = (
    "logit_up1", "logit_down1", "logit_up2", "logit_down2", "rel_chars", "rel_stop", "rel_end", "rel_chrome",
)
FEATURES_2: tuple[str, ...] = CONTEXT_2 + tuple(f"own_{name}" for name in FEATURES_1[1:]) + NEAR_2
_RELATIVE = tuple(FEATURES_1.index(name) for name in ("log_chars", "stop", "ends_sentence", "chrome"))
_NB = len(FEATURES_1)
_COL = {name: k for k, name in enumerate(FEATURES_1)}
_LAST = operator.itemgetter(-1)
_HEAD = operator.itemgetter(slice(_SAMPLE))
_COUNT_SPACES = operator.methodcaller("count", " ")
#: What a line's first or last character says, by code point below U+10000 (a larger one reads the
#: last entry, U+FFFF, a non-character): a full stop as its last, a bullet as its first.
_FULL_STOP_EDGE, _BULLET_EDGE = 1, 2
_EDGES = np.zeros(0x10000, dtype=np.uint8)
_EDGES[[ord(c) for c in _FULL_STOP]] |= _FULL_STOP_EDGE
_EDGES[[ord(c) for c in _BULLETS]] |= _BULLET_EDGE


def _lines_matching(pattern: re.Pattern[str], text: str, starts: np.ndarray) -> np.ndarray:
    """1.0 for each line of `text` (lines begin at `starts`) that `pattern` matches, else 0.0: one
    scan of the page instead of one search per line (the pattern ends with `.*`, so a line gives one
    match at most)."""
    out = np.zeros(len(starts))
    hits = [m.start() for m in pattern.finditer(text)]
    if hits:
        out[np.searchsorted(starts, hits, side="right") - 1] = 1.0
    return out


def _rows_matching(pattern: re.Pattern[str], sample: list[str], rows: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """1.0 for each line of `sample` among `rows` (increasing indexes) that `pattern` matches, else
    0.0: one scan of those lines joined (`widths`: each line's length + 1), so that a pattern that
    can only count on some lines does not read the others. The pattern must read no further than
    its line: each line sits between newlines (or the text's ends) as in the whole page."""
    out = np.zeros(len(sample))
    if len(rows):
        text = "\n".join(map(sample.__getitem__, rows.tolist()))
        starts = np.zeros(len(rows), dtype=np.int64)
        np.cumsum(widths.take(rows[:-1]), out=starts[1:])
        hits = [m.start() for m in pattern.finditer(text)]
        if hits:
            out[rows.take(np.searchsorted(starts, hits, side="right") - 1)] = 1.0
    return out


def _lines_containing(text: str, needles: Iterable[str], starts: np.ndarray) -> np.ndarray:
    """1.0 for each line of `text` (lines begin at `starts`) that holds one of `needles`, else 0.0:
    str.find over the page, skipping to the next line after a hit."""
    hits = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            hits.append(at)
            end = text.find("\n", at)
            at = text.find(needle, end + 1) if end >= 0 else -1
    out = np.zeros(len(starts))
    if hits:
        out[np.searchsorted(starts, hits, side="right") - 1] = 1.0
    return out


def _per_line(values: Iterable[float], m: int) -> np.ndarray:
    return np.fromiter(values, dtype=float, count=m)


def _words_per_line(flags: Iterable[bool], owner: np.ndarray, m: int) -> np.ndarray:
    """How many of each line's words pass a test (`flags`: one per word of the page, in order;
    `owner`: each word's line)."""
    hits = np.fromiter(flags, dtype=float, count=len(owner))
    out: np.ndarray = np.bincount(owner, weights=hits, minlength=m)
    return out


# Character classes of the sampled text, one code a character (see _char_classes): counted per line
# with one bincount instead of one regex substitution or str.count pass per class.
_OTHER, _PUNCT_C, _COMMA, _DIGIT, _UPPER_C, _CAPITAL, _LOWER, _CJK_C, _SPACE, _BLANK = range(10)
_NCLASS = 10
#: Code points at or above this are looked up as this last one (unassigned: no class).
_TABLE_SIZE = 0x20000


@functools.cache
def _char_classes() -> np.ndarray:
    """The class of every code point below U+20000: punctuation (`_PUNCT`, the comma apart), ASCII
    digit, upper-case letter below U+2000 (the `upper` ratio's letters), other upper-case letter
    (they only start a capitalised word), lower-case letter, CJK, the ASCII space, other white space.
    Built once per process (~25 ms)."""
    table = np.full(_TABLE_SIZE, _OTHER, dtype=np.uint8)
    chars = list(map(chr, range(_TABLE_SIZE)))
    table[[i for i, c in enumerate(chars) if c.isupper()]] = _CAPITAL
    table[[i for i, c in enumerate(chars[:0x2000]) if c.isupper()]] = _UPPER_C
    table[[i for i, c in enumerate(chars) if c.islower()]] = _LOWER
    table[[i for i, c in enumerate(chars) if c.isspace()]] = _BLANK
    table[0x3040:0xA000] = _CJK_C
    table[0xAC00:0xD7B0] = _CJK_C
    table[[ord(c) for c in _PUNCT]] = _PUNCT_C
    table[ord(",")] = _COMMA
    table[ord("0") : ord("9") + 1] = _DIGIT
    table[ord(" ")] = _SPACE
    return table


def _code_points(text: str) -> np.ndarray:
    out: np.ndarray = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return out


def _own(kept: list[str]) -> np.ndarray:
    """The features of the stripped, non-blank lines of a page that depend on each line alone (and
    its count in the page), as columns 0-26 of FEATURES_1. Ratios are read from each line's first
    characters: a long line's first 120 say as much as all of it, at a bounded cost. Every step
    works on the whole page at once: the sampled text's characters are classed through one lookup
    table and counted per line with one bincount; words are where a non-space follows a space once
    punctuation is dropped; word tests run over the page's words as one flat list (one C-level map);
    each pattern is one regex scan of the page."""
    m = len(kept)
    sample = list(map(_HEAD, kept))
    text = "\n".join(sample)
    inner_newline = text.count("\n") != m - 1
    if inner_newline:  # a caller's line holds a newline: keep one text line per line
        sample = [s.replace("\n", " ") for s in sample]
        text = "\n".join(sample)
    n = _per_line(map(len, kept), m)
    widths = np.minimum(n, _SAMPLE).astype(np.int64) + 1  # each sampled line and its newline
    ns = widths - 1.0
    starts = np.zeros(m, dtype=np.int64)
    if m > 1:
        np.cumsum(widths[:-1], out=starts[1:])
    low = text.lower()
    lowered_in_place = len(low) == len(text)
    if not lowered_in_place:  # a letter whose lower case is longer (İ): keep the offsets
        low = "".join(c.lower()[0] for c in text)
    codes = _code_points(text)
    cls = _char_classes().take(codes, mode="clip")  # code points past the table read its last entry
    line = np.repeat(np.arange(m), widths)[: len(cls)]
    count = np.bincount(line * _NCLASS + cls, minlength=m * _NCLASS).reshape(m, _NCLASS)
    punct = count[:, _PUNCT_C] + count[:, _COMMA]
    digits = count[:, _DIGIT]
    upper = count[:, _UPPER_C]
    spaces = count[:, _SPACE]
    # words: the runs of non-space characters once punctuation is dropped (str.split's words of the
    # text without punctuation); a capitalised word starts with an upper-case letter
    # (positions taken with `take`: a boolean mask costs ~3x more a use)
    solid = np.flatnonzero((cls != _PUNCT_C) & (cls != _COMMA))
    wcls = cls.take(solid)
    blank = (wcls == _SPACE) | (wcls == _BLANK)
    first = ~blank
    first[1:] &= blank[:-1]
    starts_at = solid.take(np.flatnonzero(first))
    owner = line.take(starts_at)
    per_line = np.bincount(owner, minlength=m).astype(float)
    initial = cls.take(starts_at)
    caps = np.bincount(owner, weights=(initial == _UPPER_C) | (initial == _CAPITAL), minlength=m)
    # the words lower-cased: read from the lower-cased text when lowering kept every character's
    # place (a final sigma may read otherwise without the punctuation, but no Greek word is a
    # function or link word, so every word's kind is the same)
    if lowered_in_place:
        flat_low = _code_points(low).take(solid).tobytes().decode("utf-32-le", "surrogatepass").split()
    else:
        flat_low = codes.take(solid).tobytes().decode("utf-32-le", "surrogatepass").lower().split()
    kind = np.fromiter(map(_WORD_KIND.get, flat_low, itertools.repeat(0)), dtype=np.int64, count=len(owner))
    stop = np.bincount(owner, weights=kind & 1, minlength=m)
    chrome = np.bincount(owner, weights=kind >> 1, minlength=m)
    letters = np.maximum(ns - punct - digits - spaces, 0.0)
    nw = np.maximum(per_line, 1.0)
    lowered = list(map(str.lower, kept))
    counts = collections.Counter(lowered)
    repeated = _per_line(map(counts.__getitem__, lowered), m)
    lasts = _code_points("".join(map(_LAST, kept)))  # each line's last character
    first_class = cls.take(starts)
    if inner_newline:
        whole_spaces = _per_line(map(_COUNT_SPACES, kept), m)
    else:  # the sample's spaces and those after it in the longer lines
        whole_spaces = spaces.astype(float)
        longer = np.flatnonzero(n > _SAMPLE)
        rests = map(kept.__getitem__, longer.tolist())
        whole_spaces[longer] += _per_line(map(str.count, rests, itertools.repeat(" "), itertools.repeat(_SAMPLE)), len(longer))
    cjk = count[:, _CJK_C]
    out = np.empty((m, _NB))
    out[:, 0] = 1.0
    out[:, 1] = np.log1p(n)
    out[:, 2] = np.log1p(whole_spaces + 1.0)
    out[:, 3] = n < 20
    out[:, 4] = (n >= 20) & (n < 80)
    out[:, 5] = n >= 200
    out[:, 6] = _EDGES.take(lasts, mode="clip") & _FULL_STOP_EDGE
    out[:, 7] = lasts == ord(":")
    out[:, 8] = punct / ns
    out[:, 9] = digits / ns
    out[:, 10] = np.divide(upper, letters, out=np.zeros(m), where=letters > 0)
    out[:, 11] = (first_class == _UPPER_C) | (first_class == _CAPITAL)
    out[:, 12] = first_class == _LOWER
    out[:, 13] = stop / nw
    out[:, 14] = count[:, _COMMA] / nw
    out[:, 15] = _lines_matching(_URLISH, low, starts)
    out[:, 16] = chrome / nw
    out[:, 17] = _lines_containing(text, _SEPARATORS, starts)
    out[:, 18] = _lines_containing(low, _COPYRIGHT, starts)
    # only lines with two ASCII digits or more count, so only they are scanned (the scan costs per
    # character: about half the page's sampled text is left unread)
    out[:, 19] = _rows_matching(_DATEISH, sample, np.flatnonzero(digits > 1), widths)
    after_newline = "\n" + text  # a match at i in it starts at i in text
    out[:, 20] = _lines_matching(_BYLINE, after_newline, starts)
    out[:, 21] = np.log(repeated)
    out[:, 22] = caps / nw
    out[:, 23] = cjk / ns
    out[:, 24] = np.arange(m) / m
    bullet = _EDGES.take(codes.take(starts), mode="clip") & _BULLET_EDGE
    out[:, 25] = np.maximum(bullet > 0, _lines_matching(_NUMBERED, after_newline, starts))
    out[:, 26] = np.minimum((letters / nw), 20.0) / 10.0
    return out


def _shift(col: np.ndarray, by: int) -> np.ndarray:
    """col moved down (by > 0) or up (by < 0) by one line, 0.0 where nothing moves in."""
    out = np.zeros_like(col)
    if by > 0:
        out[1:] = col[:-1]
    else:
        out[:-1] = col[1:]
    return out


def line_features(
    lines: Sequence[str], *, stripped: Sequence[str] | None = None,
    nonblank: tuple[list[int], list[str]] | None = None,
) -> tuple[list[int], np.ndarray]:
    """(indexes of the non-blank lines, their stage-1 features: one row per such line). `stripped`:
    the lines stripped, when the caller has them; `nonblank`: the indexes of the non-blank stripped
    lines and their texts, when the caller has them too."""
    if stripped is None:
        stripped = list(map(str.strip, lines))
    if nonblank is None:
        nonblank = list(itertools.compress(range(len(stripped)), stripped)), list(filter(None, stripped))
    index, kept = nonblank
    m = len(index)
    if not m:
        return index, np.zeros((0, _NB))
    f = _own(kept)
    at = np.array(index)
    gap = at - np.concatenate(([-2], at[:-1]))
    blank_before = (gap != 1).astype(float)
    blank_after = _shift(blank_before, -1)
    blank_after[-1] = 1.0
    block = np.cumsum(blank_before).astype(np.int64) - 1
    size = np.bincount(block)
    chars = np.exp(f[:, 1]) - 1.0
    f[:, 27] = np.log1p(size[block])
    f[:, 28] = np.log1p(np.bincount(block, weights=chars)[block])
    f[:, 29] = blank_before
    f[:, 30] = blank_after
    # the line above's and below's length, stop words and sentence end (0.0 at the page's ends)
    near = f[:, [1, 13, 6]]
    f[0, 31:36:2] = 0.0
    f[1:, 31:36:2] = near[:-1]
    f[-1, 32:37:2] = 0.0
    f[:-1, 32:37:2] = near[1:]
    f[:, 37] = (np.bincount(block, weights=f[:, 13]) / size)[block]
    raw = list(itertools.compress(lines, stripped))
    f[:, 38] = np.log1p(_per_line(map(len, raw), m) - _per_line(map(len, map(str.lstrip, raw)), m))
    f[:, 39] = f[:, 1] * f[:, 1] / 10.0
    f[:, 40] = f[:, 13] * f[:, 1]
    f[:, 41] = f[:, 24] * (1.0 - f[:, 24])
    return index, f


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))
    return out


_RADII = np.array([1, 2, 5, 15, 40])[:, None]


def _windows(m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The windows of `_window_means` on a page of m lines: their first line, the line after their
    last, their number of lines but the middle one, and whether that is any (one row per radius)."""
    k = np.arange(m)
    lo = np.maximum(k - _RADII, 0)
    hi = np.minimum(k + _RADII + 1, m)
    n = hi - lo - 1
    return lo, hi, n, n > 0


def _window_means(
    prefix: np.ndarray, p: np.ndarray, windows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Mean of p over [k - radius, k + radius] without k itself, one row per radius of _RADII (0.5
    where there is no neighbour); `prefix`: the cumulative sums of p from 0, `windows`: `_windows`."""
    lo, hi, n, some = windows
    out: np.ndarray = np.divide(prefix[hi] - prefix[lo] - p, n, out=np.full(n.shape, 0.5), where=some)
    return out


def _gaps(chars: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: log distance (in lines) to the nearest kept line above and below (5.0 when there is
    none), and the log of the characters in the run of kept lines it belongs to (or borders)."""
    m = len(kept)
    k = np.arange(m)
    last = np.maximum.accumulate(np.where(kept, k, -1))
    above = np.concatenate(([-1], last[:-1]))
    up = np.where(above >= 0, np.log1p(k - above), 5.0)
    nxt = np.minimum.accumulate(np.where(kept, k, m)[::-1])[::-1]
    below = np.concatenate((nxt[1:], [m]))
    down = np.where(below < m, np.log1p(below - k), 5.0)
    run_id = np.cumsum(kept & ~np.concatenate(([False], kept[:-1])))
    value = np.log1p(np.bincount(run_id, weights=chars * kept))[run_id] * kept
    padded = np.concatenate(([0.0], value, [0.0]))
    run = np.maximum(value, np.maximum(padded[:-2], padded[2:]))
    return up, down, run


class _LaterStages:
    """The later stages' features of one page (FEATURES_2): what depends on the stage-1 features
    alone is computed once for all the stages (the line's own features, its length, its block), the
    rest from each stage's previous scores in `features`."""

    __slots__ = ("block", "block_size", "chars", "length", "out", "shape", "windows")

    def __init__(self, feats: np.ndarray) -> None:
        m = len(feats)
        self.out = out = np.empty((m, len(FEATURES_2)))
        own = len(CONTEXT_2)
        out[:, own : own + _NB - 1] = feats[:, 1:]
        out[:, 0] = 1.0
        out[:, 12] = feats[:, 1]
        out[:, 13] = feats[:, 13]
        out[:, 14] = feats[:, 16]
        out[:, 15] = feats[:, 21]
        self.length = np.exp(feats[:, 1])
        self.chars = self.length - 1.0
        self.block = np.cumsum(feats[:, 29]).astype(np.int64)
        self.block_size = np.maximum(np.bincount(self.block), 1)
        self.shape = feats[:, _RELATIVE]
        self.windows = _windows(m)

    def features(self, p: np.ndarray) -> np.ndarray:
        """The features from the previous scores `p` (the same array, filled again at each call)."""
        out = self.out
        if not len(p):
            return out
        prefix = np.concatenate(([0.0], np.cumsum(p)))
        pk = np.clip(p, 1e-4, 1 - 1e-4)
        kept = p > 0.5
        mass = p * out[:, 12] * kept
        total = float(mass.sum()) or 1.0
        above = np.cumsum(mass) - mass
        below = total - above - mass
        block = self.block
        out[:, 1] = np.log(pk / (1 - pk))
        out[:, 2:7] = _window_means(prefix, p, self.windows).T
        out[:, 7] = above / total
        out[:, 8] = below / total
        out[:, 9] = above == 0.0
        out[:, 10] = below <= 1e-9
        out[:, 11] = (np.bincount(block, weights=p) / self.block_size)[block]
        out[:, 16], out[:, 17], out[:, 18] = _gaps(self.chars, kept)
        near = len(CONTEXT_2) + _NB - 1
        padded = np.concatenate(([0.0, 0.0], out[:, 1], [0.0, 0.0]))
        out[:, near] = padded[1:-3]
        out[:, near + 1] = padded[3:-1]
        out[:, near + 2] = padded[:-4]
        out[:, near + 3] = padded[4:]
        weight = self.length * kept
        total_chars = float(weight.sum()) or 1.0
        out[:, near + 4 : near + 8] = self.shape - (weight @ self.shape) / total_chars
        return out


def stage2_features(feats: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage-2 features (FEATURES_2): the previous score of each line and of the lines around it,
    the line's own stage-1 features, then its near neighbours' scores and its shape against the
    page's kept text (NEAR_2)."""
    return _LaterStages(feats).features(p)


@dataclass(frozen=True, slots=True)
class LineModel:
    """Stage 1 scores a line from FEATURES_1 with logistic weights `stage1` plus, when `hidden` is
    given, a small tanh layer (`hidden`: one row of unit weights per feature, `hidden_out`: the
    units' output weights); each of `later` re-scores it from FEATURES_2 computed from the scores
    before it. A line is content when its last score is over `threshold`."""

    stage1: tuple[float, ...]
    later: tuple[tuple[float, ...], ...]
    threshold: float = 0.5
    hidden: tuple[tuple[float, ...], ...] = ()
    hidden_out: tuple[float, ...] = ()
    #: the weights as arrays, made once (from nested tuples they cost ~20-50 us a page)
    _arrays: tuple[np.ndarray, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        arrays = (np.asarray(self.stage1), np.asarray(self.hidden), np.asarray(self.hidden_out))
        object.__setattr__(self, "_arrays", arrays + tuple(map(np.asarray, self.later)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        s1, later = data.get("stage1"), data.get("later")
        hidden, out = data.get("hidden", []), data.get("hidden_out", [])
        if not isinstance(s1, list) or not isinstance(later, list) or len(s1) != len(FEATURES_1) or any(
            not isinstance(w, list) or len(w) != len(FEATURES_2) for w in later
        ) or not isinstance(hidden, list) or not isinstance(out, list) or (hidden and (
            len(hidden) != len(FEATURES_1) or any(not isinstance(r, list) or len(r) != len(out) for r in hidden)
        )):
            raise ValueError("textmodel.json does not match this version's line features; "
                             "retrain it with scripts/train_textmodel.py")
        return cls(tuple(map(float, s1)), tuple(tuple(map(float, w)) for w in later),
                   float(data.get("threshold", 0.5)), tuple(tuple(map(float, r)) for r in hidden),
                   tuple(map(float, out)))

    def scores(self, feats: np.ndarray) -> np.ndarray:
        """The content probability of each row of stage-1 features."""
        stage1, hidden, hidden_out, *later = self._arrays
        v = feats @ stage1
        if self.hidden:
            v += np.tanh(feats @ hidden) @ hidden_out
        p = _sigmoid(v)
        if later:
            stages = _LaterStages(feats)
            for w in later:
                p = _sigmoid(stages.features(p) @ w)
        return p


@functools.cache
def load_model() -> LineModel:
    """The shipped model (read once; the object is immutable)."""
    text = resources.files("dateline").joinpath("data/textmodel.json").read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))


def score_lines(
    lines: Sequence[str], *, model: LineModel | None = None, stripped: Sequence[str] | None = None
) -> list[float]:
    """The content probability of every line (0.0 for blank lines). `stripped`: the lines stripped,
    when the caller has them (they are not stripped again)."""
    result: list[float] = scores_and_words(lines, model=model, stripped=stripped)[0].tolist()
    return result


def scores_and_words(
    lines: Sequence[str], *, model: LineModel | None = None, stripped: Sequence[str] | None = None,
    nonblank: tuple[list[int], list[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(`score_lines` as an array, each line's words as `page_threshold` counts them: its spaces
    + 1, 0.0 for a blank line; `nonblank`: as for `line_features`). The words are read back from
    the `log_words` feature, log(spaces + 2): exact once rounded (counting the spaces again costs
    ~45 us on an 18 KiB page)."""
    index, feats = line_features(lines, stripped=stripped, nonblank=nonblank)
    out = np.zeros(len(lines))
    words = np.zeros(len(lines))
    if index:
        out[index] = (model or load_model()).scores(feats)
        words[index] = np.rint(np.expm1(feats[:, _COL["log_words"]]))
    return out, words


#: A page's threshold is half the expected F1 of its best cut, kept within these bounds.
THRESHOLD_BOUNDS = (0.3, 0.6)


def page_threshold(
    lines: Sequence[str], probs: Sequence[float] | np.ndarray, words: np.ndarray | None = None,
) -> float:
    """The threshold that maximises the page's expected body F1 when the scores are probabilities.

    The scorer counts words: keeping the lines over a cut, the expected F1 is about 2 * (expected
    content words kept) / (words kept + expected content words on the page), with a line's words
    weighted by its score. Its best cut keeps exactly the lines scored over half its value (F*/2),
    so a page that reads clearly as an article (F* near 1) cuts near 0.5 and a page whose content
    is uncertain (listings, forums, short pages) cuts lower and keeps more. The cut is bounded by
    THRESHOLD_BOUNDS (`lines` stripped; blank lines weigh nothing; `words`: each line's, when the
    caller has them from `scores_and_words`)."""
    p = np.asarray(probs, dtype=float)
    if words is None:
        words = np.fromiter((line.count(" ") + 1 if line else 0 for line in lines), dtype=float, count=len(lines))
    expected = p * words
    order = np.argsort(-p, kind="stable")
    gain = 2.0 * np.cumsum(expected[order]) / (np.cumsum(words[order]) + expected.sum() + 1e-9)
    best = float(gain.max()) if len(gain) else 0.0
    low, high = THRESHOLD_BOUNDS
    return min(high, max(low, best / 2))
