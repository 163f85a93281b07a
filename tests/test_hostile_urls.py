"""URLs that `urllib.parse` refuses (a lone `[`, a bracketed host that is no IP address), given as the
page's URL or written in the page: an error that names the URL, or an Article without that URL."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from dateline import DatelineError, InputError

PROSE = "<p>The council approved the new budget on Tuesday, after a long debate about schools and roads.</p>"
BAD_URLS = ["http://[::1", "http://[zz]/2024/05/01/story", "//[", "https://news.example]/a", "http://[1.2.3.4]/"]
PLACES = [
    '<link rel="canonical" href="{u}">',
    '<meta property="og:url" content="{u}">',
    '<meta property="og:image" content="{u}">',
    '<link rel="image_src" href="{u}">',
    '<script type="application/ld+json">{{"@type": "NewsArticle", "url": "{u}", "image": "{u}"}}</script>',
]


def page(head: str) -> str:
    return f"<html><head><title>Budget</title>{head}</head><body><article>{PROSE * 4}</article></body></html>"


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("page_url", [None, "https://example.com/2024/05/01/budget"])
def test_an_unparsable_url_in_the_page_is_left_out(url: str, place: str, page_url: str | None) -> None:
    article = dateline.extract(page(place.format(u=url)), url=page_url)
    assert "approved the new budget" in article.body
    assert url not in (article.canonical_url, article.image)


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("content_type", ["text/html", "text/plain"])
def test_an_unparsable_page_url_is_an_input_error_that_names_it(url: str, content_type: str) -> None:
    content = page("") if content_type == "text/html" else "Budget approved\n\n" + PROSE[3:-4] * 4
    with pytest.raises(InputError, match="not a valid URL") as caught:
        dateline.extract(content, url=url, content_type=content_type)
    assert url in str(caught.value)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="[]:/?#@%.-v1afz\\ \t", max_size=24), st.sampled_from(PLACES), st.booleans())
def test_any_url_anywhere_gives_an_article_or_a_dateline_error(url: str, place: str, as_page_url: bool) -> None:
    html = page(place.format(u=url.replace('"', "")))
    try:
        article = dateline.extract(html, url=url if as_page_url else "https://example.com/a/b")
    except DatelineError:
        return
    assert "approved the new budget" in article.body
