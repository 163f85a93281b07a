"""Language identification."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.language import (
    _CYRILLIC_LANGUAGES,
    _LATIN_LANGUAGES,
    _MARKERS,
    _any_marker,
    _count_scripts,
    _script,
    detect_language,
    normalise_language,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The government announced on Tuesday that the new budget would cut taxes for families.", "en"),
        ("Правительство во вторник объявило, что новый бюджет снизит налоги для семей.", "ru"),
        ("Die Regierung kündigte am Dienstag an, dass der neue Haushalt die Steuern senken werde.", "de"),
        ("Hökumət çərşənbə axşamı yeni büdcənin ailələr üçün vergiləri azaldacağını açıqlayıb.", "az"),
    ],
)
def test_detects(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_too_short_is_unknown() -> None:
    assert detect_language("ok") is None


@pytest.mark.parametrize(("tag", "code"), [("en-US", "en"), ("pt_BR", "pt"), ("EN", "en"), ("", None), ("x!", None)])
def test_normalise(tag: str, code: str | None) -> None:
    assert normalise_language(tag) == code


_LATIN = "ab Zé,.9ßĳǅ\u024f\n\u2019\u2014€"


@given(st.one_of(st.text(alphabet=st.sampled_from(list(_LATIN)), max_size=3000),
                 st.text(alphabet=st.sampled_from(list(_LATIN + "\u0250жΩ東あ한\u2070ⁱℓ")), max_size=3000)))
def test_the_latin_shortcut_gives_what_counting_gives(text: str) -> None:
    assert _script(text) == _count_scripts(text)


_MARKER_LETTERS = "".join(m.pattern[1:-1] for _, m in _MARKERS)


@given(st.text(alphabet=st.sampled_from(list(_MARKER_LETTERS + "ab é-]^\\ж")), max_size=40),
       st.sampled_from([_LATIN_LANGUAGES, _CYRILLIC_LANGUAGES]))
def test_one_search_for_any_marker_finds_what_the_markers_find(text: str, languages: tuple[str, ...]) -> None:
    wanted = any(marker.search(text) for lang, marker in _MARKERS if lang in languages)
    assert bool(_any_marker(languages).search(text)) == wanted
