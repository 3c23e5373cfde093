"""Reference values for Ballast's A/B analysis, computed with statsmodels and scipy (nobody on Ballast wrote them).

Run from this directory (statsmodels 0.15.0, scipy 1.17.1, numpy 2.4.6):
    pip install statsmodels==0.15.0
    python3 make_ab_fixtures.py   (writes ab-references.json)

Every sample comes from a fixed seed, so the JSON is reproducible. What each case checks (b is the
candidate / variant, a the stable; differences are b - a):
- z: scipy.stats.norm.ppf(0.975) and norm.ppf(0.8), the constants of a two-sided 95% level and 80% power.
- rate_intervals: statsmodels.stats.proportion.confint_proportions_2indep(kb, nb, ka, na,
  compare='diff', method='wald', alpha=0.05): the unpooled (Wald) interval of the difference of two rates.
- mean_intervals: statsmodels.stats.weightstats.CompareMeans.from_data(b, a).tconfint_diff(alpha=0.05,
  usevar='unequal'): Welch's t interval of the difference of two means.
- rate_sample_sizes: the rows each variant needs to detect a rate moving from p to p + effect (or p - effect
  when p + effect passes 1) with a two-sided test at alpha 0.05 and power 0.8: Cohen's h
  (statsmodels.stats.proportion.proportion_effectsize) and NormalIndPower().solve_power(ratio=1).
- mean_sample_sizes: the same for a mean moving by `effect` (absolute), standardised by the root of the two
  variants' mean sample variance (the Welch form: n = (z_a + z_b)^2 (var_a + var_b) / effect^2), with
  NormalIndPower().solve_power(ratio=1), `n` and `n_exact` as above.
"""
import json

import numpy as np
import scipy
import statsmodels
from scipy import stats
from scipy.optimize import brentq
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize
from statsmodels.stats.weightstats import CompareMeans

rng = np.random.default_rng(29)
power = NormalIndPower()


def exact_rows(d):
    return float(brentq(lambda n: power.power(effect_size=d, nobs1=n, alpha=0.05, ratio=1.0) - 0.8, 1e-3, 1e9, xtol=1e-12))

out = {
    "statsmodels": statsmodels.__version__,
    "scipy": scipy.__version__,
    "z": {"q975": float(stats.norm.ppf(0.975)), "q80": float(stats.norm.ppf(0.8))},
    "rate_intervals": [],
    "mean_intervals": [],
    "rate_sample_sizes": [],
    "mean_sample_sizes": [],
}

for ka, na, kb, nb in [(600, 5000, 672, 4800), (12, 100, 30, 110), (0, 40, 3, 50), (50, 200, 50, 200), (7, 9, 1, 12), (1, 3, 2, 3)]:
    low, high = confint_proportions_2indep(kb, nb, ka, na, compare="diff", method="wald", alpha=0.05)
    out["rate_intervals"].append({"ka": ka, "na": na, "kb": kb, "nb": nb, "low": float(low), "high": float(high)})

for name, a, b in [
    ("shifted", rng.normal(10, 2, 40).round(3), rng.normal(11, 3, 55).round(3)),
    ("same", rng.normal(5, 1, 30).round(3), rng.normal(5, 1, 35).round(3)),
    ("tiny", np.array([1.0, 2.0, 4.0]), np.array([3.0, 5.0, 9.0, 10.0])),
    ("skewed", rng.exponential(40, 300).round(2), rng.exponential(44, 280).round(2)),
]:
    low, high = CompareMeans.from_data(b, a).tconfint_diff(alpha=0.05, usevar="unequal")
    out["mean_intervals"].append({"name": name, "a": list(map(float, a)), "b": list(map(float, b)), "low": float(low), "high": float(high)})

for p, effect in [(0.12, 0.02), (0.5, 0.02), (0.03, 0.01), (0.9, 0.05), (0.99, 0.02), (0.2, 0.1), (0.01, 0.001)]:
    target = p + effect if p + effect <= 1 else p - effect
    h = float(proportion_effectsize(target, p))
    n = float(power.solve_power(effect_size=abs(h), alpha=0.05, power=0.8, ratio=1.0, alternative="two-sided"))
    out["rate_sample_sizes"].append({"p": p, "effect": effect, "h": abs(h), "n": n, "n_exact": exact_rows(abs(h))})

for name, var_a, var_b, effect in [("even", 4.0, 4.0, 0.5), ("uneven", 1.0, 9.0, 0.3), ("revenue", 1600.0, 1936.0, 2.0), ("big_effect", 1.0, 1.0, 1.2)]:
    d = effect / np.sqrt((var_a + var_b) / 2)
    n = float(power.solve_power(effect_size=d, alpha=0.05, power=0.8, ratio=1.0, alternative="two-sided"))
    out["mean_sample_sizes"].append({"name": name, "var_a": var_a, "var_b": var_b, "effect": effect, "d": float(d), "n": n, "n_exact": exact_rows(d)})

with open("ab-references.json", "w") as f:
    json.dump(out, f)
    f.write("\n")
