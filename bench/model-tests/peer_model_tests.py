"""The Python equivalent of the benchmark's suite (model-tests.bench.ts), for the side-by-side run:

    /work/venv-fairlearn/bin/python bench/model-tests/peer_model_tests.py DIR [--boot 1000] [--slice-boot 200] [--measure-boot K]

Reads DIR/data.csv and DIR/model.json (make_model_tests_data.py), then does what `ballast test` does for
the suite in DIR/suite.yaml, the way a Python user would write it:
- scoring: the model's own `predict_proba` (XGBoost's C++ predictor), once;
- slices: accuracy on every slice of `region`, quintile bins of f0 and f1, and `sex × region`, each with a
  bootstrap interval of (overall − slice) from `--slice-boot` resamples of all rows (numpy, vectorised per round);
- fairness: Fairlearn's MetricFrame (selection rate, TPR, FPR, accuracy) by `sex` with `n_boot` bootstrap rounds
  and 95% intervals, its demographic parity and equalized odds differences (and their intervals);
- perturbation: Gaussian noise of 0.1 standard deviations on every numeric input at once, then on each input
  alone, each rescored with `predict_proba`: label flip rate and mean |Δ P(1)|.
Prints one JSON object with the values and the seconds each part took. With --measure-boot K, Fairlearn's
bootstrap runs K rounds and its time is extrapolated to --boot rounds (`fairness` and `total` then hold the
estimate, `fairness_measured` what ran): at a million rows one MetricFrame round takes seconds, so a
thousand rounds would take most of an hour.
"""
import argparse
import json
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score

FEATURES = [f"f{i}" for i in range(18)]


def slices(frame, correct, rng, rounds):
    keys = {"region": frame["region"].to_numpy()}
    for column in ["f0", "f1"]:
        edges = np.quantile(frame[column], [0.2, 0.4, 0.6, 0.8])
        keys[column] = np.searchsorted(edges, frame[column].to_numpy(), side="right")
    keys["sex & region"] = (frame["sex"] + " & " + frame["region"]).to_numpy()
    n = len(frame)
    overall = correct.mean()
    results = []
    codes = {name: pd.factorize(values) for name, values in keys.items()}
    for name, (code, labels) in codes.items():
        counts = np.bincount(code, minlength=len(labels))
        hits = np.bincount(code, weights=correct, minlength=len(labels))
        for index, label in enumerate(labels):
            results.append({"column": name, "slice": str(label), "rows": int(counts[index]), "worse_by": float(overall - hits[index] / counts[index]), "boot": []})
    for _ in range(rounds):
        sample = rng.integers(0, n, n)
        sampled_correct = correct[sample]
        sampled_overall = sampled_correct.mean()
        position = 0
        for name, (code, labels) in codes.items():
            sampled_code = code[sample]
            counts = np.bincount(sampled_code, minlength=len(labels))
            hits = np.bincount(sampled_code, weights=sampled_correct, minlength=len(labels))
            for index in range(len(labels)):
                results[position]["boot"].append(sampled_overall - hits[index] / counts[index] if counts[index] else np.nan)
                position += 1
    for result in results:
        low, high = np.nanquantile(result.pop("boot"), [0.025, 0.975])
        result["interval"] = [float(low), float(high)]
    return sorted(results, key=lambda r: -r["worse_by"])


def fairness(y, predicted, sex, boot):
    frame = MetricFrame(
        metrics={"selection_rate": selection_rate, "true_positive_rate": true_positive_rate, "false_positive_rate": false_positive_rate, "accuracy": accuracy_score},
        y_true=y,
        y_pred=predicted,
        sensitive_features=sex,
        n_boot=boot or None,
        ci_quantiles=[0.025, 0.975] if boot else None,
        random_state=7,
    )
    by_group = frame.by_group.to_dict(orient="index")
    differences = frame.difference_ci() if boot else None
    return {
        "by_group": {str(k): v for k, v in by_group.items()},
        "demographic_parity_difference": demographic_parity_difference(y, predicted, sensitive_features=sex),
        "equalized_odds_difference": equalized_odds_difference(y, predicted, sensitive_features=sex),
        "difference_intervals": None if differences is None else [d.to_dict() for d in differences],
    }


def perturbation(model, frame, base_probability, rng):
    x = frame[FEATURES].to_numpy()
    std = x.std(axis=0)
    base_label = base_probability >= 0.5

    def judge(perturbed):
        probability = model.predict_proba(perturbed)[:, 1]
        return {"flip_rate": float(np.mean((probability >= 0.5) != base_label)), "mean_abs_change": float(np.mean(np.abs(probability - base_probability)))}

    everything = judge(x + rng.normal(0, 1, x.shape) * std * 0.1)
    per_feature = {}
    for index, name in enumerate(FEATURES):
        one = x.copy()
        one[:, index] += rng.normal(0, 1, len(one)) * std[index] * 0.1
        per_feature[name] = judge(one)
    return {"noise": everything, "per_feature": per_feature}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--slice-boot", type=int, default=200)
    parser.add_argument(
        "--measure-boot",
        type=int,
        help="run Fairlearn's bootstrap with this many rounds only and extrapolate its time to --boot rounds "
        "(its time is linear in the rounds: each round is a whole MetricFrame of a resample)",
    )
    args = parser.parse_args()
    seconds = {}
    started = time.perf_counter()
    frame = pd.read_csv(f"{args.dir}/data.csv")
    seconds["read"] = time.perf_counter() - started
    model = xgb.XGBClassifier()
    model.load_model(f"{args.dir}/model.json")
    model.set_params(n_jobs=1)
    step = time.perf_counter()
    probability = model.predict_proba(frame[FEATURES].to_numpy())[:, 1]
    predicted = (probability >= 0.5).astype(int)
    seconds["score"] = time.perf_counter() - step
    y = frame["y"].to_numpy()
    rng = np.random.default_rng(7)
    step = time.perf_counter()
    slice_results = slices(frame, (predicted == y).astype(float), rng, args.slice_boot)
    seconds["slices"] = time.perf_counter() - step
    step = time.perf_counter()
    if args.measure_boot is None or args.measure_boot >= args.boot:
        fair = fairness(y, predicted, frame["sex"], args.boot)
        seconds["fairness"] = time.perf_counter() - step
    else:
        fair = fairness(y, predicted, frame["sex"], 0)
        without = time.perf_counter() - step
        step = time.perf_counter()
        fairness(y, predicted, frame["sex"], args.measure_boot)
        per_round = (time.perf_counter() - step - without) / args.measure_boot
        seconds["fairness_measured"] = without + (time.perf_counter() - step)
        seconds["fairness_per_round"] = per_round
        seconds["fairness"] = without + per_round * args.boot
    step = time.perf_counter()
    perturbed = perturbation(model, frame, probability, rng)
    seconds["perturbation"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    if "fairness_measured" in seconds:
        seconds["total"] += seconds["fairness"] - seconds["fairness_measured"]
    print(json.dumps({"seconds": seconds, "slices": slice_results[:5], "fairness": fair, "perturbation": perturbed}, default=float))


if __name__ == "__main__":
    main()
