#!/usr/bin/env python3
"""Generate the committed test fixtures under test/fixtures/.

Run with Debian's interpreter so the apt-installed packages are visible:

    /usr/bin/python3 scripts/make-fixtures.py      (or: bash scripts/make-fixtures.sh)

Needs scikit-learn, onnx and numpy (python3-sklearn, python3-onnx, python3-numpy).
skl2onnx is deliberately not used: every ONNX graph is written by hand with
onnx.helper so the conversion is explicit and reviewable.

The output is deterministic: fixed random_state everywhere, no timestamps, and
floats written with Python's shortest round-trip repr, so re-running the script
produces byte-identical files.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, mean_squared_error, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures")

OPSET = 17
ML_OPSET = 3
IR_VERSION = 8
PRODUCER = "modelpilot/scripts/make-fixtures.py"

# Tolerances for the in-script check of ONNX (float32) vs sklearn (float64).
PROBA_TOL = 1e-5
# Regression targets are in the hundreds; float32 carries ~7 significant digits.
REGRESSION_TOL = 1e-3


# --------------------------------------------------------------------------- data


def ident(name: str) -> str:
    """'mean concave points' -> 'mean_concave_points'."""
    out = name.strip().lower().replace(" ", "_")
    out = "".join(c if (c.isalnum() or c == "_") else "_" for c in out)
    while "__" in out:
        out = out.replace("__", "_")
    return out.strip("_")


def fmt(x) -> str:
    # repr of a Python float is the shortest string that round-trips exactly.
    return repr(float(x))


def write_csv(path, feature_names, X, y, target_is_int):
    with open(path, "w", newline="") as f:
        f.write(",".join(list(feature_names) + ["target"]) + "\n")
        for row, t in zip(X, y):
            cells = [fmt(v) for v in row]
            cells.append(str(int(t)) if target_is_int else fmt(t))
            f.write(",".join(cells) + "\n")


def read_csv(path, target_is_int):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[-1] == "target"
    X = np.array([[float(c) for c in r[:-1]] for r in rows[1:]], dtype=np.float64)
    if target_is_int:
        y = np.array([int(r[-1]) for r in rows[1:]], dtype=np.int64)
    else:
        y = np.array([float(r[-1]) for r in rows[1:]], dtype=np.float64)
    return header[:-1], X, y


def make_split(stem, X, y, feature_names, test_size, stratify, target_is_int):
    X_tr, X_ho, y_tr, y_ho = train_test_split(
        X, y, test_size=test_size, random_state=42, stratify=y if stratify else None
    )
    train_csv = f"{stem}-train.csv"
    holdout_csv = f"{stem}-holdout.csv"
    write_csv(os.path.join(OUT, train_csv), feature_names, X_tr, y_tr, target_is_int)
    write_csv(os.path.join(OUT, holdout_csv), feature_names, X_ho, y_ho, target_is_int)
    # Train and evaluate on exactly what the CSVs contain.
    names, X_tr2, y_tr2 = read_csv(os.path.join(OUT, train_csv), target_is_int)
    _, X_ho2, y_ho2 = read_csv(os.path.join(OUT, holdout_csv), target_is_int)
    assert names == list(feature_names)
    assert np.array_equal(X_tr2, X_tr) and np.array_equal(X_ho2, X_ho)
    return {
        "train_csv": train_csv,
        "holdout_csv": holdout_csv,
        "feature_names": list(feature_names),
        "X_train": X_tr2,
        "y_train": y_tr2,
        "X_holdout": X_ho2,
        "y_holdout": y_ho2,
    }


# ------------------------------------------------------------------- onnx helpers


def f32(a):
    return np.asarray(a, dtype=np.float32)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name=name)


def float_input(n_features):
    return helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", n_features])


def finish_model(graph, ml=False, check=True, extra_opsets=()):
    opsets = [helper.make_opsetid("", OPSET)]
    if ml:
        opsets.append(helper.make_opsetid("ai.onnx.ml", ML_OPSET))
    opsets.extend(helper.make_opsetid(d, v) for d, v in extra_opsets)
    model = helper.make_model(graph, opset_imports=opsets, producer_name=PRODUCER, producer_version="1")
    model.ir_version = IR_VERSION
    if check:
        onnx.checker.check_model(model, full_check=True)
    return model


def save(model, filename):
    path = os.path.join(OUT, filename)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    return path


def io_spec(model):
    dtype_names = {TensorProto.FLOAT: "float32", TensorProto.INT64: "int64", TensorProto.DOUBLE: "float64"}

    def one(vi):
        tt = vi.type.tensor_type
        shape = [d.dim_value if d.HasField("dim_value") else None for d in tt.shape.dim]
        return {"name": vi.name, "dtype": dtype_names[tt.elem_type], "shape": shape}

    return [one(v) for v in model.graph.input], [one(v) for v in model.graph.output]


# ------------------------------------------------------------------ converters


def logreg_binary_graph(scaler, clf, n_features, name):
    coef = clf.coef_.reshape(-1)  # (n_features,)
    nodes = [
        helper.make_node("Sub", ["input", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "scale"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "coef"], ["linear"]),
        helper.make_node("Add", ["linear", "intercept"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    inits = [
        init("mean", f32(scaler.mean_)),
        init("scale", f32(scaler.scale_)),
        init("coef", f32(coef.reshape(n_features, 1))),
        init("intercept", f32(clf.intercept_.reshape(1))),
        init("one", f32([1.0])),
    ]
    outputs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
    ]
    return helper.make_graph(nodes, name, [float_input(n_features)], outputs, inits)


def logreg_multiclass_graph(clf, n_features, name):
    n_classes = clf.coef_.shape[0]
    nodes = [
        helper.make_node("MatMul", ["input", "coef"], ["linear"]),
        helper.make_node("Add", ["linear", "intercept"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    inits = [
        init("coef", f32(clf.coef_.T)),  # (n_features, n_classes)
        init("intercept", f32(clf.intercept_)),  # (n_classes,)
    ]
    outputs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", n_classes]),
    ]
    return helper.make_graph(nodes, name, [float_input(n_features)], outputs, inits)


def linear_regression_graph(reg, n_features, name):
    nodes = [
        helper.make_node("MatMul", ["input", "coef"], ["linear"]),
        helper.make_node("Add", ["linear", "intercept"], ["variable"]),
    ]
    inits = [
        init("coef", f32(reg.coef_.reshape(n_features, 1))),
        init("intercept", f32(np.asarray(reg.intercept_).reshape(1))),
    ]
    outputs = [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])]
    return helper.make_graph(nodes, name, [float_input(n_features)], outputs, inits)


def threshold_to_f32(t: float) -> float:
    """Largest float32 <= t.

    sklearn compares float32(x) <= float64 threshold. For any float32 x that is
    equivalent to x <= (largest float32 not above the threshold), so the split
    is reproduced exactly with a float32 threshold (round-to-nearest could move
    the threshold onto the float32 value just above it and flip a split).
    """
    t32 = np.float32(t)
    if float(t32) > t:
        t32 = np.nextafter(t32, np.float32(-np.inf))
    assert float(t32) <= t
    return float(t32)


def random_forest_graph(forest, n_features, name):
    classes = [int(c) for c in forest.classes_]
    n_classes = len(classes)
    n_est = len(forest.estimators_)
    a = {k: [] for k in [
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "class_treeids", "class_nodeids", "class_ids", "class_weights",
    ]}
    for tree_id, est in enumerate(forest.estimators_):
        t = est.tree_
        for node in range(t.node_count):
            left, right = int(t.children_left[node]), int(t.children_right[node])
            a["nodes_treeids"].append(tree_id)
            a["nodes_nodeids"].append(node)
            a["nodes_missing_value_tracks_true"].append(0)
            if left == -1:  # leaf
                a["nodes_featureids"].append(0)
                a["nodes_values"].append(0.0)
                a["nodes_modes"].append("LEAF")
                a["nodes_truenodeids"].append(0)
                a["nodes_falsenodeids"].append(0)
                value = t.value[node].reshape(-1).astype(np.float64)
                frac = value / value.sum()
                if n_classes == 2:
                    # Binary: one vote per leaf, class_ids=0, weight = the
                    # *positive* class fraction (the skl2onnx convention).
                    # onnxruntime's "binary case" (exactly one distinct
                    # class_id, all weights >= 0) then takes the sum s as
                    # P(classlabels[1]), writes scores [1 - s, s] and
                    # label = classlabels[1] iff s > 0.5, which is sklearn's
                    # argmax (ties -> class 0). Checked against
                    # onnxruntime-node 1.30. Alternatives that look more
                    # natural are wrong in onnxruntime: votes for both classes
                    # give the right scores but label = "score1 > 0"; votes
                    # only under class_ids=1 give scores [0, s].
                    votes = [(0, frac[1])]
                else:
                    votes = [(k, frac[k]) for k in range(n_classes)]
                for class_index, fraction in votes:
                    a["class_treeids"].append(tree_id)
                    a["class_nodeids"].append(node)
                    a["class_ids"].append(class_index)
                    a["class_weights"].append(float(np.float32(fraction / n_est)))
            else:  # x[feature] <= threshold goes left
                a["nodes_featureids"].append(int(t.feature[node]))
                a["nodes_values"].append(threshold_to_f32(float(t.threshold[node])))
                a["nodes_modes"].append("BRANCH_LEQ")
                a["nodes_truenodeids"].append(left)
                a["nodes_falsenodeids"].append(right)
    node = helper.make_node(
        "TreeEnsembleClassifier",
        ["input"],
        ["label", "probabilities"],
        domain="ai.onnx.ml",
        classlabels_int64s=classes,
        post_transform="NONE",
        **a,
    )
    outputs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", n_classes]),
    ]
    return helper.make_graph([node], name, [float_input(n_features)], outputs)


# --------------------------------------------------------------- verification
#
# onnx.reference.ReferenceEvaluator (onnx >= 1.13) runs the serialized graph.
# Older onnx (Debian bookworm ships 1.12) has no reference evaluator, so fall
# back to a tiny interpreter that walks the *serialized* graph node by node and
# implements just the ops these fixtures use, in float32 like a runtime would.


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _tree_ensemble_classifier(x, at):
    labels = list(at["classlabels_int64s"])
    n_classes = len(labels)
    modes = [m.decode() if isinstance(m, bytes) else m for m in at["nodes_modes"]]
    key = {}
    for i, (t, n) in enumerate(zip(at["nodes_treeids"], at["nodes_nodeids"])):
        key[(t, n)] = i
    leaf_weights = {}
    for t, n, c, w in zip(at["class_treeids"], at["class_nodeids"], at["class_ids"], at["class_weights"]):
        leaf_weights.setdefault((t, n), []).append((c, np.float32(w)))
    trees = sorted(set(at["nodes_treeids"]))
    values = f32(at["nodes_values"])
    scores = np.zeros((x.shape[0], n_classes), dtype=np.float32)
    for r in range(x.shape[0]):
        for t in trees:
            i = key[(t, 0)]
            while modes[i] != "LEAF":
                assert modes[i] == "BRANCH_LEQ", modes[i]
                go_true = x[r, at["nodes_featureids"][i]] <= values[i]
                nxt = at["nodes_truenodeids"][i] if go_true else at["nodes_falsenodeids"][i]
                i = key[(t, nxt)]
            for c, w in leaf_weights[(t, at["nodes_nodeids"][i])]:
                scores[r, c] += w
    if n_classes == 2 and len(set(at["class_ids"])) == 1:
        # onnxruntime's binary convention (see random_forest_graph); this
        # interpreter only mirrors it for the all-weights->=0 form we emit.
        assert min(at["class_weights"]) >= 0
        p1 = scores[:, at["class_ids"][0]]
        scores = np.stack([np.float32(1) - p1, p1], axis=1)
        label = np.where(p1 > 0.5, labels[1], labels[0]).astype(np.int64)
        return label, scores
    label = np.array([labels[k] for k in scores.argmax(axis=1)], dtype=np.int64)
    return label, scores


def mini_run(model, feeds):
    env = dict(feeds)
    for t in model.graph.initializer:
        env[t.name] = numpy_helper.to_array(t)
    for node in model.graph.node:
        at = _attrs(node)
        ins = [env[i] for i in node.input]
        op = (node.domain or "", node.op_type)
        if op == ("", "Sub"):
            out = [ins[0] - ins[1]]
        elif op == ("", "Div"):
            out = [ins[0] / ins[1]]
        elif op == ("", "Add"):
            out = [ins[0] + ins[1]]
        elif op == ("", "MatMul"):
            out = [np.matmul(ins[0], ins[1])]
        elif op == ("", "Sigmoid"):
            out = [(1.0 / (1.0 + np.exp(-ins[0].astype(np.float64)))).astype(ins[0].dtype)]
        elif op == ("", "Softmax"):
            z = ins[0].astype(np.float64)
            z = np.exp(z - z.max(axis=at.get("axis", -1), keepdims=True))
            out = [(z / z.sum(axis=at.get("axis", -1), keepdims=True)).astype(ins[0].dtype)]
        elif op == ("", "Concat"):
            out = [np.concatenate(ins, axis=at["axis"])]
        elif op == ("", "ArgMax"):
            r = np.argmax(ins[0], axis=at.get("axis", 0)).astype(np.int64)
            out = [np.expand_dims(r, at.get("axis", 0)) if at.get("keepdims", 1) else r]
        elif op == ("ai.onnx.ml", "TreeEnsembleClassifier"):
            out = list(_tree_ensemble_classifier(ins[0], at))
        else:
            raise NotImplementedError(f"mini evaluator: {op}")
        for name, value in zip(node.output, out):
            env[name] = value
    return [env[o.name] for o in model.graph.output]


def run_onnx(model, x32):
    """Returns (outputs, evaluator description)."""
    try:
        from onnx.reference import ReferenceEvaluator  # onnx >= 1.13
    except ImportError:
        ReferenceEvaluator = None
    if ReferenceEvaluator is not None:
        try:
            sess = ReferenceEvaluator(model)
            return sess.run(None, {"input": x32}), f"onnx.reference.ReferenceEvaluator (onnx {onnx.__version__})"
        except Exception as exc:  # e.g. ai.onnx.ml op not implemented
            fallback = f"ReferenceEvaluator failed ({type(exc).__name__}: {exc}); "
    else:
        fallback = f"onnx.reference unavailable in onnx {onnx.__version__}; "
    return mini_run(model, {"input": x32}), fallback + "used the script's built-in float32 graph interpreter"


def check_classifier(model, clf, X_holdout):
    x32 = X_holdout.astype(np.float32)
    (label, proba), evaluator = run_onnx(model, x32)
    sk_proba = clf.predict_proba(X_holdout)
    sk_label = clf.predict(X_holdout)
    diff = float(np.max(np.abs(np.asarray(proba, dtype=np.float64) - sk_proba)))
    mismatches = int(np.sum(np.asarray(label).reshape(-1) != sk_label))
    ok = diff <= PROBA_TOL and mismatches == 0
    return {
        "evaluator": evaluator,
        "compared": "probabilities and label over the whole holdout; ONNX fed float32, sklearn float64",
        "tolerance": PROBA_TOL,
        "max_abs_diff": diff,
        "label_mismatches": mismatches,
        "passed": ok,
    }


def check_regressor(model, reg, X_holdout):
    x32 = X_holdout.astype(np.float32)
    (pred,), evaluator = run_onnx(model, x32)
    sk = reg.predict(X_holdout).reshape(-1, 1)
    diff = float(np.max(np.abs(np.asarray(pred, dtype=np.float64) - sk)))
    return {
        "evaluator": evaluator,
        "compared": "variable over the whole holdout; ONNX fed float32, sklearn float64",
        "tolerance": REGRESSION_TOL,
        "max_abs_diff": diff,
        "passed": diff <= REGRESSION_TOL,
    }


# ------------------------------------------------------------------------ main


def classifier_entry(task, split, clf, model, check):
    X, y = split["X_holdout"], split["y_holdout"]
    proba = clf.predict_proba(X)
    pred = clf.predict(X)
    inputs, outputs = io_spec(model)
    entry = {
        "task": task,
        "train_csv": split["train_csv"],
        "holdout_csv": split["holdout_csv"],
        "target": "target",
        "feature_names": split["feature_names"],
        "n_features": len(split["feature_names"]),
        "classes": [int(c) for c in clf.classes_],
        "inputs": inputs,
        "outputs": outputs,
        "accuracy": float(accuracy_score(y, pred)),
    }
    if task == "binary":
        entry["roc_auc"] = float(roc_auc_score(y, proba[:, 1]))
    entry.update({
        "first_row_probabilities": [float(p) for p in proba[0]],
        "first_row_label": int(pred[0]),
        "first_rows_labels": [int(p) for p in pred[:10]],
        "max_abs_diff": check["max_abs_diff"],
        "onnxruntime_check": check,
    })
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    # ---- breast cancer (binary)
    bc = load_breast_cancer()
    bc_split = make_split(
        "breast-cancer", bc.data, bc.target, [ident(n) for n in bc.feature_names], 0.25, True, True
    )
    n_bc = bc_split["X_train"].shape[1]

    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=5000))])
    pipe.fit(bc_split["X_train"], bc_split["y_train"])
    m = finish_model(logreg_binary_graph(pipe.named_steps["scaler"], pipe.named_steps["clf"], n_bc,
                                         "breast_cancer_logreg"))
    save(m, "breast-cancer-logreg.onnx")
    expected["breast-cancer-logreg.onnx"] = classifier_entry(
        "binary", bc_split, pipe, m, check_classifier(m, pipe, bc_split["X_holdout"]))
    expected["breast-cancer-logreg.onnx"]["sklearn_model"] = \
        "Pipeline(StandardScaler, LogisticRegression(max_iter=5000))"

    # A retrain with slightly weaker regularization: same accuracy, nearly the same scores (a good canary).
    retrain = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(C=1.1, max_iter=5000))])
    retrain.fit(bc_split["X_train"], bc_split["y_train"])
    m = finish_model(logreg_binary_graph(retrain.named_steps["scaler"], retrain.named_steps["clf"], n_bc,
                                         "breast_cancer_logreg_c11"))
    save(m, "breast-cancer-logreg-c11.onnx")
    expected["breast-cancer-logreg-c11.onnx"] = classifier_entry(
        "binary", bc_split, retrain, m, check_classifier(m, retrain, bc_split["X_holdout"]))
    expected["breast-cancer-logreg-c11.onnx"]["sklearn_model"] = \
        "Pipeline(StandardScaler, LogisticRegression(C=1.1, max_iter=5000))"

    forest = RandomForestClassifier(n_estimators=20, max_depth=5, random_state=42)
    forest.fit(bc_split["X_train"], bc_split["y_train"])
    m = finish_model(random_forest_graph(forest, n_bc, "breast_cancer_trees"), ml=True)
    save(m, "breast-cancer-trees.onnx")
    expected["breast-cancer-trees.onnx"] = classifier_entry(
        "binary", bc_split, forest, m, check_classifier(m, forest, bc_split["X_holdout"]))
    expected["breast-cancer-trees.onnx"]["sklearn_model"] = \
        "RandomForestClassifier(n_estimators=20, max_depth=5, random_state=42)"

    # ---- iris (multiclass)
    iris = load_iris()
    iris_names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    iris_split = make_split("iris", iris.data, iris.target, iris_names, 0.3, True, True)
    iris_clf = LogisticRegression(max_iter=5000)
    iris_clf.fit(iris_split["X_train"], iris_split["y_train"])
    m = finish_model(logreg_multiclass_graph(iris_clf, 4, "iris_logreg"))
    save(m, "iris-logreg.onnx")
    expected["iris-logreg.onnx"] = classifier_entry(
        "multiclass", iris_split, iris_clf, m, check_classifier(m, iris_clf, iris_split["X_holdout"]))
    expected["iris-logreg.onnx"]["sklearn_model"] = "LogisticRegression(max_iter=5000) (multinomial, no scaler)"

    # ---- diabetes (regression)
    db = load_diabetes()
    db_split = make_split("diabetes", db.data, db.target, list(db.feature_names), 0.25, False, False)
    reg = LinearRegression()
    reg.fit(db_split["X_train"], db_split["y_train"])
    m = finish_model(linear_regression_graph(reg, 10, "diabetes_linear"))
    save(m, "diabetes-linear.onnx")
    check = check_regressor(m, reg, db_split["X_holdout"])
    pred = reg.predict(db_split["X_holdout"])
    inputs, outputs = io_spec(m)
    expected["diabetes-linear.onnx"] = {
        "task": "regression",
        "train_csv": db_split["train_csv"],
        "holdout_csv": db_split["holdout_csv"],
        "target": "target",
        "feature_names": db_split["feature_names"],
        "n_features": 10,
        "inputs": inputs,
        "outputs": outputs,
        "rmse": float(math.sqrt(mean_squared_error(db_split["y_holdout"], pred))),
        "r2": float(r2_score(db_split["y_holdout"], pred)),
        "first_row_prediction": float(pred[0]),
        "max_abs_diff": check["max_abs_diff"],
        "onnxruntime_check": check,
        "sklearn_model": "LinearRegression()",
    }

    # ---- bad artifacts
    with open(os.path.join(OUT, "bad-not-onnx.onnx"), "w") as f:
        f.write("this is not an onnx model\n")

    with open(os.path.join(OUT, "breast-cancer-logreg.onnx"), "rb") as f:
        good = f.read()
    with open(os.path.join(OUT, "bad-truncated.onnx"), "wb") as f:
        f.write(good[: int(len(good) * 0.4)])

    unknown = helper.make_graph(
        [helper.make_node("Frobnicate", ["input"], ["output"], domain="com.example.unknown")],
        "unknown_domain",
        [float_input(4)],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 4])],
    )
    m = finish_model(unknown, check=False, extra_opsets=[("com.example.unknown", 1)])
    try:
        onnx.checker.check_model(m)
    except onnx.checker.ValidationError:
        pass  # expected to be possibly rejected; it only has to parse
    save(m, "bad-unknown-domain.onnx")
    with open(os.path.join(OUT, "bad-unknown-domain.onnx"), "rb") as f:
        onnx.load_model_from_string(f.read())  # must still parse

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")

    failed = [k for k, v in expected.items() if not v["onnxruntime_check"]["passed"]]
    for k, v in expected.items():
        c = v["onnxruntime_check"]
        metric = (f"acc={v['accuracy']:.4f}" + (f" auc={v['roc_auc']:.4f}" if "roc_auc" in v else "")
                  if "accuracy" in v else f"rmse={v['rmse']:.4f} r2={v['r2']:.4f}")
        print(f"{k:28s} {metric:28s} max_abs_diff={c['max_abs_diff']:.3g} passed={c['passed']}")
    if failed:
        print("ONNX does not reproduce sklearn for: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
