"""NannyML's CBPE on one case written by make_cbpe_data.py, as a user would run it: read both CSVs with
pandas, fit on the reference, estimate on the analysis, print every chunk's results as JSON (the shape of
`ballast performance --json`, so cbpe.bench.ts compares them field by field).

    NML_DISABLE_USAGE_LOGGING=1 /work/venv-nml/bin/python bench/performance-estimation/peer_cbpe.py CASE_DIR

The whole process is timed by the benchmark; phases (import, read, fit, estimate) go to stderr.
"""
import json
import os
import sys
import time

os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"
t0 = time.perf_counter()
import nannyml as nml  # noqa: E402
import pandas as pd  # noqa: E402

METRICS = ["roc_auc", "accuracy", "precision", "recall", "f1", "specificity"]


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "case.json")) as f:
        case = json.load(f)
    t1 = time.perf_counter()
    ref = pd.read_csv(os.path.join(d, "reference.csv"))
    ana = pd.read_csv(os.path.join(d, "analysis.csv"))
    t2 = time.perf_counter()
    scores = case["scores"]
    estimator = nml.CBPE(
        problem_type="classification_binary" if isinstance(scores, str) else "classification_multiclass",
        y_pred_proba=scores,
        y_pred="prediction",
        y_true="label",
        metrics=METRICS,
        chunk_size=case["chunk_size"],
    )
    estimator.fit(ref)
    t3 = time.perf_counter()
    result = estimator.estimate(ana).filter(period="analysis").to_df()
    t4 = time.perf_counter()
    if isinstance(scores, str):
        calibrated = [bool(estimator.needs_calibration)]
    else:
        calibrated = [not type(estimator._calibrators[c]).__name__.startswith("Noop") for c in sorted(scores)]
    chunks = []
    for _, row in result.iterrows():
        metrics = {}
        for m in METRICS:
            value = lambda k: None if pd.isna(row[(m, k)]) else float(row[(m, k)])  # noqa: E731
            metrics[m] = {
                "estimated": value("value"),
                "sampling_error": value("sampling_error"),
                "realized": value("realized"),
                "lower": value("lower_threshold"),
                "upper": value("upper_threshold"),
                "alert": bool(row[(m, "alert")]),
            }
        chunks.append({"start": int(row[("chunk", "start_index")]), "end": int(row[("chunk", "end_index")]), "metrics": metrics})
    json.dump({"nannyml": nml.__version__, "calibrated": calibrated, "chunks": chunks}, sys.stdout)
    phases = {"import": t1 - t0, "read": t2 - t1, "fit": t3 - t2, "estimate": t4 - t3}
    print(json.dumps({"phases": phases}), file=sys.stderr)


if __name__ == "__main__":
    main()
