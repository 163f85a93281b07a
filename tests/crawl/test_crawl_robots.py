from __future__ import annotations

from dateline.crawl.robots import RobotsRules, robots_for_status, robots_url

TEXT = """User-agent: *
Disallow: /private/
Crawl-delay: 2.5

User-agent: dateline-crawler
Disallow: /no-bots/
Request-rate: 1/4

Sitemap: https://example.com/sitemap.xml
Sitemap: https://example.com/news.xml.gz
"""


def test_rules_for_a_matching_agent() -> None:
    rules = RobotsRules.parse(TEXT, user_agent="dateline-crawler")
    assert not rules.allowed("https://example.com/no-bots/a")
    assert rules.allowed("https://example.com/private/a")  # its own group replaces '*'
    assert rules.crawl_delay == 4.0
    assert rules.sitemaps == ("https://example.com/sitemap.xml", "https://example.com/news.xml.gz")


def test_rules_for_another_agent() -> None:
    rules = RobotsRules.parse(TEXT, user_agent="otherbot")
    assert not rules.allowed("https://example.com/private/a") and rules.allowed("https://example.com/no-bots/a")
    assert rules.crawl_delay == 2.5


def test_status_meanings() -> None:
    assert robots_for_status(404, "", user_agent="x").allowed("https://e.com/a")
    assert not robots_for_status(503, "", user_agent="x").allowed("https://e.com/a")
    assert not robots_for_status(None, "", user_agent="x").allowed("https://e.com/a")
    assert not robots_for_status(200, "User-agent: *\nDisallow: /", user_agent="x").allowed("https://e.com/a")
    assert robots_url("https://e.com:8443/a/b?c") == "https://e.com:8443/robots.txt"
