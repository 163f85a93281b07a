"""Quality gate of scraped-text mode: scores on a fixed sample of the development sets may not fall
below the floors pinned in textmode_floors.json (lower a floor only on purpose, saying why)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dateline import DatelineError, extract

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((Path(__file__).parent / "textmode_floors.json").read_text(encoding="utf-8"))
#: Every STEP-th record: a fixed, fast sample.
STEP = 3


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", shared / "bench" / "score.py")
    if spec is None or spec.loader is None:
        pytest.skip("../shared/bench/score.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(shared: Path, dataset: str) -> dict[str, Any]:
    path = ROOT / ".data" / dataset / "manifest.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is missing (unpack ../shared/datasets into .data)")
    score = _scorer(shared)
    gold = score.load_gold(str(path))[::STEP]
    preds = {}
    for rec in gold:
        text = (path.parent / rec["text"]).read_text(encoding="utf-8")
        try:
            preds[rec["id"]] = extract(text, url=rec.get("url"), content_type="text/plain").to_dict()
        except DatelineError:
            preds[rec["id"]] = {}
    result: dict[str, Any] = score.score(gold, preds)
    return result


def test_text_dev_floors(shared: Path) -> None:
    got = _scores(shared, "text-dev")
    floors = FLOORS["text-dev"]
    assert got["body"]["f1"] >= floors["body_f1"]
    assert got["title"]["exact"] >= floors["title"]
    assert got["authors"]["f1"] >= floors["authors_f1"]
    assert got["published"]["day"] >= floors["date_day"]


def test_turkunlp_line_floor(shared: Path) -> None:
    got = _scores(shared, "turkunlp-lines")
    assert got["lines"]["f1"] >= FLOORS["turkunlp-lines"]["line_f1"]
