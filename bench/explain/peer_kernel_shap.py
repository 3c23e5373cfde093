"""The Python peer of bench/explain/kernel-shap.bench.ts: shap.KernelExplainer on the same ONNX model (run by
onnxruntime), the same background rows and the same rows to explain, at the same nsamples, without L1 feature
selection (l1_reg=False, as Ballast).

    /work/venv-b/bin/python bench/explain/peer_kernel_shap.py MODEL.onnx BACKGROUND.csv ROWS.csv NSAMPLES

Needs shap==0.51.0, onnxruntime==1.32.0, pandas, numpy (see test/fixtures/explain/kernel-shap/make_fixtures.py).
Prints one JSON object: seconds to explain the rows (after one warm-up row), rows/s, model rows scored, the shap
values (rows × features) and the base value.
"""
import json
import sys
import time
import warnings

import numpy as np
import onnxruntime as ort
import pandas as pd
import shap


def main():
    model_file, background_file, rows_file, nsamples = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # Ballast's runtime scores on one thread per call too
    session = ort.InferenceSession(model_file, options)
    inputs = session.get_inputs()
    names = [i.name for i in inputs]
    strings = {i.name for i in inputs if i.type == "tensor(string)"}
    # Categories read as text (keep_default_na off for them), numbers as floats with NaN for missing.
    dtypes = {name: str for name in strings}
    background = pd.read_csv(background_file, dtype=dtypes)[names]
    rows = pd.read_csv(rows_file, dtype=dtypes)[names]
    scored = [0]

    def predict(x):
        x = np.asarray(x, dtype=object)
        feeds = {}
        for j, name in enumerate(names):
            column = x[:, j].reshape(-1, 1)
            if name in strings:
                # A missing category is fed as "" (what Ballast's ONNX runtime feeds), not pandas' "nan".
                feeds[name] = np.where(pd.isna(column), "", column).astype(str)
            else:
                feeds[name] = column.astype(np.float32)
        scored[0] += x.shape[0]
        return session.run(["probabilities"], feeds)[0][:, 1].astype(np.float64)

    explainer = shap.KernelExplainer(predict, background.astype(object))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explainer.shap_values(rows.iloc[:1].astype(object), nsamples=nsamples, l1_reg=False, silent=True)
        scored[0] = 0
        start = time.perf_counter()
        values = explainer.shap_values(rows.astype(object), nsamples=nsamples, l1_reg=False, silent=True)
        seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows_per_second": len(rows) / seconds,
                "model_rows": scored[0],
                "base_value": float(explainer.expected_value),
                "shap_values": np.asarray(values).tolist(),
                "versions": {"shap": shap.__version__, "onnxruntime": ort.__version__},
            }
        )
    )


if __name__ == "__main__":
    main()
