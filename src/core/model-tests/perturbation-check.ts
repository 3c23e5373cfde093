import { checkSeed, SeededRandom } from './seeded-random.ts';
import type { Bound, CheckData, CheckEvaluator, DataColumn, PerturbationCheckSpec, PerturbationKind } from './suite-types.ts';
import { categoryPool, columnRole, isWholeColumn, noiseScale, type ColumnRole } from './perturb/column-values.ts';
import { addNoise, blendRows, featureMasks, setMissing, swapCategories } from './perturb/perturb-column.ts';
import { compareScores, type ScoreChange } from './perturb/score-change.ts';
import { suiteProblem, tooFewRows } from './perturb/suite-problem.ts';
import { describeMiss, formatNumber, withinBound } from './perturb/within-bound.ts';

/**
 * Perturbation stability (Deepchecks' and Giskard's robustness tests): each kind of perturbation is applied
 * to a copy of the named features and the copy rescored once; the check reports how many predicted labels
 * flipped and how far the score moved, per kind, against the suite's bounds. Each feature (at most
 * MAX_FEATURES_EXAMINED of them) is also scored alone, perturbed by its first kind, so the report says which
 * features the answers hang on. Every draw comes from the check's seed, split per kind and per feature so that
 * adding a kind or a feature does not change the numbers of the others. A regressor has no `flip_rate.*`.
 */

/** Features perturbed one at a time for the details: each costs one rescoring of the whole data. */
const MAX_FEATURES_EXAMINED = 20;
const FEATURES_REPORTED = 5;

const APPLIES: Readonly<Record<PerturbationKind, (role: ColumnRole) => boolean>> = {
  noise: (role) => role === 'numeric',
  swap: (role) => role === 'categorical',
  missing: () => true,
};

export const evaluatePerturbation: CheckEvaluator<PerturbationCheckSpec> = async (spec, data, seed) => {
  if (data.rows === 0) throw tooFewRows(spec.name, 'the data has no rows');
  if (data.scored.kind === 'regression' && spec.bounds.flip_rate !== undefined) {
    throw suiteProblem(
      spec.name,
      ['bounds', 'flip_rate'],
      'unsupported',
      'a regressor has no label to flip: bound mean_abs_change instead',
    );
  }
  const features = spec.features ?? data.inputs;
  const roles = new Map(
    features.map((feature, index) => {
      const column = data.columns.get(feature);
      if (column === undefined) throw suiteProblem(spec.name, ['features', index], 'missing', `column "${feature}" is not in the data`);
      return [feature, columnRole(column, data.reference.get(feature))] as const;
    }),
  );

  const values: Record<string, number | null> = {};
  const bounds: Record<string, Bound> = {};
  const byKind: Record<string, unknown> = {};
  const failures: string[] = [];
  const summaries: string[] = [];
  const examine = new Set(features.slice(0, MAX_FEATURES_EXAMINED));
  const perFeature: FeatureDetail[] = [];
  for (const kind of spec.kinds) {
    const applicable = features.filter((feature) => APPLIES[kind](roles.get(feature)!));
    if (applicable.length === 0) {
      if (data.scored.kind === 'classification') values[`flip_rate.${kind}`] = null;
      values[`mean_abs_change.${kind}`] = null;
      byKind[kind] = { features: [], note: `no ${kind === 'noise' ? 'numeric' : 'categorical'} feature to perturb` };
      summaries.push(`${kind}: no feature applies`);
      continue;
    }
    const masks = featureMasks(data.rows, applicable.length, spec.feature_share, new SeededRandom(checkSeed(seed, kind)));
    const replaced = new Map<string, DataColumn>();
    for (const [index, feature] of applicable.entries()) {
      // Each feature is perturbed in every row once per kind; the kind's copy keeps the change in the rows its
      // mask selects, and the feature's first kind is also scored alone for the details, with the same draws.
      const perturbed = perturb(kind, feature, data, spec, new SeededRandom(checkSeed(seed, `${kind}:${feature}`)));
      if (examine.delete(feature)) perFeature.push(featureDetail(feature, kind, await rescore(data, new Map([[feature, perturbed]]))));
      replaced.set(feature, masks === null ? perturbed : blendRows(data.columns.get(feature)!, perturbed, masks[index]!));
    }
    const outcome = await rescore(data, replaced);
    if ('refused' in outcome) {
      if (data.scored.kind === 'classification') values[`flip_rate.${kind}`] = null;
      values[`mean_abs_change.${kind}`] = null;
      byKind[kind] = { features: applicable, refused: outcome.refused };
      summaries.push(`${kind}: the model refused the perturbed data (${outcome.refused})`);
    } else {
      const change = outcome.change;
      if (data.scored.kind === 'classification') values[`flip_rate.${kind}`] = change.flipRate;
      values[`mean_abs_change.${kind}`] = change.meanAbsChange;
      byKind[kind] = { features: applicable, flipped_rows: change.flipped, rows_without_score: change.lostRows };
      summaries.push(describeKind(kind, change));
    }
    for (const measure of ['flip_rate', 'mean_abs_change'] as const) {
      const bound = spec.bounds[measure];
      if (bound === undefined) continue;
      const key = `${measure}.${kind}`;
      bounds[key] = bound;
      if (withinBound(values[key] ?? null, bound)) continue;
      const why =
        'refused' in outcome
          ? ` (the model refused the perturbed data: ${outcome.refused})`
          : measure === 'mean_abs_change' && outcome.change.lostRows > 0
            ? ` (no score for ${outcome.change.lostRows} rows)`
            : '';
      failures.push(`${key} ${describeMiss(values[key] ?? null, bound)}${why}`);
    }
  }
  perFeature.sort((a, b) => (b.flip_rate ?? 0) - (a.flip_rate ?? 0) || largerChangeFirst(a.mean_abs_change, b.mean_abs_change));

  const passed = failures.length === 0;
  return {
    name: spec.name,
    type: 'perturbation',
    severity: spec.severity,
    passed,
    values,
    bounds,
    details: {
      kinds: byKind,
      features: perFeature.slice(0, FEATURES_REPORTED),
      features_examined: perFeature.length,
      features_not_examined: features.slice(MAX_FEATURES_EXAMINED),
    },
    message: passed ? `stable under perturbation: ${summaries.join('; ')}` : `unstable under perturbation: ${failures.join('; ')}`,
  };
};

interface FeatureDetail {
  readonly feature: string;
  readonly kind: PerturbationKind;
  readonly flip_rate: number | null;
  readonly mean_abs_change: number | null;
  readonly rows_without_score?: number;
  readonly refused?: string;
}

function featureDetail(feature: string, kind: PerturbationKind, outcome: { change: ScoreChange } | { refused: string }): FeatureDetail {
  if ('refused' in outcome) return { feature, kind, flip_rate: null, mean_abs_change: null, refused: outcome.refused };
  const { flipRate, meanAbsChange, lostRows } = outcome.change;
  return { feature, kind, flip_rate: flipRate, mean_abs_change: meanAbsChange, rows_without_score: lostRows };
}

/** The feature's column with the kind applied to every row. */
function perturb(kind: PerturbationKind, feature: string, data: CheckData, spec: PerturbationCheckSpec, random: SeededRandom): DataColumn {
  const column = data.columns.get(feature)!;
  const reference = data.reference.get(feature);
  switch (kind) {
    case 'noise':
      return addNoise(
        column as Float64Array,
        spec.noise_std * noiseScale(column as Float64Array, reference),
        random,
        isWholeColumn(column as Float64Array),
      );
    case 'swap':
      return swapCategories(column, categoryPool(column, reference), random);
    case 'missing':
      return setMissing(column);
  }
}

/**
 * Rescoring that the model refuses (an int64 input given a missing value) is a finding about the model, not
 * a crash of the suite: the kind's values are undefined, so a bound on them fails and says why.
 */
async function rescore(data: CheckData, replaced: ReadonlyMap<string, DataColumn>): Promise<{ change: ScoreChange } | { refused: string }> {
  let scored;
  try {
    scored = await data.score(replaced);
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
  return { change: compareScores(data.scored, scored) };
}

function describeKind(kind: PerturbationKind, change: ScoreChange): string {
  const flips = change.flipRate === null ? '' : `flips ${formatNumber(change.flipRate * 100)}%, `;
  return `${kind} ${flips}mean |Δscore| ${formatNumber(change.meanAbsChange)}`;
}

/** Larger changes first; an undefined change (rows lost their score) ranks above every defined one: it is the worst. */
function largerChangeFirst(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return b - a;
}
