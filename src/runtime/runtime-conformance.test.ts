import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel as onnxFixture } from '../../test/fixtures/onnx/read-fixture.ts';
import { readFixtureModel as xgboostFixture } from '../../test/fixtures/xgboost/read-cases.ts';
import type { FeatureSpec } from '../core/signature.ts';
import { readModelBytes as lightgbmFixture } from './lightgbm/testing/fixture-cases.ts';
import { BatchShapeError, type FeatureBatch, type FeatureColumn, type LoadedModel, type PredictionOutput } from './model-runtime.ts';
import { RUNTIMES } from './runtimes.ts';

/**
 * One suite, every runtime (as hono runs one router suite against every router): the same cases
 * of shape, missing values, categories and bad batches, for XGBoost, LightGBM and ONNX. A runtime
 * joins by giving a factory: a classifier with numeric inputs, and a model with a category or
 * string input. Accuracy against each library lives in each runtime's own tests; this suite holds
 * them to one contract.
 */
interface RuntimeFactory {
  readonly name: string;
  classifier(): Promise<LoadedModel>;
  categorical(): Promise<LoadedModel>;
}

const FACTORIES: readonly RuntimeFactory[] = [
  {
    name: 'xgboost',
    classifier: () => RUNTIMES.xgboost.load(xgboostFixture('binary_logistic')),
    categorical: () => RUNTIMES.xgboost.load(xgboostFixture('categorical_binary')),
  },
  {
    name: 'lightgbm',
    classifier: () => RUNTIMES.lightgbm.load(lightgbmFixture('binary_nan.txt')),
    categorical: () => RUNTIMES.lightgbm.load(lightgbmFixture('categorical_pandas.txt')),
  },
  {
    name: 'onnx',
    classifier: () => RUNTIMES.onnx.load(onnxFixture('binary-logistic')),
    categorical: () => RUNTIMES.onnx.load(onnxFixture('column-pipeline')),
  },
];

const ROWS = 12;

/** Fixed, varied values fitting each input: whole numbers for integers and category codes, text for strings. */
function rowsFor(inputs: readonly FeatureSpec[], rowCount: number): FeatureBatch {
  return {
    rowCount,
    columns: inputs.map((input, f): FeatureColumn => {
      const value = (row: number) => ((row * 5 + f * 3) % 13) / 3 - 2;
      if (input.type === 'string') return Array.from({ length: rowCount }, (_, row) => `value-${(row + f) % 3}`);
      if (input.type === 'category')
        return Float64Array.from({ length: rowCount }, (_, row) => (row + f) % Math.max(1, input.categories?.length ?? 3));
      if (input.type === 'integer') return Float64Array.from({ length: rowCount }, (_, row) => Math.round(value(row)));
      return Float64Array.from({ length: rowCount }, (_, row) => value(row));
    }),
  };
}

function rowsOf(output: PredictionOutput): number[][] {
  if (output.kind === 'regression') return Array.from(output.values, (value) => [value]);
  const k = output.classes.length;
  return Array.from(output.labelIndex, (label, row) => [label, ...output.probabilities.subarray(row * k, row * k + k)]);
}

function expectSameRows(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) =>
    row.forEach((value, c) =>
      Number.isNaN(expected[r]![c]!)
        ? expect(value).toBeNaN()
        : expect(Math.abs(value - expected[r]![c]!), `row ${r} column ${c}`).toBeLessThan(1e-6),
    ),
  );
}

/** A column of the other kind: text for a numeric input, numbers for a string input. */
function wrongKind(input: FeatureSpec, rowCount: number): FeatureColumn {
  return input.type === 'string' ? new Float64Array(rowCount) : new Array<string>(rowCount).fill('x');
}

describe.each(FACTORIES)('runtime conformance: $name', (factory) => {
  let classifier: LoadedModel;
  let categorical: LoadedModel;
  beforeAll(async () => {
    classifier = await factory.classifier();
    categorical = await factory.categorical();
  });
  afterAll(async () => {
    await classifier?.close();
    await categorical?.close();
  });

  describe('shapes', () => {
    it('answers one prediction per row in the shape of its signature', async () => {
      for (const model of [classifier, categorical]) {
        const output = await model.predict(rowsFor(model.signature.inputs, ROWS));
        expect(output.kind).toBe(model.signature.output.kind);
        if (output.kind === 'regression') {
          expect(output.values).toHaveLength(ROWS);
          continue;
        }
        const k = output.classes.length;
        expect(output.classes).toEqual(model.signature.output.classes);
        expect(output.probabilities).toHaveLength(ROWS * k);
        expect(output.labelIndex).toHaveLength(ROWS);
        for (let row = 0; row < ROWS; row++) {
          const p = output.probabilities.subarray(row * k, row * k + k);
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          expect(output.labelIndex[row]).toBeGreaterThanOrEqual(0);
          expect(output.labelIndex[row]).toBeLessThan(k);
          expect(p[output.labelIndex[row]!]).toBe(Math.max(...p));
        }
      }
    });

    it('answers an empty batch with an empty output of the same kind', async () => {
      const output = await classifier.predict(rowsFor(classifier.signature.inputs, 0));
      expect(output.kind).toBe(classifier.signature.output.kind);
      expect(rowsOf(output)).toEqual([]);
    });

    it('scores each row on its own: a row alone gets what it gets inside a batch', async () => {
      const batch = rowsFor(classifier.signature.inputs, ROWS);
      const all = rowsOf(await classifier.predict(batch));
      for (const row of [0, 5, ROWS - 1]) {
        const alone = rowsOf(await classifier.predict({ rowCount: 1, columns: batch.columns.map((column) => column.slice(row, row + 1)) }));
        expectSameRows(alone, [all[row]!]);
      }
    });

    it("leaves the caller's batch as it was", async () => {
      const batch = rowsFor(classifier.signature.inputs, ROWS);
      const copy = batch.columns.map((column) => [...column]);
      await classifier.predict(batch);
      expect(batch.columns.map((column) => [...column])).toEqual(copy);
    });
  });

  describe('missing values', () => {
    it('takes a missing value (NaN, or null text) in any input that can be missing, the same way every time', async () => {
      for (const model of [classifier, categorical]) {
        const batch = rowsFor(model.signature.inputs, ROWS);
        // Every other row loses one input in turn; the last row loses all it can.
        const columns = batch.columns.map((column, f) => {
          const input = model.signature.inputs[f]!;
          if (input.type === 'integer') return column; // int64 tensors have no missing value (ONNX refuses those, see its own tests)
          const missing = (row: number) => row === ROWS - 1 || (row % 2 === 0 && (row / 2) % model.signature.inputs.length === f);
          return column instanceof Float64Array
            ? column.map((value, row) => (missing(row) ? Number.NaN : value))
            : column.map((value, row) => (missing(row) ? null : value));
        });
        const first = rowsOf(await model.predict({ rowCount: ROWS, columns }));
        expect(first).toHaveLength(ROWS);
        expectSameRows(rowsOf(await model.predict({ rowCount: ROWS, columns })), first);
      }
    });
  });

  describe('categories', () => {
    it('has a category or string input, and reads a value it never saw without an error', async () => {
      const inputs = categorical.signature.inputs;
      const categoricalInputs = inputs.flatMap((input, f) => (input.type === 'category' || input.type === 'string' ? [f] : []));
      expect(categoricalInputs.length).toBeGreaterThan(0);
      const batch = rowsFor(inputs, 2);
      const columns = batch.columns.map((column, f) => {
        if (!categoricalInputs.includes(f)) return column;
        return column instanceof Float64Array ? Float64Array.of(column[0]!, 1_000) : [column[0]!, 'a value never seen in training'];
      });
      expect(rowsOf(await categorical.predict({ rowCount: 2, columns }))).toHaveLength(2);
    });
  });

  describe('bad batches', () => {
    const cases: ReadonlyArray<{
      name: string;
      batch: (inputs: readonly FeatureSpec[]) => FeatureBatch;
      message: (inputs: readonly FeatureSpec[]) => string;
    }> = [
      {
        name: 'a column too few',
        batch: (inputs) => ({ rowCount: 1, columns: rowsFor(inputs, 1).columns.slice(1) }),
        message: (inputs) =>
          `the model takes ${inputs.length} features (${inputs.map((f) => f.name).join(', ')}) but the batch has ${inputs.length - 1} columns`,
      },
      {
        name: 'a column too many',
        batch: (inputs) => ({ rowCount: 1, columns: [...rowsFor(inputs, 1).columns, new Float64Array(1)] }),
        message: (inputs) =>
          `the model takes ${inputs.length} features (${inputs.map((f) => f.name).join(', ')}) but the batch has ${inputs.length + 1} columns`,
      },
      {
        name: 'a column of the wrong kind',
        batch: (inputs) => ({
          rowCount: 1,
          columns: rowsFor(inputs, 1).columns.map((column, f) => (f === inputs.length - 1 ? wrongKind(inputs[f]!, 1) : column)),
        }),
        message: (inputs) => {
          const last = inputs[inputs.length - 1]!;
          return last.type === 'string'
            ? `feature "${last.name}" is a string but its batch column is a Float64Array`
            : `feature "${last.name}" is numeric but its batch column is text`;
        },
      },
      {
        name: 'a short column',
        batch: (inputs) => ({
          rowCount: 3,
          columns: rowsFor(inputs, 3).columns.map((column, f) => (f === 0 ? column.slice(0, 2) : column)),
        }),
        message: (inputs) => `feature "${inputs[0]!.name}" has 2 values but the batch has 3 rows`,
      },
      {
        name: 'a negative row count',
        batch: (inputs) => ({ rowCount: -1, columns: rowsFor(inputs, 0).columns }),
        message: () => "the batch's rowCount must be a whole number ≥ 0 (found -1)",
      },
      {
        name: 'a fractional row count',
        batch: (inputs) => ({ rowCount: 1.5, columns: rowsFor(inputs, 1).columns }),
        message: () => "the batch's rowCount must be a whole number ≥ 0 (found 1.5)",
      },
    ];

    it.each(cases)('refuses $name with a BatchShapeError in the shared words', async ({ batch, message }) => {
      for (const model of [classifier, categorical]) {
        const error = await model.predict(batch(model.signature.inputs)).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(BatchShapeError);
        expect((error as Error).message).toBe(message(model.signature.inputs));
      }
    });
  });
});
