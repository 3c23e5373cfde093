import type { CheckData, DataColumn, ReferenceColumn, ScoredRows } from '../../suite-types.ts';

/**
 * A CheckData for evaluator tests whose model is a plain function of the columns, so a test knows
 * exactly how the score must move. It counts `score` calls, to hold the evaluators to one call per
 * perturbation rather than one per row.
 */
export interface FakeCheckData extends CheckData {
  readonly scoreCalls: () => number;
}

export function fakeCheckData(options: {
  readonly columns: Record<string, DataColumn>;
  readonly inputs?: readonly string[];
  readonly reference?: Record<string, ReferenceColumn>;
  readonly model: (columns: ReadonlyMap<string, DataColumn>) => ScoredRows;
}): FakeCheckData {
  const columns = new Map(Object.entries(options.columns));
  const rows = columns.values().next().value?.length ?? 0;
  const scored = options.model(columns);
  let calls = 0;
  return {
    rows,
    columns,
    inputs: options.inputs ?? [...columns.keys()],
    labels: scored.kind === 'classification' ? Int32Array.from(scored.labelIndex) : Float64Array.from(scored.values),
    scored,
    score: async (replaced) => {
      calls++;
      const merged = new Map(columns);
      for (const [name, column] of replaced) merged.set(name, column);
      return options.model(merged);
    },
    reference: new Map(Object.entries(options.reference ?? {})),
    scoreAlias: async () => {
      throw new Error('the fake has no aliases');
    },
    scoreCalls: () => calls,
  };
}

/**
 * A logistic model: P(class 1) = σ(bias + Σ weight × value + effect of each category). A missing number
 * gives NaN (a model without an imputer); an unknown or missing category adds nothing.
 */
export function logisticModel(
  weights: Record<string, number>,
  categoryEffects: Record<string, Record<string, number>> = {},
  bias = 0,
): (columns: ReadonlyMap<string, DataColumn>) => ScoredRows {
  return (columns) => {
    const rows = columns.values().next().value?.length ?? 0;
    const probabilities = new Float64Array(rows * 2);
    const labelIndex = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      let z = bias;
      for (const [name, weight] of Object.entries(weights)) z += weight * (columns.get(name) as Float64Array)[row]!;
      for (const [name, effects] of Object.entries(categoryEffects)) z += effects[String(columns.get(name)![row])] ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      probabilities[row * 2] = 1 - p;
      probabilities[row * 2 + 1] = p;
      labelIndex[row] = p >= 0.5 ? 1 : 0;
    }
    return { kind: 'classification', classes: [0, 1], probabilities, labelIndex };
  };
}

/** A regressor: bias + Σ weight × value. */
export function linearRegressor(weights: Record<string, number>, bias = 0): (columns: ReadonlyMap<string, DataColumn>) => ScoredRows {
  return (columns) => {
    const rows = columns.values().next().value?.length ?? 0;
    const values = new Float64Array(rows).fill(bias);
    for (const [name, weight] of Object.entries(weights)) {
      const column = columns.get(name) as Float64Array;
      for (let row = 0; row < rows; row++) values[row] = values[row]! + weight * column[row]!;
    }
    return { kind: 'regression', values };
  };
}
