"""Quality gate: body F1 on a fixed sample of each development set must stay above pinned floors.

The floors live in tests/body_floors.json. Lowering one is a deliberate edit, with its reason in
the commit message. The full figures (every page, side by side with trafilatura) come from
`python -m bench.body`.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import dateline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
SCORER = ROOT.parent / "shared" / "bench" / "score.py"
FLOORS: dict[str, dict[str, Any]] = json.loads((Path(__file__).parent / "body_floors.json").read_text())


def _scorer() -> Any:
    if not SCORER.exists():
        pytest.skip("../shared/bench/score.py is not beside the checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_body_f1_floor(dataset: str) -> None:
    manifest = DATA / dataset / "manifest.jsonl"
    if not manifest.exists():
        pytest.skip(f"{manifest} missing: run `make data`")
    score = _scorer()
    sample = FLOORS[dataset]["sample"]
    gold = [g for g in score.load_gold(str(manifest)) if g.get("html")][:sample]
    preds = {}
    for rec in gold:
        content = (DATA / dataset / rec["html"]).read_bytes()
        try:
            preds[rec["id"]] = {"body": dateline.extract(content, url=rec.get("url")).body}
        except dateline.DatelineError:
            preds[rec["id"]] = {"body": ""}
    result = score.score(gold, preds)
    metric = FLOORS[dataset]["metric"]
    assert result[metric]["f1"] >= FLOORS[dataset]["f1"], (dataset, result[metric])
