"""The peer for bench/predict.bench.ts: each framework's own batch scoring of the same CSV file,
timed the same way (read the CSV, predict every row, write JSON Lines). Prints median seconds."""
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd

model_path, input_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
CATEGORICAL = ["employment_type", "home_ownership", "purpose"]


def load():
    if model_path.endswith(".json"):
        import xgboost as xgb
        booster = xgb.Booster()
        booster.load_model(model_path)
        names = booster.feature_names

        def predict(frame):
            x = frame[names].copy()
            for c in CATEGORICAL:
                if c in x:
                    x[c] = x[c].astype("category")
            return booster.predict(xgb.DMatrix(x, enable_categorical=True))
        return predict
    if model_path.endswith(".txt"):
        import lightgbm as lgb
        booster = lgb.Booster(model_file=model_path)
        names = booster.feature_name()
        cats = booster.pandas_categorical or []

        def predict(frame):
            x = frame[names].copy()
            for c, values in zip([c for c in names if c in CATEGORICAL], cats):
                x[c] = pd.Categorical(x[c], categories=values)
            return booster.predict(x)
        return predict
    import onnxruntime as ort
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])

    def predict(frame):
        feeds = {}
        for inp in session.get_inputs():
            col = frame[inp.name]
            if inp.type == "tensor(string)":
                feeds[inp.name] = col.fillna("").astype(str).to_numpy().reshape(-1, 1)
            else:
                feeds[inp.name] = col.astype(np.float32).to_numpy().reshape(-1, 1)
        return session.run(None, feeds)[1][:, 1]
    return predict


predict = load()
times = []
for _ in range(runs):
    started = time.perf_counter()
    frame = pd.read_csv(input_path)
    p = predict(frame)
    with open("/dev/null", "w") as out:
        for value in p:
            out.write(json.dumps({"probabilities": [1 - float(value), float(value)]}) + "\n")
    times.append(time.perf_counter() - started)
print(statistics.median(times))
