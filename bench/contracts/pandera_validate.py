"""The pandera side of the batch benchmark: the same contract as a pandera DataFrameSchema.

    python3 bench/contracts/pandera_validate.py CONTRACT.json DATA.csv CHECK_TIME

Reads the CSV with pandas (string-typed columns read as str, as a pandera user would, so ZIP codes
keep their leading zeros), validates lazily so every failure is collected, and prints the time
(read_csv included), the peak RSS and the failure counts per (column, rule) as one JSON line.

Each contract rule maps to pandera as its users would write it:
  type      -> dtype with coerce=True (Int64 for integers so missing values are allowed); booleans are
               read as text and checked against pandas' boolean spellings (coercing text to bool would
               turn "maybe" into True)
  nullable  -> nullable;   unique -> unique=True, report_duplicates="exclude_first"
  min/max, values, pattern -> vectorised checks; with `mostly` < 1 the check passes every row when
               the share of passing values reaches `mostly` (Great Expectations' semantics)
  missing_max -> a check with ignore_na=False that fails the missing rows when their share is too high
  dataset rules -> DataFrame-level checks (row count, duplicated rows, label shares, freshness)
Every check is named after the Ballast code it stands for, so the counts can be compared.
"""
import importlib.metadata
import json
import resource
import sys
import time

import pandas as pd
import pandera.pandas as pa

BOOLEAN_TEXT = ["true", "True", "TRUE", "false", "False", "FALSE", "1", "0"]
DTYPES = {"number": "float64", "integer": "Int64", "timestamp": "datetime64[ns]", "string": "str"}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def value_check(name, passes, mostly):
    if mostly >= 1:
        return pa.Check(passes, name=name)
    return pa.Check(lambda s: (lambda ok: ok | (ok.mean() >= mostly))(passes(s)), name=name)


def column_schema(rule):
    kind = rule["type"]
    mostly = rule.get("mostly", 1)
    checks = []
    if kind == "boolean":
        checks.append(pa.Check(lambda s: s.isin(BOOLEAN_TEXT), name="type_mismatch"))
    lo, hi = rule.get("min"), rule.get("max")
    if kind == "timestamp":
        lo = pd.Timestamp(lo).tz_localize(None) if lo is not None else None
        hi = pd.Timestamp(hi).tz_localize(None) if hi is not None else None
    if lo is not None or hi is not None:
        # Not named in_range: pandera would dispatch a function of that name to its built-in check.
        def within_bounds(s, lo=lo, hi=hi):
            ok = pd.Series(True, index=s.index)
            if lo is not None:
                ok &= s >= lo
            if hi is not None:
                ok &= s <= hi
            return ok
        checks.append(value_check("out_of_range", within_bounds, mostly))
    if "values" in rule:
        allowed = rule["values"]
        checks.append(value_check("unknown_category", lambda s, allowed=allowed: s.isin(allowed), mostly))
    if "pattern" in rule:
        pattern = rule["pattern"]
        checks.append(value_check("pattern_mismatch", lambda s, p=pattern: s.str.fullmatch(p), mostly))
    if "missing_max" in rule:
        limit = rule["missing_max"]
        checks.append(pa.Check(lambda s, limit=limit: ~s.isna() | (s.isna().mean() <= limit), ignore_na=False, name="missing_share"))
    return pa.Column(
        DTYPES.get(kind),
        checks=checks,
        nullable=rule.get("nullable", True),
        coerce=kind in DTYPES,
        unique=rule.get("unique", False),
        report_duplicates="exclude_first",
    )


def dataset_checks(dataset, check_time):
    checks = []
    if "row_count" in dataset:
        lo, hi = dataset["row_count"].get("min", 0), dataset["row_count"].get("max", float("inf"))
        checks.append(pa.Check(lambda df: lo <= len(df) <= hi, name="row_count"))
    if "duplicate_rows_max" in dataset:
        limit = dataset["duplicate_rows_max"]
        checks.append(pa.Check(lambda df: (lambda dup: ~dup | (dup.mean() <= limit))(df.duplicated()), name="duplicate_rows"))
    if "label" in dataset:
        label = dataset["label"]
        bound = max(label.get("min_class_share", 0), label.get("min_minority_share", 0))
        checks.append(pa.Check(lambda df: df[label["column"]].value_counts(normalize=True).min() >= bound, name="label_imbalance"))
    if "freshness" in dataset:
        fresh = dataset["freshness"]
        delay = pd.Timedelta(fresh["max_delay"])
        checks.append(pa.Check(lambda df: check_time - df[fresh["column"]].max() <= delay, name="stale_data"))
    return checks


def main():
    contract_file, data_file, check_time = sys.argv[1:4]
    with open(contract_file) as f:
        contract = json.load(f)
    columns = contract["columns"]
    now = pd.Timestamp(check_time).tz_localize(None)
    schema = pa.DataFrameSchema(
        {name: column_schema(rule) for name, rule in columns.items()},
        checks=dataset_checks(contract.get("dataset", {}), now),
        strict=contract.get("dataset", {}).get("allow_extra_columns", True) is False,
    )
    text_columns = {name: str for name, rule in columns.items() if rule["type"] in ("string", "boolean") or (rule["type"] == "category" and all(isinstance(v, str) for v in rule.get("values", [""])))}

    started = time.perf_counter()
    cpu_before = cpu_seconds()
    frame = pd.read_csv(data_file, dtype=text_columns)
    passed = True
    cases = None
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        passed = False
        cases = errors.failure_cases
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    issues = []
    if cases is not None:
        dataset_codes = {"row_count", "duplicate_rows", "label_imbalance", "stale_data"}
        for check, group in cases.groupby("check"):
            if check.startswith("dtype("):
                continue  # the same values as coerce_dtype, reported twice
            if check in dataset_codes:
                # A DataFrame-level check lists each failing row once per column: count the rows.
                rows = group["index"].dropna().nunique()
                issues.append({"column": "-", "code": check, "count": int(rows) if rows > 0 else 1})
                continue
            code = "type_mismatch" if check.startswith("coerce_dtype") else {"not_nullable": "null_not_allowed", "field_uniqueness": "not_unique"}.get(check, check)
            for column, per_column in group.groupby("column"):
                issues.append({"column": column, "code": code, "count": len(per_column)})
    print(json.dumps({
        "tool": "pandera " + importlib.metadata.version("pandera"),
        "seconds": seconds,
        "cpuSeconds": cpu,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rows": len(frame),
        "passed": passed,
        "issues": issues,
    }, default=str))


if __name__ == "__main__":
    main()
