"""Data for the CBPE benchmark (cbpe.bench.ts): one directory per case, each with reference.csv,
analysis.csv and case.json (the score columns and the chunk size both sides use).

    NML_DISABLE_USAGE_LOGGING=1 /work/venv-nml/bin/python bench/performance-estimation/make_cbpe_data.py OUT_DIR [--rows N]

Cases:
- made-binary-1m / made-multiclass-1m: data made for the comparison (seeded, so every run writes the same
  bytes): N analysis rows (default 1,000,000) and N / 2 reference rows; over-confident scores, so calibration
  matters, and a covariate shift in the second half of the analysis that lowers accuracy. The generators are
  those of test/fixtures/performance-estimation/make_fixtures.py, vectorised.
- nannyml-car-loan / nannyml-binary / nannyml-multiclass: NannyML's own example datasets, whole, as its
  package ships them (load_synthetic_car_loan_dataset, load_synthetic_binary_classification_dataset,
  load_synthetic_multiclass_classification_dataset), analysis joined to its targets, the columns CBPE
  reads renamed to score(s) / prediction / label. Their chunk sizes are the ones NannyML's tutorials use.

Values are written as NannyML's files hold them (the car loan reference's labels are 1.0 / 0.0 beside
predictions 1 / 0; both sides read them as the same classes). Nothing here is committed: the files are regenerated on every run of the benchmark.
"""
import json
import os
import sys

os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def made_binary(rng, n, shift):
    x1 = rng.normal(0, 1, n)
    x2 = rng.normal(0, 1, n)
    if shift:
        half = n // 2
        x1[half:] = rng.normal(-0.8, 0.6, n - half)
    logit = 1.4 * x1 - 0.9 * x2 + 0.3
    y = (rng.uniform(size=n) < sigmoid(logit)).astype(int)
    score = sigmoid(1.8 * logit + rng.normal(0, 0.3, n))
    return pd.DataFrame({"score": score, "prediction": (score >= 0.5).astype(int), "label": y})


def made_multiclass(rng, n, shift):
    classes = np.array(["cat", "dog", "fox"])
    x = rng.normal(0, 1, (n, 2))
    if shift:
        half = n // 2
        x[half:] = rng.normal(0, 1, (n - half, 2)) * 0.5 + np.array([0.3, -0.2])
    w = np.array([[1.5, 0.2], [-0.8, 1.2], [-0.7, -1.4]])
    logits = x @ w.T
    truth = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # One uniform per row against the cumulative class probabilities: rng.choice row by row is too slow here.
    y = (rng.uniform(size=(n, 1)) > np.cumsum(truth, axis=1)).sum(axis=1).clip(0, 2)
    model_logits = (logits + rng.normal(0, 0.25, logits.shape)) / 0.6
    scores = np.exp(model_logits) / np.exp(model_logits).sum(axis=1, keepdims=True)
    df = pd.DataFrame({f"p_{c}": scores[:, k] for k, c in enumerate(classes)})
    df["prediction"] = classes[scores.argmax(axis=1)]
    df["label"] = classes[y]
    return df


def write_case(out, name, ref, ana, scores, chunk_size, source):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    ref.to_csv(os.path.join(d, "reference.csv"), index=False)
    ana.to_csv(os.path.join(d, "analysis.csv"), index=False)
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"name": name, "scores": scores, "chunk_size": chunk_size, "reference_rows": len(ref), "analysis_rows": len(ana), "source": source}, f)


def nannyml_binary(loader, label):
    ref, ana, targets = loader()
    ana = ana.merge(targets, on="id")
    cols = {"y_pred_proba": "score", "y_pred": "prediction", label: "label"}
    ref = ref.rename(columns=cols)[list(cols.values())]
    ana = ana.rename(columns=cols)[list(cols.values())]
    return ref, ana


def main():
    out = sys.argv[1]
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 1_000_000
    only = sys.argv[sys.argv.index("--cases") + 1].split(",") if "--cases" in sys.argv else None
    want = lambda name: only is None or name in only  # noqa: E731
    chunk = max(1, rows // 20)
    if want("made-binary-1m"):
        rng = np.random.default_rng(20261207)
        write_case(out, "made-binary-1m", made_binary(rng, rows // 2, False), made_binary(rng, rows, True), "score", chunk, "made")
    if want("made-multiclass-1m"):
        rng = np.random.default_rng(20261208)
        scores = {"cat": "p_cat", "dog": "p_dog", "fox": "p_fox"}
        write_case(out, "made-multiclass-1m", made_multiclass(rng, rows // 2, False), made_multiclass(rng, rows, True), scores, chunk, "made")
    if not any(want(n) for n in ("nannyml-car-loan", "nannyml-binary", "nannyml-multiclass")):
        return
    import nannyml as nml

    if want("nannyml-car-loan"):
        ref, ana = nannyml_binary(nml.load_synthetic_car_loan_dataset, "repaid")
        write_case(out, "nannyml-car-loan", ref, ana, "score", 5000, "nml.load_synthetic_car_loan_dataset()")
    if want("nannyml-binary"):
        ref, ana = nannyml_binary(nml.load_synthetic_binary_classification_dataset, "work_home_actual")
        write_case(out, "nannyml-binary", ref, ana, "score", 5000, "nml.load_synthetic_binary_classification_dataset()")
    if want("nannyml-multiclass"):
        ref, ana, targets = nml.load_synthetic_multiclass_classification_dataset()
        ana = ana.merge(targets, on="id")
        score_cols = [c for c in ref.columns if c.startswith("y_pred_proba_")]
        keep = score_cols + ["y_pred", "y_true"]
        ref = ref[keep].rename(columns={"y_pred": "prediction", "y_true": "label"})
        ana = ana[keep].rename(columns={"y_pred": "prediction", "y_true": "label"})
        scores = {c[len("y_pred_proba_"):]: c for c in score_cols}
        write_case(out, "nannyml-multiclass", ref, ana, scores, 6000, "nml.load_synthetic_multiclass_classification_dataset()")


if __name__ == "__main__":
    main()
