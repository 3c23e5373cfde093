import { describe, expect, it } from 'vitest';
import { fixtureBatch, fixtureCases, fixtureModel, nanFromNull } from '../../../test/fixtures/onnx/read-fixture.ts';
import { ElementType, node, onnxModel, tensorType, valueInfo } from '../../../test/fixtures/onnx/write-onnx.ts';
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

  it('wraps what ONNX Runtime refuses in a one-line ModelLoadError', async () => {
    const unknownOp = onnxModel({
      graph: [
        node({ opType: 'NoSuchOperator', inputs: ['X'], outputs: ['Y'] }),
        valueInfo(11, 'X', tensorType(ElementType.float, [null, 2])),
        valueInfo(12, 'Y', tensorType(ElementType.float, [null, 1])),
      ],
    });
    const error = await onnxRuntime.load(unknownOp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(
      /^ONNX Runtime cannot load the model \(IR version 8, opsets ai\.onnx 17, ai\.onnx\.ml 3\): .*NoSuchOperator/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('loads a hand-made graph it can run, and refuses every cut of a real model with a ModelLoadError', async () => {
    const identity = onnxModel({
      graph: [
        node({ opType: 'Identity', inputs: ['X'], outputs: ['Y'] }),
        valueInfo(11, 'X', tensorType(ElementType.float, [null, 1])),
        valueInfo(12, 'Y', tensorType(ElementType.float, [null, 1])),
      ],
    });
    const model = await onnxRuntime.load(identity, { featureNames: ['x'] });
    expect(await model.predict({ rowCount: 2, columns: [Float64Array.of(0.5, Number.NaN)] })).toEqual({
      kind: 'regression',
      values: Float64Array.of(0.5, Number.NaN),
    });
    await model.close();
    const bytes = fixtureModel('multiclass-forest');
    for (let length = 0; length < bytes.length; length += 97) {
      const error = await onnxRuntime.load(bytes.subarray(0, length), { featureNames: ['x', 'y', 'z'] }).catch((e: unknown) => e);
      expect(error, `first ${length} bytes`).toBeInstanceOf(ModelLoadError);
    }
  });

  it('names the 2-D input features from the load options when the model has none', async () => {
    const model = await onnxRuntime.load(fixtureModel('regression-boosting'), { featureNames: ['a', 'b', 'c', 'd'] });
    expect(model.signature.inputs.map((feature) => feature.name)).toEqual(['a', 'b', 'c', 'd']);
    await model.close();
    await expect(onnxRuntime.load(fixtureModel('regression-boosting'), { featureNames: ['a'] })).rejects.toThrow(
      /lists 1 features but ONNX input "input" has 4 columns/,
    );
  });
});

describe('OnnxModel.predict', () => {
  it('refuses a missing int64 value, naming the feature and row', async () => {
    const cases = fixtureCases('column-pipeline');
    const model = await onnxRuntime.load(fixtureModel('column-pipeline'));
    const rows = cases.rows!.slice(0, 3).map((row) => [...row]);
    rows[1]![4] = null;
    await expect(model.predict(fixtureBatch(rows, model.signature.inputs))).rejects.toThrow(
      new BatchShapeError(
        `feature "rooms" is missing in row 2 of the batch, but the model's int64 input has no missing value; fill it in before predicting`,
      ),
    );
    await model.close();
  });

  it('answers an empty batch without running, and refuses to predict once closed', async () => {
    const model = await onnxRuntime.load(fixtureModel('multiclass-forest'), { featureNames: ['x', 'y', 'z'] });
    const empty = await model.predict({ rowCount: 0, columns: [new Float64Array(0), new Float64Array(0), new Float64Array(0)] });
    expect(empty).toEqual({
      kind: 'multiclass',
      classes: ['high', 'low', 'mid'],
      probabilities: new Float64Array(0),
      labelIndex: new Int32Array(0),
    });
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
