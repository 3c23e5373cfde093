"""Generate the synthetic credit-risk data set of examples/credit/.

Writes train.csv (20,000 applications), live.csv (5,000 applications from the same process,
a later period) and live_drifted.csv (5,000 applications after a realistic population shift).
Deterministic: fixed seeds (params.yaml), numpy's PCG64 generator; rerunning gives byte-identical
files with the pinned numpy/pandas versions in scripts/requirements-fixtures.txt.

Usage: python examples/credit/make_data.py
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

OUT_DIR = Path(__file__).resolve().parent
# Seeds and sizes live in params.yaml, the parameters of pipeline.yaml's `prepare` step.
PARAMS = yaml.safe_load((OUT_DIR / "params.yaml").read_text())["data"]

COLUMNS = [
    "applicant_id", "age", "sex", "age_band", "income", "employment_type", "employment_years",
    "home_ownership", "loan_amount", "loan_term_months", "purpose", "debt_to_income",
    "credit_history_months", "num_open_accounts", "num_late_payments_2y", "credit_utilization",
    "default",
]

EMPLOYMENT_TYPES = ["salaried", "self_employed", "contract", "unemployed", "retired"]
PURPOSES = ["car", "home_improvement", "debt_consolidation", "education", "business", "medical"]
NEW_PURPOSE = "green_energy"  # only appears after the drift
TERMS = np.array([12, 24, 36, 48, 60])

# Intercept of the hidden default model. Chosen (once, by bisection on the training process)
# so that about 12% of training applications default; it is a constant, not refitted per file,
# so a shifted population really does default more often.
INTERCEPT = -2.0


@dataclass(frozen=True)
class Population:
    """Knobs that describe who applies; the drifted period changes some of them."""

    young_share: float = 0.0         # extra share of applicants drawn around age 24
    income_factor: float = 1.0       # multiplies every income
    unemployed_boost: float = 0.0    # extra probability of being unemployed
    existing_debt_shift: float = 0.0  # added to the existing-debt part of debt-to-income
    new_purpose_share: float = 0.0   # share of loans for NEW_PURPOSE
    stress_shift: float = 0.0        # shift of the unobserved financial stress


STABLE = Population()
DRIFTED = Population(
    young_share=0.30,
    income_factor=0.85,
    unemployed_boost=0.04,
    existing_debt_shift=0.07,
    new_purpose_share=0.12,
    stress_shift=0.25,
)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def draw_age(rng: np.random.Generator, n: int, pop: Population) -> np.ndarray:
    age = rng.normal(43.0, 13.0, n)
    young = rng.random(n) < pop.young_share
    age[young] = rng.normal(24.0, 3.5, young.sum())
    return np.clip(np.rint(age), 18, 80).astype(int)


def age_band(age: np.ndarray) -> np.ndarray:
    bands = np.array(["18-25", "26-35", "36-50", "51-65", "66+"])
    return bands[np.digitize(age, [26, 36, 51, 66])]


def draw_employment(rng: np.random.Generator, age: np.ndarray, pop: Population) -> np.ndarray:
    n = age.size
    p_retired = np.clip(sigmoid((age - 64.0) / 2.5), 0.0, 0.97)
    p_unemployed = 0.05 + 0.04 * (age < 25) + pop.unemployed_boost
    u = rng.random(n)
    working = rng.choice(["salaried", "self_employed", "contract"], size=n, p=[0.72, 0.14, 0.14])
    return np.where(
        u < p_retired, "retired", np.where(u < p_retired + p_unemployed, "unemployed", working)
    )


def draw_employment_years(
    rng: np.random.Generator, age: np.ndarray, employment: np.ndarray
) -> np.ndarray:
    # Years at the current (or, for retirees, the last) employer, bounded by working life.
    working_life = np.maximum(age - 18, 0)
    years = working_life * rng.beta(1.6, 3.0, age.size)
    years = np.where(employment == "retired", working_life * rng.beta(4.0, 2.0, age.size), years)
    years = np.round(years, 1)
    return np.where(employment == "unemployed", np.nan, years)


def draw_income(
    rng: np.random.Generator,
    age: np.ndarray,
    employment: np.ndarray,
    employment_years: np.ndarray,
    pop: Population,
) -> np.ndarray:
    base = {"salaried": 52000, "self_employed": 56000, "contract": 44000,
            "unemployed": 15000, "retired": 31000}
    spread = {"salaried": 0.40, "self_employed": 0.65, "contract": 0.45,
              "unemployed": 0.35, "retired": 0.35}
    log_mu = np.log(np.array([base[e] for e in employment], dtype=float))
    sigma = np.array([spread[e] for e in employment])
    # Earnings rise with age until the early fifties and with tenure.
    log_mu += 0.018 * (np.minimum(age, 52) - 35) - 0.010 * np.maximum(age - 52, 0)
    log_mu += 0.012 * np.nan_to_num(np.minimum(employment_years, 25), nan=0.0)
    income = np.exp(rng.normal(log_mu, sigma)) * pop.income_factor
    return np.round(np.clip(income, 4000, 600000), -2)


def draw_home_ownership(rng: np.random.Generator, age: np.ndarray, income: np.ndarray) -> np.ndarray:
    log_inc = np.log(income / 50000)
    score_own = -2.6 + 0.09 * (age - 30) + 0.3 * log_inc
    score_mortgage = -0.6 + 0.06 * np.minimum(age - 22, 20) + 1.0 * log_inc - 0.05 * np.maximum(age - 55, 0)
    logits = np.stack([np.zeros_like(score_own), score_own, score_mortgage], axis=1)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    u = rng.random(age.size)[:, None]
    idx = (u > np.cumsum(p, axis=1)).sum(axis=1)
    return np.array(["rent", "own", "mortgage"])[np.minimum(idx, 2)]


def draw_purpose(
    rng: np.random.Generator, age: np.ndarray, home: np.ndarray, employment: np.ndarray, pop: Population
) -> np.ndarray:
    n = age.size
    weights = np.tile(np.array([0.22, 0.16, 0.30, 0.07, 0.10, 0.15]), (n, 1))
    weights[:, 3] *= np.where(age < 30, 3.5, 0.5)                     # education: young
    weights[:, 1] *= np.where(home == "rent", 0.2, 1.6)               # home improvement: owners
    weights[:, 4] *= np.where(employment == "self_employed", 4.0, 1.0)  # business
    weights[:, 5] *= np.where(age > 60, 1.8, 1.0)                     # medical
    weights /= weights.sum(axis=1, keepdims=True)
    u = rng.random(n)[:, None]
    idx = np.minimum((u > np.cumsum(weights, axis=1)).sum(axis=1), len(PURPOSES) - 1)
    purpose = np.array(PURPOSES, dtype=object)[idx]
    if pop.new_purpose_share > 0:
        purpose[rng.random(n) < pop.new_purpose_share] = NEW_PURPOSE
    return purpose.astype(str)


def draw_loan(
    rng: np.random.Generator, income: np.ndarray, purpose: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    typical = {"car": 16000, "home_improvement": 22000, "debt_consolidation": 13000,
               "education": 11000, "business": 28000, "medical": 6000, NEW_PURPOSE: 18000}
    base = np.array([typical[p] for p in purpose], dtype=float)
    amount = base * (income / 50000) ** 0.5 * np.exp(rng.normal(0.0, 0.45, income.size))
    amount = np.round(np.clip(amount, 1000, 150000), -2)
    # Larger loans are spread over longer terms.
    centre = np.clip(np.log(amount / 2500) / np.log(60000 / 2500) * 4, 0, 4)
    term_idx = np.clip(np.rint(centre + rng.normal(0.0, 0.9, income.size)), 0, 4).astype(int)
    return amount, TERMS[term_idx]


def simulate(seed: int, n: int, id_prefix: str, pop: Population) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = draw_age(rng, n, pop)
    sex = rng.choice(["F", "M"], size=n, p=[0.49, 0.51])  # independent of everything else
    employment = draw_employment(rng, age, pop)
    employment_years = draw_employment_years(rng, age, employment)
    income = draw_income(rng, age, employment, employment_years, pop)
    home = draw_home_ownership(rng, age, income)
    purpose = draw_purpose(rng, age, home, employment, pop)
    loan_amount, term = draw_loan(rng, income, purpose)

    # Unobserved financial stress drives utilisation, late payments, existing debt and default.
    stress = rng.normal(pop.stress_shift, 1.0, n) + 0.5 * (employment == "unemployed")

    history_months = np.rint(np.maximum(age - 18, 0) * 12 * rng.beta(5.0, 2.0, n) + rng.integers(0, 6, n))
    history_years = history_months / 12
    open_accounts = rng.poisson(1.0 + 0.12 * np.minimum(history_years, 30) + 0.5 * (income > 60000))
    utilization = np.clip(rng.beta(2.0, 3.2, n) + 0.12 * stress + 0.08 * (history_years < 2), 0.0, 1.0)
    late = rng.poisson(np.exp(-1.4 + 0.75 * stress + 0.5 * (utilization > 0.8)))

    existing_debt = np.clip(rng.beta(2.0, 7.0, n) + 0.05 * stress + pop.existing_debt_shift, 0.0, None)
    annual_payment = loan_amount / (term / 12) * 1.06
    dti = np.round(existing_debt + annual_payment / income, 3)

    default_logit = (
        INTERCEPT
        + 2.4 * (dti - 0.35)
        + 0.38 * np.minimum(late, 6)
        + 1.6 * (utilization - 0.4)
        + 0.9 * np.clip(utilization - 0.4, 0, None) * np.minimum(late, 4)  # compounding distress
        - 0.35 * np.log1p(history_years)
        + np.select(
            [employment == "unemployed", employment == "contract", employment == "self_employed",
             employment == "retired"],
            [1.1, 0.35, 0.25, -0.1], 0.0)
        - 0.45 * np.log(income / 50000)
        + np.select([home == "own", home == "mortgage"], [-0.40, -0.20], 0.0)
        + np.select(
            [purpose == "business", purpose == "medical", purpose == "debt_consolidation",
             purpose == "education", purpose == "car", purpose == "home_improvement",
             purpose == NEW_PURPOSE],
            [0.45, 0.25, 0.15, 0.10, -0.10, -0.25, -0.05], 0.0)
        + 0.25 * (term == 60) * (dti > 0.5)          # long terms hurt only the stretched
        + 0.30 * (age < 26) - 0.15 * (age > 60)      # mild age effect beyond what history explains
        + 0.55 * stress                               # the part of stress no column shows
        + rng.normal(0.0, 0.5, n)                     # idiosyncratic noise
    )
    default = (rng.random(n) < sigmoid(default_logit)).astype(int)

    # What the lender records is incomplete: the true values above drive the label.
    income_obs = np.where(rng.random(n) < 0.03 + 0.02 * (employment == "self_employed"), np.nan, income)
    util_obs = np.where(rng.random(n) < 0.015 + 0.06 * (history_years < 1), np.nan, np.round(utilization, 3))
    home_obs = np.where(rng.random(n) < 0.012, None, home)

    return pd.DataFrame({
        "applicant_id": [f"{id_prefix}-{i:06d}" for i in range(1, n + 1)],
        "age": age,
        "sex": sex,
        "age_band": age_band(age),
        "income": pd.array(income_obs, dtype="Int64"),
        "employment_type": employment,
        "employment_years": employment_years,
        "home_ownership": home_obs,
        "loan_amount": pd.array(loan_amount, dtype="Int64"),
        "loan_term_months": term,
        "purpose": purpose,
        "debt_to_income": dti,
        "credit_history_months": history_months.astype(int),
        "num_open_accounts": open_accounts,
        "num_late_payments_2y": late,
        "credit_utilization": util_obs,
        "default": default,
    })[COLUMNS]


def write(df: pd.DataFrame, name: str) -> None:
    path = OUT_DIR / name
    df.to_csv(path, index=False, lineterminator="\n")
    print(f"{name}: {len(df)} rows, default rate {df['default'].mean():.3f}, "
          f"missing income {df['income'].isna().mean():.3f}, "
          f"missing utilisation {df['credit_utilization'].isna().mean():.3f}")


def main() -> None:
    p = PARAMS
    write(simulate(seed=p["train_seed"], n=p["train_rows"], id_prefix="TR", pop=STABLE), "train.csv")
    write(simulate(seed=p["live_seed"], n=p["live_rows"], id_prefix="LV", pop=STABLE), "live.csv")
    write(simulate(seed=p["drifted_seed"], n=p["drifted_rows"], id_prefix="DR", pop=DRIFTED), "live_drifted.csv")


if __name__ == "__main__":
    main()
