"""Quality gate for the metadata stage: pinned floors on a fixed sample of the development sets.

The sample is the first `SAMPLE` HTML pages of each dataset with metadata gold, scored with the
shared scorer (../shared/bench/score.py). A change that lowers a figure below its floor in
tests/metadata_floors.json fails; lower a floor only on purpose, in the same commit, with the
reason. The full comparison with trafilatura and newspaper4k is `python -m bench.metadata`.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from dateline.errors import DatelineError
from dateline.extract import to_text
from dateline.metadata import extract_metadata
from dateline.models import format_when
from dateline.options import ExtractOptions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
FLOORS = json.loads((Path(__file__).parent / "metadata_floors.json").read_text())
SAMPLE = FLOORS["sample"]


def _scorer(shared: Path) -> ModuleType:
    path = shared / "bench" / "score.py"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    spec = importlib.util.spec_from_file_location("dateline_gate_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(dataset: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    manifest = DATA / dataset / "manifest.jsonl"
    if not manifest.exists():
        pytest.skip(f"{manifest} is missing (make data)")
    gold: list[dict[str, Any]] = []
    preds: dict[str, dict[str, Any]] = {}
    options = ExtractOptions()
    with manifest.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not rec.get("html"):
                continue
            gold.append(rec)
            try:
                text, _ = to_text((DATA / dataset / rec["html"]).read_bytes())
            except DatelineError:
                continue
            meta = extract_metadata(LexborHTMLParser(text), url=rec.get("url"), options=options)
            preds[rec["id"]] = {"title": meta.title, "authors": list(meta.authors),
                                "published": format_when(meta.published)}
            if len(gold) >= SAMPLE:
                break
    return gold, preds


@pytest.mark.slow
@pytest.mark.parametrize("dataset", sorted(FLOORS["floors"]))
def test_metadata_floors(dataset: str, shared: Path) -> None:
    score = _scorer(shared).score(*_predict(dataset))
    figures = {
        "title": score.get("title", {}).get("exact"),
        "authors": score.get("authors", {}).get("f1"),
        "published": score.get("published", {}).get("day"),
        "instant": score.get("published", {}).get("instant"),
    }
    below = {k: (round(figures[k] or 0.0, 3), floor) for k, floor in FLOORS["floors"][dataset].items()
             if (figures[k] or 0.0) < floor}
    assert not below, f"{dataset}: below the pinned floors (value, floor): {below}"
