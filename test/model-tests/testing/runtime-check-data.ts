import type { CheckData, DataColumn, ScoredRows } from '../../../src/core/model-tests/suite-types.ts';
import type { LoadedModel, PredictionOutput } from '../../../src/runtime/model-runtime.ts';

/**
 * A CheckData whose answers come from a real loaded model: the batch is laid out in the signature's input
 * order from the named columns, as the test runner does, and every `score` is one `predict` of the whole
 * data. Labels are the model's own predictions (perturbation checks do not read them).
 */
export async function runtimeCheckData(model: LoadedModel, columns: Record<string, DataColumn>): Promise<CheckData> {
  const given = new Map(Object.entries(columns));
  const rows = given.values().next().value?.length ?? 0;
  const inputs = model.signature.inputs.map((feature) => feature.name);
  const score = async (replaced: ReadonlyMap<string, DataColumn>): Promise<ScoredRows> => {
    const merged = new Map(given);
    for (const [name, column] of replaced) merged.set(name, column);
    return scoredRows(await model.predict({ rowCount: rows, columns: inputs.map((name) => merged.get(name)!) }));
  };
  const scored = await score(new Map());
  return {
    rows,
    columns: given,
    inputs,
    labels: scored.kind === 'classification' ? Int32Array.from(scored.labelIndex) : Float64Array.from(scored.values),
    scored,
    score,
    reference: new Map(),
    scoreAlias: async () => {
      throw new Error('no aliases here');
    },
  };
}

export function scoredRows(output: PredictionOutput): ScoredRows {
  return output.kind === 'regression'
    ? { kind: 'regression', values: output.values }
    : { kind: 'classification', classes: output.classes, probabilities: output.probabilities, labelIndex: output.labelIndex };
}
