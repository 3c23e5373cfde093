import { ksTwoSample } from '../drift/ks-test.ts';
import { sortedSample } from '../drift/sorted-sample.ts';
import { normalisedWasserstein, wassersteinDistance, WASSERSTEIN_NORM_DEFAULT_THRESHOLD } from '../drift/wasserstein.ts';
import type { GateCheck } from './gate-verdict.ts';

/** Scores each side needs before their distributions are compared (as the alert signals' drift minimum). */
const OUTPUT_DRIFT_MIN_ROWS = 30;
const ALPHA = 0.05;

/**
 * The score a logged answer is compared on: a binary classifier's positive-class probability (the
 * second class, as performance reads it), a multiclass one's top-class probability, a regressor's
 * value; undefined for an answer without one (a label without probabilities, a failure).
 */
export function scoreOf(output: Readonly<Record<string, unknown>>): number | undefined {
  const probabilities = output.probabilities;
  if (Array.isArray(probabilities) && probabilities.length >= 2) {
    const p = probabilities.map(Number);
    const score = p.length === 2 ? p[1]! : Math.max(...p);
    return Number.isFinite(score) ? score : undefined;
  }
  const value = output.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Output drift of the candidate against stable on one window: did the candidate's scores move away from
 * what stable answered for the same traffic? Decided as Ballast decides drift elsewhere — the two-sample
 * KS test significant (α = 0.05) AND the effect size (Wasserstein distance in units of stable's standard
 * deviation) at least its threshold (0.1): a p-value alone flags a negligible shift on many rows. The
 * check's candidate value is the effect size, its threshold the effect-size threshold.
 */
export function outputDriftCheck(candidate: readonly number[], stable: readonly number[]): GateCheck {
  const base = { name: 'output.drift', signal: 'output.drift', stable: null, threshold: WASSERSTEIN_NORM_DEFAULT_THRESHOLD };
  if (candidate.length < OUTPUT_DRIFT_MIN_ROWS || stable.length < OUTPUT_DRIFT_MIN_ROWS)
    return {
      ...base,
      candidate: null,
      verdict: 'inconclusive',
      reason: `${candidate.length} candidate and ${stable.length} stable scores in the window; each side needs at least ${OUTPUT_DRIFT_MIN_ROWS}`,
    };
  const a = sortedSample(candidate);
  const b = sortedSample(stable);
  const ks = ksTwoSample(a, b);
  const effect = normalisedWasserstein(wassersteinDistance(a, b), standardDeviation(stable));
  const drifted = ks.pValue < ALPHA && effect >= WASSERSTEIN_NORM_DEFAULT_THRESHOLD;
  return {
    ...base,
    candidate: effect,
    verdict: drifted ? 'fail' : 'pass',
    reason:
      `scores ${drifted ? 'drifted' : 'did not drift'} from stable's: KS statistic ${round(ks.statistic)}, p-value ${round(ks.pValue)} ` +
      `(α ${ALPHA}), effect size ${round(effect)} (threshold ${WASSERSTEIN_NORM_DEFAULT_THRESHOLD}) over ${candidate.length} and ${stable.length} scores`,
  };
}

/** Population standard deviation, as the drift effect size divides by the reference's. */
function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

const round = (value: number) => Number(value.toPrecision(4));
