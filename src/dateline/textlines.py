"""Line features and the shipped line classifier for scraped text: content (1) or page chrome (0).

A page's text is split into lines; each non-blank line gets a vector of general features (its
length, sentence punctuation, stop-word density over many languages, share of link-label words,
date and byline shapes, repetition within the page, its block and its neighbours). Stacked logistic
regressions score them: the first from a line's own features and its neighbours', each later one
re-reads the previous scores over windows around the line, so that a short line inside a run of
prose stays and a long line in a run of chrome goes. The weights are a small JSON file shipped in
the package (`data/textmodel.json`) and trained by `scripts/train_textmodel.py`.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "FEATURES_1",
    "FEATURES_2",
    "LineModel",
    "line_features",
    "load_model",
    "score_lines",
    "stage2_features",
]

_SENTENCE_END = frozenset(".!?…。！？;:\"'”»)]")
_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’„…·•|–—›‹"
_NO_PUNCT = str.maketrans("", "", _PUNCT)
_NO_DIGITS = str.maketrans("", "", "0123456789")
_SAMPLE = 120
_CJK = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
_SEPARATOR = re.compile(r"[|»›•·]| / | - |::")
_BULLETS = ("*", "-", "•", "·", "–", "—", "+", ">", "►", "▶", "■", "□", "◦")
_URLISH = ("://", "www.", ".com", ".org", ".net", ".htm", "@")
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d\d\b")
_COPYRIGHT = ("©", "(c)", "copyright", "all rights reserved", "alle rechte", "tous droits", "derechos reservados")
_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|przez|от|автор|tekijä|kirjoittaja|yazan|muallif|written by|"
    r"posted by|reported by)\s+\S",
    re.IGNORECASE,
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

FEATURES_1: tuple[str, ...] = (
    "bias", "log_chars", "log_words", "short", "mid", "long", "ends_sentence", "ends_colon",
    "punct", "digits", "upper", "starts_upper", "starts_lower", "stop", "commas", "urlish",
    "chrome", "separators", "copyright", "dateish", "byline", "repeated", "title_case", "cjk",
    "position", "bullet", "word_len", "block_lines", "block_chars", "blank_before", "blank_after",
    "prev_chars", "next_chars", "prev_stop", "next_stop", "prev_end", "next_end", "block_stop",
    "indent", "chars_sq", "stop_x_chars", "mid_page",
)
FEATURES_2: tuple[str, ...] = (
    "bias", "logit", "w1", "w2", "w5", "w15", "w40", "above", "below", "first", "last", "block_mean",
    "log_chars", "stop", "chrome", "repeated", "gap_up", "gap_down", "run_chars",
)
_NB = len(FEATURES_1)


def _urlish(low: str) -> bool:
    return any(u in low for u in _URLISH)


def _own(line: str, counts: dict[str, int]) -> list[float]:
    """The features of one stripped, non-blank line that depend on it alone (and its page count).
    Ratios are read from the line's first characters and words: a long line's first 120
    characters say as much as all of it, at a bounded cost."""
    n = len(line)
    low = line.lower()
    sample = line if n <= _SAMPLE else line[:_SAMPLE]
    head = sample.split()
    raw_words = head if n <= _SAMPLE else low[: _SAMPLE * 2].split()
    words = [w.strip(_PUNCT) for w in (low.split() if n <= _SAMPLE else raw_words)]
    nw = len(words) or 1
    total_words = len(words) if n <= _SAMPLE else line.count(" ") + 1
    ns = len(sample)
    letters = sum(map(str.isalpha, sample))
    upper = sum(map(str.isupper, sample))
    digits = ns - len(sample.translate(_NO_DIGITS))
    punct = ns - len(sample.translate(_NO_PUNCT))
    cjk = len(_CJK.findall(sample)) if not sample.isascii() else 0
    stop = sum(map(_STOP.__contains__, words))
    chrome = sum(map(_CHROME.__contains__, words))
    caps = sum(map(str.isupper, (w[0] for w in head)))
    last = line[-1]
    first = line[0]
    probe = line if n <= 300 else line[:300]
    return [
        1.0,
        math.log1p(n),
        math.log1p(total_words),
        float(n < 20),
        float(20 <= n < 80),
        float(n >= 200),
        float(last in _SENTENCE_END and last not in ":;"),
        float(last == ":"),
        punct / ns,
        digits / ns,
        upper / letters if letters else 0.0,
        float(first.isupper()),
        float(first.islower()),
        stop / nw,
        sample.count(",") / (len(head) or 1),
        float(_urlish(probe.lower() if n > 300 else low)),
        chrome / nw,
        float(_SEPARATOR.search(probe) is not None),
        float(any(c in low for c in _COPYRIGHT)),
        float(digits > 1 and _DATEISH.search(probe) is not None),
        float(_BYLINE.match(sample) is not None),
        math.log(counts.get(low, 1)),
        caps / (len(head) or 1),
        cjk / ns,
        0.0,  # position, filled in by line_features
        float(line.startswith(_BULLETS) or (first.isdigit() and line[1:3] in (". ", ") "))),
        min(sum(map(len, words)) / nw, 20.0) / 10.0,
    ]


def line_features(lines: Sequence[str]) -> tuple[list[int], list[list[float]]]:
    """(indexes of the non-blank lines, one stage-1 feature vector per such line)."""
    stripped = [ln.strip() for ln in lines]
    counts: dict[str, int] = {}
    for s in stripped:
        if s:
            key = s.lower()
            counts[key] = counts.get(key, 0) + 1
    index = [i for i, s in enumerate(stripped) if s]
    m = len(index)
    own = [_own(stripped[i], counts) for i in index]
    # blocks: runs of non-blank lines
    block_of: list[int] = []
    block_sizes: list[int] = []
    block_chars: list[int] = []
    block_stop: list[float] = []
    prev = -2
    for k, i in enumerate(index):
        if i != prev + 1:
            block_sizes.append(0)
            block_chars.append(0)
            block_stop.append(0.0)
        block_of.append(len(block_sizes) - 1)
        block_sizes[-1] += 1
        block_chars[-1] += len(stripped[i])
        block_stop[-1] += own[k][13]
        prev = i
    feats: list[list[float]] = []
    for k, i in enumerate(index):
        f = own[k]
        f[24] = k / m
        b = block_of[k]
        p = own[k - 1] if k > 0 else None
        q = own[k + 1] if k + 1 < m else None
        f.extend((
            math.log1p(block_sizes[b]),
            math.log1p(block_chars[b]),
            float(i == 0 or not stripped[i - 1]),
            float(i + 1 >= len(stripped) or not stripped[i + 1]),
            p[1] if p else 0.0,
            q[1] if q else 0.0,
            p[13] if p else 0.0,
            q[13] if q else 0.0,
            p[6] if p else 0.0,
            q[6] if q else 0.0,
            block_stop[b] / block_sizes[b],
            math.log1p(len(lines[i]) - len(lines[i].lstrip())),
            f[1] * f[1] / 10.0,
            f[13] * f[1],
            f[24] * (1.0 - f[24]),
        ))
        feats.append(f)
    return index, feats


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def _window_means(p: Sequence[float], radius: int) -> list[float]:
    """Mean of p over [k - radius, k + radius] without k itself (0.5 where there is no neighbour)."""
    m = len(p)
    prefix = [0.0, *itertools.accumulate(p)]
    out = []
    for k in range(m):
        lo = k - radius if k > radius else 0
        hi = k + radius + 1 if k + radius + 1 < m else m
        n = hi - lo - 1
        out.append((prefix[hi] - prefix[lo] - p[k]) / n if n else 0.5)
    return out


def _gaps(feats: Sequence[Sequence[float]], p: Sequence[float]) -> tuple[list[float], list[float], list[float]]:
    """Per line: log distance (in lines) to the nearest kept line above and below, and the log of the
    characters in the run of kept lines it belongs to (or borders)."""
    m = len(p)
    up: list[float] = []
    last = -1
    for k in range(m):
        up.append(math.log1p(k - last) if last >= 0 else 5.0)
        if p[k] > 0.5:
            last = k
    down = [0.0] * m
    nxt = -1
    for k in range(m - 1, -1, -1):
        down[k] = math.log1p(nxt - k) if nxt >= 0 else 5.0
        if p[k] > 0.5:
            nxt = k
    run = [0.0] * m
    k = 0
    while k < m:
        if p[k] > 0.5:
            j = k
            chars = 0.0
            while j < m and p[j] > 0.5:
                chars += math.expm1(feats[j][1])
                j += 1
            value = math.log1p(chars)
            for t in range(max(0, k - 1), min(m, j + 1)):
                run[t] = max(run[t], value)
            k = j
        else:
            k += 1
    return up, down, run


def stage2_features(feats: Sequence[Sequence[float]], p: Sequence[float]) -> list[list[float]]:
    """Stage-2 features: the stage-1 score of each line and of the lines around it."""
    m = len(p)
    w = [_window_means(p, r) for r in (1, 2, 5, 15, 40)]
    gap_up, gap_down, run_chars = _gaps(feats, p)
    mass = [p[k] * feats[k][1] * (p[k] > 0.5) for k in range(m)]
    total = sum(mass) or 1.0
    above = 0.0
    out: list[list[float]] = []
    # block means of p
    block_sum: dict[float, float] = {}
    block_n: dict[float, int] = {}
    starts: list[float] = []
    block = 0.0
    for k in range(m):
        if feats[k][29] > 0:  # blank before: a new block
            block += 1.0
        starts.append(block)
        block_sum[block] = block_sum.get(block, 0.0) + p[k]
        block_n[block] = block_n.get(block, 0) + 1
    for k in range(m):
        pk = min(max(p[k], 1e-4), 1 - 1e-4)
        below = total - above - mass[k]
        b = starts[k]
        out.append([
            1.0,
            math.log(pk / (1 - pk)),
            w[0][k], w[1][k], w[2][k], w[3][k], w[4][k],
            above / total,
            below / total,
            float(above == 0.0),
            float(below <= 0.0),
            block_sum[b] / block_n[b],
            feats[k][1],
            feats[k][13],
            feats[k][16],
            feats[k][21],
            gap_up[k],
            gap_down[k],
            run_chars[k],
        ])
        above += mass[k]
    return out


@dataclass(frozen=True, slots=True)
class LineModel:
    """Logistic weights: `stage1` over FEATURES_1, then each of `later` over FEATURES_2 computed from
    the scores before it; a line is content when its last score is over `threshold`."""

    stage1: tuple[float, ...]
    later: tuple[tuple[float, ...], ...]
    threshold: float = 0.5

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        s1, later = data.get("stage1"), data.get("later")
        if not isinstance(s1, list) or not isinstance(later, list) or len(s1) != len(FEATURES_1) or any(
            not isinstance(w, list) or len(w) != len(FEATURES_2) for w in later
        ):
            raise ValueError("textmodel.json does not match this version's line features; "
                             "retrain it with scripts/train_textmodel.py")
        return cls(tuple(map(float, s1)), tuple(tuple(map(float, w)) for w in later),
                   float(data.get("threshold", 0.5)))

    def scores(self, feats: Sequence[Sequence[float]]) -> list[float]:
        w1 = self.stage1
        p = [_sigmoid(sum(map(operator.mul, w1, f))) for f in feats]
        for w in self.later:
            p = [_sigmoid(sum(map(operator.mul, w, f))) for f in stage2_features(feats, p)]
        return p


@functools.cache
def load_model() -> LineModel:
    """The shipped model (read once; the object is immutable)."""
    text = resources.files("dateline").joinpath("data/textmodel.json").read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))


def score_lines(lines: Sequence[str], *, model: LineModel | None = None) -> list[float]:
    """The content probability of every line (0.0 for blank lines)."""
    index, feats = line_features(lines)
    out = [0.0] * len(lines)
    if not index:
        return out
    for i, p in zip(index, (model or load_model()).scores(feats), strict=True):
        out[i] = p
    return out
