"""An ASGI factory for process managers: `uvicorn --factory dateline.web.asgi:from_env`.

Reads `DATELINE_DB` (default ./dateline.db) and `DATELINE_TOKEN` (optional) when called, so each
worker process opens its own read-only connections.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from ..archive.store import default_path
from .app import create_app

__all__ = ["from_env"]


def from_env() -> Starlette:
    return create_app(os.environ.get("DATELINE_DB") or default_path(), token=os.environ.get("DATELINE_TOKEN"))
