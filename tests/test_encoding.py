"""Encoding detection: BOM, HTTP header, <meta charset>, then detection; labels that lie."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dateline.encoding import (
    charset_from_content_type,
    declared_charset,
    decode,
    decode_page,
    exact_utf8,
    windows_1252,
)

RU = "Москва — столица России. Президент заявил сегодня, что экономика растёт быстрее, чем ожидалось."
FR = "Le président a déclaré aujourd'hui que l'économie française était en très bonne santé, malgré la crise."
ZH = "北京时间今天上午，国务院新闻办公室举行新闻发布会，介绍今年以来经济运行情况。记者了解到，经济稳步恢复。"
JA = "東京都は今日、新しい条例を発表しました。市民の生活に大きな影響を与えると見られています。"


def page(text: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (page(RU).encode("cp1251"), None, RU),
        (page(RU, "windows-1251").encode("cp1251"), None, RU),
        (page(RU).encode("cp1251"), "text/html; charset=windows-1251", RU),
        (page(ZH, "gb2312").encode("gbk"), None, ZH),
        (page(ZH).encode("gbk"), None, ZH),
        (page(JA, "shift_jis").encode("shift_jis"), None, JA),
        (page(JA).encode("shift_jis"), None, JA),
        (page(JA).encode("euc_jp"), None, JA),
        (page(JA, "iso-2022-jp").encode("iso2022_jp"), None, JA),
    ],
    ids=["cp1251", "cp1251-meta", "cp1251-header", "gb2312-meta", "gbk", "sjis-meta", "sjis", "euc-jp", "iso2022jp"],
)
def test_legacy_encodings(data: bytes, content_type: str | None, expected: str) -> None:
    text, _ = decode(data, content_type=content_type)
    assert expected in text


ES = "El presidente anunció que la economía española crecerá más rápido de lo previsto según el informe."
DE = "Die Bundesregierung hat heute beschlossen, dass die Maßnahmen für Übergänge größer werden müssen."


@pytest.mark.parametrize("text", [FR, ES, DE])
@pytest.mark.parametrize("where", ["meta", "header"])
def test_latin1_mislabelled_as_utf8(where: str, text: str) -> None:
    data = page(text, "utf-8" if where == "meta" else None).encode("latin-1")
    decoded, encoding = decode(data, content_type="text/html; charset=utf-8" if where == "header" else None)
    assert text in decoded and encoding == "cp1252"


@pytest.mark.parametrize("text", [FR, ES, DE])
def test_latin1_label_on_latin1_text_is_kept(text: str) -> None:
    decoded, encoding = decode(page(text, "iso-8859-1").encode("latin-1"))
    assert text in decoded and encoding == "cp1252"


def test_utf8_bytes_under_a_legacy_meta_label() -> None:
    text, encoding = decode(page(RU, "windows-1251").encode("utf-8"))
    assert RU in text and encoding == "utf-8"


def test_meta_label_contradicting_the_bytes_is_doubted() -> None:
    ru = RU.replace("—", "-")
    text, encoding = decode(page(ru, "iso-8859-1").encode("koi8_r"))
    assert ru in text and encoding == "koi8-r"


def test_utf8_page_with_stray_latin1_bytes() -> None:
    data = page(f"{FR} {ES} {DE}").encode("utf-8").replace("déclaré".encode(), "déclaré".encode("latin-1"))
    text, encoding = decode(data)
    assert FR in text and DE in text and encoding == "utf-8"


def test_windows_1252_label_is_not_traded_for_a_latin_sibling() -> None:
    text = "Tickets cost £4 for adults and £2 for children, the organisers said on Friday."
    decoded, encoding = decode(page(text, "windows-1252").encode("cp1252"))
    assert text in decoded and encoding == "cp1252"


@given(st.binary(max_size=500))
def test_windows_1252_decodes_any_bytes_like_browsers(data: bytes) -> None:
    text = windows_1252(data)
    assert len(text) == len(data) and "\ufffd" not in text


def test_header_beats_meta_when_both_decode() -> None:
    data = page(RU, "koi8-r").encode("cp1251")
    text, encoding = decode(data, content_type="text/html; charset=windows-1251")
    assert RU in text and encoding == "cp1251"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_wins_over_labels(bom: bytes, codec: str) -> None:
    data = bom + page(RU, "windows-1251").encode(codec)
    text, encoding = decode(data, content_type="text/html; charset=iso-8859-1")
    assert RU in text and encoding == codec and not text.startswith("\ufeff")


def test_label_parsing() -> None:
    assert charset_from_content_type('text/html; charset="Windows-1251"') == "cp1251"
    assert charset_from_content_type("text/html; charset=latin1") == "cp1252"
    assert charset_from_content_type("text/html; charset=no-such-thing") is None
    assert declared_charset(b'<?xml version="1.0" encoding="gbk"?><html>') == "gb18030"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">') == "cp932"


def test_truncated_multibyte_at_the_end_stays_utf8() -> None:
    data = page(RU).encode("utf-8") + "ё".encode()[:1]
    text, encoding = decode(data)
    assert encoding == "utf-8" and RU in text and text.endswith("\ufffd")


# windows-1252 is left out: its labels are doubted when the text reads as mojibake, and random
# strings of accented letters do (tested with real text above).
ROUND_TRIP = ["utf-8", "cp1251", "gb18030", "cp932", "euc_jp", "koi8_r", "iso8859_7", "big5hkscs", "cp949", "cp1250"]
LABELS = {"cp932": "shift_jis", "cp1251": "windows-1251", "cp1250": "windows-1250", "koi8_r": "koi8-r"}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ROUND_TRIP), st.text(min_size=1, max_size=300), st.booleans())
def test_right_label_round_trips(encoding: str, text: str, in_header: bool) -> None:
    assume("\x00" not in text)  # NUL in every other byte is read as UTF-16 without a BOM
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # not representable in this encoding
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # a BOM at the start is a BOM, whatever the label says
    if encoding != "utf-8" and not data.isascii() and _is_utf8(data):
        return  # valid UTF-8 wins over a legacy label, by design (e.g. cp949 "큰" is UTF-8 "ū")
    label = LABELS.get(encoding, encoding)
    expected = data.decode(encoding)  # == text, except where the codec itself is not one-to-one
    if in_header:
        decoded, _ = decode(data, content_type=f"text/html; charset={label}")
        assert decoded == expected
    else:
        head = f'<meta charset="{label}">'.encode("ascii")
        decoded, _ = decode(head + b"\n" + data)
        assert decoded == head.decode() + "\n" + expected


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "text/html", "text/html; charset=utf-8", "charset=gbk"]))
def test_decode_never_raises_on_arbitrary_bytes(data: bytes, content_type: str | None) -> None:
    text, encoding = decode(data, content_type=content_type)
    assert isinstance(text, str) and codecs.lookup(encoding)


def test_decode_page_says_when_the_text_is_the_bytes_read_as_utf8() -> None:
    data = page(RU).encode("utf-8")
    assert decode_page(data) == (data.decode("utf-8"), "utf-8", True)
    assert decode_page(codecs.BOM_UTF8 + data)[2] is False
    assert decode_page(data + "ё".encode()[:1])[2] is False  # repaired: a cut character
    assert decode_page(page(RU, "windows-1251").encode("cp1251"))[2] is False


_UTF8_PIECES = st.one_of(
    st.text(max_size=50), st.sampled_from(["\x1b", "\ufeff", "\x00", "é", "€", "😀"]),
    st.binary(max_size=4).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_UTF8_PIECES, max_size=30), st.integers(0, 3), st.booleans())
def test_exact_utf8_says_what_decode_page_says(pieces: list[str], cut: int, latin: bool) -> None:
    data = "".join(pieces).encode("latin-1" if latin else "utf-8", "replace")
    data = data[: len(data) - cut] if cut < len(data) else data
    assert exact_utf8(data) == decode_page(data)[2]


@pytest.mark.parametrize("size", [65_535, 65_536, 65_537, 200_000])
def test_exact_utf8_across_its_64_kib_chunks(size: int) -> None:
    data = ("a" * (size - 1) + "€" + "b" * 10).encode()  # "€" is 3 bytes, split by a chunk edge for some sizes
    assert exact_utf8(data) and not exact_utf8(data[: size + 1]) and not exact_utf8(data + b"\xff")
