import { describe, expect, it } from 'vitest';
import { fixtureBatch, fixtureCases, fixtureModel, nanFromNull } from '../../../test/fixtures/onnx/read-fixture.ts';
import { BatchShapeError, ModelLoadError, type PredictionOutput } from '../model-runtime.ts';
import { onnxRuntime } from './onnx-runtime.ts';
import { ZIPMAP_REFUSAL } from './onnx-output-plan.ts';

const TOLERANCE = 1e-5;

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, index) => {
    const got = actual[index]!;
    if (Number.isNaN(value)) expect(got, `value ${index}`).toBeNaN();
    else expect(Math.abs(got - value), `value ${index}: ${got} vs ${value}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

async function predictFixture(name: string): Promise<PredictionOutput> {
  const cases = fixtureCases(name);
  const model = await onnxRuntime.load(fixtureModel(name), cases.load_options);
  try {
    expect(model.format).toBe('onnx');
    expect(model.signature).toEqual(cases.signature);
    return await model.predict(fixtureBatch(cases.rows!, model.signature.inputs));
  } finally {
    await model.close();
  }
}

describe('onnxRuntime matches Python onnxruntime on the fixtures', () => {
  it.each(['binary-logistic', 'multiclass-forest', 'column-pipeline'])('%s (classifier, rows with missing values)', async (name) => {
    const cases = fixtureCases(name);
    const output = await predictFixture(name);
    if (output.kind === 'regression') throw new Error('expected a classifier');
    const expected = cases.onnxruntime!;
    expectClose(output.probabilities, nanFromNull(expected.probabilities!.flat()));
    expect(Array.from(output.labelIndex, (index) => output.classes[index])).toEqual(expected.labels);
    expect(cases.rows!.some((row) => row.includes(null))).toBe(true);
  });

  it.each(['regression-boosting', 'regression-double'])('%s (regressor, rows with missing values)', async (name) => {
    const cases = fixtureCases(name);
    const output = await predictFixture(name);
    if (output.kind !== 'regression') throw new Error('expected a regressor');
    expectClose(output.values, nanFromNull(cases.onnxruntime!.values!));
    expect(cases.rows!.some((row) => row.includes(null))).toBe(true);
  });
});

describe('onnxRuntime.load', () => {
  it('refuses a ZipMap classifier with the re-export advice', async () => {
    await expect(onnxRuntime.load(fixtureModel('zipmap-classifier'))).rejects.toThrow(new ModelLoadError(ZIPMAP_REFUSAL));
  });

  it('refuses a truncated file with one line naming the problem', async () => {
    const error = await onnxRuntime.load(fixtureModel('truncated')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/^not a valid ONNX model \(truncated or corrupt protobuf\): .*byte \d+/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('wraps what ONNX Runtime refuses in a ModelLoadError', async () => {
    // A well-formed ModelProto whose graph has inputs and outputs but no node producing the output.
    const bytes = fixtureModel('regression-double');
    const proto = await import('./onnx-proto.ts');
    expect(proto.readOnnxModel(bytes).nodes.length).toBeGreaterThan(0);
    const withoutNodes = dropGraphNodes(bytes);
    const error = await onnxRuntime.load(withoutNodes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/^ONNX Runtime cannot load the model \(IR version \d+, opsets ai\.onnx 17, ai\.onnx\.ml \d\): \S/);
  });

  it('names the 2-D input features from the load options when the model has none', async () => {
    const model = await onnxRuntime.load(fixtureModel('regression-boosting'), { featureNames: ['a', 'b', 'c', 'd'] });
    expect(model.signature.inputs.map((feature) => feature.name)).toEqual(['a', 'b', 'c', 'd']);
    await model.close();
    await expect(onnxRuntime.load(fixtureModel('regression-boosting'), { featureNames: ['a'] })).rejects.toThrow(/lists 1 features but ONNX input "input" has 4 columns/);
  });
});

describe('OnnxModel.predict', () => {
  it('refuses a missing int64 value, naming the feature and row', async () => {
    const cases = fixtureCases('column-pipeline');
    const model = await onnxRuntime.load(fixtureModel('column-pipeline'));
    const rows = cases.rows!.slice(0, 3).map((row) => [...row]);
    rows[1]![4] = null;
    await expect(model.predict(fixtureBatch(rows, model.signature.inputs))).rejects.toThrow(
      new BatchShapeError(`feature "rooms" is missing in row 2 of the batch, but the model's int64 input has no missing value; fill it in before predicting`),
    );
    await model.close();
  });

  it('refuses a batch with the wrong columns', async () => {
    const model = await onnxRuntime.load(fixtureModel('column-pipeline'));
    await expect(model.predict({ rowCount: 1, columns: [new Float64Array(1)] })).rejects.toThrow(BatchShapeError);
    const numericForString = model.signature.inputs.map(() => new Float64Array(1));
    await expect(model.predict({ rowCount: 1, columns: numericForString })).rejects.toThrow(/feature "city" is a string but its batch column is a Float64Array/);
    await model.close();
  });

  it('answers an empty batch without running, and refuses to predict once closed', async () => {
    const model = await onnxRuntime.load(fixtureModel('multiclass-forest'), { featureNames: ['x', 'y', 'z'] });
    const empty = await model.predict({ rowCount: 0, columns: [new Float64Array(0), new Float64Array(0), new Float64Array(0)] });
    expect(empty).toEqual({ kind: 'multiclass', classes: ['high', 'low', 'mid'], probabilities: new Float64Array(0), labelIndex: new Int32Array(0) });
    await model.close();
    await model.close();
    await expect(model.predict(empty as never)).rejects.toThrow(/closed/);
  });

  it('serves concurrent batches from one session', async () => {
    const cases = fixtureCases('binary-logistic');
    const model = await onnxRuntime.load(fixtureModel('binary-logistic'));
    const batch = fixtureBatch(cases.rows!, model.signature.inputs);
    const outputs = await Promise.all(Array.from({ length: 8 }, () => model.predict(batch)));
    for (const output of outputs) expect(output).toEqual(outputs[0]);
    await model.close();
  });
});

/** Rewrites a ModelProto with its graph's node fields (GraphProto field 1) removed. */
function dropGraphNodes(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let at = 0;
  const varint = (from: number): [number, number] => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[from++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return [value, from];
      scale *= 128;
    }
  };
  const pushVarint = (target: number[], value: number) => {
    while (value >= 0x80) {
      target.push((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    target.push(value);
  };
  while (at < bytes.length) {
    const [tag, afterTag] = varint(at);
    if (tag % 8 === 0) {
      const [, end] = varint(afterTag);
      out.push(...bytes.subarray(at, end));
      at = end;
      continue;
    }
    const [length, start] = varint(afterTag);
    if (tag >> 3 !== 7) {
      out.push(...bytes.subarray(at, start + length));
    } else {
      const graph: number[] = [];
      let inner = start;
      while (inner < start + length) {
        const [innerTag, innerAfterTag] = varint(inner);
        const [innerLength, innerStart] = varint(innerAfterTag);
        if (innerTag >> 3 !== 1) graph.push(...bytes.subarray(inner, innerStart + innerLength));
        inner = innerStart + innerLength;
      }
      out.push(tag);
      pushVarint(out, graph.length);
      out.push(...graph);
    }
    at = start + length;
  }
  return new Uint8Array(out);
}
