import type { ClassLabel } from '../api/types.ts';
import type { ExplainMethod, Explanation, ExplanationSpace, FeatureImportance } from './explain-types.ts';

/** One feature's bar: its signed contribution, and its length against the longest bar (0–1). */
export interface ContributionBar {
  readonly feature: string;
  readonly contribution: number;
  readonly length: number;
}

/** One output of an explanation (the only one, or one class's): where it starts, where it ends, and what moved it. */
export interface ExplainedOutput {
  readonly base: number;
  readonly output: number;
  /** Largest |contribution| first; equal ones keep the server's (the signature's) order. */
  readonly bars: readonly ContributionBar[];
}

/** 1 for a binary classifier or a regressor, one per class for a multiclass model. */
export function outputCount(explanation: Explanation): number {
  return Array.isArray(explanation.contributions) ? explanation.contributions.length : 1;
}

export function explainedOutput(explanation: Explanation, index: number): ExplainedOutput {
  const pick = <T>(value: T | readonly T[]): T => (Array.isArray(value) ? (value as readonly T[])[index]! : (value as T));
  const contributions = pick(explanation.contributions) as Readonly<Record<string, number>>;
  const entries = Object.entries(contributions).map(([feature, contribution], order) => ({ feature, contribution, order }));
  entries.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.order - b.order);
  const longest = Math.max(0, ...entries.map((e) => Math.abs(e.contribution)));
  return {
    base: pick(explanation.base_value),
    output: pick(explanation.output),
    bars: entries.map(({ feature, contribution }) => ({
      feature,
      contribution,
      length: longest === 0 ? 0 : Math.abs(contribution) / longest,
    })),
  };
}

/** The output shown first: for a multiclass model the class it predicted, else the only one. */
export function predictedOutput(explanation: Explanation, classes: readonly ClassLabel[] | undefined): number {
  if (outputCount(explanation) === 1 || !('label' in explanation.prediction)) return 0;
  const label = String(explanation.prediction.label);
  const index = (classes ?? []).findIndex((c) => String(c) === label);
  return index >= 0 && index < outputCount(explanation) ? index : 0;
}

export const METHOD_LABELS: Readonly<Record<ExplainMethod, string>> = {
  tree_shap: 'TreeSHAP (exact, from the trees)',
  kernel_shap: 'KernelSHAP (sampled, seeded)',
  exact_shapley: 'exact Shapley values (every coalition)',
};

export const SPACE_LABELS: Readonly<Record<ExplanationSpace, string>> = {
  margin: 'margin (the raw score before the link, log-odds for a classifier)',
  probability: 'probability',
  value: "the model's value",
};

/** Global importance bars: most important first (by rank), each against the largest. */
export function importanceBars(features: readonly FeatureImportance[]): (FeatureImportance & { readonly length: number })[] {
  const largest = Math.max(0, ...features.map((f) => f.importance));
  return [...features].sort((a, b) => a.rank - b.rank).map((f) => ({ ...f, length: largest === 0 ? 0 : f.importance / largest }));
}
