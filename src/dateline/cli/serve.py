"""`dateline serve`: the reader (web site, JSON API, feeds) over an archive, with uvicorn."""

from __future__ import annotations

import os

import click

from ..archive.store import default_path
from ..errors import DatelineError
from ..web import create_app
from .ingest import db_option

__all__ = ["serve_command"]

_LOCAL = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token", default=None, envvar="DATELINE_TOKEN", show_envvar=True,
              help="Enable POST /api/ingest for requests sending `Authorization: Bearer TOKEN`.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (uvicorn); each opens the archive read-only.")
def serve_command(db: str | None, host: str, port: int, token: str | None, workers: int) -> None:
    """Serve the archive as a news site with a JSON API (/api/) and feeds (/feeds/).

    Read-only unless a token is given. Example: dateline serve --db news.db --port 8000
    """
    import uvicorn  # imported here: the rest of the CLI does not need it

    path = db or str(default_path())
    try:
        app = create_app(path, token=token)
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    if token and host not in _LOCAL:
        click.echo("warning: the ingest token travels in clear text; put a TLS proxy in front", err=True)
    click.echo(f"dateline reader on http://{host}:{port}/ ({path}, {'writable' if token else 'read-only'})",
               err=True)
    # no access log (the log level hides it anyway; this skips the per-request logging call)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
        return
    app.state.reader.close()
    os.environ["DATELINE_DB"] = path  # read by each worker's factory
    if token:
        os.environ["DATELINE_TOKEN"] = token
    uvicorn.run("dateline.web.asgi:from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, server_header=False)
