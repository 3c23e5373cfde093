"""Writes the drift benchmark's data: reference.csv and current.csv, ROWS rows x 20 numeric columns
each (header row), into OUT_DIR. Nothing here is committed; the benchmark makes it fresh each run.

    python3 bench/monitoring/make_drift_data.py OUT_DIR [ROWS] [SEED]     # ROWS 1,000,000, SEED 7

The columns mix the shapes monitoring meets in practice: normal, lognormal, uniform, exponential,
gamma, beta, heavy-tailed t, integer counts with many ties, and one column with 5% missing cells
(written empty). Five columns drift in the current file, each in a different way, and the other
fifteen are drawn from the same distribution on both sides (so any decision on them is a false
alarm). DRIFTED below names them, so the benchmark can say which decisions are right.

Values are written with 6 significant digits: realistic for logged features, and it puts ties into
the continuous columns too, which a two-sample test has to handle exactly.
"""
import json
import os
import sys

import numpy as np
import pandas as pd

# column -> how it drifts in the current file
DRIFTED = {
    "c02_normal_shift": "mean shift of 0.2 reference standard deviations",
    "c04_lognormal_scale": "log-scale sigma 1.0 -> 1.25",
    "c08_poisson_counts_shift": "Poisson mean 3 -> 3.4 (integer counts, ties)",
    "c10_normal_mixture": "15% of rows from a second mode at +3",
    "c14_gamma_scale": "gamma scale 2 -> 2.5",
}


def columns(rng: np.random.Generator, n: int, current: bool) -> dict:
    """One side's 20 columns; `current` switches on the drift of the DRIFTED columns only."""
    mixture = rng.normal(0.0, 1.0, n)
    if current:
        second_mode = rng.random(n) < 0.15
        mixture[second_mode] = rng.normal(3.0, 0.5, int(second_mode.sum()))
    with_missing = rng.normal(50.0, 10.0, n)
    with_missing[rng.random(n) < 0.05] = np.nan
    return {
        "c01_normal": rng.normal(0.0, 1.0, n),
        "c02_normal_shift": rng.normal(10.0 + (0.4 if current else 0.0), 2.0, n),
        "c03_lognormal": rng.lognormal(0.0, 0.75, n),
        "c04_lognormal_scale": rng.lognormal(1.0, 1.25 if current else 1.0, n),
        "c05_uniform": rng.uniform(0.0, 1.0, n),
        "c06_uniform_wide": rng.uniform(-500.0, 500.0, n),
        "c07_poisson_counts": rng.poisson(3.0, n),
        "c08_poisson_counts_shift": rng.poisson(3.4 if current else 3.0, n),
        "c09_normal_5pct_missing": with_missing,
        "c10_normal_mixture": mixture,
        "c11_exponential": rng.exponential(5.0, n),
        "c12_binomial_counts": rng.binomial(20, 0.3, n),
        "c13_rounded_scores": np.round(rng.normal(100.0, 15.0, n)),
        "c14_gamma_scale": rng.gamma(2.0, 2.5 if current else 2.0, n),
        "c15_student_t": rng.standard_t(5.0, n),
        "c16_uniform_small": rng.uniform(0.0, 0.001, n),
        "c17_normal_negative": rng.normal(-1000.0, 250.0, n),
        "c18_lognormal_wide": rng.lognormal(5.0, 2.0, n),
        "c19_beta": rng.beta(2.0, 5.0, n),
        "c20_geometric_counts": rng.geometric(0.2, n),
    }


def main() -> None:
    out_dir = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    os.makedirs(out_dir, exist_ok=True)
    # Separate streams per side, so changing one side's columns never changes the other's values.
    reference_rng, current_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    for name, rng, current in (("reference", reference_rng, False), ("current", current_rng, True)):
        frame = pd.DataFrame(columns(rng, rows, current))
        frame.to_csv(os.path.join(out_dir, f"{name}.csv"), index=False, float_format="%.6g", na_rep="")
    print(json.dumps({"rows": rows, "seed": seed, "columns": 20, "drifted": DRIFTED}))


if __name__ == "__main__":
    main()
