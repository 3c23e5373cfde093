"""Python peer of bench/explain/tree-shap.bench.ts: trains the benchmark's XGBoost and LightGBM models (once per
directory), then times shap.TreeExplainer(model).shap_values(X) on the same rows Ballast explains.

Pinned: shap 0.51.0, xgboost 3.2.0, lightgbm 4.7.0, numpy 2.x (a venv: python3 -m venv --system-site-packages
/work/venv-a && /work/venv-a/bin/pip install shap==0.51.0).
    python tree_shap_peer.py DIR [--rows 2000] [--trees 100] [--repeats 3] [--threads 1]
For XGBoost and LightGBM boosters, shap's TreeExplainer (tree_path_dependent, raw output) hands the work to the
framework's own C++ TreeSHAP (pred_contribs / pred_contrib); --threads sets their thread count.
Prints one JSON line: per model, the best wall time of shap_values over the repeats and the contributions' checksum.
"""

import argparse
import json
import os
import sys
import time

# One thread unless asked (Ballast explains on one): set before numpy, XGBoost and LightGBM start OpenMP.
os.environ.setdefault("OMP_NUM_THREADS", sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1")

import lightgbm as lgb
import numpy as np
import shap
import warnings

warnings.simplefilter("ignore")
import xgboost as xgb

FEATURES = 20


def make(directory, rows, trees):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(17)
    x = rng.normal(size=(20000, FEATURES))
    x[rng.random(size=x.shape) < 0.05] = np.nan
    z = np.nan_to_num(x)
    y = ((z[:, 0] + z[:, 1] * z[:, 2] - 0.5 * z[:, 3] + np.sin(z[:, 4]) + rng.normal(scale=0.5, size=len(z))) > 0).astype(int)
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "seed": 1}, xgb.DMatrix(x, label=y), trees)
    booster.save_model(os.path.join(directory, "xgboost.json"))
    lgb_model = lgb.train(
        {"objective": "binary", "num_leaves": 31, "verbose": -1, "seed": 1, "deterministic": True}, lgb.Dataset(x, label=y), trees
    )
    lgb_model.save_model(os.path.join(directory, "lightgbm.txt"))
    test = rng.normal(size=(rows, FEATURES))
    test[rng.random(size=test.shape) < 0.05] = np.nan
    with open(os.path.join(directory, "rows.json"), "w") as handle:
        json.dump([[None if np.isnan(v) else float(v) for v in row] for row in test], handle)


def best_time(run, repeats):
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    stamp = os.path.join(args.directory, "made.json")
    wanted = {"rows": args.rows, "trees": args.trees}
    if not os.path.exists(stamp) or json.load(open(stamp)) != wanted:
        make(args.directory, args.rows, args.trees)
        json.dump(wanted, open(stamp, "w"))

    x = np.array(json.load(open(os.path.join(args.directory, "rows.json"))), dtype=np.float64)
    xgb_model = xgb.Booster(model_file=os.path.join(args.directory, "xgboost.json"))
    xgb_model.set_param({"nthread": args.threads})
    lgb_model = lgb.Booster(model_file=os.path.join(args.directory, "lightgbm.txt"))
    out = {"shap": shap.__version__, "threads": args.threads, "rows": len(x)}
    for name, model in (("xgboost", xgb_model), ("lightgbm", lgb_model)):
        explainer = shap.TreeExplainer(model)
        seconds, values = best_time(lambda: explainer.shap_values(x), args.repeats)
        # A binary LightGBM model gives [class 0, class 1]; class 1 is the margin's.
        values = np.asarray(values[-1] if isinstance(values, list) else values, dtype=np.float64).reshape(len(x), -1)
        out[name] = {"seconds": seconds, "rows_per_second": len(x) / seconds, "checksum": float(np.abs(values).sum()), "first_row": values[0].tolist()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
