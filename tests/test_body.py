"""The HTML body stage: boilerplate out, article structure in, across scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dateline
from dateline import NotAnArticle

PROSE = (
    "The council voted on Tuesday to extend the program for another year, officials said, "
    "after a long debate about its cost and the results it has shown so far."
)
MORE = (
    "Supporters said the money had paid for itself twice over, while critics asked for an "
    "independent audit before the next vote, which is due in the spring."
)


def page(article: str, *, chrome: str = "") -> str:
    return f"""<html><head><title>Story - Example News</title></head><body>
    <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
    {chrome}<main><article>{article}</article></main>
    <footer><p>Copyright 2024 Example News. All rights reserved.</p><a href="/about">About us</a></footer>
    </body></html>"""


def test_keeps_paragraphs_subheadings_lists_quotes() -> None:
    art = dateline.extract(page(
        f"<h1>Council extends program</h1><p>{PROSE}</p><h2>What comes next</h2>"
        f"<ul><li>A review in the spring</li><li>A vote next year</li></ul>"
        f"<blockquote><p>We are proud of what this program has done for the city.</p></blockquote><p>{MORE}</p>"
    ))
    assert "What comes next" in art.body
    assert "A review in the spring" in art.body
    assert "We are proud" in art.body
    assert "<h2>What comes next</h2>" in art.body_html
    assert "<li>A vote next year</li>" in art.body_html
    assert "<blockquote>" in art.body_html


@pytest.mark.parametrize("chrome", [
    '<div class="cookie-banner"><p>We use cookies to improve your experience on our site. Accept all cookies?</p></div>',
    '<div class="newsletter-signup"><p>Sign up for our newsletter and get the best stories every morning.</p></div>',
    '<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>',
    '<p class="ad-disclaimer">We may receive compensation for some of the links in our stories, thank you.</p>',
    '<div class="home-widgets"><p>Our team writes about the city every day, with care and at no charge.</p></div>',
    '<div class="nocontent"><p>Did you enjoy reading this article? Tell your friends about it, please.</p></div>',
    '<div class="reader-feedback"><p>Did you find this article useful? We read every answer, thank you.</p></div>',
    '<p class="photo-credit">Photograph by the agency, licensed for use with this story only, 2024.</p>',
    '<div class="post-author"><p>Jane Doe has covered the city council since 2010, with a focus on budgets.</p></div>',
    '<div class="entry-footer"><p>This entry was posted on Tuesday and filed under city news, thank you.</p></div>',
])
def test_drops_page_chrome(chrome: str) -> None:
    art = dateline.extract(page(f"<h1>Headline</h1><p>{PROSE}</p>{chrome}<p>{MORE}</p>"))
    assert "Facebook" not in art.body and "cookies" not in art.body and "newsletter" not in art.body
    assert "Home" not in art.body and "Copyright" not in art.body
    assert art.body == f"{PROSE}\n\n{MORE}"


def test_the_rest_of_a_blog_entry_stays() -> None:
    """`more` ending a content name is the story after "Continue reading", not a read-more link."""
    art = dateline.extract(page(
        f'<h1>Headline</h1><div class="entry-content"><div class="entry-body"><p>{PROSE}</p></div>'
        f'<div class="entry-more"><p>{MORE}</p></div></div>'
    ))
    assert art.body == f"{PROSE}\n\n{MORE}"


def test_drops_comments_and_related_links() -> None:
    related = "".join(f'<li><a href="/s/{i}">Another story number {i} you may like</a></li>' for i in range(8))
    comments = "".join(f'<div class="comment"><p>I think this is a great idea, comment {i}.</p></div>' for i in range(5))
    art = dateline.extract(page(
        f"<h1>Headline</h1><p>{PROSE}</p><p>{MORE}</p>"
        f'<section class="related"><ul>{related}</ul></section><section id="comments">{comments}</section>'
    ))
    assert "Another story" not in art.body
    assert "great idea" not in art.body


def test_headline_and_byline_stay_out_of_the_body() -> None:
    art = dateline.extract(page(f"<h1>Council extends program</h1><p>By Jane Doe</p><p>5 min read</p><p>{PROSE}</p>"))
    assert art.body.startswith("The council voted")


def test_cjk_article_without_spaces() -> None:
    zh = "市议会周二投票决定将该计划再延长一年，官员表示，此前各方就其成本和迄今取得的成果进行了长时间的辩论。"
    zh2 = "支持者说这笔钱已经收回了两倍的成本，而批评者则要求在下一次投票之前进行独立审计。"
    art = dateline.extract(page(f"<h1>市议会延长计划</h1><p>{zh}</p><p>{zh2}</p>"))
    assert art.body == f"{zh}\n\n{zh2}"


def test_tables_belonging_to_the_article_are_kept() -> None:
    table = "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2023</td><td>12m</td></tr></table>"
    art = dateline.extract(page(f"<h1>H</h1><p>{PROSE}</p>{table}<p>{MORE}</p>"))
    assert "<th>Year</th>" in art.body_html and "<td>12m</td>" in art.body_html
    assert "2023 | 12m" in art.body


def test_body_html_is_built_from_text_not_copied_markup() -> None:
    art = dateline.extract(page(
        f'<h1>H</h1><p onclick="evil()">{PROSE} <img src=x onerror="alert(1)"><script>alert(2)</script></p>'
        f'<p>{MORE} <a href="javascript:alert(3)">link</a> &lt;b&gt;</p>'
    ))
    assert "script" not in art.body_html and "onerror" not in art.body_html
    assert "javascript:" not in art.body_html and "onclick" not in art.body_html
    assert "&lt;b&gt;" in art.body_html


def test_content_shipped_in_noscript_is_found() -> None:
    html = f"<html><body><div id=app></div><noscript><article><p>{PROSE}</p><p>{MORE}</p></article></noscript></body></html>"
    art = dateline.extract(html)
    assert "The council voted" in art.body
    assert "hidden-content" in art.warnings


def test_navigation_only_page_is_not_an_article() -> None:
    links = "".join(f'<li><a href="/{i}">Section {i}</a></li>' for i in range(30))
    with pytest.raises(NotAnArticle) as info:
        dateline.extract(f"<html><body><ul>{links}</ul></body></html>")
    assert info.value.reason in ("no-body", "too-short")


def test_deep_nesting_is_bounded() -> None:
    html = "<div>" * 5000 + f"<p>{PROSE}</p>" + "</div>" * 5000
    art = dateline.extract(html)
    assert isinstance(art.body, str)


def test_repeated_blocks_and_ad_labels_are_dropped() -> None:
    art = dateline.extract(page(f"<h1>H</h1><p>{PROSE}</p><p>ADVERTISEMENT</p><p>{MORE}</p><p>{PROSE}</p>"))
    assert art.body == f"{PROSE}\n\n{MORE}"


def test_figure_captions_go_to_the_html_not_the_text() -> None:
    art = dateline.extract(page(
        f"<h1>H</h1><p>{PROSE}</p><figure><img src='a.jpg'><figcaption>The mayor at the vote.</figcaption>"
        f"</figure><p>{MORE}</p>"
    ))
    assert "mayor" not in art.body
    assert "<figure><figcaption>The mayor at the vote.</figcaption></figure>" in art.body_html


def test_options_leave_tables_and_figures_out() -> None:
    table = "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2023</td><td>12m</td></tr></table>"
    figure = "<figure><img src='a.jpg'><figcaption>The mayor at the vote.</figcaption></figure>"
    html = page(f"<h1>H</h1><p>{PROSE}</p>{table}{figure}<p>{MORE}</p>")
    art = dateline.extract(html, options=dateline.ExtractOptions(include_tables=False, include_images=False))
    assert "12m" not in art.body and "<table>" not in art.body_html and "<figure>" not in art.body_html
    assert art.body == f"{PROSE}\n\n{MORE}"


def test_a_short_last_section_after_a_long_story_is_a_box() -> None:
    story = "<h1>Headline</h1>" + "".join(f"<p>Part {i}. {PROSE} {MORE}</p>" for i in range(4))
    box = "<h3>About the author</h3><p>Jane Roe writes about city budgets and transport.</p>"
    assert "Jane Roe" not in dateline.extract(page(story + box)).body
    short = f"<h1>Headline</h1><p>{PROSE}</p><p>{MORE}</p>"
    assert "Jane Roe" in dateline.extract(page(short + box)).body  # a short story's last section stays


def test_unclosed_named_anchor_is_no_link() -> None:
    # old pages open <a name=...> targets and never close them: the parser extends the anchor
    # over the rest of the page, which must not turn the whole story into link text
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a> <a href='/forum'>Forum</a></td></tr></table>"
        f"<a name=post1><table><tr><td><p>{PROSE}</p><p>{MORE}</p></td></tr></table></body></html>"
    )
    art = dateline.extract(html)
    assert PROSE in art.body
    assert MORE in art.body
    assert "Forum" not in art.body


def _card(n: int) -> str:
    return (f"<div class='card'><h3><a href='/story-{n}'>Another story on the same site, number {n}</a></h3>"
            f"<div class='summary'><p>Summary {n}: the mayor said on Friday that the bridge would reopen "
            "next month, after repairs that took longer than planned.</p></div></div>")


def test_teaser_river_after_the_story_goes() -> None:
    river = "<div class='river'>" + "".join(_card(n) for n in range(4)) + "</div>"
    art = dateline.extract(page(f"<h1>Council extends program</h1><p>{PROSE}</p><p>{MORE}</p><p>{PROSE} Again.</p>"
                                f"<p>{MORE} Again.</p>{river}"))
    assert MORE in art.body
    assert "Summary" not in art.body


def test_linked_sections_between_paragraphs_stay() -> None:
    sections = "<div class='list'>" + "".join(_card(n) for n in range(4)) + "</div>"
    art = dateline.extract(page(f"<h1>Ten bridges</h1><p>{PROSE}</p>{sections}<p>{MORE}</p>"))
    assert "Summary 3" in art.body
    assert MORE in art.body


def _links(n: int, stem: str) -> str:
    return "".join(f'<li><a href="/{stem}/{i}">{stem.title()} headline number {i} of this week</a></li>' for i in range(n))


def test_short_story_beats_a_longer_box_far_below_its_headline() -> None:
    # no class names: only the chrome between the headline and the box tells them apart
    box = " ".join([MORE] * 2)
    art = dateline.extract(f"""<html><head><title>Council extends program</title></head><body>
        <div><h1>Council extends program</h1><div><p>{PROSE}</p></div></div>
        <div><ul>{_links(20, "world")}</ul><ul>{_links(20, "sport")}</ul><ul>{_links(20, "arts")}</ul></div>
        <div><h4>About the publisher</h4><div><p>{box}</p></div></div></body></html>""")
    assert art.body == PROSE


def test_a_sign_up_form_is_no_story() -> None:
    consent = ("I agree that the publisher may send me regular news about its work and I accept the "
               "processing of my data as described in the privacy statement, which I can revoke at any time.")
    art = dateline.extract(page(
        f"<h1>Council extends program</h1><p>{PROSE}</p>",
        chrome=f'<form action="/subscribe"><p>{consent}</p><p>{consent.replace("news", "letters")}</p>'
               f'<input type="email" name="email"></form>',
    ))
    assert art.body == PROSE


def test_a_form_around_the_whole_page_is_no_chrome() -> None:
    art = dateline.extract(f"""<html><head><title>Council extends program</title></head><body>
        <form action="/default.aspx" method="post"><input type="hidden" name="__VIEWSTATE">
        <div><h1>Council extends program</h1><p>{PROSE}</p><p>{MORE}</p></div></form></body></html>""")
    assert art.body == f"{PROSE}\n\n{MORE}"


def _cards(n: int) -> str:
    return "".join(
        f'<li><h3><a href="/jobs/{i}">Senior software engineer for team number {i}</a></h3>'
        f"<span>Remote</span> <span>Full-time</span> <span>{i + 2}d</span></li>" for i in range(n)
    )


def test_a_page_without_a_story_gives_its_list_of_items() -> None:
    art = dateline.extract(page(f"<h1>Remote programming jobs</h1><ul>{_cards(8)}</ul>"))
    assert "listing" in art.warnings
    assert art.body.count("Senior software engineer") == 8
    assert "Remote Full-time 2d" in art.body
    assert "Home" not in art.body and "Copyright" not in art.body


def test_a_short_story_under_its_headline_is_no_listing() -> None:
    short = "The council met on Tuesday and agreed to keep the program."
    art = dateline.extract(page(f"<h1>Council keeps program</h1><p>{short}</p><h2>Related</h2><ul>{_cards(8)}</ul>"))
    assert "listing" not in art.warnings
    assert art.body == short


@pytest.mark.parametrize(("control", "kept"), [("<button>Yes</button><button>No</button>", False), ("", True)])
def test_a_short_prompt_beside_a_button_after_the_story_goes(control: str, kept: bool) -> None:
    prompt = "Was this article helpful to you?"
    art = dateline.extract(page(
        f"<h1>Council extends program</h1><p>{PROSE}</p><p>{MORE}</p><div><p>{prompt}</p>{control}</div>"
    ))
    assert (prompt in art.body) is kept
    assert art.body.startswith(f"{PROSE}\n\n{MORE}")


LEAD = "The city will keep paying for the program until next year, after a vote that split the council."


@pytest.mark.parametrize(("wrapper", "kept"), [
    ("<p>{}</p>", True),
    ('<h2 class="standfirst">{}</h2>', True),
    ("<figure><figcaption>{}</figcaption></figure>", False),
    ('<div class="newsletter"><p>{}</p></div>', False),
    ('<div class="article-teaser"><p>{}</p></div>', True),
    ('<div class="teaser newsletter"><p>{}</p></div>', False),
])
def test_a_lead_beside_the_headline_opens_the_story(wrapper: str, kept: bool) -> None:
    # the lead sits in the page's header; the story is nested in wrappers that each hold a link
    # line too, so the story's own element wins and the header is beyond its siblings' reach
    story = f'<div class="text"><p>{PROSE}</p><p>{MORE}</p><p>{PROSE.replace("council", "board")}</p></div>'
    for level in range(4):
        story = f'<div>{story}<p><a href="/{level}">More stories from the city hall desk</a></p></div>'
    art = dateline.extract(page(
        "<div><h1>Council extends program</h1><p>By Jane Doe</p>" + wrapper.format(LEAD) + "</div>" + story
    ))
    assert art.body.startswith(LEAD) is kept
    assert PROSE in art.body and MORE in art.body


@pytest.mark.parametrize(("line", "kept"), [
    ("The council listed three reasons for the vote:", True),
    ("By Jane Doe, city desk", False),
])
def test_a_line_ending_in_a_colon_introduces_what_follows(line: str, kept: bool) -> None:
    # between the first two paragraphs, a short line without a full stop is a byline or a
    # dateline, unless it is a clause that ends in a colon: then it introduces the next block
    art = dateline.extract(page(f"<h1>Council extends program</h1><p>{PROSE}</p><p>{line}</p><p>{MORE}</p>"))
    assert (line in art.body) is kept
    assert PROSE in art.body and MORE in art.body


PARTS = (
    "Ministers met late into the night to agree the budget, aides said, and the final text was "
    "only published shortly before the vote in parliament began.",
    "Opposition leaders criticised the timetable, saying members had been given too little time "
    "to read a document of several hundred pages before voting on it.",
    "The finance minister defended the process, arguing that every chapter had been debated in "
    "committee for weeks and that nothing in it should surprise anyone.",
)


@pytest.mark.parametrize(("frame", "whole"), [("sidebar-grid__container", True), ("comments-list", False)])
def test_a_chrome_named_frame_around_the_story_is_its_layout(frame: str, whole: bool) -> None:
    ad = '<div class="ad-slot"><span>Advertisement</span></div>'
    parts = ad.join(f'<div class="{frame}"><div><p>{text}</p><p>{MORE}</p></div></div>' for text in PARTS)
    art = dateline.extract(page(f"<h1>Parliament passes the budget</h1><div class=\"grid\">{parts}</div>"))
    assert all((text in art.body) == whole for text in PARTS[:2])
    assert PARTS[2] in art.body


NOTICE = ("You can read this newspaper on one device at a time, because another person is reading "
          "with your account on another device right now.")


@pytest.mark.parametrize(("control", "kept"), [("", True), ('<button type="button">Read here</button>', False)])
def test_prose_beside_a_control_outside_the_story_is_a_dialog(control: str, kept: bool) -> None:
    # prose in a sibling of the story's element is taken as a split part of the story,
    # unless it sits beside a form control: then it is a dialog (a paywall, a device limit)
    art = dateline.extract(page(
        f'<h1>Council extends program</h1><div class="text"><p>{PROSE}</p><p>{MORE}</p></div>'
        f'<ul>{_links(6, "world")}</ul><section><p>{NOTICE}</p>{control}</section>'
    ))
    assert (NOTICE in art.body) is kept
    assert PROSE in art.body and MORE in art.body


@pytest.mark.parametrize(("role", "kept"), [("button", False), ("dialog", False), ("region", True)])
def test_an_element_with_a_button_or_dialog_role_is_dropped(role: str, kept: bool) -> None:
    # ARIA roles make a <div> a button (a box's open/close toggle) or a dialog, as the tags would
    toggle = "Show the full statement that the council gave to the press after the vote."
    art = dateline.extract(page(
        f'<h1>Council extends program</h1><p>{PROSE}</p><div role="{role}"><span>{toggle}</span></div>'
        f"<p>{MORE}</p>"
    ))
    assert (toggle in art.body) is kept
    assert MORE in art.body


@pytest.mark.parametrize(("role", "kept"), [("complementary", False), ("contentinfo", False), ("note", True)])
def test_aside_and_footer_roles_are_chrome(role: str, kept: bool) -> None:
    # role="complementary" is an <aside>, role="contentinfo" a <footer>: chrome as the tags are
    box = "The author has written for the paper since 2010 and lives with her family in the city."
    art = dateline.extract(page(f'<h1>Council extends program</h1><p>{PROSE}</p><p>{MORE}</p><div role="{role}"><p>{box}</p></div>'))
    assert (box in art.body) is kept


@pytest.mark.parametrize(("linked", "kept"), [(True, False), (False, True)])
def test_a_box_of_links_inside_the_story_goes_whole(linked: bool, kept: bool) -> None:
    # a "More on this" box between paragraphs: its linked headlines go as link lines, and its
    # heading and dates go with them; the same heading over a plain list is a part of the story
    items = "".join(
        f"<li>{f'<a href=/story-{i}>' if linked else ''}Another story about the council, number {i}"
        f"{'</a>' if linked else ''}<span> 12 May</span></li>" for i in range(3)
    )
    art = dateline.extract(page(
        f"<h1>Council extends program</h1><p>{PROSE}</p><div><h3>More on this</h3><ul>{items}</ul></div>"
        f"<p>{MORE}</p><p>{PROSE} Again.</p>"
    ))
    assert ("More on this" in art.body) is kept
    assert ("12 May" in art.body) is kept
    assert PROSE in art.body and MORE in art.body


def test_a_short_line_with_a_copyright_sign_is_a_credit() -> None:
    # picture and agency credits are labels, not the story; a notice written as a sentence stays
    art = dateline.extract(page(
        f"<h1>Council extends program</h1><p>{PROSE}</p><p>The mayor at the vote. © Jane Roe / Example Photos</p>"
        f"<p>{MORE}</p><p>{PROSE} Again.</p><p>© 2024 Example Agency</p>"
        "<p>Text © 2024 Example News, reprinted here with the permission of the author.</p>"
    ))
    assert "Jane Roe" not in art.body
    assert "Example Agency" not in art.body
    assert "reprinted here with the permission" in art.body
    assert MORE in art.body and f"{PROSE} Again." in art.body


APPEAL = (
    "Independent journalism costs money, and we rely on readers like you: support our newsroom "
    "today with a monthly contribution of your choice."
)


@pytest.mark.parametrize(("where", "kept"), [("after", False), ("inside", True)])
def test_prose_after_the_story_element_goes(where: str, kept: bool) -> None:
    # an appeal, a bio or a disclaimer follows the element that holds the story's paragraphs;
    # the same paragraph inside that element is the story's own closing paragraph
    story = "".join(f"<p>{PROSE} Part {i}.</p><p>{MORE} Part {i}.</p>" for i in range(3))
    appeal = f"<p>{APPEAL}</p>"
    source = "<p>Reporting by Jane Roe; editing by John Doe.</p>"
    body = f"<div>{story}{source}{appeal}</div>" if where == "inside" else f"<div>{story}</div>{source}<div>{appeal}</div>"
    art = dateline.extract(page(f"<h1>Council extends program</h1>{body}"))
    assert (APPEAL in art.body) is kept
    assert ("editing by John Doe." in art.body) is kept
    assert f"{MORE} Part 2." in art.body


@pytest.mark.parametrize(("long_block", "kept"), [(False, False), (True, True)])
def test_short_lines_after_the_story_element_go(long_block: bool, kept: bool) -> None:
    # a tail of short lines after the story's element (prompts, sign-offs, labels) is the page's;
    # a tail holding a long block (a list written as one block, a post) is left to the other rules
    story = "".join(f"<p>{PROSE} Part {i}.</p><p>{MORE} Part {i}.</p>" for i in range(3))
    long_text = " - ".join(f"Item number {i} in the council's list of projects for the year" for i in range(8))
    tail = "<p>Sign up for our newsletter, every Friday morning.</p><p>Follow us for more stories like this.</p>" + (
        f"<p>{long_text}</p>" if long_block else "")
    art = dateline.extract(page(f"<h1>Council extends program</h1><div>{story}</div><div>{tail}</div>"))
    assert ("every Friday morning." in art.body) is kept
    assert f"{MORE} Part 2." in art.body


def test_a_story_split_over_two_wrappers_stays_whole() -> None:
    # an ad slot splits the story: its second part is more than a fifth of it, so it is the story
    first = "".join(f"<p>{PROSE} Part {i}.</p>" for i in range(3))
    second = "".join(f"<p>{MORE} Part {i}.</p>" for i in range(2))
    art = dateline.extract(page(f"<h1>Council extends program</h1><div>{first}</div><div>{second}</div>"))
    assert f"{MORE} Part 1." in art.body and f"{PROSE} Part 0." in art.body


#: Control characters (Unicode category Cc) other than tab and newline: never content.
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]


def _has_control(text: str) -> bool:
    return any(c in text for c in CONTROLS)


def test_control_character_is_not_kept() -> None:
    art = dateline.extract("<article><p>" + "Council \x01 approved the budget. " * 10 + "</p></article>")
    assert "\x01" not in art.body
    assert "\x01" not in art.body_html
    assert "Council approved the budget." in art.body


@given(st.sampled_from(CONTROLS), st.sampled_from(["raw", "reference"]))
def test_no_control_characters_in_body(control: str, form: str) -> None:
    c = control if form == "raw" else f"&#{ord(control)};"
    art = dateline.extract(page(
        f"<h1>Council{c} extends program</h1><p>{PROSE[:60]}{c}{PROSE[60:]}</p>"
        f"<pre>total{c}  42\nleft {c}7</pre><p>{MORE}<br>Signed,{c}<br>The{c}council</p>"
    ))
    assert "extend the program" in art.body
    assert not _has_control(art.body)
    assert not _has_control(art.body_html)


def _meaning(control: str) -> str:
    """What a control stands for in a paragraph: a space, its Windows-1252 character (C1), nothing."""
    if control.isspace():
        return " "
    try:
        return control.encode("latin-1").decode("cp1252") if "\x80" <= control <= "\x9f" else ""
    except UnicodeDecodeError:
        return ""


@given(st.sampled_from(CONTROLS))
def test_a_control_character_is_a_space_its_cp1252_meaning_or_nothing(control: str) -> None:
    """Controls that Python counts as white space separate words; a C1 control is the
    Windows-1252 byte it was read from (as the HTML standard maps `&#146;`); the others vanish."""
    def body(c: str) -> str:
        return dateline.extract(page(f"<p>{PROSE[:60]}{c}{PROSE[60:]}</p><p>{MORE}</p>")).body

    assert body(control) == body(_meaning(control))


def test_a_c1_quote_is_the_windows_1252_quote() -> None:
    art = dateline.extract(page(f"<p>{PROSE} We\x92re not done, she said.</p><p>{MORE}</p>"))
    assert "We’re not done" in art.body


def test_utf8_read_as_latin1_with_c1_bytes_gives_its_character() -> None:
    """A double-encoded page: the UTF-8 bytes of ’ and — read as Latin-1 hold C1 controls."""
    mangled = "’—".encode().decode("latin-1")
    art = dateline.extract(page(f"<p>{PROSE} It{mangled[:3]}s done{mangled[3:]}for now.</p><p>{MORE}</p>"))
    assert "It’s done—for now." in art.body
    assert not _has_control(art.body)
