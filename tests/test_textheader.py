"""Header recovery from scraped text: headline, dateline, byline, masthead (`dateline.textheader`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.textheader import (
    _SHAPE_TOP,
    _Page,
    _place,
    _places,
    _TitleSearch,
    _words,
    _words_inside,
    read_header,
)

P1 = (
    "The regional government approved a new budget on Thursday after weeks of negotiation, "
    "setting aside more money for schools, rural clinics and the repair of mountain roads."
)
P2 = (
    "Opposition members said the plan relied on optimistic forecasts, but the finance minister "
    "told reporters that revenue had grown faster than expected in each of the last three quarters."
)


def title_of(*head: str, url: str | None = None) -> str | None:
    """The headline read from `head` lines above a two-paragraph body."""
    return read_header([*head, P1, P2], len(head), url=url).title


def test_the_page_titles_site_part_is_the_one_naming_the_host() -> None:
    title = title_of(
        "Budget approved after talks | The Daily Courier of the North Coast", "",
        "The Daily Courier of the North Coast", "Politics", "The Daily Courier of the North Coast",
        "Budget approved after talks", "",
        url="https://www.dailycourier.com/a/20931",
    )
    assert title == "Budget approved after talks"


def test_without_a_host_match_the_first_part_is_the_headline() -> None:
    title = title_of(
        "Budget approved after talks | Regional news for everyone who lives here", "",
        "Regional news for everyone who lives here", "Regional news for everyone who lives here",
        "Budget approved after talks", "",
    )
    assert title == "Budget approved after talks"


def test_a_heading_equal_to_the_page_title_beats_a_longer_line_holding_it() -> None:
    title = title_of(
        "Budget approved after talks - Courier", "", "Home News Budget approved after talks", "",
        "Budget approved after talks", "",
    )
    assert title == "Budget approved after talks"


def test_weak_candidates_yield_to_the_page_titles_headline() -> None:
    title = title_of("Budget approved after talks - Courier", "", "Menu", "Subscribe to our newsletter today", "")
    assert title == "Budget approved after talks"


def test_a_strong_heading_is_kept_when_the_page_title_is_a_section() -> None:
    title = title_of(
        "News - Courier", "", "Menu", "Budget approved after long talks in parliament", "2 March 2024", "",
    )
    assert title == "Budget approved after long talks in parliament"


def authors_of(*head: str) -> tuple[str, ...]:
    """The names read from `head` lines (below the page title) above a two-paragraph body."""
    return read_header(["Budget approved after talks | Daily Courier", *head, P1, P2], len(head) + 1).authors


def test_a_line_of_names_above_the_dateline() -> None:
    authors = authors_of("Budget approved after talks", "Ibtisam Mahdi, Ruwaida Kamal Amer", "November 8 2023, 3:18 p.m.")
    assert authors == ("Ibtisam Mahdi", "Ruwaida Kamal Amer")


def test_only_the_name_beside_the_date_not_the_category_after_it() -> None:
    assert authors_of("Budget approved after talks", "Paddy · April 19, 2019 · Mac · 7 comments") == ("Paddy",)
    assert authors_of("Budget approved after talks", "by Jake Goulding on January 20, 2020") == ("Jake Goulding",)


def test_words_around_a_date_are_not_names() -> None:
    assert authors_of("Budget approved after talks", "Last Updated Nov 6, 2025") == ()


def test_the_by_line_nearest_the_headline_wins() -> None:
    head = ("Budget approved after talks", "By Sandra Boicheva", "Share", "Tweet", "Email", "Print",
            "Related", "More news", "Proudly powered by WordPress Themes")
    assert authors_of(*head) == ("Sandra Boicheva",)


def test_a_by_word_alone_takes_the_names_of_the_next_line() -> None:
    assert authors_of("Budget approved after talks", "Written by", "Ellen O'Brien", "Published 2 March 2024") == (
        "Ellen O'Brien",
    )


def test_a_dateline_opening_the_first_paragraph() -> None:
    lines = ["Budget approved after talks | Daily Courier", "Budget approved after talks", f"29.11.2022 – {P1}", P2]
    assert str(read_header(lines, 2).published) == "2022-11-29"


def test_a_date_deep_inside_a_paragraph_is_no_dateline() -> None:
    lines = ["Budget approved after talks | Daily Courier", "Budget approved after talks", f"{P1} On 29.11.2022 – {P2}"]
    assert read_header(lines, 2).published is None


def test_list_items_are_not_headlines() -> None:
    title = title_of("Menu", "Best espresso machines under $500", "* Grinder buying guide for the home", "2 March 2024")
    assert title == "Best espresso machines under $500"


def test_a_long_sentence_above_the_body_is_not_the_headline() -> None:
    lede = ("Modern leather case brings rugged protection and timeless style to your phone, with leather that"
            " ages well and darkens over the years")
    assert title_of("Menu", "Modern leather case for every phone", lede, "2 March 2024") == (
        "Modern leather case for every phone"
    )


def test_a_phrase_with_a_by_word_inside_is_no_byline() -> None:
    assert authors_of("Budget approved after talks", "Tipps und Tricks von Experten", "2 March 2024") == ()
    assert authors_of("Budget approved after talks", "Posted by Jane Doe", "2 March 2024") == ("Jane Doe",)
    assert authors_of("Budget approved after talks", "---- by Kenneth Surin") == ("Kenneth Surin",)


def test_one_word_beside_a_dateline_is_a_label_not_an_author() -> None:
    assert authors_of("Budget approved after talks", "Politics", "2 March 2024") == ()


def test_a_longer_part_of_the_page_title_printed_as_a_line_is_the_headline() -> None:
    title = title_of(
        "Budget approved - after long talks in parliament | Courier", "", "Menu", "News",
        "Budget approved - after long talks in parliament", "",
    )
    assert title == "Budget approved - after long talks in parliament"


def test_the_body_opener_is_not_preferred_to_the_line_above_it() -> None:
    lines = ["Menu", "Budget approved after talks", "Ministers agree on more money for schools and clinics", P1, P2]
    assert read_header(lines, 2).title == "Budget approved after talks"


def test_a_by_line_ends_at_its_date_its_label_and_a_separator() -> None:
    assert authors_of("Budget approved after talks", "By Jane Doe Published: May 2, 2024") == ("Jane Doe",)
    assert authors_of("Budget approved after talks", "By Jane Doe on March 1, 2024 | 4 comments") == ("Jane Doe",)
    assert authors_of("Budget approved after talks", "Author: Jane Doe") == ("Jane Doe",)


def test_a_line_of_words_the_page_writes_in_lower_case_is_no_byline() -> None:
    def names(line: str) -> tuple[str, ...]:
        lines = ["Budget approved after talks | Daily Courier", "Budget approved after talks", line, "2 March 2024",
                 P1, "Readers can call us or write to the tax office about their local budget questions."]
        return read_header(lines, 4).authors

    assert names("Tax Office") == ()
    assert names("Maria Jensen") == ("Maria Jensen",)


WORDS = ["budget", "talks", "Budget", "approved", "Talks", "news", "menu", "by", "Jane", "Doe", "2 March 2024", "|",
         "-", "*", "the", "school", "clinics", "approved.", "(photo)", "2024"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), min_size=2, max_size=25),
    st.sets(st.sampled_from(["budget", "talks", "approved", "news", "school", "the"])),
    st.sets(st.sampled_from(["budget", "talks", "clinics", "menu"])),
    st.sets(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join), max_size=3),
    st.integers(0, 30),
)
def test_headline_score_bounds_hold_for_every_candidate(
    lines: list[str], first_words: set[str], slug: set[str], printed: set[str], start_k: int
) -> None:
    """The best-first headline search skips a line when a bound says it cannot win: every bound must
    be at least the line's score, or the search would miss the headline a full scan finds."""
    page = _Page(lines, None)
    exact = {" ".join(sorted(first_words)), *(text.casefold() for text in printed)} if first_words else set()
    search = _TitleSearch(page, first_words, exact, slug, start_k)
    folded = [text.casefold() for text in page.bare]
    inside = _words_inside(folded, first_words | slug | search.exact_vocabulary)
    for k, text in enumerate(page.bare):
        base = search.base(k, text, _words(text))
        if base is None:
            continue
        score = search.score(k, text, base)
        words_top = search.words_bound(inside.get(k, set()))
        assert search.bound(k, base, set(_words(text))) >= score - 1e-9
        shape = search.shape(k, text, folded[k])
        assert _plain_bound(search, k, shape) + words_top >= score - 1e-9
        assert search.may_gain(k, score - 1e-9 - words_top - shape)
        for need in (0.5, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0):  # what the bonuses add, as _plain_bound does
            assert search.may_gain(k, need) == (_plain_bound(search, k, 0.0) >= need)
        assert _place(k, start_k) + _SHAPE_TOP + words_top >= score - 1e-9  # the sort key of read_header


def _plain_bound(search: _TitleSearch, k: int, shape: float) -> float:
    """The most a candidate whose `shape` score is known can score but for its words: every bonus
    the lines below it may give (the reference `_TitleSearch.may_gain` is checked against)."""
    top = shape + 1.0 if search._maybe_above_byline(k) else shape
    return top + 1.5 if search._maybe_above_dateline(k) else top


@given(st.lists(st.integers(0, 500)), st.integers(0, 500))
def test_the_places_of_many_candidates_are_each_ones_place(ks: list[int], start_k: int) -> None:
    assert _places(ks, start_k) == [_place(k, start_k) for k in ks]


def test_a_line_printing_another_part_of_the_page_title_is_found_by_the_pruned_search() -> None:
    title = title_of(
        "Issues - Daily Lodging Report", "Daily Lodging Report", "Skift", "Airline Weekly", "Advisory", "Search", "",
        "Service Properties Trust Sells Five Hotels", "Alan Woinski | 2 weeks ago", "",
        url="https://dlr.example.com/issues/",
    )
    assert title == "Daily Lodging Report"


def test_a_menu_item_repeated_far_away_is_not_a_repeated_headline() -> None:
    menu = [f"Garden guidance {i}" for i in range(12)]
    head = ("Courier", "Site Design Services", *menu, "Site Design Services", "Gardening in a Warming World")
    assert title_of(*head) == "Gardening in a Warming World"


def test_a_label_before_the_date_is_no_author() -> None:
    assert authors_of("Budget approved after talks", "Aktualisiert: 11.04.2020, 10:27") == ()
    assert authors_of("Budget approved after talks", "Christoph Eichhorn", "Aktualisiert: 11.04.2020, 10:27") == (
        "Christoph Eichhorn",
    )
    assert authors_of("Budget approved after talks", "Bild: Reuters", "2 March 2024") == ()


def test_a_line_of_names_past_a_separator_line() -> None:
    share = ("Share", "Tweet", "Email", "Print")
    assert authors_of("Budget approved after talks", *share, "December 14, 2025", "/", "Matt Check") == (
        "Matt Check",
    )
    assert authors_of("Budget approved after talks", *share, "Matthew Davis", "|", "11 Jan 2019") == (
        "Matthew Davis",
    )


def test_without_a_date_near_the_headline_the_one_by_the_body_start_is_the_dateline() -> None:
    menu = [f"Menu entry number {i}" for i in range(40)]
    lines = ["Budget approved after talks | Courier", "Budget approved after talks", *menu,
             "By Jane Doe on March 1, 2026 | Comments", P1, P2]
    assert str(read_header(lines, len(lines) - 2).published) == "2026-03-01"


def test_a_heading_printed_as_a_block_of_its_own_beats_lines_running_together() -> None:
    # the heading stands between blank lines; the caption under it runs into its credit
    lines = ["Menu", "", "Budget approved after talks", "", "Photo of the finance ministry building", "Reuters", "",
             P1, P2]
    assert read_header(lines, 7).title == "Budget approved after talks"


def test_a_forum_threads_starter_is_its_author() -> None:
    assert authors_of("Budget approved after talks", "Thread starter lulug30", "Jan 5, 2024") == ("lulug30",)
    assert authors_of("Budget approved after talks", "* Thread starter Spursidol") == ("Spursidol",)
    assert authors_of("Budget approved after talks", "JWoodguy13 Discussion starter") == ("JWoodguy13",)
    assert authors_of("Budget approved after talks", "Thread starter") == ()


def test_a_thread_starter_badge_below_the_user_name() -> None:
    assert authors_of("Budget approved after talks", "#1", "lowjhg", "Original Poster", "Join Date: Aug 2008") == (
        "lowjhg",
    )
    assert authors_of("Budget approved after talks", "Menu", "Original Poster") == ()


def test_a_by_line_ending_like_a_sentence_after_its_date() -> None:
    line = "Posted by BeauHD on Friday December 19, 2025 @08:00PM from the skewed-job-market dept."
    assert authors_of("Budget approved after talks", line) == ("BeauHD",)
    assert authors_of("Budget approved after talks", "The plan was drafted by Jane Doe.") == ()


def test_a_heading_block_is_above_the_dateline_past_an_affiliation_block() -> None:
    lines = ["Speak Freely", "", "Students Punished for Bad Grades, Until Now", "",
             "Sarah Hinger, Staff Attorney, Racial Justice Program",
             "& Sylvia Torres, Director of Education Equity", "July 25, 2019 | 11:15 PM", "", P1, P2]
    assert read_header(lines, 8).title == "Students Punished for Bad Grades, Until Now"


def test_a_line_inside_a_block_is_above_a_dateline_only_two_lines_down() -> None:
    lines = ["Courier", "", "Menu entry for the sports pages", "Menu entry for the arts pages",
             "Menu entry for the food pages", "Menu entry for the money pages", "July 25, 2019", "", P1, P2]
    search = _TitleSearch(_Page(lines, None), set(), set(), set(), 8)
    assert [search.above_dateline(k) for k in range(1, 5)] == [False, False, True, True]


def test_a_short_line_of_the_url_slugs_words_is_the_pages_name() -> None:
    head = ["Stardew Valley Wiki", "", "Penny", "", "Jump to: navigation, search", "Information"]
    assert title_of(*head, url="https://example.org/wiki/Penny") == "Penny"


def test_a_short_line_is_no_candidate_without_the_slugs_words() -> None:
    head = ["Stardew Valley Wiki", "", "Penny", "", "Jump to: navigation, search", "Information"]
    assert title_of(*head, url="https://example.org/wiki/Villagers") != "Penny"


def test_a_section_folder_of_the_url_printed_as_a_kicker_is_not_the_headline() -> None:
    head = ["Skip to the content", "", "Nacionales", "", "6 de mayo de 2022 05:30", "",
            "Blessing for all the vehicles this Saturday", ""]
    url = "https://example.com.py/nacionales/blessing-cars-saturday"
    assert title_of(*head, url=url) == "Blessing for all the vehicles this Saturday"
    # the same line is the page's name when the URL's last segment names it
    assert title_of(*head, url="https://example.com.py/nacionales/") == "Nacionales"


def test_a_percent_encoded_slug_is_read_as_words() -> None:
    head = ["* Sport", "", "Ανακοίνωση προϋπολογισμού", "", "Συνέντευξη: Μαρία", ""]
    url = "https://example.gr/article/42/%CE%B1%CE%BD%CE%B1%CE%BA%CE%BF%CE%AF%CE%BD%CF%89%CF%83%CE%B7-x"
    assert title_of(*head, url=url) == "Ανακοίνωση προϋπολογισμού"


def test_a_first_line_without_a_site_part_is_a_headline_candidate() -> None:
    head = ["Managing Python Environments", "", "By John Walk - January 10, 2020", "21 minutes - 4312 words", ""]
    header = read_header([*head, P1, P2], len(head))
    assert header.title == "Managing Python Environments"
    assert header.authors == ("John Walk",)



def test_a_dateline_opening_with_its_day_gives_the_names_less_a_category() -> None:
    menu = ("Politik", "Kultur", "Sport")
    head = (*menu, "Budget approved after talks", "", "30. Oktober 2023 Carola Pönisch Kultur", "")
    assert authors_of(*head) == ("Carola Pönisch",)
    # a numbered item is still read without its number
    assert authors_of("Budget approved after talks", "1. William Kirk - August 8, 2012") == ("William Kirk",)


def test_the_unit_after_a_datelines_time_is_no_author() -> None:
    assert authors_of("Budget approved after talks", "", "05.11.2014 um 14:25 Uhr", "") == ()


def test_a_threads_first_poster_before_the_date_is_its_author() -> None:
    head = ("Budget approved after talks", "", "tinterweb April 26, 2024, 6:28am 1", "", "Hello all, my deploy failed.",
            "", "nathanmartin April 26, 2024, 7:23am 2", "", "Have you checked the logs?", "")
    assert authors_of(*head) == ("tinterweb",)
    # one label before every date is no user name
    labels = ("Budget approved after talks", "Updated April 26, 2024, 6:28am", "Posted April 25, 2024, 6:28am")
    assert authors_of(*labels) == ()


def test_a_date_label_glued_to_the_byline_names_is_cut_off() -> None:
    assert authors_of("Budget approved after talks", "By Arricca Elin SanSonePublished: Dec 20, 2023") == (
        "Arricca Elin SanSone",
    )


def test_a_line_in_capitals_below_the_headline_is_a_label_not_names() -> None:
    assert authors_of("Budget approved after talks", "LO ÚLTIMO", "", "May 22, 2025") == ()
    assert authors_of("Budget approved after talks", "Ana Ruiz Soto", "", "May 22, 2025") == ("Ana Ruiz Soto",)


def test_a_copyright_notice_repeating_the_first_line_is_no_headline() -> None:
    head = ["Datenbank für Multiplayergames", "", "Bee Simulator", "", "Release: 14.11.2019", "",
            "© Datenbank für Multiplayergames", ""]
    assert title_of(*head, url="https://example.de/games/bee-simulator/") == "Bee Simulator"


def test_a_headline_below_a_menu_of_four_hundred_lines_is_found() -> None:
    menu = [f"* Menu entry {i}" for i in range(450)]
    head = [*menu, "", "Budget approved after long talks in parliament", "", "2 March 2024", ""]
    assert title_of(*head) == "Budget approved after long talks in parliament"


def test_affiliations_after_the_bylines_person_are_dropped() -> None:
    assert authors_of("Budget approved after talks", "Posted by Alex Durán, AMP Project Marketing, Google") == (
        "Alex Durán",
    )
    assert authors_of("Budget approved after talks", "By Markus Balser, Berlin") == ("Markus Balser",)
    assert authors_of("Budget approved after talks", "By Jane Doe, John Roe") == ("Jane Doe", "John Roe")


def test_a_guillemet_marker_is_removed_from_the_candidate() -> None:
    head = ["Open source forum software for old school forums | Arch Forums", "", "Index",
            "» Open source forum software for old school forums", "", "Pages: 1 2 Next", ""]
    assert title_of(*head) == "Open source forum software for old school forums"


def test_names_with_their_roles_after_a_comma_below_the_headline() -> None:
    head = ("Budget approved after talks", "", "Jane Doe, Staff Attorney, Racial Justice Program",
            "& Ana Ruiz-Soto, Director of Education Equity, Civil Liberties Foundation", "July 25, 2019 | 11:15 PM")
    assert authors_of(*head) == ("Jane Doe", "Ana Ruiz-Soto")
    assert authors_of("Budget approved after talks", "Jane Doe, Senior Editor", "and Ana Ruiz", "July 25, 2019") == (
        "Jane Doe", "Ana Ruiz",
    )


def test_a_name_and_a_place_or_a_word_after_a_comma_is_no_role_line() -> None:
    assert authors_of("Budget approved after talks", "Jane Doe, based in Berlin", "July 25, 2019") == ()
    assert authors_of("Budget approved after talks", "Market Report, Senior Edition", "July 25, 2019") == ()


def test_a_role_after_the_bylines_person_is_no_author() -> None:
    assert authors_of("Budget approved after talks", "Posted by Brian Rose, Community Manager") == ("Brian Rose",)
    assert authors_of("Budget approved after talks", "Posted by Peter Birch, Google Earth Product Manager") == (
        "Peter Birch",
    )


def test_a_date_in_brackets_opening_the_first_paragraph_is_its_dateline() -> None:
    later = "2. What has changed since 1 October 2022 for gas customers?"
    lines = ["Budget approved after talks | Daily Courier", "Budget approved after talks",
             f"(21. November 2022) {P1}", later, P2]
    header = read_header(lines, 2)
    assert str(header.published) == "2022-11-21"
    assert 2 not in header.lines  # the paragraph stays in the body
    lines[2] = f"(Budget office, Berlin) {P1}"
    assert str(read_header(lines, 2).published) == "2022-10-01"


def test_a_threads_last_post_date_is_not_its_dateline() -> None:
    lines = ["Beginner woodworking projects | Woodworking Talk", "Beginner woodworking projects",
             "2.1K views 13 replies 8 participants last post by jdoe42 Aug 7, 2023", "jdoe42 Discussion starter",
             "#1 · Aug 5, 2023 (Edited)", P1, P2]
    assert str(read_header(lines, 5).published) == "2023-08-05"
    lines[4] = "#1"
    assert str(read_header(lines, 5).published) == "2023-08-07"  # no other date: the only one near


def test_a_user_name_after_a_dated_posts_by_word() -> None:
    assert authors_of("Budget approved after talks", "Posted on July 9, 2016 by jdoe42") == ("jdoe42",)
    assert authors_of("Budget approved after talks", "11.09.2011, 16:20 von jdoe") == ("jdoe",)
    assert authors_of("Budget approved after talks", "Posted on July 9, 2016 by the team") == ()
    assert authors_of("Budget approved after talks", "Jul 2012 by mr. maniac - 430 comments") == ()


def test_an_authors_label_far_below_the_headline_names_the_author_when_none_is_near() -> None:
    card = ["Chocolate frosting", "Prep Time: 15 minutes", "Author: Jane Doe", "Servings: 12"]
    lines = ["Budget approved after talks | Daily Courier", "Budget approved after talks", P1, P2, *[P1] * 40, *card]
    assert read_header(lines, 2).authors == ("Jane Doe",)
    lines[1:1] = ["By John Roe"]
    assert read_header(lines, 3).authors == ("John Roe",)  # the byline near the headline comes first
    lines[-2] = "Authors: none listed"
    assert read_header(lines[:1] + lines[2:], 2).authors == ()


def test_on_a_page_without_a_date_a_single_title_case_line_below_the_headline_is_no_byline() -> None:
    assert authors_of("Budget approved after talks", "Tank Tops") == ()
    assert authors_of("Budget approved after talks", "Tank Tops", "May 22, 2025") == ("Tank Tops",)
    assert authors_of("Budget approved after talks", "Isabel Caro, Rocío Latorre y José Miguel Wilson") == (
        "Isabel Caro", "Rocío Latorre", "José Miguel Wilson",
    )


def test_one_word_after_a_date_a_place_before_it_or_its_weekday_is_no_name() -> None:
    assert authors_of("Budget approved after talks", "11.11.2021 Artikel") == ()
    assert authors_of("Budget approved after talks", "Kolkata, January 13, 2008") == ()
    assert authors_of("Budget approved after talks", "Mon 18th Dec 2006 06:00:00") == ()
    assert authors_of("Budget approved after talks", "Tobsen · April 19, 2019") == ("Tobsen",)


def test_a_by_lines_names_end_before_in_and_a_place_or_category() -> None:
    assert authors_of("Budget approved after talks", "By Belinda Tasker in London") == ("Belinda Tasker",)
    assert authors_of("Budget approved after talks", "by Phil Plait in Cool stuff, NASA, Space | 16 comments") == (
        "Phil Plait",
    )


def test_a_by_word_after_a_number_that_is_no_date_is_a_phrase() -> None:
    assert authors_of("Budget approved after talks", "550W Refine by Watts: 550W") == ()
    assert authors_of("Budget approved after talks", "2 Kommentare zu „Die Überforderung durch Überangebote“") == ()
    assert authors_of("Budget approved after talks", "29.11.2022 von Jane Doe") == ("Jane Doe",)
