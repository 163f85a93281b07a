"""Where extraction runs during ingest: the seam between the single writer and the workers.

Ingest hands extraction jobs to a `concurrent.futures.Executor` and writes the results in the main
process (SQLite has one writer). Backends:

    inline    in this process, one page after another (the default; no start-up cost)
    process   a `ProcessPoolExecutor` with `workers` processes (CPU-bound extraction scales)
    ray       a Ray cluster (`pip install 'dateline[ray]'`), imported only when asked for

Any other `Executor` can be passed to `Archive.ingest(executor=...)`. With the standard library's
process and thread pools, the writer also runs jobs no worker has started, while it waits for the
workers (`Future.cancel()` withdraws such a job from those pools; see `ingest._Run._steal`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Literal, ParamSpec, TypeVar

from ..errors import ConfigError

__all__ = ["Backend", "InlineExecutor", "RayExecutor", "make_executor", "pool_size"]

Backend = Literal["inline", "process", "ray"]
P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each job at once in the calling thread and returns a finished future."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


class RayExecutor(Executor):
    """Runs jobs as Ray tasks (`ray.init()` is called when Ray is not running yet)."""

    def __init__(self, *, address: str | None = None) -> None:
        try:
            import ray
        except ModuleNotFoundError as exc:
            raise ConfigError(
                "the ray backend needs Ray: pip install 'dateline[ray]' (or choose backend='process')"
            ) from exc
        self._ray: Any = ray
        if not ray.is_initialized():
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        self._remote: dict[Callable[..., Any], Any] = {}

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        remote = self._remote.get(fn)
        if remote is None:
            remote = self._remote[fn] = self._ray.remote(fn)
        future: Future[T] = remote.remote(*args, **kwargs).future()
        return future


def pool_size(workers: int | None) -> int:
    """The number of worker processes for `workers` (None: the number of CPUs)."""
    return workers or os.cpu_count() or 1


def make_executor(backend: Backend, *, workers: int | None = None) -> Executor:
    """An executor for a backend name; `workers` defaults to the number of CPUs."""
    if backend == "inline":
        return InlineExecutor()
    if backend == "process":
        return ProcessPoolExecutor(max_workers=pool_size(workers))
    if backend == "ray":
        return RayExecutor()
    raise ConfigError(f"unknown ingest backend {backend!r}; choose inline, process or ray")
