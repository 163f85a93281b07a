from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from archive_pages import article
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import Archive, QueryError
from dateline.archive import SearchFilters


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    a = Archive(tmp_path / "a.db")
    rows = [
        dict(title="Tidal energy pilot approved", body="The harbour council approved tidal turbines. " * 5,
             url="https://north.example/1", authors=("Fiona MacLeod",), language="en", section="Local",
             tags=("Energy",), published=datetime(2026, 9, 22, 10, tzinfo=UTC)),
        dict(title="Ferry timetable", body="An early ferry sailing to the islands, says the harbour master. " * 5,
             url="https://north.example/2", authors=("Fiona MacLeod",), language="en", section="Local",
             published=date(2026, 10, 15)),
        dict(title="Passerelle cyclable", body="La passerelle relie le port au centre-ville <b>enfin</b>. " * 5,
             url="https://lac.example/3", authors=("Claire Dubois",), language="fr", section="Ville",
             published=datetime(2026, 9, 5, 9, tzinfo=UTC)),
    ]
    for n, fields in enumerate(rows):
        a.add(article(n, **fields))
    return a


def test_ranked_hits_with_snippets_and_facets(archive: Archive) -> None:
    result = archive.search("harbour")
    assert result.total == 2 and result.hits[0].title == "Tidal energy pilot approved"
    assert "<mark>harbour</mark>" in result.hits[0].snippet and result.hits[0].score > 0
    assert result.facets["site"] == (("north.example", 2),)
    assert result.facets["month"] == (("2026-09", 1), ("2026-10", 1))
    assert result.facets["author"] == (("Fiona MacLeod", 2),)


def test_snippets_are_html_safe(archive: Archive) -> None:
    snippet = archive.search("passerelle").hits[0].snippet
    assert "<b>" not in snippet and "&lt;b&gt;" in snippet and "<mark>passerelle</mark>" in snippet.lower()


@pytest.mark.parametrize(("filters", "titles"), [
    (SearchFilters(site="lac.example"), {"Passerelle cyclable"}),
    (SearchFilters(author="fiona macleod"), {"Tidal energy pilot approved", "Ferry timetable"}),
    (SearchFilters(language="fr"), {"Passerelle cyclable"}),
    (SearchFilters(since="2026-09-22", until="2026-10-15"), {"Tidal energy pilot approved", "Ferry timetable"}),
    (SearchFilters(until=date(2026, 9, 21)), {"Passerelle cyclable"}),
    (SearchFilters(section="local", tag="ENERGY"), {"Tidal energy pilot approved"}),
])
def test_filters(archive: Archive, filters: SearchFilters, titles: set[str]) -> None:
    assert {h.title for h in archive.search(filters=filters).hits} == titles


def test_sort_by_date_and_paginate(archive: Archive) -> None:
    result = archive.search(sort="date", limit=2, offset=1)
    assert result.total == 3 and [h.title for h in result.hits] == ["Tidal energy pilot approved",
                                                                    "Passerelle cyclable"]


@pytest.mark.parametrize("query", ['"unclosed', "harbour AND", "(harbour", "nosuchcolumn:harbour", "NEAR(", "*"])
def test_malformed_queries_raise_query_error(archive: Archive, query: str) -> None:
    with pytest.raises(QueryError, match="cannot parse the search query"):
        archive.search(query)


def test_user_input_is_only_a_parameter(archive: Archive) -> None:
    assert archive.search("x", filters=SearchFilters(site="' OR 1=1 --")).total == 0
    assert archive.search("'; DROP TABLE articles; --", syntax="plain").total == 0
    assert archive.count() == 3


def test_plain_syntax_and_operators(archive: Archive) -> None:
    assert archive.search("harbour-master", syntax="plain").total == 1
    assert archive.search("title:ferry OR passerelle").total == 2


def test_bad_date_filter(archive: Archive) -> None:
    with pytest.raises(QueryError, match="not a date"):
        archive.search(filters=SearchFilters(since="last tuesday"))


def test_query_time_limit(archive: Archive) -> None:
    for n in range(10, 200):
        archive.add(article(n, body=f"harbour ferry passerelle {n} " * 40))
    archive.query_time_limit = 0.0
    with pytest.raises(QueryError, match="longer than"):
        archive.search("harbour OR passerelle OR ferry")


def _cjk_archive(tmp_path: Path) -> Archive:
    a = Archive(tmp_path / "cjk.db")
    a.add(article(10, title="港湾局が新しい計画を発表", language="ja", url="https://umi.example/1",
                  body="港町の中心部に三日、新しい市立図書館が開館した。旧倉庫を改装した建物で、蔵書はおよそ十万冊。" * 3))
    a.add(article(11, title="城市新建图书馆开放", language="zh", url="https://he.example/2",
                  body="市政府周三宣布，位于河边的新图书馆正式向市民开放，馆内藏书约十万册。" * 3))
    a.add(article(12, title="Tidal energy pilot", language="en", url="https://north.example/3",
                  body="The harbour council approved tidal turbines near the library. " * 5))
    return a


def test_a_two_character_word_finds_chinese_and_japanese_articles(tmp_path: Path) -> None:
    with _cjk_archive(tmp_path) as a:
        japanese = a.search("倉庫")  # inside a sentence that unicode61 keeps as one token
        chinese = a.search("市民")
        both = a.search("图书馆 OR 図書館")
    assert [h.title for h in japanese.hits] == ["港湾局が新しい計画を発表"]
    assert "<mark>倉庫</mark>" in japanese.hits[0].snippet
    assert [h.title for h in chinese.hits] == ["城市新建图书馆开放"]
    assert "<mark>市民</mark>" in chinese.hits[0].snippet
    assert both.total == 2


def test_cjk_query_shapes_plain_phrase_filter_and_title(tmp_path: Path) -> None:
    with _cjk_archive(tmp_path) as a:
        assert a.search("十万", syntax="plain").total == 2  # in both languages
        assert a.search('"市立図書館"').total == 1 and a.search('"図書館市立"').total == 0
        assert a.search("十万", filters=SearchFilters(language="zh")).hits[0].title == "城市新建图书馆开放"
        assert a.search("計画").hits[0].title == "港湾局が新しい計画を発表"  # a title word
        assert a.search("港").total == 1  # one character: grams that start with it
        assert a.search("library").hits[0].title == "Tidal energy pilot"
        assert "<mark>library</mark>" in a.search("library").hits[0].snippet


def test_gram_columns_follow_reextraction_style_updates(tmp_path: Path) -> None:
    with _cjk_archive(tmp_path) as a, a.transaction() as conn:
        conn.execute("UPDATE articles SET body = 'x', body_grams = '' WHERE language = 'zh'")
    with Archive(tmp_path / "cjk.db") as a:
        assert a.search("市民").total == 0 and a.search("倉庫").total == 1


def test_cjk_words_under_a_column_filter(tmp_path: Path) -> None:
    with _cjk_archive(tmp_path) as a:
        assert [h.title for h in a.search("title:計画").hits] == ["港湾局が新しい計画を発表"]
        assert a.search("title:倉庫").total == 0 and a.search("body:倉庫").total == 1
        assert a.search("NEAR(倉庫 建物)").total == 1  # left as written: two-character words are grams


def test_cjk_words_beside_other_words(tmp_path: Path) -> None:
    # FTS5 joins a group to its neighbours only with an explicit AND: the rewrite must add it
    with _cjk_archive(tmp_path) as a:
        assert a.search("倉庫 計画").total == 1 and a.search("倉庫 市民").total == 0
        assert a.search("図書館 十万").total == 1 and a.search('"十万" 市民').total == 1
        assert a.search("(library OR 倉庫) 計画").total == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('東京図書館市民 ab"()*:^-+ORANDNOT\x8b±')), max_size=30))
def test_plain_syntax_never_fails_to_parse(text: str) -> None:
    with Archive(":memory:") as a:
        a.search(text, syntax="plain")  # any text: quoted words, never a QueryError
