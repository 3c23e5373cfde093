"""Peers of Ballast's point-in-time training sets (bench/features/training-set.bench.ts).

  python3 training_set_peer.py generate DIR [--rows N] [--customers N] [--source-rows N]
  python3 training_set_peer.py pandas DIR OUT.parquet
  /path/to/feast-venv/bin/python training_set_peer.py feast DIR OUT.parquet

`generate` writes, deterministically (seed 18), DIR/entities.parquet (customer_id int64,
event_timestamp UTC, amount) and three sources DIR/{orders,payments,sessions}.parquet (customer_id,
event_time, two features each). The views: orders (ttl 7d), payments (ttl 30d), sessions (no ttl).

`pandas` joins with merge_asof(direction="backward", tolerance=ttl, allow_exact_matches=True) per view;
`feast` with Feast's local offline store (FileSource, get_historical_features). Both write OUT.parquet
and print one JSON line: seconds (reading, joining, writing), peak RSS (ru_maxrss) and rows.
"""

import json
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

BASE = pd.Timestamp("2026-01-01T00:00:00Z")
VIEWS = {
    "orders": {"ttl": timedelta(days=7), "features": {"order_total": "float", "order_items": "int"}},
    "payments": {"ttl": timedelta(days=30), "features": {"paid_amount": "float", "payment_failures": "int"}},
    "sessions": {"ttl": None, "features": {"session_minutes": "float", "pages_viewed": "int"}},
}


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def generate(directory):
    rows, customers, source_rows = arg("--rows", 10_000_000), arg("--customers", 1_000_000), arg("--source-rows", 2_000_000)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(18)
    seconds = lambda n, lo, hi: BASE + pd.to_timedelta(rng.integers(lo * 86400, hi * 86400, n), unit="s")
    pd.DataFrame(
        {
            "customer_id": rng.integers(0, customers, rows, dtype=np.int64),
            "event_timestamp": seconds(rows, 30, 120),
            "amount": rng.random(rows).round(2),
        }
    ).to_parquet(out / "entities.parquet", index=False)
    for name, view in VIEWS.items():
        frame = {"customer_id": rng.integers(0, customers, source_rows, dtype=np.int64), "event_time": seconds(source_rows, 0, 120)}
        for feature, kind in view["features"].items():
            frame[feature] = rng.gamma(2.0, 20.0, source_rows).round(3) if kind == "float" else rng.integers(0, 50, source_rows, dtype=np.int64)
        pd.DataFrame(frame).to_parquet(out / f"{name}.parquet", index=False)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def with_pandas(directory, output):
    started = time.perf_counter()
    entities = pd.read_parquet(Path(directory) / "entities.parquet")
    entities["__row"] = np.arange(len(entities))
    left = entities.sort_values("event_timestamp", kind="mergesort")
    for name, view in VIEWS.items():
        source = pd.read_parquet(Path(directory) / f"{name}.parquet").sort_values("event_time", kind="mergesort")
        left = pd.merge_asof(
            left,
            source,
            left_on="event_timestamp",
            right_on="event_time",
            by="customer_id",
            direction="backward",
            tolerance=view["ttl"],
            allow_exact_matches=True,
        ).drop(columns=["event_time"])
    left.sort_values("__row").drop(columns=["__row"]).to_parquet(output, index=False)
    return time.perf_counter() - started, len(left)


def with_feast(directory, output):
    from feast import Entity, FeatureStore, FeatureView, Field, FileSource, RepoConfig
    from feast.types import Float64, Int64

    repo = Path(tempfile.mkdtemp(prefix="ballast-feast-"))
    store = FeatureStore(
        config=RepoConfig(
            project="bench",
            registry=str(repo / "registry.db"),
            provider="local",
            offline_store={"type": "file"},
            online_store={"type": "sqlite", "path": str(repo / "online.db")},
            entity_key_serialization_version=3,
        )
    )
    customer = Entity(name="customer", join_keys=["customer_id"])
    views = []
    for name, view in VIEWS.items():
        source = FileSource(name=name, path=str(Path(directory).resolve() / f"{name}.parquet"), timestamp_field="event_time")
        schema = [Field(name=f, dtype=Float64 if kind == "float" else Int64) for f, kind in view["features"].items()]
        views.append(FeatureView(name=name, entities=[customer], ttl=view["ttl"] or timedelta(0), schema=schema, source=source))
    store.apply([customer, *views])
    started = time.perf_counter()
    entities = pd.read_parquet(Path(directory) / "entities.parquet")
    refs = [f"{name}:{f}" for name, view in VIEWS.items() for f in view["features"]]
    frame = store.get_historical_features(entity_df=entities, features=refs).to_df()
    frame.to_parquet(output, index=False)
    return time.perf_counter() - started, len(frame)


if __name__ == "__main__":
    command, directory = sys.argv[1], sys.argv[2]
    if command == "generate":
        generate(directory)
    else:
        seconds, rows = (with_pandas if command == "pandas" else with_feast)(directory, sys.argv[3])
        print(json.dumps({"peer": command, "seconds": seconds, "peak_rss_mb": peak_mb(), "rows": rows}))
