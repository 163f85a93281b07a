"""Train the scraped-text line classifier and write src/dateline/data/textmodel.json.

    .venv/bin/python scripts/train_textmodel.py [--folds 5] [--crossfit K] [--no-write]
    .venv/bin/python scripts/train_textmodel.py --folds 0 --threshold 0.45 --without-held-out --out M.json
    .venv/bin/python scripts/train_textmodel.py --check      # retrain as shipped, compare with the file

The shipped `src/dateline/data/textmodel.json` is this script's output with `--folds 0 --threshold 0.45`
(all pages, no cross-validation; about 80 s on one core). `--check` runs that recipe and compares the
result with the shipped file (see `check`).

Data: `.data/text-dev` (pages rendered to text, gold bodies) and `.data/turkunlp-lines` (per-line
labels). A text-dev line is labelled content when at least half of its word trigrams occur in the
gold body (a line of one or two words: when it equals a gold line). Pages are held out by their
source page (both renderings of a page fall in the same fold), so the cross-validated figures
printed here are for unseen pages. `--crossfit K` trains the later stages on stage-1 scores of
pages stage 1 did not see (stage 1 refitted K times, each without a K-th of the training pages);
measured and not shipped (docs/textmode.md). `--without-held-out` leaves out the pages whose
sha1(source page) % 5 == 0, to measure them through `extract` with the model written to `--out`.
Deterministic: same data, same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dateline.textlines import FEATURES_1, FEATURES_2, LineModel, line_features, stage2_features  # noqa: E402

DATA = ROOT / ".data"
MODEL = ROOT / "src" / "dateline" / "data" / "textmodel.json"
_TOKEN = re.compile(r"\w+")
#: L2 penalties of stage 1 (on the page-weighted mean log loss) and of the later stages (on the summed
#: weighted log loss; each page weighs 100). Stronger ones (10-20 and 100) raise the held-out split but
#: moved the header and broke the short-page test: measured, not shipped (docs/textmode.md, "Body,
#: seventh round"); these defaults reproduce the shipped model.
L2_STAGE1 = 1.0
L2_LATER = 1.0
#: Stage 1 as the model file's fields: stage1, hidden, hidden_out.
Stage1 = dict[str, Any]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def label_lines(lines: list[str], body: str) -> list[int]:
    gt = _tokens(body)
    g3 = {tuple(gt[i : i + 3]) for i in range(len(gt) - 2)}
    glines = {" ".join(_tokens(x)) for x in body.split("\n")}
    out = []
    for ln in lines:
        t = _tokens(ln)
        if not t:
            out.append(0)
        elif len(t) < 3:
            out.append(int(" ".join(t) in glines))
        else:
            tri = [tuple(t[i : i + 3]) for i in range(len(t) - 2)]
            out.append(int(sum(x in g3 for x in tri) * 2 >= len(tri)))
    return out


def load_pages() -> list[dict[str, Any]]:
    pages = []
    for name in ("text-dev", "turkunlp-lines"):
        path = DATA / name / "manifest.jsonl"
        if not path.exists():
            raise SystemExit(f"{path} is missing: unpack ../shared/datasets into .data first")
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            if not rec.get("body") and not rec.get("lines"):
                continue
            text = (DATA / name / rec["text"]).read_text(encoding="utf-8", errors="replace")
            lines = text.split("\n")
            labels = rec["lines"] if rec.get("lines") else label_lines(lines, rec["body"])
            group = (rec.get("extra") or {}).get("source_id") or rec["id"]
            index, feats = line_features(lines)
            pages.append({
                "id": rec["id"], "dataset": name, "group": group, "lines": lines, "body": rec.get("body"),
                "index": index, "X": feats,
                "y": np.array([labels[i] if i < len(labels) else 0 for i in index], dtype=float),
            })
    return pages


def fit(x: np.ndarray, y: np.ndarray, s: np.ndarray, *, l2: float = 1.0, iters: int = 25) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method (the bias, column 0, is not penalised)."""
    mu, sd = x.mean(0), x.std(0)
    mu[0], sd[0] = 0.0, 1.0
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        g = z.T @ (s * (p - y)) + reg * w
        h = (z * (s * p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-6)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    raw = w / sd
    raw[0] = w[0] - float((w[1:] * mu[1:] / sd[1:]).sum())
    out: np.ndarray = raw
    return out


def fit_hidden(x: np.ndarray, y: np.ndarray, s: np.ndarray, *, hidden: int = 12, l2: float = 1.0,
               iters: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage 1 as a linear part plus a small tanh layer (a "wide and deep" logistic model), weighted
    L2 log loss minimised with L-BFGS from a fixed seed: (linear weights, hidden weights (features x
    hidden), output weights of the hidden units), all on the raw features. `seed` draws the hidden
    weights' start: 0 is the recipe; others measure how much the header depends on the draw."""
    from scipy.optimize import minimize  # training only

    mu, sd = x.mean(0), x.std(0)
    mu[0], sd[0] = 0.0, 1.0
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    nf = x.shape[1]
    rng = np.random.default_rng(seed)
    w0 = np.concatenate([np.zeros(nf), rng.normal(0, 0.3 / np.sqrt(nf), nf * hidden), np.zeros(hidden)])
    total = s.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        lin, hid, out = w[:nf], w[nf : nf + nf * hidden].reshape(nf, hidden), w[nf + nf * hidden :]
        h = np.tanh(z @ hid)
        v = np.clip(z @ lin + h @ out, -30, 30)
        p = 1 / (1 + np.exp(-v))
        ll = -(s * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum() / total
        reg = 0.5 * l2 / total * ((lin[1:] ** 2).sum() + (hid ** 2).sum() + (out ** 2).sum())
        g = s * (p - y) / total
        g_lin = z.T @ g
        g_out = h.T @ g
        g_hid = z.T @ ((g[:, None] * out[None, :]) * (1 - h * h))
        g_lin[1:] += l2 / total * lin[1:]
        g_hid += l2 / total * hid
        g_out += l2 / total * out
        return float(ll + reg), np.concatenate([g_lin, g_hid.ravel(), g_out])

    res = minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": iters})
    w = res.x
    lin, hid, out = w[:nf], w[nf : nf + nf * hidden].reshape(nf, hidden), w[nf + nf * hidden :]
    raw_lin = lin / sd
    raw_lin[0] = lin[0] - float((lin[1:] * mu[1:] / sd[1:]).sum())
    raw_hid = hid / sd[:, None]
    raw_hid[0] = hid[0] - (hid[1:] * (mu[1:] / sd[1:])[:, None]).sum(0)
    return raw_lin, raw_hid, out


def stage1_scores(x: np.ndarray, s1: Stage1) -> np.ndarray:
    """Stage 1's scores as the shipped model computes them."""
    return LineModel.from_json({**s1, "later": []}).scores(x)


def _sig(v: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1 / (1 + np.exp(-np.clip(v, -30, 30)))
    return out


def _weights(pages: list[dict[str, Any]]) -> np.ndarray:
    """Each page weighs the same; within it a line weighs by the square root of its length."""
    parts = []
    for pg in pages:
        w = np.sqrt(np.exp(pg["X"][:, 1]))
        w = w / w.sum() * 100 if w.sum() else w
        if pg["dataset"] == "turkunlp-lines":
            w = w * 0.5
        parts.append(w)
    return np.concatenate(parts)


def fit_stage1(pages: list[dict[str, Any]], *, l2: float = L2_STAGE1, seed: int = 0) -> Stage1:
    x, y, s = np.vstack([p["X"] for p in pages]), np.concatenate([p["y"] for p in pages]), _weights(pages)
    lin, hid, out = fit_hidden(x, y, s, l2=l2, seed=seed)
    return {"stage1": [round(float(v), 6) for v in lin], "hidden": [[round(float(v), 6) for v in row] for row in hid],
            "hidden_out": [round(float(v), 6) for v in out]}



def crossfit_scores(pages: list[dict[str, Any]], k: int, *, l2: float = L2_STAGE1) -> list[np.ndarray]:
    """Stage-1 scores of each page from a stage 1 fitted without its part (k parts by source page)."""
    out: dict[str, np.ndarray] = {}
    for part in range(k):
        w1 = fit_stage1([p for p in pages if _fold(p["group"] + "#", k) != part], l2=l2)
        for p in pages:
            if _fold(p["group"] + "#", k) == part:
                out[p["id"]] = stage1_scores(p["X"], w1)
    return [out[p["id"]] for p in pages]


def train(pages: list[dict[str, Any]], *, later: int = 2, crossfit: int = 1, l2_stage1: float = L2_STAGE1,
          l2_later: float = L2_LATER, seed: int = 0) -> tuple[Stage1, list[np.ndarray]]:
    y = np.concatenate([p["y"] for p in pages])
    s = _weights(pages)
    w1 = fit_stage1(pages, l2=l2_stage1, seed=seed)
    probs = crossfit_scores(pages, crossfit, l2=l2_stage1) if crossfit > 1 else [stage1_scores(p["X"], w1) for p in pages]
    ws = []
    for _ in range(later):
        feats = [stage2_features(p["X"], q) for p, q in zip(pages, probs, strict=True)]
        w = fit(np.vstack(feats), y, s, l2=l2_later)
        ws.append(w)
        probs = [_sig(f @ w) for f in feats]
    return w1, ws


def predict(page: dict[str, Any], w1: Stage1, later: list[np.ndarray]) -> np.ndarray:
    if not len(page["X"]):
        return np.zeros(0)
    p = stage1_scores(page["X"], w1)
    for w in later:
        p = _sig(stage2_features(page["X"], p) @ w)
    return p


def _fold(group: str, folds: int) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds


def evaluate(pages: list[dict[str, Any]], probs: dict[str, np.ndarray], threshold: float) -> dict[str, float]:
    sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
    import score as scorer  # type: ignore[import-not-found]  # the shared scorer

    gold_td, gold_tk, preds = [], [], {}
    for pg in pages:
        kept = [pg["lines"][i].strip() for i, p in zip(pg["index"], probs[pg["id"]], strict=True) if p > threshold]
        preds[pg["id"]] = {"body": "\n\n".join(kept) if pg["dataset"] == "text-dev" else "\n".join(kept)}
        rec = {"id": pg["id"], "body": pg["body"]}
        if pg["dataset"] == "turkunlp-lines":
            rec = {"id": pg["id"], "lines": [int(v) for v in _full_labels(pg)], "_lines_text": pg["lines"]}
            gold_tk.append(rec)
        else:
            gold_td.append(rec)
    td = scorer.score(gold_td, preds)["body"]
    tk = scorer.score(gold_tk, preds)["lines"]
    return {"text-dev body F1": td["f1"], "P": td["precision"], "R": td["recall"], "turkunlp line F1": tk["f1"]}


def _full_labels(pg: dict[str, Any]) -> list[int]:
    labels = [0] * len(pg["lines"])
    for i, v in zip(pg["index"], pg["y"], strict=True):
        labels[i] = int(v)
    return labels


def model_text(w1: Stage1, later: list[np.ndarray], threshold: float, cv: dict[str, float]) -> str:
    """The model file's text, as shipped."""
    return json.dumps({
        "features1": list(FEATURES_1), "features2": list(FEATURES_2),
        **w1,
        "later": [[round(float(v), 6) for v in w] for w in later],
        "threshold": threshold, "cv": {k: round(v, 4) for k, v in cv.items()},
    }, indent=1) + "\n"


#: `--check` passes when no line of the training pages scores more than this apart under the
#: retrained and the shipped model. On one machine the script writes the same bytes; on another
#: BLAS may sum in another order, and L-BFGS on stage 1 (not convex) can carry a last-bit difference
#: into the weights' sixth decimal: the scores are what `extract` reads, so they are compared.
SCORE_TOLERANCE = 1e-3


def check(pages: list[dict[str, Any]], fresh: dict[str, Any], shipped: dict[str, Any]) -> list[str]:
    """What differs between a retrained model and the shipped one (empty when they agree): the
    feature lists and threshold exactly, the line scores on `pages` within SCORE_TOLERANCE."""
    problems = [f"{key} differs" for key in ("features1", "features2", "threshold") if fresh[key] != shipped[key]]
    if problems:
        return problems
    a, b = LineModel.from_json(fresh), LineModel.from_json(shipped)
    gap = max((float(np.abs(a.scores(p["X"]) - b.scores(p["X"])).max()) for p in pages if len(p["X"])), default=0.0)
    weights = max(
        float(np.abs(np.asarray(fresh[k], dtype=float) - np.asarray(shipped[k], dtype=float)).max())
        for k in ("stage1", "hidden", "hidden_out", "later")
    )
    print(f"largest weight difference {weights:.2e}, largest line-score difference {gap:.2e}", file=sys.stderr)
    return [f"line scores differ by up to {gap:.2e} (> {SCORE_TOLERANCE})"] if gap > SCORE_TOLERANCE else []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--crossfit", type=int, default=1,
                    help="parts for the later stages' stage-1 scores (1: stage 1's own in-sample scores)")
    ap.add_argument("--l2-stage1", type=float, default=L2_STAGE1, help="stage 1's L2 penalty")
    ap.add_argument("--l2-later", type=float, default=L2_LATER, help="the later stages' L2 penalty")
    ap.add_argument("--seed", type=int, default=0,
                    help="draw of stage 1's hidden weights' start (0: the recipe; others to measure the spread)")
    ap.add_argument("--no-write", action="store_true", help="only report the cross-validated scores")
    ap.add_argument("--check", action="store_true",
                    help="retrain with the shipped recipe (all pages, the shipped file's threshold) and compare "
                         "with --out instead of writing; exit status 1 when they differ")
    ap.add_argument("--without-held-out", action="store_true",
                    help="train without the pages whose sha1(source page) %% 5 == 0 (to measure them through extract)")
    ap.add_argument("--out", type=Path, default=MODEL, help="where to write the model")
    ap.add_argument("--threshold", type=float, default=0.5,
                    help="decision threshold when --folds is 0 or 1 (else chosen on the held-out folds)")
    args = ap.parse_args()
    pages = load_pages()
    if args.without_held_out:
        pages = [p for p in pages if int(hashlib.sha1(p["group"].encode()).hexdigest(), 16) % 5]
    print(f"{len(pages)} pages, {sum(len(p['y']) for p in pages)} lines", file=sys.stderr)
    if args.check:
        shipped = json.loads(args.out.read_text(encoding="utf-8"))
        w1, w2 = train(pages, l2_stage1=args.l2_stage1, l2_later=args.l2_later, seed=args.seed)
        text = model_text(w1, w2, shipped["threshold"], {})
        if text == args.out.read_text(encoding="utf-8"):
            print(f"{args.out}: reproduced byte for byte")
            return
        problems = check(pages, json.loads(text), shipped)
        if problems:
            raise SystemExit(f"{args.out} is not what this script trains: " + "; ".join(problems)
                             + f"; retrain with {Path(__file__).name} --folds 0 --threshold {shipped['threshold']}")
        print(f"{args.out}: reproduced within the tolerance (not byte for byte)")
        return
    probs: dict[str, np.ndarray] = {}
    threshold: float = args.threshold
    cv: dict[str, float] = {}
    if args.folds > 1:
        for k in range(args.folds):
            train_pages = [p for p in pages if _fold(p["group"], args.folds) != k]
            w1, w2 = train(train_pages, crossfit=args.crossfit, l2_stage1=args.l2_stage1, l2_later=args.l2_later,
                           seed=args.seed)
            for p in pages:
                if _fold(p["group"], args.folds) == k:
                    probs[p["id"]] = predict(p, w1, w2)
        best = max((evaluate(pages, probs, t)["text-dev body F1"], t) for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6))
        threshold = best[1]
        cv = evaluate(pages, probs, threshold)
        print(f"held-out ({args.folds}-fold by source page), threshold {threshold}: "
              + ", ".join(f"{k} {v:.3f}" for k, v in cv.items()))
    if args.no_write:
        return
    w1, w2 = train(pages, crossfit=args.crossfit, l2_stage1=args.l2_stage1, l2_later=args.l2_later, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model_text(w1, w2, threshold, cv), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
