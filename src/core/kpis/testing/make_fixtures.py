"""Reference values for Ballast's KPI statistics, computed with scipy (nobody on Ballast wrote them).

Run from this directory (scipy 1.17.1, numpy 2.4.6; see scripts/requirements-fixtures.txt):
    python3 make_fixtures.py   (writes kpi-references.json)

Every sample comes from a fixed seed, so the JSON is reproducible. What each case checks:
- wilson: scipy.stats.binomtest(k, n).proportion_ci(0.95, method='wilson').
- mean: the t interval of a mean, scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=sem).
- sum: a window's total over n logged predictions (each prediction's sum of event values, 0 when it
  has none), with the normal interval of n x mean: scipy.stats.norm.interval(0.95, n * mean, n * sem).
- two_proportions: the pooled two-proportion z test; its p-value is the chi-square test of the 2x2
  table without continuity correction (scipy.stats.chi2_contingency(correction=False)), which is the
  same test computed another way, so the reference does not repeat the formula under test.
- welch: scipy.stats.ttest_ind(a, b, equal_var=False): statistic, degrees of freedom, p-value.
- student_t: scipy.stats.t.sf and t.ppf, integer and fractional degrees of freedom (Welch's).
"""
import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(13)
out = {"scipy": scipy.__version__, "wilson": [], "mean": [], "sum": [], "two_proportions": [], "welch": [], "student_t": []}

for k, n in [(0, 10), (10, 10), (3, 7), (1, 1), (0, 1), (120, 1000), (1, 5000), (4999, 5000), (612, 4800)]:
    ci = stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
    out["wilson"].append({"k": k, "n": n, "lower": float(ci.low), "upper": float(ci.high)})

for name, values in [
    ("two", [1.0, 3.0]),
    ("small", list(rng.normal(20, 5, 5).round(3))),
    ("skewed", list(rng.exponential(40, 60).round(2))),
    ("large", list(rng.normal(100, 30, 2000).round(4))),
]:
    a = np.array(values)
    lo, hi = stats.t.interval(0.95, len(a) - 1, loc=a.mean(), scale=stats.sem(a))
    out["mean"].append({"name": name, "values": values, "mean": float(a.mean()), "lower": float(lo), "upper": float(hi)})

for name, n, sums in [
    ("sparse", 50, list(rng.exponential(30, 6).round(2))),
    ("dense", 400, list(rng.gamma(2.0, 10.0, 300).round(2))),
    ("one", 2, [5.0]),
]:
    x = np.zeros(n)
    x[: len(sums)] = sums
    lo, hi = stats.norm.interval(0.95, loc=n * x.mean(), scale=n * stats.sem(x))
    out["sum"].append({"name": name, "n": n, "sums": sums, "total": float(x.sum()), "lower": float(lo), "upper": float(hi)})

for ka, na, kb, nb in [(600, 5000, 672, 4800), (12, 100, 30, 110), (0, 40, 3, 50), (50, 200, 50, 200), (7, 9, 1, 12)]:
    table = np.array([[ka, na - ka], [kb, nb - kb]])
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    out["two_proportions"].append({"ka": ka, "na": na, "kb": kb, "nb": nb, "p_value": float(p)})

for name, a, b in [
    ("shifted", rng.normal(10, 2, 40).round(3), rng.normal(11, 3, 55).round(3)),
    ("same", rng.normal(5, 1, 30).round(3), rng.normal(5, 1, 35).round(3)),
    ("tiny", np.array([1.0, 2.0, 4.0]), np.array([3.0, 5.0, 9.0, 10.0])),
    ("sums_with_zeros", np.concatenate([np.zeros(80), rng.exponential(20, 20).round(2)]), np.concatenate([np.zeros(60), rng.exponential(25, 30).round(2)])),
]:
    r = stats.ttest_ind(a, b, equal_var=False)
    out["welch"].append(
        {"name": name, "a": list(map(float, a)), "b": list(map(float, b)), "statistic": float(r.statistic), "df": float(r.df), "p_value": float(r.pvalue)}
    )

for df in [1, 2, 3.5, 7, 19, 30, 57.3, 200, 1999, 1e6]:
    for t in [0.0, 0.5, 1.3, 2.0, 4.0, 12.0]:
        out["student_t"].append({"df": df, "t": t, "sf": float(stats.t.sf(t, df))})
    for q in [0.6, 0.9, 0.975, 0.995]:
        out["student_t"].append({"df": df, "q": q, "ppf": float(stats.t.ppf(q, df))})

with open("kpi-references.json", "w") as f:
    json.dump(out, f)
    f.write("\n")
