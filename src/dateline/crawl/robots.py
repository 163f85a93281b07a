"""robots.txt rules for one host (parsed by protego): what may be fetched, Crawl-delay, Sitemap lines.

What a fetch of robots.txt means follows RFC 9309: a 2xx body is parsed; a 4xx (404 included)
means no rules, so everything is allowed; a 5xx or a network failure means the host is treated as
fully disallowed for this run (the site may be down or overloaded; try again later).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

__all__ = ["RobotsRules", "robots_for_status", "robots_url"]

_MAX_ROBOTS_CHARS = 500_000  # RFC 9309 asks parsers to read at least 500 KiB


def robots_url(url: str) -> str:
    """The robots.txt URL for the host of `url`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one host for one user agent. `RobotsRules.parse(text, user_agent=...)` builds them."""

    user_agent: str
    text: str = ""
    disallow_all: bool = False
    _parser: Protego | None = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str, *, user_agent: str) -> RobotsRules:
        body = text[:_MAX_ROBOTS_CHARS]
        return cls(user_agent, body, False, Protego.parse(body) if body.strip() else None)

    @classmethod
    def allow_all(cls, *, user_agent: str) -> RobotsRules:
        return cls(user_agent)

    @classmethod
    def deny_all(cls, *, user_agent: str) -> RobotsRules:
        return cls(user_agent, "", True)

    def allowed(self, url: str) -> bool:
        """True when the rules let `user_agent` fetch `url`."""
        if self.disallow_all:
            return False
        if self._parser is None:
            return True
        return bool(self._parser.can_fetch(url, self.user_agent))

    @property
    def crawl_delay(self) -> float | None:
        """Seconds between requests the host asks for (Crawl-delay, or Request-rate), if any."""
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(self.user_agent)
        if delay is not None:
            return float(delay)
        rate = self._parser.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            return float(rate.seconds) / float(rate.requests)
        return None

    @property
    def sitemaps(self) -> tuple[str, ...]:
        """The `Sitemap:` URLs, in file order."""
        if self._parser is None:
            return ()
        return tuple(str(s) for s in self._parser.sitemaps)


def robots_for_status(status: int | None, text: str, *, user_agent: str) -> RobotsRules:
    """The rules a robots.txt fetch gives: parsed on 2xx, allow-all on 4xx, deny-all on 5xx/None."""
    if status is not None and 200 <= status < 300:
        return RobotsRules.parse(text, user_agent=user_agent)
    if status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules.allow_all(user_agent=user_agent)
    return RobotsRules.deny_all(user_agent=user_agent)
