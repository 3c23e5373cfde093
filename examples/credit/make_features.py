"""Generate the feature-store part of examples/credit/: a credit bureau's dated snapshots and the
loan applications that read them point in time.

Writes
- bureau.csv: per applicant, several dated snapshots of the bureau fields (credit_history_months,
  num_open_accounts, num_late_payments_2y, credit_utilization) with `event_time` (when the bureau's
  figures became true) and `created_time` (when the row was written; a correction re-sends a
  snapshot with the same event_time and a later created_time);
- applications.csv: the entity rows of a training set: applicant_id, event_timestamp (when the
  application was decided), the application's own fields and the `default` label.

Ballast's `features.yaml` reads bureau.csv as the `bureau` feature view (ttl 90d). The snapshot at or
before an application is the one the simulation of make_data.py drew for it, so a point-in-time
training set has the columns and relationships of train.csv; snapshots after the application carry
what happened later (defaulters fall behind on payments), so a join that looks into the future leaks
the label. The edges a point-in-time join must get right are all present, and counted on stdout:
applicants the bureau has never seen, a last snapshot older than the ttl, exactly at the ttl
(included) and one second past it (excluded), a snapshot at the application's very second, corrections
that share an event time, and applicants who apply twice.

Deterministic: fixed seed, numpy's PCG64; rerunning gives byte-identical files with the pinned
numpy/pandas versions in scripts/requirements-fixtures.txt.

Usage: python examples/credit/make_features.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

OUT_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT_DIR))
from make_data import STABLE, simulate  # noqa: E402  (the same applicants' process as train.csv)

N_APPLICANTS = 1500
SEED = 20260118
TTL_DAYS = 90
DAY = np.timedelta64(1, "D")
SECOND = np.timedelta64(1, "s")
PERIOD_START = np.datetime64("2025-03-01T00:00:00")
PERIOD_DAYS = 300

APPLICATION_FIELDS = [
    "age", "income", "employment_type", "employment_years", "home_ownership", "loan_amount",
    "loan_term_months", "purpose", "debt_to_income",
]
BUREAU_FIELDS = ["credit_history_months", "num_open_accounts", "num_late_payments_2y", "credit_utilization"]

# How each applicant's last snapshot before the application relates to it (shares of applicants).
CASES = ["recent", "never_seen", "stale", "at_ttl", "past_ttl", "same_second"]
CASE_SHARES = [0.86, 0.04, 0.04, 0.02, 0.02, 0.02]


def iso(t: np.datetime64) -> str:
    return str(t.astype("datetime64[s]")) + "Z"


def earlier_values(rng: np.random.Generator, current: dict, days_before: float) -> dict:
    """The bureau's figures some days before `current`: a shorter history, fewer late payments."""
    months = int(days_before // 30.44)
    util = current["credit_utilization"]
    return {
        "credit_history_months": max(0, current["credit_history_months"] - months),
        "num_open_accounts": max(0, current["num_open_accounts"] - int(rng.random() < 0.2)),
        "num_late_payments_2y": max(0, current["num_late_payments_2y"] - int(rng.poisson(0.3))),
        "credit_utilization": util if np.isnan(util) else round(float(np.clip(util + rng.normal(0, 0.05), 0, 1)), 3),
    }


def later_values(rng: np.random.Generator, current: dict, days_after: float, defaulted: bool) -> dict:
    """After the application the outcome shows: a defaulter falls behind and maxes out credit."""
    months = int(days_after // 30.44)
    util = current["credit_utilization"]
    base = 0.3 if np.isnan(util) else util
    return {
        "credit_history_months": current["credit_history_months"] + months,
        "num_open_accounts": current["num_open_accounts"] + int(rng.random() < 0.15),
        "num_late_payments_2y": current["num_late_payments_2y"] + (int(rng.integers(2, 6)) if defaulted else int(rng.random() < 0.1)),
        "credit_utilization": round(float(np.clip(base + (0.3 if defaulted else rng.normal(0, 0.04)), 0, 1)), 3),
    }


def main() -> None:
    rng = np.random.default_rng(SEED)
    people = simulate(seed=SEED, n=N_APPLICANTS, id_prefix="AP", pop=STABLE)
    minutes = rng.integers(0, PERIOD_DAYS * 24 * 60, N_APPLICANTS)
    applied_at = PERIOD_START + minutes.astype("timedelta64[m]").astype("timedelta64[s]")
    cases = rng.choice(CASES, size=N_APPLICANTS, p=CASE_SHARES)

    snapshots: list[dict] = []
    for i, person in enumerate(people.to_dict("records")):
        case = cases[i]
        if case == "never_seen":
            continue
        key = person["applicant_id"]
        current = {f: person[f] for f in BUREAU_FIELDS}
        current["credit_utilization"] = float("nan") if pd.isna(current["credit_utilization"]) else float(current["credit_utilization"])
        if case == "recent":
            last = applied_at[i] - rng.integers(1, 60 * 24 * 60) * np.timedelta64(1, "m")
        elif case == "stale":
            last = applied_at[i] - rng.integers(TTL_DAYS + 2, 200) * DAY
        elif case == "at_ttl":
            last = applied_at[i] - TTL_DAYS * DAY
        elif case == "past_ttl":
            last = applied_at[i] - TTL_DAYS * DAY - SECOND
        else:
            last = applied_at[i]
        snapshots.append({"applicant_id": key, "event_time": last, **current})
        # Older snapshots, roughly monthly, back from the last one.
        when = last
        for _ in range(int(rng.integers(0, 4))):
            when = when - rng.integers(25, 45) * DAY
            days = (last - when) / DAY
            snapshots.append({"applicant_id": key, "event_time": when, **earlier_values(rng, current, days)})
        # Snapshots after the application: the future a point-in-time join must not see.
        when = applied_at[i]
        for _ in range(int(rng.integers(0, 3))):
            when = when + rng.integers(20, 60) * DAY
            days = (when - applied_at[i]) / DAY
            snapshots.append({"applicant_id": key, "event_time": when,
                              **later_values(rng, current, days, bool(person["default"]))})

    bureau = pd.DataFrame(snapshots)
    bureau["created_time"] = bureau["event_time"] + rng.integers(0, 6 * 3600, len(bureau)) * SECOND
    # Corrections: the bureau re-sends a snapshot (same event time) days later with another
    # utilisation; the later created_time wins, wherever the row sits in the file.
    fix = rng.random(len(bureau)) < 0.03
    corrections = bureau[fix].copy()
    corrections["created_time"] = corrections["created_time"] + rng.integers(2, 10, fix.sum()) * DAY
    corrections["credit_utilization"] = np.round(rng.uniform(0, 1, fix.sum()), 3)
    bureau = pd.concat([bureau, corrections], ignore_index=True)
    # A feed in arrival order (by event time); ties in random order so file order cannot be relied on.
    bureau["_shuffle"] = rng.random(len(bureau))
    bureau = bureau.sort_values(["event_time", "_shuffle"], kind="stable").drop(columns="_shuffle")
    for column in ("event_time", "created_time"):
        bureau[column] = pd.to_datetime(bureau[column]).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    for column in ("credit_history_months", "num_open_accounts", "num_late_payments_2y"):
        bureau[column] = bureau[column].astype(int)
    bureau = bureau[["applicant_id", "event_time", "created_time", *BUREAU_FIELDS]]
    bureau.to_csv(OUT_DIR / "bureau.csv", index=False, lineterminator="\n")

    applications = people[["applicant_id", *APPLICATION_FIELDS, "default"]].copy()
    applications.insert(1, "event_timestamp", [iso(t) for t in applied_at])
    # Some applicants come back months later: the same key, another point in time, other features.
    again = applications[rng.random(N_APPLICANTS) < 0.05].copy()
    again["event_timestamp"] = [iso(np.datetime64(t[:-1]) + rng.integers(60, 200) * DAY) for t in again["event_timestamp"]]
    applications = pd.concat([applications, again], ignore_index=True)
    applications.to_csv(OUT_DIR / "applications.csv", index=False, lineterminator="\n")

    print(f"bureau.csv: {len(bureau)} snapshots of {bureau['applicant_id'].nunique()} applicants, "
          f"{int(fix.sum())} corrections")
    print(f"applications.csv: {len(applications)} rows ({len(again)} repeat applications), "
          f"default rate {applications['default'].mean():.3f}")
    print("last snapshot before the application: " + ", ".join(f"{c} {int((cases == c).sum())}" for c in CASES))


if __name__ == "__main__":
    main()
