"""The Evidently side of the drift benchmark: its data drift preset on the same two CSV files.

    PYTHON bench/monitoring/peer_drift_evidently.py REFERENCE.csv CURRENT.csv

PYTHON is an interpreter with Evidently installed (`pip install evidently`). Evidently 0.7.23, the
newest on PyPI when this was written, cannot be imported next to pandas 3 (it imports a pandas
internal that pandas 3 removed), so the benchmark runs it from its own virtual environment with
pandas 2 (see docs/benchmarks.md, "Monitoring: drift").

What it runs, as Evidently's documentation shows it: pandas.read_csv both files, a DataDefinition
that declares all 20 columns numerical (so integer counts are not guessed to be categories),
Report([DataDriftPreset()], include_tests=True).run(current, reference) and snapshot.dict().
include_tests=True gives Evidently's own pass/fail per column, so the drift decision printed here is
Evidently's, not re-derived. With more than 1,000 rows per side, Evidently picks the normalised
Wasserstein distance with threshold 0.1 for numerical columns (drift when score >= 0.1).

Prints one JSON line: wall seconds from before pandas is imported to the end (reading included)
and, of those, the seconds the imports took,
peak RSS (getrusage ru_maxrss, KB on Linux), versions, and per column the method, threshold,
score and decision as Evidently reports them.
"""
import time

started = time.perf_counter()

import importlib.metadata  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

# Evidently can send usage telemetry; a benchmark must not wait on the network.
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

import pandas as pd  # noqa: E402
from evidently import DataDefinition, Dataset, Report  # noqa: E402
from evidently.presets import DataDriftPreset  # noqa: E402

imported = time.perf_counter()


def main() -> None:
    reference_frame = pd.read_csv(sys.argv[1])
    current_frame = pd.read_csv(sys.argv[2])
    definition = DataDefinition(numerical_columns=list(reference_frame.columns))
    reference = Dataset.from_pandas(reference_frame, data_definition=definition)
    current = Dataset.from_pandas(current_frame, data_definition=definition)
    snapshot = Report([DataDriftPreset()], include_tests=True).run(current_data=current, reference_data=reference)
    result = snapshot.dict()
    seconds = time.perf_counter() - started

    columns = {}
    for metric in result["metrics"]:
        config = metric["config"]
        if config.get("type") == "evidently:metric_v2:ValueDrift":
            columns[config["column"]] = {
                "name": config["column"],
                "method": config["method"],
                "threshold": config["threshold"],
                "score": metric["value"],
            }
    for test in result["tests"]:
        column = test["metric_config"]["params"].get("column")
        if column in columns:
            # Evidently's column test fails when the column drifted.
            columns[column]["drifted"] = test["status"] == "FAIL"
    dataset = next(m["value"] for m in result["metrics"] if m["config"]["type"] == "evidently:metric_v2:DriftedColumnsCount")
    print(json.dumps({
        "tool": "evidently",
        "import_seconds": imported - started,
        "seconds": seconds,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "versions": {name: importlib.metadata.version(name) for name in ("evidently", "pandas", "scipy", "numpy")},
        "dataset": dataset,
        "columns": [columns[name] for name in reference_frame.columns if name in columns],
    }))


if __name__ == "__main__":
    main()
