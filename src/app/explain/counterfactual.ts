import type { ColumnRule, Contract } from '../../core/contracts/contract-types.ts';
import type { CellValue, Counterfactual, CounterfactualMethod } from '../../core/explain/counterfactual/counterfactual.ts';
import { referenceFacts, type FeatureInfo } from '../../core/explain/counterfactual/feature-domains.ts';
import { searchCounterfactuals } from '../../core/explain/counterfactual/search.ts';
import { thresholdCandidates } from '../../core/explain/counterfactual/threshold-candidates.ts';
import type { FeatureSpec } from '../../core/signature.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';
import { toPredictionRecords, type PredictionRecord } from '../../runtime/prediction-records.ts';
import type { ParsedCounterfactualRequest } from './counterfactual-request.ts';

/** A value as users give it: a number, a category's name, a string, or null when missing. */
type UserValue = number | string | null;

export interface CounterfactualWire {
  readonly changes: { readonly feature: string; readonly from: UserValue; readonly to: UserValue }[];
  readonly instance: Record<string, UserValue>;
  readonly prediction: PredictionRecord;
  readonly distance: number;
  readonly changed: number;
}

/** What the CLI prints with --json and the route answers (the route adds model and deployment). */
export interface CounterfactualAnswer {
  readonly method: CounterfactualMethod;
  readonly found: boolean;
  readonly original: { readonly instance: Record<string, UserValue>; readonly prediction: PredictionRecord };
  readonly counterfactuals: CounterfactualWire[];
  readonly closest: CounterfactualWire | null;
  readonly message: string | null;
}

export interface CounterfactualInput {
  readonly model: LoadedModel;
  /** Rows of the training data (or a file given): the plausible ranges, spreads, quantiles and categories. */
  readonly reference: FeatureBatch;
  /** The version's contract, when it has one: its ranges and allowed values bound the candidates too. */
  readonly contract?: Contract;
  /** The row to explain (one row, in signature order). */
  readonly instance: FeatureBatch;
  readonly request: ParsedCounterfactualRequest;
}

/**
 * Counterfactuals for one row: tree models are searched over their own split thresholds
 * (`treeModel()`), other models over the reference's quantiles. Every row returned, the original
 * included, carries the prediction `model.predict` gives it, in the form POST …/predict answers.
 */
export async function findCounterfactuals(input: CounterfactualInput): Promise<CounterfactualAnswer> {
  const { model, request } = input;
  const inputs = model.signature.inputs;
  const features = inputs.map((spec) => featureInfo(spec, input.contract?.columns[spec.name]));
  const original = inputs.map((_, f) => cellAt(input.instance, f, 0));
  const trees = model.treeModel?.();
  const result = await searchCounterfactuals({
    features,
    facts: referenceFacts(features, input.reference),
    original,
    desired: request.desired,
    constraints: request.constraints,
    k: request.k,
    thresholds:
      trees === undefined
        ? undefined
        : features.map((feature, f) => (feature.categorical ? [] : thresholdCandidates(trees, f, feature.integer))),
    predict: (batch) => model.predict(batch as FeatureBatch),
    seed: request.seed,
  });
  const shown = [...result.counterfactuals, ...(result.closest ? [result.closest] : [])];
  const rows = [original, ...shown.map((cf) => cf.values)];
  const predictions = toPredictionRecords(await model.predict(batchOf(inputs, rows)));
  const wire = (cf: Counterfactual, i: number): CounterfactualWire => ({
    changes: cf.changed.map((f) => ({
      feature: inputs[f]!.name,
      from: userValue(inputs[f]!, original[f]!),
      to: userValue(inputs[f]!, cf.values[f]!),
    })),
    instance: instanceOf(inputs, cf.values),
    prediction: predictions[i + 1]!,
    distance: round(cf.distance),
    changed: cf.changed.length,
  });
  const counterfactuals = result.counterfactuals.map(wire);
  return {
    method: result.method,
    found: counterfactuals.length > 0,
    original: { instance: instanceOf(inputs, original), prediction: predictions[0]! },
    counterfactuals,
    closest: result.closest ? wire(result.closest, counterfactuals.length) : null,
    message: result.message,
  };
}

/** How the search sees a model input, bounded by its contract rule when there is one. */
function featureInfo(spec: FeatureSpec, rule: ColumnRule | undefined): FeatureInfo {
  const categorical = spec.type === 'category' || spec.type === 'string';
  const codes = spec.categories ? new Map(spec.categories.map((name, code) => [name, code])) : undefined;
  const values = rule?.values?.map((value): CellValue => {
    if (spec.type === 'string') return String(value);
    if (codes !== undefined) return codes.get(String(value)) ?? Number(value);
    return Number(value);
  });
  const allowed = {
    ...(typeof rule?.min === 'number' ? { min: rule.min } : {}),
    ...(typeof rule?.max === 'number' ? { max: rule.max } : {}),
    ...(values !== undefined && categorical ? { values } : {}),
  };
  return { name: spec.name, categorical, integer: spec.type === 'integer', text: spec.type === 'string', allowed };
}

function cellAt(batch: FeatureBatch, feature: number, row: number): CellValue {
  return batch.columns[feature]![row] ?? null;
}

function batchOf(inputs: readonly FeatureSpec[], rows: readonly (readonly CellValue[])[]): FeatureBatch {
  return {
    rowCount: rows.length,
    columns: inputs.map((spec, f) =>
      spec.type === 'string' ? rows.map((row) => row[f] as string | null) : Float64Array.from(rows, (row) => row[f] as number),
    ),
  };
}

function instanceOf(inputs: readonly FeatureSpec[], values: readonly CellValue[]): Record<string, UserValue> {
  return Object.fromEntries(inputs.map((spec, f) => [spec.name, userValue(spec, values[f]!)]));
}

/** Category codes back to their names, NaN back to null: the values as a user wrote them. */
function userValue(spec: FeatureSpec, value: CellValue): UserValue {
  if (value === null || typeof value === 'string') return value;
  if (Number.isNaN(value)) return null;
  if (spec.type === 'category' && spec.categories?.[value] !== undefined) return spec.categories[value]!;
  return value;
}

/** Distances to 6 significant digits: more is noise to a reader and changes nothing. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
