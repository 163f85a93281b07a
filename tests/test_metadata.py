"""The metadata stage: each source kind on a small hand-written page, the merge and its provenance."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from dateline.metadata import Metadata, extract_metadata
from dateline.options import ExtractOptions

OPTS = ExtractOptions(fetch_time=datetime(2025, 1, 1, tzinfo=UTC))
PLUS4 = timezone(timedelta(hours=4))


def meta_of(html: str, url: str | None = "https://news.example.com/world/story") -> Metadata:
    return extract_metadata(LexborHTMLParser(html), url=url, options=OPTS)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_json_ld_graph_with_author_refs() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Example News"},
        {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
        {"@type": ["NewsArticle"], "headline": "Storm hits the coast", "datePublished": "2024-08-31T19:19:00+04:00",
         "dateModified": "2024-09-01T08:00:00+04:00", "author": [{"@id": "#jane"}, {"@type": "Person", "name": "John Roe"}],
         "articleSection": "World", "keywords": "storm, coast", "inLanguage": "en",
         "image": {"@type": "ImageObject", "url": "/img/storm.jpg"}},
    ]}
    m = meta_of(page(ld(graph)))
    assert m.title == "Storm hits the coast"
    assert m.authors == ("Jane Doe", "John Roe")
    assert m.published == datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)
    assert m.modified == datetime(2024, 9, 1, 8, 0, tzinfo=PLUS4)
    assert (m.section, m.tags, m.site_name) == ("World", ("storm", "coast"), "Example News")
    assert m.image == "https://news.example.com/img/storm.jpg"
    assert m.provenance["published"] == "json-ld" and m.provenance["authors"] == "json-ld"


def test_organisation_author_only_when_no_person() -> None:
    org = {"@type": "NewsArticle", "headline": "H", "author": {"@type": "Organization", "name": "Example Wire"}}
    assert meta_of(page(ld(org))).authors == ("Example Wire",)
    with_byline = page(ld(org), '<p class="byline">By Ann Lee</p>')
    assert meta_of(with_byline).authors == ("Ann Lee",)


def test_opengraph_and_article_meta() -> None:
    head = """<title>Storm hits the coast | Example News</title>
    <meta property="og:title" content="Storm hits the coast | Example News">
    <meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2024-08-31T15:19:00Z">
    <meta property="article:section" content="World"><meta property="article:tag" content="storm">
    <meta property="og:image" content="https://cdn.example.com/a.jpg">
    <meta name="author" content="By Jane Doe and John Roe">
    <link rel="canonical" href="/world/storm">"""
    m = meta_of(page(head))
    assert m.title == "Storm hits the coast"
    assert m.published == datetime(2024, 8, 31, 15, 19, tzinfo=UTC)
    assert m.authors == ("Jane Doe", "John Roe")
    assert m.canonical_url == "https://news.example.com/world/storm"
    assert m.provenance["published"] == "meta"


def test_dublin_core_parsely_and_twitter() -> None:
    head = """<meta name="DC.date.issued" content="2023-05-02"><meta name="parsely-author" content="Ann Lee">
    <meta name="twitter:title" content="A quiet spring"><meta name="twitter:image" content="/t.png">"""
    m = meta_of(page(head))
    assert (m.title, m.authors, m.published) == ("A quiet spring", ("Ann Lee",), date(2023, 5, 2))
    assert m.image == "https://news.example.com/t.png"


def test_microdata() -> None:
    body = """<article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Rates rise</h1>
    <span itemprop="author" itemscope><span itemprop="name">Ann Lee</span></span>
    <meta itemprop="datePublished" content="2022-03-04T10:00:00+01:00"></article>"""
    m = meta_of(page(body=body))
    assert m.authors == ("Ann Lee",)
    assert m.published == datetime(2022, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def test_time_element_and_visible_byline() -> None:
    body = """<article><h1>Rates rise</h1><p class="byline">By Ann Lee, Senior Reporter</p>
    <time datetime="2022-03-04">4 March 2022</time><p>Text.</p></article>
    <aside class="comments"><time datetime="2022-03-09">later</time></aside>"""
    m = meta_of(page(body=body))
    assert m.authors == ("Ann Lee",)
    assert m.published == date(2022, 3, 4)
    assert m.provenance["published"] == "time"


def test_dates_and_names_in_a_quoted_or_embedded_post_are_not_the_pages() -> None:
    body = """<article><h1>Influencers and the law</h1>
    <blockquote class="social-embed"><p>A post</p><p class="author">Vreni Frost</p>
    <time datetime="2018-03-12T19:30:12+00:00">Mar 12, 2018</time></blockquote>
    <div class="publish-date">29. Januar 2019</div><p>Text.</p></article>"""
    m = meta_of(page(body=body))
    assert m.published == date(2019, 1, 29)
    assert m.authors == ()


def test_visible_dateline_in_another_language() -> None:
    body = '<h1>Заголовок</h1><div class="article-date">31 августа 2024, 19:19</div><p>Текст.</p>'
    assert meta_of(page(body=body)).published == date(2024, 8, 31)


def test_url_date_is_the_last_structured_resort() -> None:
    m = meta_of(page(body="<h1>Hello</h1>"), url="https://example.com/2024/08/31/hello/")
    assert m.published == date(2024, 8, 31) and m.provenance["published"] == "url"


def test_the_shown_date_beats_script_data_but_script_data_gives_its_time() -> None:
    script = '<script>window.state = {"site": {"published": "2019-04-20T18:53:54Z"}};</script>'
    shown = '<div class="publish-meta">Published August 7, 2023 by Ann Lee</div>'
    m = meta_of(page(script, shown))
    assert m.published == date(2023, 8, 7) and m.provenance["published"] == "dateline"
    assert meta_of(page(script)).published == datetime(2019, 4, 20, 18, 53, 54, tzinfo=UTC)
    timed = '<script>var post = {"publishDate": "2023-08-07T09:13:00+04:00"};</script>'
    assert meta_of(page(timed, shown)).published == datetime(2023, 8, 7, 9, 13, tzinfo=PLUS4)


def test_script_data_escaped_in_an_attribute() -> None:
    props = '<div data-props="{&quot;dateModified&quot;:&quot;2024-11-17T09:00:00-05:00&quot;,&quot;datePublished&quot;:&quot;2024-11-16T09:00:00-05:00&quot;}"></div>'
    m = meta_of(page(body="<h1>Hello</h1>" + props))
    assert m.published == datetime(2024, 11, 16, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert m.provenance["published"] == "script"


def test_microdata_of_comments_and_answers_is_not_the_pages() -> None:
    def person(name: str) -> str:
        return f'<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{name}</span></span>'
    question = ('<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">'
                f'<h1 itemprop="name">Why?</h1>{person("Ann Lee")}'
                '<time itemprop="dateCreated" datetime="2014-02-04 13:02:51Z">12 years ago</time>'
                '<ul><li itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
                f'{person("Bob Roe")}<div itemprop="datePublished">2018-05-21 20:37:55 +00:00</div></li></ul></div>')
    m = meta_of(page(body=f'<div itemscope itemtype="https://schema.org/QAPage">{question}</div>'))
    assert m.published == datetime(2014, 2, 4, 13, 2, 51, tzinfo=UTC)
    assert m.authors == ("Ann Lee",)
    thread = "".join(f'<article itemprop="comment" itemscope itemtype="https://schema.org/Comment">{person(n)}</article>'
                     for n in ("Ann Lee", "Bob Roe"))
    assert meta_of(page(body=thread)).authors == ("Ann Lee",)  # only replies: the opening post's


def test_a_month_name_in_the_url() -> None:
    m = meta_of(page(body="<h1>Hello</h1>"), url="https://example.com/world/2024/feb/24/hello")
    assert m.published == date(2024, 2, 24) and m.provenance["published"] == "url"
    shown = '<h1>Wines</h1><div class="date">03/10/2023 by Ann Lee</div>'  # day first, not 10 March
    assert meta_of(page(body=shown), url="https://example.com/blog/2023/october/03/wines/").published == date(2023, 10, 3)
    assert meta_of(page(body="<h1>Hello</h1>"), url="https://example.com/2023/marketing/03/hello").published is None


def test_bare_day_takes_time_and_offset_from_another_source() -> None:
    head = '<meta property="article:published_time" content="2024-08-31T19:19:00+04:00">'
    m = meta_of(page(head + ld({"@type": "Article", "headline": "H", "datePublished": "2024-08-31"})))
    assert m.published == datetime(2024, 8, 31, 19, 19, tzinfo=PLUS4)


def test_bare_day_takes_the_time_the_page_shows_for_it() -> None:
    head = '<meta itemprop="datePublished" content="2024-08-31 19:19:00">'  # no zone: a bare day
    shown = '<time datetime="2024-08-31 15:19:00">08/31/2024 03:19 PM EDT</time>'
    m = meta_of(page(head, shown))
    assert m.published == datetime(2024, 8, 31, 19, 19, tzinfo=UTC)
    attr = '<span class="date" data-origindate="2024-08-31 14:27:02 +0800"></span>'
    assert meta_of(page(head, attr)).published == datetime(2024, 8, 31, 6, 27, 2, tzinfo=UTC)


def test_bare_day_keeps_no_time_from_update_notes_other_days_or_comments() -> None:
    head = '<meta itemprop="datePublished" content="2024-08-31">'
    for body in ('<p class="date">Updated: Aug 31, 2024 3:00 PM EDT</p>',
                 '<p class="date">Sep 1, 2024 3:00 PM EDT</p>',
                 '<div class="comments"><time datetime="2024-08-31T15:00:00-04:00">Aug 31</time></div>'):
        assert meta_of(page(head, body)).published == date(2024, 8, 31)


def test_future_dates_and_ui_authors_are_refused() -> None:
    head = '<meta property="article:published_time" content="2030-01-01"><meta name="author" content="Email The Author">'
    m = meta_of(page(head))
    assert m.published is None and m.authors == ()


def test_title_prefers_visible_headline_and_drops_site_suffix() -> None:
    head = '<title>Why it matters – Example News</title><meta property="og:title" content="Why it matters">'
    assert meta_of(page(head, "<h1>Why it matters</h1>")).title == "Why it matters"
    assert meta_of(page("<title>Budget: what changes | Example News</title>")).title == "Budget: what changes"


def test_language_from_markup_checked_by_text() -> None:
    text = "Правительство во вторник объявило, что новый бюджет снизит налоги для семей с детьми и пенсионеров."
    wrong = f'<html lang="en"><head><meta name="description" content="{text}"></head><body></body></html>'
    m = meta_of(wrong)
    assert m.language == "ru" and m.provenance["language"] == "text"
    assert meta_of('<html lang="de-DE"><body><p>Kurz.</p></body></html>').language == "de"


def test_tree_is_not_modified() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "H"}), "<h1>H</h1><p class='byline'>By Ann Lee</p>")
    tree = LexborHTMLParser(html)
    before = tree.html
    extract_metadata(tree, url=None, options=OPTS)
    assert tree.html == before


def test_broken_json_ld_is_skipped() -> None:
    m = meta_of(page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
                     '<meta property="og:title" content="Fallback">'))
    assert m.title == "Fallback"


def test_utc_instant_takes_the_local_offset_the_page_shows() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    body = "<h1>Vote</h1><time>November 8, 2023 10:28 pm</time>"
    m = meta_of(page(head, body), url="https://example.com/2023/11/08/vote/")
    assert m.published == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)
    assert isinstance(m.published, datetime) and m.published.utcoffset() == timedelta(hours=-5)


def test_two_digit_year_in_a_date_element_and_day_first_url() -> None:
    m = meta_of(page(body='<h1>Grün</h1><div class="uploaded-date"> 23.09.22 </div>'))
    assert m.published == date(2022, 9, 23)
    assert meta_of(page(body="<h1>H</h1>"), url="https://example.org/news/29-10-2021").published == date(2021, 10, 29)



def test_two_digit_year_in_the_text_only_when_the_text_has_no_other_date() -> None:
    body = '<h1>Cards</h1><span style="color: red">02.12.19</span><p>Version 1.02.19 of the rules.</p>'
    assert meta_of(page(body=body)).published == date(2019, 12, 2)
    other = body + "<p>Posted 5 May 2020</p>"
    assert meta_of(page(body=other)).published == date(2020, 5, 5)
    assert meta_of(page(body="<h1>Rules</h1><p>Version 1.02.19, build 99.12.19.</p>")).published is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["", "https://example.com/2024/08/31/a", "not a url"]))
def test_any_markup_gives_metadata_without_raising(fragment: str, url: str) -> None:
    html = page(f'<meta name="author" content="{fragment}">' + ld({"@type": "NewsArticle", "headline": fragment,
                                                                  "datePublished": fragment}), fragment)
    m = meta_of(html, url=url or None)
    assert isinstance(m.authors, tuple) and all(isinstance(a, str) for a in m.authors)


def test_a_forum_members_sign_up_date_is_not_the_posts() -> None:
    body = "<h1>Topic</h1><dl><dd>Registriert: 18.09.2008, 05:56</dd></dl><p>Beitrag von r23 » 21.01.2009</p>"
    assert meta_of(page(body=body)).published == date(2009, 1, 21)
    assert meta_of(page(body=body.replace("Registriert:", "Joined"))).published == date(2009, 1, 21)
    assert meta_of(page(body=body.replace("Registriert:", "Zuletzt"))).published == date(2008, 9, 18)


def test_text_date_after_long_markup_is_found_and_link_dates_come_last() -> None:
    filler = '<div class="x"><span></span></div>' * 3000  # about 100 KB of markup without text
    body = f'<h1>Notes</h1><p><a href="/old">Archive: 3 March 2019</a></p>{filler}<p>Posted 5 May 2020</p>'
    m = meta_of(page(body=body))
    assert m.published == date(2020, 5, 5) and m.provenance["published"] == "text"
    assert meta_of(page(body=body.replace("<p>Posted 5 May 2020</p>", ""))).published == date(2019, 3, 3)


def test_utc_instant_takes_the_offset_of_a_shown_time_with_its_minutes() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T00:44:52Z">'
    html = page(head, '<h1>Plano</h1><ul class="wgt-date">Brasília 03/05/2022 21:44</ul>').replace(
        "<html>", '<html lang="pt-BR">')
    m = meta_of(html, url="https://example.com/politica/plano")
    assert m.published == datetime(2022, 5, 4, 0, 44, 52, tzinfo=UTC)
    assert isinstance(m.published, datetime) and m.published.utcoffset() == timedelta(hours=-3)


def test_utc_instant_moves_to_the_page_day_without_changing() -> None:
    head = '<meta property="article:published_time" content="2023-11-01T23:01:00Z">'
    m = meta_of(page(head, "<h1>Live</h1>"), url="https://example.com/esteri/2023/11/02/live/")
    assert m.published == datetime(2023, 11, 1, 23, 1, tzinfo=UTC)
    assert isinstance(m.published, datetime) and m.published.date() == date(2023, 11, 2)
    near = meta_of(page(head, '<h1>Wahl</h1><span class="date">2. November 2023</span>'))
    assert isinstance(near.published, datetime) and near.published.date() == date(2023, 11, 2)
    far = '<meta property="article:published_time" content="2023-11-01T13:23:00Z">'
    m = meta_of(page(far, '<h1>Live</h1><span class="date">2 November 2023</span>'))
    assert m.published == datetime(2023, 11, 1, 13, 23, tzinfo=UTC) and m.published.utcoffset() == timedelta(0)


def test_the_clock_of_an_embedded_post_is_not_the_pages() -> None:
    head = '<meta property="article:published_time" content="2020-02-18T02:18:11Z">'
    post = '<blockquote class="instagram-media"><time>Feb 16, 2020 at 3:02pm</time></blockquote>'
    m = meta_of(page(head, f"<h1>Salud</h1><article>{post}</article>"), url="https://example.com/2020/02/17/salud/")
    assert isinstance(m.published, datetime) and m.published.date() == date(2020, 2, 17)
    assert m.published == datetime(2020, 2, 18, 2, 18, 11, tzinfo=UTC)


def test_share_image_day_is_the_last_resort() -> None:
    head = '<meta property="og:image" content="https://cdn.example.org/files/2016/05/04/cover.png">'
    m = meta_of(page(head, "<h1>Annual report</h1><p>No date anywhere in this text.</p>"))
    assert m.published == date(2016, 5, 4) and m.provenance["published"] == "image"
    dated = meta_of(page(head, '<h1>Report</h1><p class="date">3 June 2016</p>'))
    assert dated.published == date(2016, 6, 3)


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab&<>"), max_size=16) | st.text(max_size=40))
def test_text_scan_collapses_white_space_as_the_regex_does(text: str) -> None:
    from dateline.authors import squash
    from dateline.metadata import _collapse

    assert _collapse(text) == re.sub(r"\s+", " ", text)
    assert squash(text) == re.sub(r"\s+", " ", text).strip()
