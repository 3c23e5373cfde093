import type { AlertRule, SignalReading } from '../alerts/alert-rule.ts';

/**
 * The analysis gate of a rollout step: the candidate compared with stable on the same window, check by
 * check, and one verdict. A check that rests on too few rows on either side is `inconclusive`, never a
 * pass: a canary must not advance because it was not looked at. Any failing check fails the gate (every
 * failing one is named, so the abort says why); else any inconclusive one makes the gate wait; else pass.
 */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

export interface GateCheck {
  /** What the check is: a built-in (`errors.rate`, `output.drift`, …) or a gate rule's name. */
  readonly name: string;
  readonly signal: string;
  readonly candidate: number | null;
  readonly stable: number | null;
  /** The value the candidate's reading was held against (null when nothing could be compared). */
  readonly threshold: number | null;
  readonly verdict: GateVerdict;
  readonly reason: string;
}

/** One stored analysis of a rollout step (migration 0020). Times are ISO-8601. */
export interface RolloutAnalysis {
  readonly id: string;
  readonly rolloutId: string;
  readonly deployment: string;
  readonly stepIndex: number;
  readonly weight: number;
  readonly at: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly verdict: GateVerdict;
  readonly checks: readonly GateCheck[];
}

/**
 * The built-in comparisons and their defaults (docs/rollouts.md, "Gates"): the candidate fails when
 * - `difference`: candidate − stable > margin (rates, where stable's own level is the baseline);
 * - `ratio`: candidate > factor × stable + margin (latency: relative, with a floor so 1 ms vs 2 ms is no failure);
 * - `drop`: candidate < stable − margin (metrics where higher is better).
 */
export type Comparison =
  | { readonly kind: 'difference'; readonly margin: number }
  | { readonly kind: 'ratio'; readonly factor: number; readonly margin: number }
  | { readonly kind: 'drop'; readonly margin: number };

export interface BuiltInCheck {
  readonly signal: string;
  readonly comparison: Comparison;
}

export const BUILT_IN_CHECKS: readonly BuiltInCheck[] = [
  { signal: 'errors.rate', comparison: { kind: 'difference', margin: 0.01 } },
  { signal: 'latency.p99', comparison: { kind: 'ratio', factor: 1.5, margin: 5 } },
  { signal: 'contract.violation_rate', comparison: { kind: 'difference', margin: 0.02 } },
];

/** Estimated performance: the candidate fails when it is estimated this much below stable (in the metric's own unit). */
export const ESTIMATED_PERFORMANCE_MARGIN = 0.02;

function thresholdOf(comparison: Comparison, stable: number): number {
  switch (comparison.kind) {
    case 'difference':
      return stable + comparison.margin;
    case 'ratio':
      return comparison.factor * stable + comparison.margin;
    case 'drop':
      return stable - comparison.margin;
  }
}

/** Candidate and stable read on the same window, held against the comparison. */
export function compareCheck(
  name: string,
  signal: string,
  comparison: Comparison,
  candidate: SignalReading,
  stable: SignalReading,
): GateCheck {
  const c = candidate.kind === 'value' ? candidate.value : null;
  const s = stable.kind === 'value' ? stable.value : null;
  if (candidate.kind === 'no_data' || stable.kind === 'no_data') {
    const why = [
      ...(candidate.kind === 'no_data' ? [`candidate: ${candidate.reason}`] : []),
      ...(stable.kind === 'no_data' ? [`stable: ${stable.reason}`] : []),
    ];
    return { name, signal, candidate: c, stable: s, threshold: null, verdict: 'inconclusive', reason: why.join('; ') };
  }
  const threshold = thresholdOf(comparison, stable.value);
  const failed = comparison.kind === 'drop' ? candidate.value < threshold : candidate.value > threshold;
  const relation = comparison.kind === 'drop' ? (failed ? 'below' : 'not below') : failed ? 'above' : 'not above';
  return {
    name,
    signal,
    candidate: candidate.value,
    stable: stable.value,
    threshold,
    verdict: failed ? 'fail' : 'pass',
    reason: `candidate ${format(candidate.value)} is ${relation} ${format(threshold)} (stable ${format(stable.value)}, ${describe(comparison)})`,
  };
}

function describe(comparison: Comparison): string {
  switch (comparison.kind) {
    case 'difference':
      return `allowed + ${comparison.margin}`;
    case 'ratio':
      return `allowed × ${comparison.factor} + ${comparison.margin}`;
    case 'drop':
      return `allowed − ${comparison.margin}`;
  }
}

/**
 * A gate rule (alert-rule format) read on the candidate: its condition holding fails the gate. A reading
 * without data follows the rule's own `on_no_data`: `firing` fails, `ok` passes — the rule's author chose.
 */
export function ruleCheck(rule: AlertRule, reading: SignalReading): GateCheck {
  const threshold = rule.above ?? rule.below;
  const base = { name: rule.name, signal: rule.signal, stable: null, threshold };
  if (reading.kind === 'no_data') {
    const failed = rule.onNoData === 'firing';
    return {
      ...base,
      candidate: null,
      verdict: failed ? 'fail' : 'pass',
      reason: `no data (${reading.reason}); the rule's on_no_data is ${rule.onNoData}`,
    };
  }
  const holds = rule.above !== null ? reading.value > rule.above : rule.below !== null && reading.value < rule.below;
  const relation = rule.above !== null ? 'above' : 'below';
  return {
    ...base,
    candidate: reading.value,
    verdict: holds ? 'fail' : 'pass',
    reason: `candidate ${format(reading.value)} is ${holds ? '' : 'not '}${relation} ${format(threshold ?? Number.NaN)}`,
  };
}

export interface GateOutcome {
  readonly verdict: GateVerdict;
  /** The failing checks, in check order (empty unless the verdict is fail). */
  readonly failing: readonly GateCheck[];
}

/** Any fail → fail; else any inconclusive → inconclusive; else pass. A gate with no check at all is inconclusive. */
export function gateVerdict(checks: readonly GateCheck[]): GateOutcome {
  const failing = checks.filter((c) => c.verdict === 'fail');
  if (failing.length > 0) return { verdict: 'fail', failing };
  if (checks.length === 0 || checks.some((c) => c.verdict === 'inconclusive')) return { verdict: 'inconclusive', failing: [] };
  return { verdict: 'pass', failing: [] };
}

/** The abort reason: each failing signal with its values, as an operator reads it in the history. */
export function failureReason(failing: readonly GateCheck[]): string {
  return `gate failed: ${failing.map((c) => `${c.name === c.signal ? c.signal : `${c.name} (${c.signal})`}: ${c.reason}`).join('; ')}`;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
}
