"""The scipy side of the drift benchmark: the same per-column drift check as `ballast drift`, written
the way a data scientist would with pandas, numpy and scipy.

    python3 bench/monitoring/peer_drift_scipy.py REFERENCE.csv CURRENT.csv

For every column, on its present (non-missing) values:
  ks_2samp                      two-sample Kolmogorov-Smirnov statistic and p-value (method "auto")
  wasserstein_distance          and the same divided by the reference's standard deviation
  PSI, jensenshannon            on 10 bins whose edges are the reference's deciles (numpy.quantile);
                                the outer bins are open; bins are [lower, upper); a repeated edge
                                (integer counts) is dropped rather than making a bin that is empty
                                by construction, so such columns get fewer bins, as in Ballast; a
                                share of 0 is floored at 0.0001 so the logarithms stay finite
Then Benjamini-Hochberg (false_discovery_control) across the columns' KS p-values, and the decision
"drifted" = adjusted p < 0.05 and normalised Wasserstein >= 0.1 (statistical and practical
significance together, as Ballast decides).

Prints one JSON line: wall seconds from before pandas is imported to the end (reading included)
and, of those, the seconds the imports took,
the peak RSS (getrusage ru_maxrss, KB on Linux), versions, and per column the statistics and decision.
"""
import time

started = time.perf_counter()

import importlib.metadata  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.spatial.distance import jensenshannon  # noqa: E402

imported = time.perf_counter()

BINS = 10
SHARE_FLOOR = 0.0001
P_VALUE_THRESHOLD = 0.05
WASSERSTEIN_NORM_THRESHOLD = 0.1


def binned_shares(values: np.ndarray, interior_edges: np.ndarray) -> np.ndarray:
    # side="right": a value equal to an edge falls in the bin that starts at it, i.e. [lower, upper).
    counts = np.bincount(np.searchsorted(interior_edges, values, side="right"), minlength=len(interior_edges) + 1)
    return np.maximum(counts / len(values), SHARE_FLOOR)


def column_metrics(reference: np.ndarray, current: np.ndarray) -> dict:
    ks = stats.ks_2samp(reference, current)
    wasserstein = stats.wasserstein_distance(reference, current)
    std = float(np.std(reference))
    # np.arange(1, BINS) / BINS is exactly k/10; np.linspace(0, 1, 11) would give 0.30000000000000004 for
    # the third decile, which on 6-digit data can move an edge off a repeated value and a few rows across it.
    interior_edges = np.unique(np.quantile(reference, np.arange(1, BINS) / BINS))
    ref_shares = binned_shares(reference, interior_edges)
    cur_shares = binned_shares(current, interior_edges)
    return {
        "n_reference": int(len(reference)),
        "n_current": int(len(current)),
        "ks_statistic": float(ks.statistic),
        "ks_p_value": float(ks.pvalue),
        "wasserstein": float(wasserstein),
        "reference_std": std,
        "wasserstein_norm": float(wasserstein / std) if std > 0 else None,
        "psi": float(np.sum((cur_shares - ref_shares) * np.log(cur_shares / ref_shares))),
        "jensen_shannon": float(jensenshannon(ref_shares, cur_shares)),
    }


def main() -> None:
    reference_frame = pd.read_csv(sys.argv[1])
    current_frame = pd.read_csv(sys.argv[2])
    columns = []
    for name in reference_frame.columns:
        reference = reference_frame[name].dropna().to_numpy(dtype=np.float64)
        current = current_frame[name].dropna().to_numpy(dtype=np.float64)
        columns.append({"name": name, **column_metrics(reference, current)})
    adjusted = stats.false_discovery_control([c["ks_p_value"] for c in columns], method="bh")
    for column, p_value in zip(columns, adjusted):
        column["p_value_adjusted"] = float(p_value)
        norm = column["wasserstein_norm"]
        column["drifted"] = bool(p_value < P_VALUE_THRESHOLD and norm is not None and norm >= WASSERSTEIN_NORM_THRESHOLD)
    print(json.dumps({
        "tool": "scipy",
        "import_seconds": imported - started,
        "seconds": time.perf_counter() - started,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "versions": {name: importlib.metadata.version(name) for name in ("scipy", "numpy", "pandas")},
        "columns": columns,
    }))


if __name__ == "__main__":
    main()
