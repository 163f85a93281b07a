"""Per-host politeness: a request rate, a cap on requests in flight, and pauses after 429/503.

`HostLimiter.slot(host)` is an async context manager that a fetch runs inside. It waits for one of
the host's `concurrency` slots, then for the host's next start time: starts are spaced by
`max(1 / rate, Crawl-delay)` seconds. `pause(host, seconds)` pushes the next start back (a 429 or
503 with `Retry-After`); a caller that will not wait that long passes `max_wait` and is told no. `rate=None` turns spacing off (for local tests and benchmarks).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["HostLimiter", "backoff_delay", "parse_retry_after"]


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date); None if absent or bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(retries: int, *, base: float, cap: float, retry_after: float | None = None) -> float:
    """Exponential backoff: `base * 2**retries` capped at `cap`, or the server's Retry-After if longer
    (never cut short: a server that asks for an hour gets an hour)."""
    delay = min(cap, base * float(2 ** max(0, retries)))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


class _Host:
    __slots__ = ("next_start", "semaphore")

    def __init__(self, concurrency: int) -> None:
        self.semaphore = asyncio.Semaphore(concurrency)
        self.next_start = 0.0


class HostLimiter:
    """Request spacing and concurrency per host; one instance per crawl (no global state)."""

    def __init__(
        self,
        *,
        rate: float | None = 1.0,
        concurrency: int = 2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError(f"rate must be positive requests per second or None, not {rate}")
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.rate = rate
        self.concurrency = concurrency
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._delays: dict[str, float] = {}
        self._in_flight: dict[str, int] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(self.concurrency)
        return state

    def interval(self, host: str) -> float:
        """Seconds between request starts for `host`."""
        base = 1.0 / self.rate if self.rate else 0.0
        return max(base, self._delays.get(host, 0.0))

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Honour a robots.txt Crawl-delay (ignored when politeness is off, i.e. rate=None)."""
        if seconds is None or self.rate is None:
            self._delays.pop(host, None)
        else:
            self._delays[host] = max(0.0, seconds)

    def pause(self, host: str, seconds: float) -> None:
        """Start nothing on `host` for `seconds` (after a 429/503)."""
        state = self._host(host)
        state.next_start = max(state.next_start, self._clock() + seconds)

    def busy(self, host: str) -> bool:
        """True when every slot of `host` is taken."""
        return self._in_flight.get(host, 0) >= self.concurrency

    def ready_at(self, host: str) -> float:
        """The clock time of the host's next allowed start."""
        return self._host(host).next_start

    @asynccontextmanager
    async def slot(self, host: str, *, max_wait: float | None = None) -> AsyncIterator[bool]:
        """Hold one of the host's slots, starting no earlier than its next allowed time.

        Yields True when the request may start; False, at once, when that would take longer than
        `max_wait` seconds (the host is paused for long: leave the request for later)."""
        state = self._host(host)
        self._in_flight[host] = self._in_flight.get(host, 0) + 1
        try:
            async with state.semaphore:
                while True:
                    wait = state.next_start - self._clock()
                    if wait <= 0:
                        break
                    if max_wait is not None and wait > max_wait:
                        yield False
                        return
                    await self._sleep(wait)
                state.next_start = self._clock() + self.interval(host)
                yield True
        finally:
            self._in_flight[host] -= 1
