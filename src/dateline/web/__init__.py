"""The reader: a news web site, a JSON API and feeds over an archive (`dateline serve`)."""

from __future__ import annotations

from .app import create_app
from .sanitize import sanitize_html
from .state import ServeOptions

__all__ = ["ServeOptions", "create_app", "sanitize_html"]
