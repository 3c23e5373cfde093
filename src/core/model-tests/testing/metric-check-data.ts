/**
 * CheckData for the tests of the metric, calibration, slices and champion/challenger checks: the rows are
 * given (labels as class indexes or numbers, answers, columns), `score` is never called by these checks,
 * and `scoreAlias` answers from a table of other versions' answers.
 */
import { BallastError } from '../../errors.ts';
import type { CheckData, DataColumn, ScoredRows } from '../suite-types.ts';

export interface FakeDataOptions {
  readonly labels: Int32Array | Float64Array;
  readonly scored: ScoredRows;
  readonly columns?: Record<string, DataColumn>;
  readonly inputs?: readonly string[];
  readonly aliases?: Record<string, { version: number; scored: ScoredRows }>;
}

export function fakeCheckData(options: FakeDataOptions): CheckData {
  const columns = new Map(Object.entries(options.columns ?? {}));
  return {
    rows: options.labels.length,
    columns,
    inputs: options.inputs ?? [...columns.keys()],
    labels: options.labels,
    scored: options.scored,
    score: () => Promise.reject(new Error('these checks do not rescore')),
    reference: new Map(),
    scoreAlias: (alias) => {
      const found = options.aliases?.[alias];
      return found === undefined ? Promise.reject(new BallastError('alias_not_found', `no alias ${alias}`)) : Promise.resolve(found);
    },
  };
}

/** A binary classifier's answers from its positive-class probabilities, predicted positive at 0.5 or above. */
export function binaryScored(positive: readonly number[], classes: readonly string[] = ['no', 'yes']): ScoredRows {
  const probabilities = new Float64Array(positive.length * 2);
  const labelIndex = new Int32Array(positive.length);
  positive.forEach((p, row) => {
    probabilities[row * 2] = 1 - p;
    probabilities[row * 2 + 1] = p;
    labelIndex[row] = p >= 0.5 ? 1 : 0;
  });
  return { kind: 'classification', classes, probabilities, labelIndex };
}

/** A classifier's answers from probability rows, the label the most probable class (the first on ties). */
export function multiclassScored(rows: readonly (readonly number[])[], classes: readonly string[]): ScoredRows {
  const k = classes.length;
  const probabilities = new Float64Array(rows.length * k);
  const labelIndex = new Int32Array(rows.length);
  rows.forEach((p, row) => {
    probabilities.set(p, row * k);
    let top = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[top]!) top = c;
    labelIndex[row] = top;
  });
  return { kind: 'classification', classes, probabilities, labelIndex };
}
