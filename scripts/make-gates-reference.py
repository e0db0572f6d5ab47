#!/usr/bin/env python3
"""Write src/gates/reference/sklearn-reference.json: scikit-learn's answers for every metric of src/gates/metrics.

Run with Debian's interpreter so the apt-installed scikit-learn is the one used:

    /usr/bin/python3 scripts/make-gates-reference.py

Needs numpy and scikit-learn (python3-numpy, python3-sklearn; the committed file was made with scikit-learn 1.2.1,
numpy 1.24.2). Inputs come from a seeded numpy Generator and are rounded (which also creates tied scores), so the
file is deterministic: re-running the script produces it byte for byte. Floats are written with Python's shortest
round-trip repr. Each case holds its inputs and sklearn's outputs, so the TypeScript tests need nothing else.

Conventions pinned here (the TypeScript code documents the same ones): zero_division=0; binary scores are those
of label 1; macro/weighted averages over the labels present in y_true or y_pred; log_loss with eps=1e-15;
multiclass ROC AUC one-vs-rest, macro-averaged; r2 with force_finite.
"""

from __future__ import annotations

import json
import math
import os

import numpy as np
import sklearn
from sklearn import metrics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "gates", "reference", "sklearn-reference.json")
RNG = np.random.default_rng(20260115)


def f(x) -> float:
    v = float(x)
    assert math.isfinite(v), v
    return v


def floats(a) -> list:
    return [f(v) for v in np.asarray(a).reshape(-1)]


def ints(a) -> list:
    return [int(v) for v in np.asarray(a).reshape(-1)]


def classification_case(name, y, pred, proba, weight=None):
    k = proba.shape[1]
    labels = list(range(k))
    kw = {} if weight is None else {"sample_weight": weight}
    out = {
        "accuracy": f(metrics.accuracy_score(y, pred, **kw)),
        "precisionMacro": f(metrics.precision_score(y, pred, average="macro", zero_division=0, **kw)),
        "recallMacro": f(metrics.recall_score(y, pred, average="macro", zero_division=0, **kw)),
        "f1Macro": f(metrics.f1_score(y, pred, average="macro", zero_division=0, **kw)),
        "precisionWeighted": f(metrics.precision_score(y, pred, average="weighted", zero_division=0, **kw)),
        "recallWeighted": f(metrics.recall_score(y, pred, average="weighted", zero_division=0, **kw)),
        "f1Weighted": f(metrics.f1_score(y, pred, average="weighted", zero_division=0, **kw)),
        "logLoss": f(metrics.log_loss(y, proba, eps=1e-15, labels=labels, **kw)),
        "confusion": [floats(row) for row in metrics.confusion_matrix(y, pred, labels=labels, **kw)],
    }
    if k == 2:
        out["precision"] = f(metrics.precision_score(y, pred, zero_division=0, **kw))
        out["recall"] = f(metrics.recall_score(y, pred, zero_division=0, **kw))
        out["f1"] = f(metrics.f1_score(y, pred, zero_division=0, **kw))
        out["rocAuc"] = f(metrics.roc_auc_score(y, proba[:, 1], **kw))
    else:
        out["rocAuc"] = f(metrics.roc_auc_score(y, proba, multi_class="ovr", average="macro", **kw))
    return {
        "name": name,
        "classes": k,
        "y": ints(y),
        "pred": ints(pred),
        "probabilities": floats(proba),
        "weights": None if weight is None else floats(weight),
        "expected": out,
    }


def binary_cases():
    n = 200
    y = RNG.integers(0, 2, n)
    # Scores that lean towards the truth, rounded to 2 places: many ties.
    s = np.clip(np.round(0.35 * y + RNG.uniform(0, 0.65, n), 2), 0, 1)
    proba = np.stack([1 - s, s], axis=1)
    pred = (s > 0.5).astype(int)
    weight = RNG.integers(1, 4, n).astype(float)
    all_tied = np.full((n, 2), 0.5)
    return [
        classification_case("binary, tied scores", y, pred, proba),
        classification_case("binary, weighted", y, pred, proba, weight),
        classification_case("binary, every score tied", y, np.zeros(n, dtype=int), all_tied),
    ]


def multiclass_cases():
    n = 150
    y = RNG.integers(0, 3, n)
    logits = RNG.normal(0, 1, (n, 3))
    logits[np.arange(n), y] += 1.2
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    proba = np.round(proba, 4)
    proba = proba / proba.sum(axis=1, keepdims=True)
    pred = proba.argmax(axis=1)
    weight = np.round(RNG.uniform(0.5, 2.0, n), 2)
    # Four classes, class 3 present in y but never predicted: zero_division decides its precision.
    y4 = RNG.integers(0, 4, 120)
    logits4 = RNG.normal(0, 1, (120, 4))
    logits4[np.arange(120), y4] += 1.0
    logits4[:, 3] -= 5.0
    proba4 = np.exp(logits4) / np.exp(logits4).sum(axis=1, keepdims=True)
    pred4 = proba4.argmax(axis=1)
    assert 3 not in set(pred4.tolist()) and 3 in set(y4.tolist())
    return [
        classification_case("three classes", y, pred, proba),
        classification_case("three classes, weighted", y, pred, proba, weight),
        classification_case("four classes, one never predicted", y4, pred4, proba4),
    ]


def regression_cases():
    n = 100
    y = np.round(RNG.normal(150, 60, n), 3)
    pred = np.round(y + RNG.normal(0, 40, n), 3)
    weight = np.round(RNG.uniform(0.2, 3.0, n), 2)

    def case(name, w=None):
        kw = {} if w is None else {"sample_weight": w}
        return {
            "name": name,
            "y": floats(y),
            "pred": floats(pred),
            "weights": None if w is None else floats(w),
            "expected": {
                "rmse": f(metrics.mean_squared_error(y, pred, squared=False, **kw)),
                "mae": f(metrics.mean_absolute_error(y, pred, **kw)),
                "r2": f(metrics.r2_score(y, pred, **kw)),
            },
        }

    return [case("regression"), case("regression, weighted", weight)]


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    data = {
        "generator": {"sklearn": sklearn.__version__, "numpy": np.__version__, "script": "scripts/make-gates-reference.py"},
        "classification": binary_cases() + multiclass_cases(),
        "regression": regression_cases(),
    }
    with open(OUT, "w") as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
