import type { OutputKind } from '../../core/signature.ts';

/**
 * XGBoost's objectives as prediction needs them: how a stored `base_score` becomes a margin, and
 * how a margin becomes an answer. The arithmetic follows XGBoost 3.2's float32 code
 * (src/common/math.h, src/objective/*) so results agree with its own predictions to ~1e-7.
 */

const f32 = Math.fround;
/** XGBoost's kRtEps: a logistic base_score is clamped to [kRtEps, 1 - kRtEps] before the logit. */
const RT_EPS = f32(1e-6);

export type LinkName = 'identity' | 'logistic' | 'exp';

export interface Objective {
  readonly name: string;
  readonly output: OutputKind;
  /** `ProbToMargin`: base_score is stored in the space of predictions, trees add margins. */
  readonly interceptToMargin: (baseScore: number) => number;
  /** For regression objectives: margin to prediction (XGBoost's `PredTransform`). */
  readonly link: LinkName;
  /** The base_scores the link accepts: any number, a probability, or a positive number (log). */
  readonly intercept: InterceptDomain;
}

export type InterceptDomain = 'any' | 'probability' | 'positive';

/** common::Sigmoid for float: 1 / (1 + expf(min(-x, 88.7))). */
export function sigmoid32(margin: number): number {
  const x = Math.min(-margin, f32(88.7));
  return f32(1 / f32(f32(Math.exp(x)) + 1));
}

/** common::Logit after clamping, as LogisticRegression::ProbToMargin does. */
export function logit32(probability: number): number {
  const p = f32(Math.min(Math.max(f32(probability), RT_EPS), f32(1 - RT_EPS)));
  return f32(-Math.log(f32(f32(1 / p) - 1)));
}

export function exp32(margin: number): number {
  return f32(Math.exp(margin));
}

/**
 * common::Softmax over `count` float32 margins starting at `offset`, written into `out` at the same
 * positions: the maximum in float, the sum of expf in double, each term divided in float.
 */
export function softmax32(margins: ArrayLike<number>, offset: number, count: number, out: Float64Array): void {
  let max = margins[offset]!;
  for (let k = 1; k < count; k++) max = Math.max(margins[offset + k]!, max);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const e = f32(Math.exp(f32(margins[offset + k]! - max)));
    out[offset + k] = e;
    sum += e;
  }
  const total = f32(sum);
  for (let k = 0; k < count; k++) out[offset + k] = f32(out[offset + k]! / total);
}

/** Index of the first largest margin, as common::FindMaxIndex (multi:softmax's label). */
export function argmaxFirst(margins: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (margins[offset + k]! > margins[offset + best]!) best = k;
  return best;
}

const identity = (value: number): number => f32(value);
const logIntercept = (value: number): number => f32(Math.log(f32(value)));

function regression(name: string, link: 'identity' | 'exp' = 'identity'): Objective {
  return link === 'exp'
    ? { name, output: 'regression', link, interceptToMargin: logIntercept, intercept: 'positive' }
    : { name, output: 'regression', link, interceptToMargin: identity, intercept: 'any' };
}

const OBJECTIVES: readonly Objective[] = [
  { name: 'binary:logistic', output: 'binary', link: 'logistic', interceptToMargin: logit32, intercept: 'probability' },
  // logitraw trains on the logistic loss but its base_score is already a margin; probabilities
  // are the sigmoid of the margin, which is what binary:logistic would report.
  { name: 'binary:logitraw', output: 'binary', link: 'logistic', interceptToMargin: identity, intercept: 'any' },
  { name: 'multi:softprob', output: 'multiclass', link: 'identity', interceptToMargin: identity, intercept: 'any' },
  { name: 'multi:softmax', output: 'multiclass', link: 'identity', interceptToMargin: identity, intercept: 'any' },
  regression('reg:squarederror'),
  regression('reg:squaredlogerror'),
  regression('reg:absoluteerror'),
  regression('reg:pseudohubererror'),
  regression('reg:quantileerror'),
  { name: 'reg:logistic', output: 'regression', link: 'logistic', interceptToMargin: logit32, intercept: 'probability' },
  regression('count:poisson', 'exp'),
  regression('reg:gamma', 'exp'),
  regression('reg:tweedie', 'exp'),
];

export const SUPPORTED_OBJECTIVES: readonly string[] = OBJECTIVES.map((objective) => objective.name);

export function findObjective(name: string): Objective | undefined {
  return OBJECTIVES.find((objective) => objective.name === name);
}

/** Checks a base_score the way ProbToMarginImpl does before taking its logit or log. */
export function isValidIntercept(domain: InterceptDomain, baseScore: number): boolean {
  if (!Number.isFinite(baseScore)) return false;
  if (domain === 'probability') return baseScore >= 0 && baseScore <= 1;
  if (domain === 'positive') return baseScore > 0;
  return true;
}

export const INTERCEPT_DOMAIN_TEXT: Readonly<Record<InterceptDomain, string>> = {
  any: 'a finite number',
  probability: 'a probability in [0, 1]',
  positive: 'greater than 0',
};
