"""DiCE's side of bench/explain/counterfactual.bench.ts, and the scoring of both sides.

Pinned: dice-ml 0.11 (which needs pandas < 2: pandas 1.5.3, so numpy 1.26.4), xgboost 3.2.0:
    python3 -m venv --system-site-packages /work/venv-d
    /work/venv-d/bin/pip install dice-ml==0.11 pandas==1.5.3 numpy==1.26.4 xgboost==3.2.0

Reads the instances and Ballast's counterfactuals the bench wrote, asks DiCE's model-agnostic `random`
method for k counterfactuals of each instance on the same XGBoost model (its own Python predictor,
categories as the model was trained with), then scores BOTH sets the same way, with XGBoost's own
predictor: validity (share of counterfactuals whose predicted class is the desired one), sparsity
(features changed), proximity (L1 with numbers divided by the median absolute deviation of the training
data, 1 per category changed — the distance Ballast reports, computed here for both on the full training
file), diversity (share of an instance's counterfactuals that change a set of features no other one
does) and time per instance (the search only; loading and set-up excluded on both sides).
"""
import argparse
import json
import time

import dice_ml
import numpy as np
import pandas as pd
import xgboost as xgb

parser = argparse.ArgumentParser()
parser.add_argument("--work", required=True, help="the bench's JSON (instances, Ballast's answers, settings)")
parser.add_argument("--train", required=True)
parser.add_argument("--model", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

work = json.load(open(args.work))
features: list[str] = work["features"]
categorical: list[str] = work["categorical"]
numeric = [f for f in features if f not in categorical]
label = work["label"]
k = work["k"]
immutable = set(work["immutable"])

train = pd.read_csv(args.train, keep_default_na=True)
categories = {c: sorted(train[c].dropna().unique().tolist()) for c in categorical}
booster = xgb.Booster()
booster.load_model(args.model)


def frame(df: pd.DataFrame) -> pd.DataFrame:
    X = df[features].copy()
    for c in numeric:
        X[c] = pd.to_numeric(X[c], errors="coerce").astype(float)
    for c in categorical:
        X[c] = pd.Categorical(X[c].where(X[c].isin(categories[c])), categories=categories[c])
    return X


def p_one(df: pd.DataFrame) -> np.ndarray:
    return booster.predict(xgb.DMatrix(frame(df), enable_categorical=True, missing=np.nan))


class Wrapped:
    """What DiCE's sklearn backend calls: predict_proba / predict on raw feature frames."""

    def predict_proba(self, df):
        p = p_one(pd.DataFrame(df, columns=features))
        return np.column_stack([1 - p, p])

    def predict(self, df):
        return (self.predict_proba(df)[:, 1] > 0.5).astype(int)


present = train[numeric].astype(float)
mad = {}
for c in numeric:
    v = present[c].dropna().to_numpy()
    m = np.median(np.abs(v - np.median(v)))
    mad[c] = m if m > 0 else (v.max() - v.min() if v.max() > v.min() else 1.0)


def changed(orig: dict, cf: dict) -> list[str]:
    out = []
    for f in features:
        a, b = orig[f], cf[f]
        if f in categorical:
            if str(a) != str(b):
                out.append(f)
        elif abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(a))):
            out.append(f)
    return out


def distance(orig: dict, cf: dict) -> float:
    return sum(1.0 if f in categorical else abs(float(cf[f]) - float(orig[f])) / mad[f] for f in changed(orig, cf))


def score(instances, answers):
    rows = []
    for inst, (cfs, seconds) in zip(instances, answers):
        desired = inst["desired"]
        if cfs:
            p = p_one(pd.DataFrame(cfs))
            valid = [int(x > 0.5) == desired for x in p]
        else:
            valid = []
        sets = [tuple(changed(inst["instance"], cf)) for cf in cfs]
        rows.append(
            dict(
                returned=len(cfs),
                valid=sum(valid),
                found=any(valid),
                changed=[len(s) for s in sets],
                distance=[distance(inst["instance"], cf) for cf in cfs],
                distinct_sets=len(set(sets)),
                immutable_changed=sum(1 for s in sets if immutable & set(s)),
                seconds=seconds,
            )
        )
    return rows


instances = work["instances"]
ballast = [([cf["instance"] for cf in a["counterfactuals"]], a["seconds"]) for a in work["ballast"]]

dice_train = train[features + [label]].dropna().reset_index(drop=True)
data = dice_ml.Data(dataframe=dice_train, continuous_features=numeric, outcome_name=label)
model = dice_ml.Model(model=Wrapped(), backend="sklearn")
explainer = dice_ml.Dice(data, model, method="random")
vary = [f for f in features if f not in immutable]
dice = []
for i, inst in enumerate(instances):
    query = pd.DataFrame([inst["instance"]])[features]
    started = time.perf_counter()
    try:
        result = explainer.generate_counterfactuals(
            query, total_CFs=k, desired_class=inst["desired"], features_to_vary=vary, random_seed=work["seed"] + i, verbose=False
        )
        found = result.cf_examples_list[0].final_cfs_df
        cfs = [] if found is None else found[features].to_dict("records")
    except Exception as error:  # DiCE raises when it finds nothing
        print(f"DiCE on instance {i}: {type(error).__name__}: {error}")
        cfs = []
    dice.append((cfs, time.perf_counter() - started))

json.dump(
    {"ballast": score(instances, ballast), "dice": score(instances, dice), "versions": {"dice_ml": "0.11", "xgboost": xgb.__version__}},
    open(args.out, "w"),
)
