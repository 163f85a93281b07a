"""The exception tree of dateline. Every error the library raises on purpose is one of these.

    DatelineError
     ├── InputError              the content cannot be read as a page
     │    ├── EmptyInput         nothing, or only white space / NUL bytes
     │    ├── BinaryInput        an image, archive, PDF or other non-text bytes
     │    └── InputTooLarge      over ExtractOptions.max_bytes
     ├── NotAnArticle            a readable page that holds no article (`.reason` says why)
     ├── FetchError              a URL could not be fetched (`.url`, `.status`)
     ├── ArchiveError            the store cannot do what was asked (`.path`)
     │    └── QueryError         a malformed search query or filter
     └── ConfigError             a setting has a value that cannot be used
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "BinaryInput",
    "ConfigError",
    "DatelineError",
    "EmptyInput",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "NotAnArticle",
    "QueryError",
    "require_body",
]


class DatelineError(Exception):
    """Root of every error dateline raises on purpose."""


class InputError(DatelineError):
    """The content given cannot be read as a web page or as text."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class EmptyInput(InputError):
    """The content is empty (or only white space and NUL bytes)."""


class BinaryInput(InputError):
    """The content is binary data (an image, a PDF, an archive...), not HTML or text."""


class InputTooLarge(InputError):
    """The content is larger than `ExtractOptions.max_bytes`."""


class NotAnArticle(DatelineError):
    """The page was read but holds no article; `reason` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str = "", *, source: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.source = source
        text = f"not an article ({reason})" + (f": {detail}" if detail else "")
        super().__init__(f"{source}: {text}" if source else text)


def require_body(body: str, *, min_chars: int, source: str | None = None) -> None:
    """Raise `NotAnArticle` ("no-body" or "too-short") when the main text is under `min_chars`."""
    if len(body) < min_chars:
        raise NotAnArticle(
            "no-body" if not body else "too-short",
            f"main text has {len(body)} characters (min_body_chars={min_chars})",
            source=source,
        )


class FetchError(DatelineError):
    """A URL could not be fetched."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"{url}: {message}")


class ArchiveError(DatelineError):
    """The archive (the store) cannot do what was asked."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class QueryError(ArchiveError):
    """A search query or filter is malformed."""


class ConfigError(DatelineError):
    """A setting has a value that cannot be used."""
