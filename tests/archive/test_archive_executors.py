from __future__ import annotations

import importlib.util

import pytest

from dateline import ConfigError
from dateline.archive import InlineExecutor, make_executor


def test_inline_executor_runs_now_and_keeps_exceptions() -> None:
    ex = InlineExecutor()
    assert ex.submit(pow, 2, 10).result() == 1024
    with pytest.raises(ZeroDivisionError):
        ex.submit(divmod, 1, 0).result()


@pytest.mark.skipif(importlib.util.find_spec("ray") is not None, reason="ray is installed")
def test_ray_backend_without_ray_says_how_to_install() -> None:
    with pytest.raises(ConfigError, match=r"pip install 'dateline\[ray\]'"):
        make_executor("ray")


def test_unknown_backend() -> None:
    with pytest.raises(ConfigError, match="inline, process or ray"):
        make_executor("threads")  # type: ignore[arg-type]
