#!/usr/bin/env python3
"""Checks a running Ballast server's Open Inference Protocol V2 routes with the unmodified
`tritonclient[http]` client from PyPI, against Ballast's own JSON predict route.

    pip install 'tritonclient[http]' numpy
    python test/v2-client/check_with_tritonclient.py --url 127.0.0.1:7070 --model credit --token "$TOKEN"

It calls server live/ready/metadata, model metadata and readiness, then runs inference on a few
rows of examples/credit/live.csv in every form a Triton user would send them:

- one tensor per feature in JSON (binary_data=False): FP64 / INT64 / BYTES as the metadata lists;
- one tensor per feature as binary data (tritonclient's default), NaN for missing numbers;
- one 2-D FP32 tensor [rows, features] as binary data, category names sent as their codes;
- the same 2-D FP32 tensor in JSON, on the rows without missing values (JSON has no NaN);

and compares each answer with `POST /v1/deployments/{model}/predict` on the same rows. It also
checks that only the requested outputs come back, that a bad request raises a readable
InferenceServerException (the server's `error` field), and that an unknown model is not ready.
Exits 1 on any mismatch, 2 when the server cannot be reached.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO / "examples" / "credit" / "live.csv"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="server address as HOST:PORT (an http:// prefix is accepted)")
    parser.add_argument("--model", required=True, help="the deployment name (the V2 model name)")
    parser.add_argument("--token", required=True, help="a Ballast bearer token (viewer is enough)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="rows to send (default: examples/credit/live.csv)")
    parser.add_argument("--rows", type=int, default=6, help="how many rows of the CSV to send (default 6)")
    parser.add_argument("--fp32-tolerance", type=float, default=1e-5,
                        help="largest probability difference accepted for the FP32 form (FP64 and BYTES forms must match to 1e-9)")
    parser.add_argument("--verbose", action="store_true", help="print tritonclient's raw requests and responses")
    args = parser.parse_args(argv)
    args.url = args.url.removeprefix("http://").rstrip("/")
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    return args


class Checker:
    """Collects pass/fail lines so one run reports every mismatch, not just the first."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, what: str, ok: bool, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}")
        if not ok:
            self.failures.append(what)
        return ok


# ---- reading the CSV with the metadata's types -------------------------------------------------

def read_rows(path: Path, count: int) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = []
        for row in csv.DictReader(handle):
            rows.append(row)
            if len(rows) == count:
                break
    return rows


def category_codes(metadata: dict[str, Any]) -> dict[str, list[str]]:
    text = metadata.get("parameters", {}).get("category_codes")
    return json.loads(text) if text else {}


def number_or_none(text: str) -> float | None:
    return None if text.strip() == "" else float(text)


def json_instances(metadata: dict[str, Any], rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Rows as Ballast's /v1 instances: JSON numbers for numeric features, text for the rest, null when empty."""
    instances = []
    for row in rows:
        instance: dict[str, Any] = {}
        for tensor in metadata["inputs"]:
            text = row[tensor["name"]]
            if tensor["datatype"] == "BYTES":
                instance[tensor["name"]] = text if text != "" else None
            else:
                value = number_or_none(text)
                instance[tensor["name"]] = int(value) if value is not None and tensor["datatype"] == "INT64" else value
        instances.append(instance)
    return instances


# ---- building tritonclient inputs --------------------------------------------------------------

def per_feature_inputs(metadata: dict[str, Any], rows: list[dict[str, str]], binary: bool) -> list[httpclient.InferInput]:
    """One tensor per feature. A numeric column with a missing value cannot go as FP64 in JSON
    (numpy's NaN becomes a bare NaN, which is not JSON), so it goes as BYTES with "" there; as binary
    data it goes as FP64 with NaN. An INT64 column with a missing value goes as FP64 for the same reason."""
    inputs = []
    for tensor in metadata["inputs"]:
        name, datatype = tensor["name"], tensor["datatype"]
        texts = [row[name] for row in rows]
        missing = any(text.strip() == "" for text in texts)
        if datatype == "BYTES" or (missing and not binary):
            array = np.array(texts, dtype=np.object_)
            datatype = "BYTES"
        elif datatype == "INT64" and not missing:
            array = np.array([int(float(text)) for text in texts], dtype=np.int64)
        else:
            array = np.array([math.nan if text.strip() == "" else float(text) for text in texts], dtype=np.float64)
            datatype = "FP64"
        item = httpclient.InferInput(name, list(array.shape), datatype)
        item.set_data_from_numpy(array, binary_data=binary)
        inputs.append(item)
    return inputs


def matrix_array(metadata: dict[str, Any], rows: list[dict[str, str]]) -> np.ndarray | None:
    """The rows as one float32 matrix in the metadata's input order; category names become their
    codes. None when a feature is free text, which no number can carry."""
    codes = category_codes(metadata)
    columns = []
    for tensor in metadata["inputs"]:
        name = tensor["name"]
        if tensor["datatype"] == "BYTES" and name not in codes:
            return None
        column = []
        for row in rows:
            text = row[name]
            if text.strip() == "":
                column.append(math.nan)
            elif name in codes:
                column.append(float(codes[name].index(text)) if text in codes[name] else math.nan)
            else:
                column.append(float(text))
        columns.append(column)
    return np.array(columns, dtype=np.float32).T.copy()


def matrix_input(array: np.ndarray, binary: bool) -> list[httpclient.InferInput]:
    item = httpclient.InferInput("features", list(array.shape), "FP32")
    item.set_data_from_numpy(array, binary_data=binary)
    return [item]


# ---- comparing answers -------------------------------------------------------------------------

def as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value.item() if isinstance(value, np.generic) else value)


def compare(checker: Checker, what: str, result: httpclient.InferResult, expected: list[dict[str, Any]], model: str, tolerance: float) -> None:
    response = result.get_response()
    checker.check(f"{what}: model_name", response.get("model_name") == model, str(response.get("model_name")))
    ids = str(response.get("parameters", {}).get("prediction_ids", "")).split(",")
    checker.check(f"{what}: one prediction id per row", len(ids) == len(expected) and all(ids), ",".join(ids))
    if "value" in expected[0]:
        values = result.as_numpy("value")
        got = None if values is None else [float(v) for v in values.reshape(-1)]
        want = [p["value"] for p in expected]
        ok = got is not None and len(got) == len(want) and all(abs(a - b) <= tolerance for a, b in zip(got, want))
        checker.check(f"{what}: values", ok, f"got {got}, /v1 says {want}")
        return
    labels = result.as_numpy("label")
    probabilities = result.as_numpy("probabilities")
    got_labels = None if labels is None else [as_text(v) for v in labels.reshape(-1)]
    want_labels = [as_text(p["label"]) for p in expected]
    checker.check(f"{what}: labels", got_labels == want_labels, f"got {got_labels}, /v1 says {want_labels}")
    want = np.array([p["probabilities"] for p in expected], dtype=np.float64)
    if probabilities is None or probabilities.shape != want.shape:
        shape = None if probabilities is None else probabilities.shape
        checker.check(f"{what}: probabilities", False, f"shape {shape}, /v1 gives {want.shape}")
        return
    worst = float(np.max(np.abs(probabilities - want)))
    checker.check(f"{what}: probabilities", worst <= tolerance, f"largest difference from /v1 {worst:.3g} (tolerance {tolerance:g})")


def ballast_predict(url: str, model: str, token: str, instances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"http://{url}/v1/deployments/{model}/predict",
        data=json.dumps({"instances": instances}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["predictions"]


# ---- the run -----------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    checker = Checker()

    def headers() -> dict[str, str]:
        # A fresh dict per call: tritonclient writes Inference-Header-Content-Length into the dict it
        # is given, so a dict reused after a binary request sends a stale length with the next one.
        return {"Authorization": f"Bearer {args.token}"}

    client = httpclient.InferenceServerClient(url=args.url, verbose=args.verbose)

    checker.check("server live (GET /v2/health/live)", client.is_server_live(headers=headers()))
    checker.check("server ready (GET /v2/health/ready)", client.is_server_ready(headers=headers()))
    server = client.get_server_metadata(headers=headers())
    checker.check("server metadata (GET /v2)", isinstance(server.get("name"), str) and "version" in server and isinstance(server.get("extensions"), list), json.dumps(server))
    metadata = client.get_model_metadata(args.model, headers=headers())
    print(json.dumps(metadata, indent=1))
    output_names = {output["name"] for output in metadata.get("outputs", [])}
    checker.check("model metadata names the model", metadata.get("name") == args.model)
    checker.check("model metadata lists inputs", len(metadata.get("inputs", [])) > 0)
    checker.check("model metadata lists label+probabilities or value", output_names in ({"label", "probabilities"}, {"value"}), str(sorted(output_names)))
    checker.check("model ready (GET /v2/models/{name}/ready)", client.is_model_ready(args.model, headers=headers()))
    checker.check("an unknown model is not ready", not client.is_model_ready(f"{args.model}-does-not-exist", headers=headers()))

    rows = read_rows(args.csv, args.rows)
    expected = ballast_predict(args.url, args.model, args.token, json_instances(metadata, rows))
    print(f"/v1 predict of {len(rows)} rows: {json.dumps(expected)}")

    exact = 1e-9
    result = client.infer(args.model, per_feature_inputs(metadata, rows, binary=False), headers=headers(), request_id="check-json")
    checker.check("per-feature JSON: request id echoed", result.get_response().get("id") == "check-json")
    compare(checker, "per-feature JSON", result, expected, args.model, exact)
    compare(checker, "per-feature binary", client.infer(args.model, per_feature_inputs(metadata, rows, binary=True), headers=headers()), expected, args.model, exact)

    matrix = matrix_array(metadata, rows)
    if matrix is None:
        print("skip 2-D FP32 forms: the model has text features, which a numeric tensor cannot carry")
    else:
        compare(checker, "2-D FP32 binary", client.infer(args.model, matrix_input(matrix, binary=True), headers=headers()), expected, args.model, args.fp32_tolerance)
        complete = [i for i in range(len(rows)) if not np.isnan(matrix[i]).any()]
        if complete:
            result = client.infer(args.model, matrix_input(matrix[complete], binary=False), headers=headers())
            compare(checker, f"2-D FP32 JSON ({len(complete)} complete rows)", result, [expected[i] for i in complete], args.model, args.fp32_tolerance)
        else:
            print("skip 2-D FP32 JSON: every chosen row has a missing value")

    first = sorted(output_names)[0]
    only = client.infer(args.model, per_feature_inputs(metadata, rows, binary=False), headers=headers(),
                        outputs=[httpclient.InferRequestedOutput(first, binary_data=False)])
    names = [output["name"] for output in only.get_response().get("outputs", [])]
    checker.check(f"only the requested output ({first}) comes back", names == [first], str(names))

    bad = per_feature_inputs(metadata, rows, binary=False)
    bad[0].set_shape([len(rows) + 1])  # the shape now promises one value more than the data holds
    try:
        client.infer(args.model, bad, headers=headers())
        checker.check("a shape/data mismatch is refused", False, "the server answered 200")
    except InferenceServerException as error:
        message = error.message() or ""
        readable = "decoding the response" not in message and bad[0].name() in message
        checker.check("a shape/data mismatch is refused with status 400 and a readable error", error.status() == "400" and readable, f"{error.status()}: {message}")

    print(f"\n{len(checker.failures)} failure(s)" + (": " + "; ".join(checker.failures) if checker.failures else ""))
    return 1 if checker.failures else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except (ConnectionError, OSError, urllib.error.URLError) as error:
        print(f"cannot reach the server at {args.url}: {error}", file=sys.stderr)
        return 2
    except InferenceServerException as error:
        print(f"FAIL the server refused a request that should succeed: {error.status()}: {error.message()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
