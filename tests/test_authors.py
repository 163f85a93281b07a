"""Bylines to people's names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe, John Smith and Ann Lee", ("Jane Doe", "John Smith", "Ann Lee")),
        ("Jane Doe, Senior Reporter", ("Jane Doe",)),
        ("By Reuters Staff", ("Reuters",)),
        ("von Max Mustermann und Erika Musterfrau", ("Max Mustermann", "Erika Musterfrau")),
        ("Par Jean Dupont et Marie Curie", ("Jean Dupont", "Marie Curie")),
        ("Автор: Иван Иванов", ("Иван Иванов",)),
        ("By JOHN SMITH | Updated: March 3, 2020 10:00 AM", ("JOHN SMITH",)),
        ("Jane Doe jane.doe@example.com @janedoe", ("Jane Doe",)),
        ("John E. Smith", ("John E. Smith",)),
        ("Luigi Di Maio", ("Luigi Di Maio",)),
        (["Jane Doe", "jane doe", "Jane Doe (AP)"], ("Jane Doe",)),
    ],
)
def test_names(raw: str | list[str], expected: tuple[str, ...]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    "ui", ["Email The Author", "5 Minute Read", "Staff", "Follow", "Photo: Getty Images", "https://x.com/a", "Share this"]
)
def test_refuses_interface_text(ui: str) -> None:
    assert clean_authors(ui) == ()


@given(st.one_of(st.text(max_size=120), st.lists(st.text(max_size=40), max_size=4)))
def test_never_raises_and_dedupes(raw: str | list[str]) -> None:
    names = clean_authors(raw)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(n == n.strip() and n for n in names)
