import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { decodeRows, maxAbsDifference, readFixtureCases, readModelBytes, toColumns } from './testing/fixture-cases.ts';
import { LightGbmLoadedModel, lightgbmRuntime } from './lightgbm-runtime.ts';

const fixtures = readFixtureCases();
const TOLERANCE = 1e-9;

async function loadFixture(file: string): Promise<LightGbmLoadedModel> {
  const model = await lightgbmRuntime.load(readModelBytes(file));
  if (!(model instanceof LightGbmLoadedModel)) throw new Error('expected a LightGbmLoadedModel');
  return model;
}

describe('lightgbmRuntime against lightgbm Booster.predict', () => {
  it('fixtures were made by lightgbm 4.7.0', () => {
    expect(fixtures.metadata.lightgbm).toBe('4.7.0');
    expect(fixtures.cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const fixture of fixtures.cases) {
    it(`${fixture.name}: raw scores and predictions match (${fixture.notes})`, async () => {
      const model = await loadFixture(fixture.file);
      const batch = { rowCount: fixture.inputs.length, columns: toColumns(fixture.inputs, model.signature.inputs.length) };
      expect(fixture.inputs.some((row) => row.includes(null))).toBe(true);
      const raw = decodeRows(fixture.raw);
      const predictions = decodeRows(fixture.predictions);
      expect(maxAbsDifference(model.predictRaw(batch), raw)).toBeLessThan(TOLERANCE);
      expect(maxAbsDifference(model.predictConverted(batch), predictions)).toBeLessThan(TOLERANCE);

      const output = await model.predict(batch);
      if (output.kind === 'regression') {
        expect(maxAbsDifference(output.values, predictions)).toBeLessThan(TOLERANCE);
        return;
      }
      const expectedProbabilities = output.kind === 'binary' ? predictions.map(([p]) => [1 - p!, p!]) : predictions;
      expect(maxAbsDifference(output.probabilities, expectedProbabilities)).toBeLessThan(TOLERANCE);
      expectedProbabilities.forEach((row, r) => {
        expect(output.labelIndex[r]).toBe(row.indexOf(Math.max(...row)));
      });
    });
  }
});

describe('lightgbmRuntime.load', () => {
  it('is the lightgbm format', () => {
    expect(lightgbmRuntime.format).toBe('lightgbm');
  });

  it('rejects corrupt and truncated files with a ModelLoadError naming the problem', async () => {
    const bytes = readModelBytes('binary_nan.txt');
    await expect(lightgbmRuntime.load(bytes.subarray(0, bytes.length / 2))).rejects.toThrow(ModelLoadError);
    await expect(lightgbmRuntime.load(bytes.subarray(0, bytes.length / 2))).rejects.toThrow(/^LightGBM model: /);
    await expect(lightgbmRuntime.load(new TextEncoder().encode('{"learner": {}}'))).rejects.toThrow(/does not start with the line 'tree'/);
  });
});

describe('lightgbmRuntime signatures', () => {
  it('binary models answer classes [0, 1] with numeric inputs named as in the file', async () => {
    const model = await loadFixture('binary_nan.txt');
    expect(model.signature.output).toEqual({ kind: 'binary', classes: [0, 1] });
    expect(model.signature.inputs).toHaveLength(8);
    expect(model.signature.inputs[0]).toEqual({ name: 'Column_0', type: 'number' });
  });

  it('multiclass models answer classes 0..k-1', async () => {
    expect((await loadFixture('multiclass.txt')).signature.output).toEqual({ kind: 'multiclass', classes: [0, 1, 2] });
    expect((await loadFixture('rf_multiclass.txt')).signature.output).toEqual({ kind: 'multiclass', classes: [0, 1, 2] });
  });

  it('regression-family models answer values', async () => {
    for (const file of ['regression.txt', 'poisson.txt', 'cross_entropy_lambda.txt', 'linear_tree.txt']) {
      expect((await loadFixture(file)).signature.output).toEqual({ kind: 'regression' });
    }
  });

  it('pandas category columns are category features carrying their names', async () => {
    const model = await loadFixture('categorical_pandas.txt');
    const inputs = model.signature.inputs;
    expect(inputs.map((input) => input.name)).toEqual(['age', 'color', 'income', 'city', 'size', 'score']);
    expect(inputs.map((input) => input.type)).toEqual(['number', 'category', 'number', 'category', 'category', 'number']);
    expect(inputs[1]!.categories).toEqual(['red', 'green', 'blue', 'yellow', 'black']);
    expect(inputs[3]!.categories).toHaveLength(40);
    expect(inputs[4]!.categories).toEqual(['10', '20', '30']);
  });
});

describe('lightgbmRuntime with category names', () => {
  it('mapping each name to its index in FeatureSpec.categories reproduces lightgbm on the DataFrame', async () => {
    const fixture = fixtures.cases.find((c) => c.name === 'categorical_pandas')!;
    const model = await loadFixture(fixture.file);
    const named = fixture.named_inputs!;
    const columns = model.signature.inputs.map((input, f) =>
      Float64Array.from(named, (row) => {
        const value = row[f] ?? null;
        if (value === null) return NaN;
        if (input.type !== 'category') return Number(value);
        const code = input.categories!.indexOf(String(value));
        return code < 0 ? NaN : code;
      }),
    );
    const raw = model.predictRaw({ rowCount: named.length, columns });
    expect(named.some((row) => row[1] === null)).toBe(true);
    expect(maxAbsDifference(raw, decodeRows(fixture.raw.slice(0, named.length)))).toBeLessThan(TOLERANCE);
  });
});

describe('lightgbmRuntime batches', () => {
  // Batches that do not fit the model: src/runtime/runtime-conformance.test.ts, for every runtime.
  it('answers an empty batch with empty outputs', async () => {
    const model = await loadFixture('multiclass.txt');
    const output = await model.predict({ rowCount: 0, columns: Array.from({ length: 8 }, () => new Float64Array(0)) });
    expect(output.kind === 'multiclass' && output.probabilities.length).toBe(0);
  });

  it('gives the same answer for a row alone and inside a batch (no state leaks between rows)', async () => {
    const fixture = fixtures.cases.find((c) => c.name === 'linear_tree')!;
    const model = await loadFixture(fixture.file);
    const all = model.predictConverted({ rowCount: fixture.inputs.length, columns: toColumns(fixture.inputs, 8) });
    const last = fixture.inputs.length - 1;
    const alone = model.predictConverted({ rowCount: 1, columns: toColumns([fixture.inputs[last]!], 8) });
    expect(alone[0]).toBe(all[last]);
  });

  it('close resolves', async () => {
    await expect((await loadFixture('regression.txt')).close()).resolves.toBeUndefined();
  });
});
