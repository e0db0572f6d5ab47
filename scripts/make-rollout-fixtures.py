#!/usr/bin/env python3
"""Generate the progressive-delivery fixtures under test/fixtures/rollout/ (see test/fixtures/rollout/README.md).

Run with Debian's interpreter (python3-onnx, python3-numpy):

    /usr/bin/python3 scripts/make-rollout-fixtures.py

Every model is derived from the committed breast-cancer logistic regression (test/fixtures/breast-cancer-logreg.onnx,
written by scripts/make-fixtures.py): its scaler and coefficients are read back from that file and the graph is
rebuilt by hand with onnx.helper, so each fixture has exactly the same signature (input `input` FP32 [N,30];
outputs `label` INT64 [N], `probabilities` FP32 [N,2]) and differs in one way only:

- shifted.onnx: the intercept moved by +SHIFT_LOGITS, so every score P(class 1) moves up;
- errors.onnx:  same answers, but a Gather whose index is 1 for rows whose mean_radius is above the training
                set's 70th percentile fails at run time ("indices element out of data bounds");
- slow.onnx:    same answers, plus SLOW_LAYERS dense layers of width SLOW_WIDTH computed from the input and
                multiplied by 0 before they join the logit (onnxruntime cannot fold them away: x * 0 is NaN for
                x = NaN, so it must compute x).

Deterministic: no randomness, no timestamps; re-running it gives byte-identical files.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "rollout")

spec = importlib.util.spec_from_file_location("make_fixtures", os.path.join(ROOT, "scripts", "make-fixtures.py"))
mf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mf)

PRODUCER = "modelpilot/scripts/make-rollout-fixtures.py"
SHIFT_LOGITS = 1.5
ERROR_FEATURE = "mean_radius"
ERROR_QUANTILE = 0.70
# Width and depth of the slow model's dead branch: about 84 M multiply-adds per row, calibrated so that one row
# costs 7-9 ms more than the plain model with onnxruntime-node 1.30 at intraOpNumThreads 1 (at least 3 ms is needed
# for the judge's latency metric to see it clearly under load).
SLOW_WIDTH = 512
SLOW_LAYERS = 320


def logreg_parts():
    """The committed logistic regression's initializers (mean, scale, coef, intercept) as float32 arrays."""
    model = onnx.load(os.path.join(FIXTURES, "breast-cancer-logreg.onnx"))
    parts = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    return {k: parts[k] for k in ("mean", "scale", "coef", "intercept")}


def outputs():
    return [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
    ]


def head(logit):
    """logit [N,1] -> probabilities [N,2] and label [N], as the committed model does."""
    return [
        helper.make_node("Sigmoid", [logit], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]


def linear_nodes():
    return [
        helper.make_node("Sub", ["input", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "scale"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "coef"], ["linear"]),
        helper.make_node("Add", ["linear", "intercept"], ["logit"]),
    ]


def base_inits(p, intercept_shift=0.0):
    return [
        mf.init("mean", p["mean"]),
        mf.init("scale", p["scale"]),
        mf.init("coef", p["coef"]),
        mf.init("intercept", mf.f32(p["intercept"] + np.float32(intercept_shift))),
        mf.init("one", mf.f32([1.0])),
    ]


def finish(graph):
    model = mf.finish_model(graph)
    model.producer_name = PRODUCER
    return model


def shifted_model(p):
    graph = helper.make_graph(linear_nodes() + head("logit"), "breast_cancer_logreg_shifted", [mf.float_input(30)], outputs(), base_inits(p, SHIFT_LOGITS))
    return finish(graph)


def errors_model(p, feature_index, threshold):
    # bad = x[:, f] > threshold (0 or 1) used as an index into a one-element table: 1 is out of range.
    nodes = linear_nodes() + [
        helper.make_node("Gather", ["input", "feature"], ["picked"], axis=1),  # [N,1]
        helper.make_node("Greater", ["picked", "threshold"], ["above"]),
        helper.make_node("Cast", ["above"], ["index"], to=TensorProto.INT64),
        helper.make_node("Gather", ["zero_table", "index"], ["nothing"], axis=0),  # [N,1] of 0.0, or an error
        helper.make_node("Add", ["logit", "nothing"], ["logit_checked"]),
    ] + head("logit_checked")
    inits = base_inits(p) + [
        mf.init("feature", np.asarray([feature_index], dtype=np.int64)),
        mf.init("threshold", mf.f32([threshold])),
        mf.init("zero_table", mf.f32([0.0])),
    ]
    return finish(helper.make_graph(nodes, "breast_cancer_logreg_errors", [mf.float_input(30)], outputs(), inits))


def slow_model(p):
    # The weight matrix is computed inside the graph from constants, W[i, j] = cos((i + 1)(j + 3) g) / sqrt(K), so
    # the file stays small: onnxruntime folds it into one initializer when the session is created. The input
    # layer is stored (30 x K). Tanh keeps every layer's values in [-1, 1], so nothing overflows to Inf or NaN.
    k = SLOW_WIDTH
    w_in = np.cos(np.outer(np.arange(30) + 1, np.arange(k) + 1) * 0.41421356237) / np.sqrt(30)
    nodes = linear_nodes() + [
        helper.make_node("Range", ["r_start", "r_limit", "r_delta"], ["r"]),  # 0..K-1
        helper.make_node("Unsqueeze", ["r", "axis1"], ["r_col"]),  # [K,1]
        helper.make_node("Unsqueeze", ["r", "axis0"], ["r_row"]),  # [1,K]
        helper.make_node("Add", ["r_col", "one"], ["i1"]),
        helper.make_node("Add", ["r_row", "three"], ["j3"]),
        helper.make_node("Mul", ["i1", "j3"], ["ij"]),
        helper.make_node("Mul", ["ij", "golden"], ["angle"]),
        helper.make_node("Cos", ["angle"], ["cosines"]),
        helper.make_node("Mul", ["cosines", "inv_sqrt_k"], ["w"]),  # [K,K]
        helper.make_node("MatMul", ["scaled", "w_in"], ["h0"]),
    ]
    for layer in range(SLOW_LAYERS):
        nodes += [
            helper.make_node("MatMul", [f"h{layer}", "w"], [f"m{layer}"]),
            helper.make_node("Tanh", [f"m{layer}"], [f"h{layer + 1}"]),
        ]
    nodes += [
        helper.make_node("ReduceSum", [f"h{SLOW_LAYERS}", "axis1"], ["summed"], keepdims=1),  # [N,1]
        helper.make_node("Mul", ["summed", "zero"], ["dead"]),
        helper.make_node("Add", ["logit", "dead"], ["logit_slow"]),
    ] + head("logit_slow")
    inits = base_inits(p) + [
        mf.init("w_in", mf.f32(w_in)),
        mf.init("r_start", mf.f32(0.0)),
        mf.init("r_limit", mf.f32(float(k))),
        mf.init("r_delta", mf.f32(1.0)),
        mf.init("three", mf.f32([3.0])),
        mf.init("golden", mf.f32([0.618033988749895])),
        mf.init("inv_sqrt_k", mf.f32([1.0 / np.sqrt(k)])),
        mf.init("axis0", np.asarray([0], dtype=np.int64)),
        mf.init("axis1", np.asarray([1], dtype=np.int64)),
        mf.init("zero", mf.f32([0.0])),
    ]
    return finish(helper.make_graph(nodes, "breast_cancer_logreg_slow", [mf.float_input(30)], outputs(), inits))


def save(model, filename):
    with open(os.path.join(OUT, filename), "wb") as f:
        f.write(model.SerializeToString())


# ----------------------------------------------------------------------------- reference computation (numpy)


def logreg_numpy(p, x, shift=0.0):
    logit = ((x - p["mean"]) / p["scale"]) @ p["coef"] + p["intercept"] + np.float32(shift)
    p1 = (1.0 / (1.0 + np.exp(-logit.astype(np.float64)))).reshape(-1)
    return p1


def main():
    os.makedirs(OUT, exist_ok=True)
    names, X_train, _ = mf.read_csv(os.path.join(FIXTURES, "breast-cancer-train.csv"), True)
    _, X_holdout, _ = mf.read_csv(os.path.join(FIXTURES, "breast-cancer-holdout.csv"), True)
    p = logreg_parts()
    feature_index = names.index(ERROR_FEATURE)
    # The threshold as float32 so the graph's float32 comparison and this script's agree exactly.
    threshold = float(np.float32(np.quantile(X_train[:, feature_index], ERROR_QUANTILE)))

    shifted = shifted_model(p)
    errors = errors_model(p, feature_index, threshold)
    slow = slow_model(p)
    save(shifted, "shifted.onnx")
    save(errors, "errors.onnx")
    save(slow, "slow.onnx")

    x32 = X_holdout.astype(np.float32)
    p1 = logreg_numpy(p, x32)
    p1_shifted = logreg_numpy(p, x32, SHIFT_LOGITS)
    bad = x32[:, feature_index] > np.float32(threshold)
    expected = {
        "source": "breast-cancer-logreg.onnx (its scaler, coefficients and intercept, read back from the file)",
        "holdout_csv": "breast-cancer-holdout.csv",
        "shifted.onnx": {
            "intercept_shift_logits": SHIFT_LOGITS,
            "holdout_mean_p1_plain": float(p1.mean()),
            "holdout_mean_p1_shifted": float(p1_shifted.mean()),
            "holdout_labels_changed": int(np.sum((p1 > 0.5) != (p1_shifted > 0.5))),
        },
        "errors.onnx": {
            "feature": ERROR_FEATURE,
            "feature_index": feature_index,
            "threshold": threshold,
            "threshold_is": f"{int(ERROR_QUANTILE * 100)}th percentile of the training set's {ERROR_FEATURE}, as float32",
            "holdout_rows": int(len(x32)),
            "holdout_failing_rows": [int(i) for i in np.nonzero(bad)[0]],
            "holdout_failing_share": float(bad.mean()),
        },
        "slow.onnx": {"width": SLOW_WIDTH, "layers": SLOW_LAYERS, "multiply_adds_per_row": 30 * SLOW_WIDTH + SLOW_LAYERS * SLOW_WIDTH * SLOW_WIDTH},
    }
    with open(os.path.join(OUT, "expected-rollout.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v for k, v in expected.items() if k.endswith(".onnx")}, indent=None)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
