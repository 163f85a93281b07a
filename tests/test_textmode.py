"""Scraped-text mode: line classification, header recovery and the text path of `extract`."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dateline import ExtractOptions, InputTooLarge, NotAnArticle, extract
from dateline.extract import MAX_TEXT_LINES
from dateline.textlines import (
    FEATURES_1,
    FEATURES_2,
    THRESHOLD_BOUNDS,
    LineModel,
    line_features,
    load_model,
    page_threshold,
    score_lines,
    scores_and_words,
)
from dateline.textmode import extract_from_lines, extract_from_text, raw_lines, split_lines

OPTS = ExtractOptions()
P1 = (
    "The regional government approved a new budget on Thursday after weeks of negotiation, "
    "setting aside more money for schools, rural clinics and the repair of mountain roads."
)
P2 = (
    "Opposition members said the plan relied on optimistic forecasts, but the finance minister "
    "told reporters that revenue had grown faster than expected in each of the last three quarters."
)
P3 = "Analysts expect the first payments to reach local councils before the end of the year, officials said."


def page(*header: str, tail: tuple[str, ...] = ("Share", "Follow us on Twitter", "Loading...")) -> str:
    return "\n\n".join((*header, P1, P2, P3, *tail))


def test_plain_text_takes_the_text_path() -> None:
    article = extract(page("Courier", "Budget approved after long talks", "2 March 2024"))
    assert article.source_kind == "text"
    assert article.title == "Budget approved after long talks"
    assert article.body.split("\n\n") == [P1, P2, P3]


def test_content_type_text_plain_forces_the_text_path() -> None:
    html_like = "<p>not really html</p>\n\n" + page("Budget")
    assert extract(html_like.encode(), content_type="text/plain; charset=utf-8").source_kind == "text"


def test_dateline_with_zone_and_masthead_page_date() -> None:
    text = page("Daily Courier", "Monday March 4 2024", "Budget approved after long talks",
                "1 March 2024 10:30 (UTC+02:00)", "By Maria Jensen")
    article = extract_from_text(text, options=OPTS)
    assert article.title == "Budget approved after long talks"
    assert article.published == datetime(2024, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert article.page_date == date(2024, 3, 4)
    assert article.authors == ("Maria Jensen",)
    assert article.site_name == "Daily Courier"
    assert "Maria Jensen" not in article.body and "March" not in article.body


def test_a_lone_masthead_date_is_never_published() -> None:
    article = extract_from_text(page("Daily Courier", "Sunday September 15 2024", "Budget approved"), options=OPTS)
    assert article.page_date == date(2024, 9, 15)
    assert article.published is None


def test_repeated_byline_counts_once() -> None:
    text = page("Budget approved after long talks", "Anna Berg", "Anna Berg", "2 March 2024", "Read more")
    assert extract_from_text(text, options=OPTS).authors == ("Anna Berg",)


def test_site_name_from_the_title_line_and_title_from_url() -> None:
    text = page("Budget approved after long talks - The Courier", "Home", "Budget approved after long talks")
    article = extract_from_text(text, url="https://courier.example/news/budget-approved-after-long-talks", options=OPTS)
    assert article.title == "Budget approved after long talks"
    assert article.site_name == "The Courier"


def test_language_is_detected_from_the_body() -> None:
    assert extract_from_text(page("Budget"), options=OPTS).language == "en"


def test_chrome_only_text_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle) as err:
        extract_from_text("Home\nNews\nLogin\nSubscribe\nContact us\n© 2024", options=OPTS)
    assert err.value.reason in ("no-body", "too-short")


@given(st.lists(st.text(alphabet=" ab\u00e9\u4e2d,.\n", max_size=300), max_size=12))
@settings(max_examples=60, deadline=None)
def test_scores_and_words_counts_words_as_page_threshold_does(lines: list[str]) -> None:
    stripped = [line.strip() for line in lines]
    probs, words = scores_and_words(lines, stripped=stripped)
    assert words.tolist() == [line.count(" ") + 1 if line else 0 for line in stripped]
    assert probs.tolist() == score_lines(lines)
    assert page_threshold(stripped, probs, words) == page_threshold(stripped, probs)


def test_split_lines_handles_every_line_ending() -> None:
    assert split_lines("a\r\nb\rc\n d \x00") == ["a", "b", "c", "d"]


def test_raw_lines_splits_at_every_line_ending_and_keeps_the_rest() -> None:
    assert raw_lines("a\r\nb\rc\n d ") == ["a", "b", "c", " d "]
    assert raw_lines("a\n\nb") == ["a", "", "b"]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\n\r"])
def test_the_line_limit_counts_line_feeds(ending: str) -> None:
    with pytest.raises(InputTooLarge, match=f"has {MAX_TEXT_LINES + 1} lines"):
        extract(ending.join(["menu"] * (MAX_TEXT_LINES + 1)), content_type="text/plain")


def test_extract_from_lines_reads_what_extract_from_text_reads() -> None:
    text = page("Daily Courier", "Budget approved after long talks", "By Anna Berg")
    assert extract_from_lines(raw_lines(text), options=OPTS) == extract_from_text(text, options=OPTS)


def test_chrome_scores_below_prose() -> None:
    lines = ["Home", "", P1, "", P2, "", "Share on Facebook", "Loading..."]
    scores = score_lines(lines)
    assert min(scores[2], scores[4]) > 0.5 > max(scores[0], scores[6], scores[7])


def test_model_rejects_weights_of_another_version() -> None:
    with pytest.raises(ValueError, match="retrain"):
        LineModel.from_json({"stage1": [0.0] * (len(FEATURES_1) - 1), "later": [[0.0] * len(FEATURES_2)]})


def test_shipped_model_is_small_and_matches_the_features() -> None:
    model = load_model()
    assert len(model.stage1) == len(FEATURES_1) and all(len(w) == len(FEATURES_2) for w in model.later)
    assert 0.0 < model.threshold < 1.0
    assert len(json.dumps([model.stage1, model.later])) < 20_000


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=30))
def test_any_text_gives_an_article_or_not_an_article(lines: list[str]) -> None:
    text = "\n".join(lines)
    scores = score_lines(text.split("\n"))
    assert len(scores) == len(text.split("\n")) and all(0.0 <= s <= 1.0 for s in scores)
    try:
        article = extract_from_text(text, options=OPTS)
    except NotAnArticle:
        return
    clean = text.replace("\x00", "")  # NUL bytes are dropped on input
    stripped = {ln.strip() for ln in clean.replace("\r\n", "\n").replace("\r", "\n").split("\n")}
    for para in article.body.split("\n\n"):  # a paragraph is lines of the page, one a line
        assert all(line in stripped for line in para.split("\n"))


def test_a_weekday_date_below_the_headline_is_the_dateline() -> None:
    text = page("Courier", "Budget approved after long talks", "Wednesday, 1 November 2023")
    article = extract_from_text(text, options=OPTS)
    assert article.published == date(2023, 11, 1) and article.page_date is None


_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=160)


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12), st.integers(min_value=0, max_value=11))
def test_a_lines_own_features_do_not_depend_on_its_page(lines: list[str], pick: int) -> None:
    # the features are computed for the whole page at once; each line must get its own values
    line = lines[pick % len(lines)]
    if not line.strip():
        return
    page_index, page_feats = line_features(lines)
    _, alone = line_features([line])
    row = page_feats[page_index.index(lines.index(line))]
    own = [k for k in range(27) if FEATURES_1[k] not in ("repeated", "position")]
    assert row[own].tolist() == alone[0][own].tolist()


def test_model_rejects_a_hidden_layer_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="retrain"):
        LineModel.from_json({"stage1": [0.0] * len(FEATURES_1), "later": [],
                             "hidden": [[0.0] * 3] * (len(FEATURES_1) - 1), "hidden_out": [0.0] * 3})


def test_hidden_units_add_to_the_linear_score() -> None:
    bias_only = [[1.0] if name == "bias" else [0.0] for name in FEATURES_1]
    model = LineModel.from_json({"stage1": [0.0] * len(FEATURES_1), "later": [],
                                 "hidden": bias_only, "hidden_out": [2.0]})
    expected = 1 / (1 + math.exp(-2.0 * math.tanh(1.0)))
    assert score_lines(["Home", "", P1], model=model) == pytest.approx([expected, 0.0, expected])


def test_later_stages_read_the_lines_own_features() -> None:
    # a later stage weighs the context against the line itself: here only its sentence end counts
    own_end = [3.0 if name == "own_ends_sentence" else 0.0 for name in FEATURES_2]
    model = LineModel.from_json({"stage1": [0.0] * len(FEATURES_1), "later": [own_end]})
    scores = score_lines(["Read more", "", "The council met on Monday.", "", "Share this"], model=model)
    assert scores[2] == pytest.approx(1 / (1 + math.exp(-3.0)))
    assert scores[0] == scores[4] == pytest.approx(0.5)


def test_stages_score_as_the_training_script_does() -> None:
    # the model fills one feature matrix for all its later stages; the training script builds a new
    # one per stage with stage2_features: the scores must be the same
    from dateline.textlines import _sigmoid, stage2_features

    model = load_model()
    lines = split_lines(page("Courier", "Budget approved after long talks", "By Jane Doe", "2 March 2024"))
    _, feats = line_features(lines)
    stage1, hidden, hidden_out, *later = model._arrays
    p = _sigmoid(feats @ stage1 + np.tanh(feats @ hidden) @ hidden_out)
    for w in later:
        p = _sigmoid(stage2_features(feats, p) @ w)
    assert len(later) >= 2
    assert model.scores(feats).tolist() == p.tolist()


def test_scores_of_lines_given_stripped_equal_the_plain_call() -> None:
    lines = page("  Courier  ", "\tBudget approved after long talks").split("\n")
    stripped = [line.strip() for line in lines]
    assert score_lines(lines, stripped=stripped) == score_lines(lines)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=300), min_size=1, max_size=8))
@example([" ".join(["Word"] * 60), "- item, 12 €", "l'été à Paris"])  # spaces past the 120-character sample
@example(["İ the I, İn THE", "ΟΔΟΣ,ΑΣ and Share", "the. Menu"])  # lower case longer (İ), final sigma
def test_character_counts_equal_the_string_methods(lines: list[str]) -> None:
    # the counts come from a per-code-point class table and one bincount a page (lone surrogates,
    # astral letters and Unicode spaces included); each must equal the plain per-line computation
    from dateline.textlines import _CHROME, _PUNCT, _STOP

    index, feats = line_features(lines)
    col = {name: k for k, name in enumerate(FEATURES_1)}
    for row, i in zip(feats, index, strict=True):
        s = lines[i].strip()[:120].replace("\n", " ")
        no_punct = "".join(c for c in s if c not in _PUNCT)
        words = no_punct.split()
        n, nw = len(s), max(len(words), 1)
        digits = sum(c in "0123456789" for c in s)
        upper = sum(c.isupper() and ord(c) < 0x2000 for c in s)
        letters = max(n - (n - len(no_punct)) - digits - s.count(" "), 0)
        assert row[col["punct"]] == pytest.approx((n - len(no_punct)) / n)
        assert row[col["digits"]] == pytest.approx(digits / n)
        assert row[col["upper"]] == pytest.approx(upper / letters if letters else 0.0)
        assert row[col["commas"]] == pytest.approx(s.count(",") / nw)
        lowered = [w.lower() for w in words]
        assert row[col["stop"]] == pytest.approx(sum(w in _STOP for w in lowered) / nw)
        assert row[col["chrome"]] == pytest.approx(sum(w in _CHROME for w in lowered) / nw)
        assert row[col["title_case"]] == pytest.approx(sum(w[0].isupper() for w in words) / nw)
        cjk = sum("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in s)
        assert row[col["cjk"]] == pytest.approx(cjk / n)
        whole = lines[i].strip()
        assert row[col["log_words"]] == pytest.approx(math.log1p(whole.count(" ") + 1))
        assert (row[col["starts_upper"]], row[col["starts_lower"]]) == (whole[0].isupper(), whole[0].islower())
        assert row[col["bullet"]] >= whole.startswith(("*", "-", "•", "·", "–", "—", "+", ">", "►", "▶", "■", "□", "◦"))


@pytest.mark.parametrize(("line", "feature", "expected"), [
    ("By Jane Doe", "byline", 1.0), ("Written by  Jane Doe", "byline", 1.0), ("Standby mode", "byline", 0.0),
    ("Published 12.03.2024 10:15", "dateish", 1.0), ("In 1999 it rained", "dateish", 1.0),
    ("Model A2019 or 20191", "dateish", 0.0), ("Home | News", "separators", 1.0), ("A - B", "separators", 1.0),
    ("A-B and C/D", "separators", 0.0), ("© 2024 Courier", "copyright", 1.0), ("All Rights Reserved.", "copyright", 1.0),
    ("1. First step", "bullet", 1.0), ("12. Step", "bullet", 0.0), ("Visit www.example.org", "urlish", 1.0),
])
def test_pattern_features_hold_on_any_line_of_the_page(line: str, feature: str, expected: float) -> None:
    # each pattern is found by one scan of the page: the first line, a middle and the last must agree
    col = FEATURES_1.index(feature)
    for lines in ([line, "x y", "z"], ["x y", line, "z"], ["x y", "z", line]):
        index, feats = line_features(lines)
        assert feats[index.index(lines.index(line)), col] == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="0129:./- a\u0663", min_size=1, max_size=140), min_size=1, max_size=10))
@example(["12 x", "a 2024", "1.2.24", "9", "x 10:30 y 1999"])
def test_dateish_is_read_from_the_lines_with_two_digits(lines: list[str]) -> None:
    # only the lines with two ASCII digits or more are scanned: each must read as when scanned alone
    from dateline.textlines import _DATEISH
    index, feats = line_features(lines)
    for k, i in enumerate(index):
        sample = lines[i].strip()[:120]
        alone = sum(c in "0123456789" for c in sample) > 1 and _DATEISH.search(sample) is not None
        assert feats[k, FEATURES_1.index("dateish")] == alone


def test_the_byline_lookahead_admits_every_first_letter_of_a_by_word() -> None:
    # the lookahead before the by-words must not refuse a character that opens one (case folds included)
    import re

    from dateline.textlines import _BYLINE, _BYWORDS
    opening = re.compile("|".join(re.escape(w[0]) for w in _BYWORDS), re.IGNORECASE)
    look = re.compile(_BYLINE.pattern.split("(?=", 1)[1].split(")", 1)[0], re.IGNORECASE)
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if opening.match(c)] == [c for c in chars if look.match(c)]
    assert "\u1c82" in chars and opening.match("\u1c82")  # a Cyrillic o's other lower case


def _expected_f1(words: list[float], probs: list[float], cut: float) -> float:
    kept = sum(w * p for w, p in zip(words, probs, strict=True) if p > cut)
    size = sum(w for w, p in zip(words, probs, strict=True) if p > cut)
    total = size + sum(w * p for w, p in zip(words, probs, strict=True))
    return 2 * kept / total if total else 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.floats(0.0, 1.0)), min_size=1, max_size=25))
def test_page_threshold_keeps_the_best_expected_cut(page: list[tuple[int, float]]) -> None:
    lines = [" ".join(["word"] * n) for n, _ in page]
    probs = [p if n else 0.0 for n, p in page]
    words = [float(n) for n, _ in page]
    cut = page_threshold(lines, probs)
    low, high = THRESHOLD_BOUNDS
    assert low <= cut <= high
    best = max(_expected_f1(words, probs, c) for c in [-1.0, *probs])
    if low < cut < high:  # unbounded, the cut keeps a best set of lines
        assert _expected_f1(words, probs, cut) == pytest.approx(best, abs=1e-6)


def test_page_threshold_is_lower_on_an_uncertain_page() -> None:
    prose = " ".join(["word"] * 40)
    sure = page_threshold([prose] * 5 + ["Home"] * 5, [0.95] * 5 + [0.05] * 5)
    unsure = page_threshold([prose] * 5 + ["Home"] * 5, [0.42] * 5 + [0.05] * 5)
    assert sure > 0.45 > unsure
    assert page_threshold([prose, "", "", prose], [0.42, 0.0, 0.0, 0.42]) == page_threshold([prose] * 2, [0.42] * 2)


def test_a_line_that_runs_on_stays_a_line_of_its_paragraph() -> None:
    wrapped = "The council met on Monday to discuss the new budget, and after a long debate"
    text = f"{P1}\n\n{wrapped}\nit passed.\n\n{P2}\n"
    article = extract(text, content_type="text/plain")
    assert f"\n\n{wrapped}\nit passed.\n\n" in article.body
    assert f"<p>{wrapped}<br>it passed.</p>" in article.body_html
