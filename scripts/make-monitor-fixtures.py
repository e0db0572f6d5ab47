#!/usr/bin/env python3
"""Generate the production-monitoring fixtures test/fixtures/diamonds-* and monitor-expected.json
(see test/fixtures/README.md).

Run with Debian's interpreter so the apt-installed packages are visible:

    /usr/bin/python3 scripts/make-monitor-fixtures.py

Needs scikit-learn, onnx and numpy (python3-sklearn, python3-onnx, python3-numpy) and R with ggplot2
(r-base-core, r-cran-ggplot2; both installed here from Debian). The data is ggplot2's `diamonds` data set
(53,940 rows; MIT-licensed with ggplot2), exported with

    Rscript -e 'write.csv(ggplot2::diamonds, "<tmpfile>", row.names=FALSE)'

It reuses scripts/make-fixtures.py's helpers (csv float formatting, the hand-written StandardScaler +
LogisticRegression ONNX graph, the graph checker), so the models are built exactly like breast-cancer-logreg.onnx:
input `input` float32 [N,9]; outputs `label` int64 [N] and `probabilities` float32 [N,2].

- Features, in this order: carat, cut, color, clarity, depth, table, x, y, z. The ordered factors are integer codes
  in R's level order: cut Fair..Ideal -> 0..4, color D..J -> 0..6, clarity I1,SI2,SI1,VS2,VS1,VVS2,VVS1,IF -> 0..7.
- Target `expensive` = 1 if price >= 2401 (the median price) else 0; price itself is dropped.
- Rows are shuffled with numpy.random.default_rng(7): the first 12,000 are the training set, the next 6,000 the
  holdout.
- diamonds-logreg.onnx: StandardScaler + LogisticRegression(max_iter=1000) on all 9 features.
- diamonds-weak.onnx: the same pipeline fitted on depth and table only, embedded in a 9-input model (the other
  features get mean 0, scale 1 and coefficient 0), so it has the same signature and is much less accurate.

onnxruntime is not available to Debian's python, so each ONNX file is checked with onnx.checker (full check) and by
running the serialized graph with make-fixtures.py's float32 interpreter (numpy, from the stored weights) over the
whole holdout; probabilities must match sklearn within 1e-5 and every label must be equal.

Deterministic: fixed seed, no timestamps, floats written with Python's shortest round-trip repr; re-running it gives
byte-identical files.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures")

spec = importlib.util.spec_from_file_location("make_fixtures", os.path.join(ROOT, "scripts", "make-fixtures.py"))
mf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mf)

PRODUCER = "modelpilot/scripts/make-monitor-fixtures.py"
SEED = 7
N_TRAIN = 12_000
N_HOLDOUT = 6_000
PRICE_THRESHOLD = 2401  # the median price of all 53,940 diamonds
FEATURES = ["carat", "cut", "color", "clarity", "depth", "table", "x", "y", "z"]
TARGET = "expensive"
# R's level order of the ordered factors; the code is the index.
LEVELS = {
    "cut": ["Fair", "Good", "Very Good", "Premium", "Ideal"],
    "color": ["D", "E", "F", "G", "H", "I", "J"],
    "clarity": ["I1", "SI2", "SI1", "VS2", "VS1", "VVS2", "VVS1", "IF"],
}
WEAK_FEATURES = ["depth", "table"]
N_FIRST_LABELS = 5


# --------------------------------------------------------------------------- data


def export_diamonds():
    """ggplot2::diamonds as a list of dicts (strings), via Rscript and a temporary CSV."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "diamonds.csv")
        subprocess.run(
            ["Rscript", "-e", f'write.csv(ggplot2::diamonds, "{path}", row.names=FALSE)'],
            check=True,
        )
        versions = subprocess.run(
            ["Rscript", "-e", 'cat(R.version.string, "\\n", as.character(packageVersion("ggplot2")), sep="")'],
            check=True, capture_output=True, text=True,
        ).stdout.split("\n")
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    return rows, {"r": versions[0].strip(), "ggplot2": versions[1].strip()}


def encode(rows):
    """-> X float64 [n, 9] in FEATURES order, y int64 [n]."""
    X = np.empty((len(rows), len(FEATURES)), dtype=np.float64)
    y = np.empty(len(rows), dtype=np.int64)
    for i, r in enumerate(rows):
        for j, name in enumerate(FEATURES):
            X[i, j] = LEVELS[name].index(r[name]) if name in LEVELS else float(r[name])
        y[i] = 1 if int(r["price"]) >= PRICE_THRESHOLD else 0
    return X, y


def cell(name, v):
    # Factor codes are integers; the measured columns are floats written as make-fixtures.py writes them.
    return str(int(v)) if name in LEVELS else mf.fmt(v)


def write_csv(path, X, y):
    with open(path, "w", newline="") as f:
        f.write(",".join(FEATURES + [TARGET]) + "\n")
        for row, t in zip(X, y):
            f.write(",".join([cell(n, v) for n, v in zip(FEATURES, row)] + [str(int(t))]) + "\n")


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == FEATURES + [TARGET], rows[0]
    X = np.array([[float(c) for c in r[:-1]] for r in rows[1:]], dtype=np.float64)
    y = np.array([int(r[-1]) for r in rows[1:]], dtype=np.int64)
    return X, y


# ------------------------------------------------------------------------- models


def finish(graph):
    model = mf.finish_model(graph)  # onnx.checker.check_model(full_check=True)
    model.producer_name = PRODUCER
    return model


def logreg_model(X, y):
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=1000))])
    pipe.fit(X, y)
    model = finish(mf.logreg_binary_graph(pipe.named_steps["scaler"], pipe.named_steps["clf"], len(FEATURES),
                                          "diamonds_logreg"))
    return pipe, model


def weak_model(X, y):
    idx = [FEATURES.index(n) for n in WEAK_FEATURES]
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=1000))])
    pipe.fit(X[:, idx], y)
    scaler, clf = pipe.named_steps["scaler"], pipe.named_steps["clf"]
    # Embed in a 9-input model: unused features get mean 0, scale 1 and coefficient 0.
    mean = np.zeros(len(FEATURES))
    scale = np.ones(len(FEATURES))
    coef = np.zeros(len(FEATURES))
    mean[idx], scale[idx], coef[idx] = scaler.mean_, scaler.scale_, clf.coef_.reshape(-1)

    class S:  # the attributes logreg_binary_graph reads
        mean_, scale_ = mean, scale

    class C:
        coef_, intercept_ = coef.reshape(1, -1), clf.intercept_

    model = finish(mf.logreg_binary_graph(S, C, len(FEATURES), "diamonds_weak"))

    class Sliced:  # sklearn's pipeline seen through all 9 columns
        classes_ = pipe.classes_

        @staticmethod
        def predict(X):
            return pipe.predict(X[:, idx])

        @staticmethod
        def predict_proba(X):
            return pipe.predict_proba(X[:, idx])

    return Sliced, model


# ------------------------------------------------------------------------ main


def model_entry(description, clf, model, check, X_ho, y_ho, feature_stats):
    pred = clf.predict(X_ho)
    proba = clf.predict_proba(X_ho)
    inputs, outputs = mf.io_spec(model)
    return {
        "sklearn_model": description,
        "inputs": inputs,
        "outputs": outputs,
        "classes": [int(c) for c in clf.classes_],
        "holdout_rows": int(len(y_ho)),
        "accuracy": float(accuracy_score(y_ho, pred)),
        "roc_auc": float(roc_auc_score(y_ho, proba[:, 1])),
        "holdout_feature_mean": feature_stats["mean"],
        "holdout_feature_std": feature_stats["std"],
        "first_rows_labels": [int(p) for p in pred[:N_FIRST_LABELS]],
        "first_rows_probabilities": [[float(p) for p in row] for row in proba[:N_FIRST_LABELS]],
        "max_abs_diff": check["max_abs_diff"],
        "onnx_check": check,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    rows, versions = export_diamonds()
    assert len(rows) == 53_940, len(rows)
    X, y = encode(rows)

    perm = np.random.default_rng(SEED).permutation(len(y))
    tr, ho = perm[:N_TRAIN], perm[N_TRAIN:N_TRAIN + N_HOLDOUT]
    write_csv(os.path.join(OUT, "diamonds-train.csv"), X[tr], y[tr])
    write_csv(os.path.join(OUT, "diamonds-holdout.csv"), X[ho], y[ho])
    # Train and evaluate on exactly what the CSVs contain.
    X_tr, y_tr = read_csv(os.path.join(OUT, "diamonds-train.csv"))
    X_ho, y_ho = read_csv(os.path.join(OUT, "diamonds-holdout.csv"))
    assert np.array_equal(X_tr, X[tr]) and np.array_equal(y_tr, y[tr])
    assert np.array_equal(X_ho, X[ho]) and np.array_equal(y_ho, y[ho])

    feature_stats = {
        "mean": {n: float(v) for n, v in zip(FEATURES, X_ho.mean(axis=0))},
        "std": {n: float(v) for n, v in zip(FEATURES, X_ho.std(axis=0, ddof=0))},
    }

    good, good_onnx = logreg_model(X_tr, y_tr)
    mf.save(good_onnx, "diamonds-logreg.onnx")
    weak, weak_onnx = weak_model(X_tr, y_tr)
    mf.save(weak_onnx, "diamonds-weak.onnx")

    expected = {
        "source": "ggplot2::diamonds, exported with Rscript write.csv",
        "r_version": versions["r"],
        "ggplot2_version": versions["ggplot2"],
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "train_csv": "diamonds-train.csv",
        "holdout_csv": "diamonds-holdout.csv",
        "train_rows": int(len(y_tr)),
        "holdout_rows": int(len(y_ho)),
        "split": f"numpy.random.default_rng({SEED}).permutation over all rows: first {N_TRAIN} train, "
                 f"next {N_HOLDOUT} holdout",
        "target": TARGET,
        "target_is": f"price >= {PRICE_THRESHOLD} (the median price); price is dropped",
        "feature_names": FEATURES,
        "n_features": len(FEATURES),
        "factor_codes": LEVELS,
        "holdout_positive_share": float(y_ho.mean()),
        "holdout_feature_std_ddof": 0,
    }
    for filename, description, clf, model in [
        ("diamonds-logreg.onnx", "Pipeline(StandardScaler, LogisticRegression(max_iter=1000))", good, good_onnx),
        ("diamonds-weak.onnx",
         f"Pipeline(StandardScaler, LogisticRegression(max_iter=1000)) on {', '.join(WEAK_FEATURES)} only, "
         f"embedded in a {len(FEATURES)}-input model (other coefficients 0)", weak, weak_onnx),
    ]:
        # Check the bytes as written: reload the file before running it.
        with open(os.path.join(OUT, filename), "rb") as f:
            reloaded = onnx.load_model_from_string(f.read())
        onnx.checker.check_model(reloaded, full_check=True)
        check = mf.check_classifier(reloaded, clf, X_ho)
        expected[filename] = model_entry(description, clf, reloaded, check, X_ho, y_ho, feature_stats)

    with open(os.path.join(OUT, "monitor-expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")

    failed = []
    for k in ("diamonds-logreg.onnx", "diamonds-weak.onnx"):
        v = expected[k]
        c = v["onnx_check"]
        print(f"{k:22s} acc={v['accuracy']:.4f} auc={v['roc_auc']:.4f} max_abs_diff={c['max_abs_diff']:.3g} "
              f"label_mismatches={c['label_mismatches']} passed={c['passed']}")
        if not c["passed"]:
            failed.append(k)
    if failed:
        print("ONNX does not reproduce sklearn for: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
