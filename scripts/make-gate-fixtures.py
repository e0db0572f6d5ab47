#!/usr/bin/env python3
"""Generate the validation-gate fixtures under test/fixtures/gates/ (see test/fixtures/gates/README.md).

Run with Debian's interpreter (python3-sklearn, python3-onnx, python3-numpy, python3-scipy):

    /usr/bin/python3 scripts/make-gate-fixtures.py

It builds on the committed breast-cancer fixtures (the train and holdout CSVs written by scripts/make-fixtures.py)
and reuses that script's hand-written ONNX graph builders, so the models here are built exactly the same way.
Deterministic: fixed random_state, no timestamps, floats as shortest round-trip repr; re-running it gives
byte-identical files.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "gates")

spec = importlib.util.spec_from_file_location("make_fixtures", os.path.join(ROOT, "scripts", "make-fixtures.py"))
mf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mf)

# The weak model sees only these two (weakly predictive) features; its other 28 coefficients are 0.
WEAK_FEATURES = ["mean_symmetry", "fractal_dimension_error"]
# The protected attribute: 'high' when mean_texture is above the training median, else 'low'.
GROUP_SOURCE = "mean_texture"
# Drift: one feature scaled strongly, or every mean_* and worst_* feature (20 of 30) scaled moderately.
DRIFT_ONE = ("mean_radius", 1.5)
DRIFT_MANY_PREFIXES = ("mean_", "worst_")
DRIFT_MANY_FACTOR = 1.25


def load(name):
    names, X, y = mf.read_csv(os.path.join(FIXTURES, name), True)
    return names, X, y


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def cells(X, y, extra=None):
    rows = []
    for i, (row, t) in enumerate(zip(X, y)):
        out = [mf.fmt(v) for v in row] + [str(int(t))]
        if extra is not None:
            out.append(extra[i])
        rows.append(out)
    return rows


def weak_model(names, X, y):
    idx = [names.index(n) for n in WEAK_FEATURES]
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=5000))])
    pipe.fit(X[:, idx], y)
    scaler, clf = pipe.named_steps["scaler"], pipe.named_steps["clf"]
    # Embed in a 30-input model: unused features get mean 0, scale 1 and coefficient 0.
    mean = np.zeros(len(names))
    scale = np.ones(len(names))
    coef = np.zeros(len(names))
    mean[idx], scale[idx], coef[idx] = scaler.mean_, scaler.scale_, clf.coef_.reshape(-1)

    class S:  # the attributes logreg_binary_graph reads
        mean_, scale_ = mean, scale

    class C:
        coef_, intercept_ = coef.reshape(1, -1), clf.intercept_

    model = mf.finish_model(mf.logreg_binary_graph(S, C, len(names), "breast_cancer_weak"))
    return pipe, idx, model


def bad_unit_model(names, X, y):
    """The good logreg, but 'probabilities' = [sqrt(0.5 − p1), p1]: rows do not sum to 1, NaN where p1 > 0.5."""
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=5000))])
    pipe.fit(X, y)
    graph = mf.logreg_binary_graph(pipe.named_steps["scaler"], pipe.named_steps["clf"], len(names), "breast_cancer_bad_unit")
    nodes = [n for n in graph.node if not (n.op_type == "Sub" and list(n.output) == ["p0"])]
    nodes.insert(len(nodes) - 2, helper.make_node("Sub", ["half", "p1"], ["half_minus_p1"]))
    nodes.insert(len(nodes) - 2, helper.make_node("Sqrt", ["half_minus_p1"], ["p0"]))
    inits = list(graph.initializer) + [mf.init("half", mf.f32([0.5]))]
    g = helper.make_graph(nodes, graph.name, list(graph.input), list(graph.output), inits)
    return mf.finish_model(g)


def external_data_model(names):
    """A well-formed model whose weights claim to live in ../../../etc/passwd (the safety gate must refuse it)."""
    coef = mf.init("coef", mf.f32(np.zeros((len(names), 1))))
    coef.ClearField("raw_data")
    coef.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "../../../etc/passwd"), ("offset", "0"), ("length", str(4 * len(names)))):
        entry = coef.external_data.add()
        entry.key, entry.value = key, value
    nodes = [helper.make_node("MatMul", ["input", "coef"], ["variable"])]
    out = [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])]
    return mf.finish_model(helper.make_graph(nodes, "external_data", [mf.float_input(len(names))], out, [coef]), check=False)


def fairness(y, pred, groups, positive=1):
    rates = {}
    for g in sorted(set(groups)):
        m = np.array([x == g for x in groups])
        yt, yp = y[m], pred[m]
        pos, neg = yt == positive, yt != positive
        rates[g] = {
            "n": int(m.sum()),
            "accuracy": float((yt == yp).mean()),
            "selectionRate": float((yp == positive).mean()),
            "tpr": float((yp[pos] == positive).mean()),
            "fpr": float((yp[neg] == positive).mean()),
        }
    r = list(rates.values())
    rng = lambda k: max(x[k] for x in r) - min(x[k] for x in r)  # noqa: E731
    sel = [x["selectionRate"] for x in r]
    return {
        "groups": rates,
        "accuracyGap": rng("accuracy"),
        "demographicParityDifference": rng("selectionRate"),
        "equalizedOddsDifference": max(rng("tpr"), rng("fpr")),
        "disparateImpactRatio": min(sel) / max(sel),
    }


def drifted(names, X, features, factor):
    Xd = X.copy()
    for n in features:
        Xd[:, names.index(n)] *= factor
    return Xd


def ks_drift_count(X_train, X_new, names):
    return sum(1 for j in range(len(names)) if stats.ks_2samp(X_train[:, j], X_new[:, j]).pvalue < 0.05)


def main():
    os.makedirs(OUT, exist_ok=True)
    names, X_tr, y_tr = load("breast-cancer-train.csv")
    _, X_ho, y_ho = load("breast-cancer-holdout.csv")
    header = names + ["target"]
    expected = {}

    weak, idx, m = weak_model(names, X_tr, y_tr)
    mf.save(m, os.path.join("gates", "breast-cancer-weak.onnx"))
    weak_pred = weak.predict(X_ho[:, idx])
    expected["breast-cancer-weak.onnx"] = {
        "sklearn_model": f"Pipeline(StandardScaler, LogisticRegression) on {', '.join(WEAK_FEATURES)} only",
        "accuracy": float(accuracy_score(y_ho, weak_pred)),
        "roc_auc": float(roc_auc_score(y_ho, weak.predict_proba(X_ho[:, idx])[:, 1])),
    }
    mf.save(bad_unit_model(names, X_tr, y_tr), os.path.join("gates", "breast-cancer-bad-unit.onnx"))
    mf.save(external_data_model(names), os.path.join("gates", "external-data-escape.onnx"))

    median = float(np.median(X_tr[:, names.index(GROUP_SOURCE)]))
    groups = ["high" if v > median else "low" for v in X_ho[:, names.index(GROUP_SOURCE)]]
    write_csv(os.path.join(OUT, "breast-cancer-holdout-groups.csv"), header + ["group"], cells(X_ho, y_ho, groups))
    good = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=5000))]).fit(X_tr, y_tr)
    expected["breast-cancer-holdout-groups.csv"] = {
        "group": f"'high' when {GROUP_SOURCE} > {median} (its training median), else 'low'",
        "fairness_logreg": fairness(y_ho, good.predict(X_ho), groups),
        "fairness_weak": fairness(y_ho, weak_pred, groups),
    }

    one = drifted(names, X_ho, [DRIFT_ONE[0]], DRIFT_ONE[1])
    write_csv(os.path.join(OUT, "breast-cancer-holdout-drift-one.csv"), header, cells(one, y_ho))
    many_features = [n for n in names if n.startswith(DRIFT_MANY_PREFIXES)]
    many = drifted(names, X_ho, many_features, DRIFT_MANY_FACTOR)
    write_csv(os.path.join(OUT, "breast-cancer-holdout-drift-many.csv"), header, cells(many, y_ho))
    expected["drift"] = {
        "one": {"feature": DRIFT_ONE[0], "factor": DRIFT_ONE[1], "ks_drifted_vs_train": ks_drift_count(X_tr, one, names)},
        "many": {"features": many_features, "factor": DRIFT_MANY_FACTOR, "ks_drifted_vs_train": ks_drift_count(X_tr, many, names)},
        "none": {"ks_drifted_vs_train": ks_drift_count(X_tr, X_ho, names)},
    }

    with open(os.path.join(OUT, "expected-gates.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(json.dumps(expected, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
