"""The line model's training script: the shipped weights are what it trains (issue 4: "its training
script is in the repo and reproducible")."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dateline.textlines import line_features
from dateline.textmode import split_lines

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "train_textmodel.py"
MODEL = ROOT / "src" / "dateline" / "data" / "textmodel.json"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_textmodel", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[dict[str, object]]:
    text = "Courier\n\nBudget approved after long talks\n\nBy Jane Doe\n\n" + (
        "The regional government approved a new budget on Thursday after weeks of negotiation.\n" * 3
    ) + "\nShare\nFollow us on Twitter"
    _, feats = line_features(split_lines(text))
    return [{"X": feats}]


def test_check_accepts_the_shipped_model_and_rejects_a_changed_one() -> None:
    script = _script()
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    assert script.check(_pages(), copy.deepcopy(shipped), shipped) == []
    changed = copy.deepcopy(shipped)
    changed["later"][-1][0] += 1.0  # the last stage's bias: every score moves
    assert script.check(_pages(), changed, shipped)
    changed = copy.deepcopy(shipped)
    changed["threshold"] = 0.5
    assert script.check(_pages(), changed, shipped) == ["threshold differs"]


@pytest.mark.slow
def test_the_script_trains_the_shipped_model() -> None:
    # the whole recipe (~80 s on one core): retrain on the development sets and compare
    pytest.importorskip("scipy")
    if not (ROOT / ".data" / "text-dev" / "manifest.jsonl").exists():
        pytest.skip(".data/text-dev is missing (unpack ../shared/datasets into .data)")
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "reproduced" in done.stdout
