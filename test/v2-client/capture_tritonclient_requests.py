#!/usr/bin/env python3
"""Records the exact bytes tritonclient[http] sends for the requests check_with_tritonclient.py
makes, so the Node test suite can decode them without Python (src/server/v2/tritonclient-requests.test.ts).

    pip install 'tritonclient[http]' numpy
    python test/v2-client/capture_tritonclient_requests.py

It starts a local socket that records each request and answers a fixed V2 response, drives the
unmodified client at it, and writes src/server/v2/fixtures/tritonclient-requests.json: for each
request its method, path, headers and base64 body, plus the CSV rows it was built from.
Rerun it after upgrading tritonclient to see whether what it sends has changed.
"""
from __future__ import annotations

import base64
import importlib.metadata
import json
import socket
import sys
import threading
from pathlib import Path

import numpy as np
import tritonclient.http as httpclient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_with_tritonclient as check  # noqa: E402  (the same request builders the live check uses)

FIXTURES = check.REPO / "src" / "server" / "v2" / "fixtures"
ROWS = 6
CANNED = b'{"model_name":"credit","outputs":[{"name":"label","datatype":"INT64","shape":[1],"data":[0]}]}'


def read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def serve(listener: socket.socket, captured: list[bytes]) -> None:
    while True:
        connection, _ = listener.accept()
        with connection:
            captured.append(read_request(connection))
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                               b"Content-Length: %d\r\n\r\n" % len(CANNED) + CANNED)


def parse(raw: bytes) -> dict:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    headers.pop("host", None)
    return {"method": method, "path": path, "headers": headers, "body_base64": base64.b64encode(body).decode()}


def main() -> int:
    metadata = json.loads((FIXTURES / "credit-xgb-metadata.json").read_text())
    rows = check.read_rows(check.DEFAULT_CSV, ROWS)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    captured: list[bytes] = []
    threading.Thread(target=serve, args=(listener, captured), daemon=True).start()
    client = httpclient.InferenceServerClient(url=f"127.0.0.1:{listener.getsockname()[1]}")
    auth = {"Authorization": "Bearer TOKEN"}

    matrix = check.matrix_array(metadata, rows)
    complete = [i for i in range(len(rows)) if not np.isnan(matrix[i]).any()]
    requests = {
        "per-feature JSON": lambda: client.infer("credit", check.per_feature_inputs(metadata, rows, binary=False), headers=dict(auth), request_id="check-json"),
        "per-feature binary": lambda: client.infer("credit", check.per_feature_inputs(metadata, rows, binary=True), headers=dict(auth)),
        "2-D FP32 binary": lambda: client.infer("credit", check.matrix_input(matrix, binary=True), headers=dict(auth)),
        "2-D FP32 JSON": lambda: client.infer("credit", check.matrix_input(matrix[complete], binary=False), headers=dict(auth)),
        "label only": lambda: client.infer("credit", check.per_feature_inputs(metadata, rows, binary=False), headers=dict(auth),
                                           outputs=[httpclient.InferRequestedOutput("label", binary_data=False)]),
        "versioned, binary output asked": lambda: client.infer("credit", check.per_feature_inputs(metadata, rows, binary=False), model_version="1",
                                                               outputs=[httpclient.InferRequestedOutput("probabilities")]),
    }
    fixtures = []
    for name, send in requests.items():
        send()
        fixtures.append({"name": name, **parse(captured.pop())})
    document = {
        "tritonclient": importlib.metadata.version("tritonclient"),
        "numpy": np.__version__,
        "csv": "examples/credit/live.csv",
        "rows": rows,
        "complete_rows": complete,
        "requests": fixtures,
    }
    out = FIXTURES / "tritonclient-requests.json"
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(fixtures)} requests to {out.relative_to(check.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
