"""Train the example credit-risk models on examples/credit/train.csv.

Writes, beside this file:
  model.xgb.json             XGBoost classifier with native categorical splits
  model.lgb.txt              LightGBM classifier with pandas categoricals
  model.onnx                 scikit-learn pipeline (imputers, one-hot, logistic regression), one input per column
  expected_predictions.json  each framework's own predictions for the first 300 rows of live.csv
  metrics.json               holdout metrics on live.csv (and live_drifted.csv) and the training parameters

The models see only the features: applicant_id is an identifier, and the sensitive attributes
(sex, age_band) stay in the data for fairness checks but out of the models.

Usage: python examples/credit/train.py   (after make_data.py)
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
import sklearn
import skl2onnx
import xgboost as xgb
import yaml
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent
LABEL = "default"
CATEGORICAL = ["employment_type", "home_ownership", "purpose"]
NUMERIC = [
    "age", "income", "employment_years", "loan_amount", "loan_term_months", "debt_to_income",
    "credit_history_months", "num_open_accounts", "num_late_payments_2y", "credit_utilization",
]
# Column order of every model's input: the CSV's order, without id, sensitive attributes and label.
FEATURES = [
    "age", "income", "employment_type", "employment_years", "home_ownership", "loan_amount",
    "loan_term_months", "purpose", "debt_to_income", "credit_history_months", "num_open_accounts",
    "num_late_payments_2y", "credit_utilization",
]
EXPECTED_ROWS = 300
# The seed lives in params.yaml, the parameters of pipeline.yaml's `train` step.
SEED = yaml.safe_load((HERE / "params.yaml").read_text())["train"]["seed"]

XGB_PARAMS = dict(
    n_estimators=100, max_depth=4, learning_rate=0.1, min_child_weight=5.0,
    tree_method="hist", enable_categorical=True, max_cat_to_onehot=1,
    objective="binary:logistic", eval_metric="logloss", random_state=SEED, n_jobs=1,
)
LGB_PARAMS = dict(
    n_estimators=100, num_leaves=15, learning_rate=0.05, min_child_samples=40,
    objective="binary", random_state=SEED, n_jobs=1, deterministic=True, force_row_wise=True,
    verbose=-1,
)
LOGREG_PARAMS = dict(C=1.0, max_iter=2000)
# ONNX opsets that onnxruntime-node 1.30 runs; pinned so a skl2onnx upgrade does not move them.
ONNX_TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def read(name: str) -> pd.DataFrame:
    # Keep identifiers and categories as strings; an empty cell is missing.
    return pd.read_csv(HERE / name, dtype={"applicant_id": str, **{c: str for c in CATEGORICAL}})


def category_frame(df: pd.DataFrame, categories: dict[str, list[str]]) -> pd.DataFrame:
    """Features with category dtype on the training categories; an unseen category becomes missing."""
    X = df[FEATURES].copy()
    for col in CATEGORICAL:
        known = X[col].where(X[col].isin(categories[col]))
        X[col] = pd.Categorical(known, categories=categories[col])
    return X


def string_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Features for the scikit-learn pipeline: a missing category is the empty string."""
    X = df[FEATURES].copy()
    for col in CATEGORICAL:
        X[col] = X[col].fillna("").astype(object)
    for col in NUMERIC:
        X[col] = X[col].astype(float)
    return X


def onnx_feeds(X: pd.DataFrame) -> dict[str, np.ndarray]:
    feeds = {}
    for col in FEATURES:
        if col in CATEGORICAL:
            feeds[col] = X[col].to_numpy(dtype=object).reshape(-1, 1)
        else:
            feeds[col] = X[col].to_numpy(dtype=np.float32).reshape(-1, 1)
    return feeds


def train_xgboost(train: pd.DataFrame, categories: dict[str, list[str]]) -> None:
    model = xgb.XGBClassifier(**XGB_PARAMS)
    model.fit(category_frame(train, categories), train[LABEL])
    model.save_model(HERE / "model.xgb.json")


def predict_xgboost(df: pd.DataFrame, categories: dict[str, list[str]]) -> dict[str, np.ndarray]:
    booster = xgb.Booster(model_file=str(HERE / "model.xgb.json"))
    dm = xgb.DMatrix(category_frame(df, categories), enable_categorical=True, missing=np.nan)
    return {"probability": booster.predict(dm), "margin": booster.predict(dm, output_margin=True)}


def train_lightgbm(train: pd.DataFrame, categories: dict[str, list[str]]) -> None:
    model = lgb.LGBMClassifier(**LGB_PARAMS)
    model.fit(category_frame(train, categories), train[LABEL])
    model.booster_.save_model(HERE / "model.lgb.txt")


def predict_lightgbm(df: pd.DataFrame, categories: dict[str, list[str]]) -> dict[str, np.ndarray]:
    booster = lgb.Booster(model_file=str(HERE / "model.lgb.txt"))
    X = category_frame(df, categories)
    return {"probability": booster.predict(X), "margin": booster.predict(X, raw_score=True)}


def build_pipeline() -> Pipeline:
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    # Missing categories arrive as '' (CSV empty cell); they get their own one-hot column,
    # and categories never seen in training (e.g. a new loan purpose) map to all zeros.
    categorical = Pipeline([
        ("impute", SimpleImputer(missing_values="", strategy="constant", fill_value="missing")),
        ("onehot", OneHotEncoder(handle_unknown="ignore")),
    ])
    columns = ColumnTransformer([("num", numeric, NUMERIC), ("cat", categorical, CATEGORICAL)])
    return Pipeline([("columns", columns), ("classifier", LogisticRegression(**LOGREG_PARAMS))])


def train_onnx(train: pd.DataFrame) -> None:
    pipeline = build_pipeline().fit(string_frame(train), train[LABEL])
    initial_types = [
        (col, StringTensorType([None, 1]) if col in CATEGORICAL else FloatTensorType([None, 1]))
        for col in FEATURES
    ]
    onx = convert_sklearn(
        pipeline, initial_types=initial_types, target_opset=ONNX_TARGET_OPSET,
        options={id(pipeline.named_steps["classifier"]): {"zipmap": False}},
    )
    onx.graph.name = "credit_default_logistic_regression"  # skl2onnx names it with a random UUID
    # skl2onnx collects the opsets in a set, whose order follows Python's per-process string hash
    # seed: in a fixed order (by domain, descending: the order of the committed model.onnx) the
    # file's bytes no longer change from one run to the next.
    opsets = sorted(((o.domain, o.version) for o in onx.opset_import), reverse=True)
    del onx.opset_import[:]
    for domain, version in opsets:
        onx.opset_import.add(domain=domain, version=version)
    onnx.helper.set_model_props(onx, {"feature_names": json.dumps(FEATURES)})
    onnx.checker.check_model(onx)
    (HERE / "model.onnx").write_bytes(onx.SerializeToString())


def predict_onnx(df: pd.DataFrame) -> dict[str, np.ndarray]:
    session = ort.InferenceSession(str(HERE / "model.onnx"), providers=["CPUExecutionProvider"])
    label, probabilities = session.run(["label", "probabilities"], onnx_feeds(string_frame(df)))
    return {"probability": probabilities[:, 1], "label": label}


def predictions(df: pd.DataFrame, categories: dict[str, list[str]]) -> dict[str, dict[str, np.ndarray]]:
    out = {
        "model.xgb.json": predict_xgboost(df, categories),
        "model.lgb.txt": predict_lightgbm(df, categories),
        "model.onnx": predict_onnx(df),
    }
    for pred in out.values():
        pred.setdefault("label", (pred["probability"] > 0.5).astype(int))
    return out


def metrics(y: pd.Series, pred: dict[str, np.ndarray]) -> dict[str, float]:
    p = pred["probability"].astype(float)
    return {
        "auc": round(float(roc_auc_score(y, p)), 6),
        "log_loss": round(float(log_loss(y, p)), 6),
        "accuracy": round(float(accuracy_score(y, pred["label"])), 6),
    }


def versions() -> dict[str, str]:
    return {
        "python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__, "xgboost": xgb.__version__, "lightgbm": lgb.__version__,
        "onnx": onnx.__version__, "onnxruntime": ort.__version__, "skl2onnx": skl2onnx.__version__,
    }


def write_json(name: str, payload: object) -> None:
    (HERE / name).write_text(json.dumps(payload, indent=1) + "\n")


def main() -> None:
    train, live, drifted = read("train.csv"), read("live.csv"), read("live_drifted.csv")
    categories = {col: sorted(train[col].dropna().unique().tolist()) for col in CATEGORICAL}

    train_xgboost(train, categories)
    train_lightgbm(train, categories)
    train_onnx(train)

    head = live.head(EXPECTED_ROWS)
    head_pred = predictions(head, categories)
    missing_rows = [int(i) for i in np.flatnonzero(head[FEATURES].isna().any(axis=1).to_numpy())]
    write_json("expected_predictions.json", {
        "source": "live.csv",
        "rows": EXPECTED_ROWS,
        "description": "Each framework's own predictions (xgboost Booster, lightgbm Booster, "
                       "onnxruntime) for the first rows of live.csv; probability is P(default=1), "
                       "label is probability > 0.5 (ONNX: the model's own label output), margin is "
                       "the raw log-odds score. Unseen categories are fed as missing to XGBoost and "
                       "LightGBM; a missing category is fed to the ONNX model as ''.",
        "features": FEATURES,
        "categorical_features": CATEGORICAL,
        "rows_with_missing_values": missing_rows,
        "versions": versions(),
        "applicant_id": head["applicant_id"].tolist(),
        "models": {
            name: {key: [v.item() for v in values] for key, values in pred.items()}
            for name, pred in head_pred.items()
        },
    })

    live_pred, drifted_pred = predictions(live, categories), predictions(drifted, categories)
    write_json("metrics.json", {
        "label": LABEL,
        "features": FEATURES,
        "categorical_features": CATEGORICAL,
        "excluded_columns": {"identifier": ["applicant_id"], "sensitive": ["sex", "age_band"]},
        "train": {"file": "train.csv", "rows": len(train), "positive_rate": round(float(train[LABEL].mean()), 6)},
        "holdout": {
            "live.csv": {
                "rows": len(live), "positive_rate": round(float(live[LABEL].mean()), 6),
                "models": {name: metrics(live[LABEL], pred) for name, pred in live_pred.items()},
            },
            "live_drifted.csv": {
                "rows": len(drifted), "positive_rate": round(float(drifted[LABEL].mean()), 6),
                "models": {name: metrics(drifted[LABEL], pred) for name, pred in drifted_pred.items()},
            },
        },
        "parameters": {
            "model.xgb.json": {"estimator": "xgboost.XGBClassifier", **XGB_PARAMS},
            "model.lgb.txt": {"estimator": "lightgbm.LGBMClassifier", **LGB_PARAMS},
            "model.onnx": {
                "estimator": "sklearn Pipeline: SimpleImputer(median)+StandardScaler on numeric; "
                             "SimpleImputer('' -> 'missing')+OneHotEncoder(handle_unknown='ignore') "
                             "on categorical; LogisticRegression",
                **LOGREG_PARAMS, "target_opset": ONNX_TARGET_OPSET,
            },
        },
        "versions": versions(),
    })
    for name, m in ((n, metrics(live[LABEL], p)) for n, p in live_pred.items()):
        print(f"{name}: live AUC {m['auc']:.3f}  log-loss {m['log_loss']:.3f}  accuracy {m['accuracy']:.3f}")


if __name__ == "__main__":
    main()
