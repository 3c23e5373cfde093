"""Data and model for the model-tests benchmark (model-tests.bench.ts), written into OUT_DIR:

    python3 bench/model-tests/make_model_tests_data.py OUT_DIR [--rows 1000000]

- data.csv: ROWS rows × 20 columns — 18 numeric model inputs f0…f17, two columns that are not inputs but are
  sliced and judged for fairness (`sex`: F/M, `region`: north/south/east/west) — plus the label `y` (0/1). The
  label depends on f0…f5 and, a little, on `sex` through f3's distribution, so groups differ as real data does.
- training.csv: 50,000 rows drawn the same way (a different seed), the model's training data.
- model.json: an XGBoost binary classifier (100 trees, depth 6) trained on training.csv.
Seeded: every run writes the same bytes. Nothing here is committed.
"""
import argparse
import os

import numpy as np
import pandas as pd
import xgboost as xgb

FEATURES = [f"f{i}" for i in range(18)]


def make(rng, n):
    sex = rng.choice(["F", "M"], size=n, p=[0.45, 0.55])
    region = rng.choice(["north", "south", "east", "west"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    x = rng.normal(0, 1, size=(n, len(FEATURES)))
    x[:, 3] += np.where(sex == "F", -0.3, 0.2)
    x[:, 4] += np.where(region == "west", 0.5, 0.0)
    logit = 1.2 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + 0.5 * x[:, 4] - 0.4 * np.abs(x[:, 5]) + 0.2
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame(np.round(x, 6), columns=FEATURES)
    frame["sex"] = sex
    frame["region"] = region
    frame["y"] = y
    return frame


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    training = make(np.random.default_rng(1), 50_000)
    training.to_csv(os.path.join(args.out, "training.csv"), index=False)
    model = xgb.XGBClassifier(n_estimators=100, max_depth=6, learning_rate=0.1, random_state=0, n_jobs=2)
    model.fit(training[FEATURES], training["y"])
    model.save_model(os.path.join(args.out, "model.json"))
    make(np.random.default_rng(2), args.rows).to_csv(os.path.join(args.out, "data.csv"), index=False)


if __name__ == "__main__":
    main()
