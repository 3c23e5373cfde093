/**
 * A deployment's service level objectives. Three kinds share one machinery (error-budget.ts): each
 * counts events, some of them bad, and the target is the share of events that must be good.
 *
 * - availability: events are requests, bad ones failed on the server's side (5xx);
 * - latency: events are answered requests, bad ones slower than `thresholdMs` ("p99 ≤ 50ms" is a
 *   target of 0.99 with a 50 ms threshold: at most 1% of requests may be slower);
 * - behaviour: events are monitoring windows of `windowMs` in which the model's measured value (an
 *   estimated or realised metric, a KPI) could be computed, bad ones where it missed the objective.
 */

export type SloComparison = '>=' | '<=';

interface SloCommon {
  /** The objective's name in signals: `slo.<name>.burn_rate.1h`. */
  readonly name: string;
  /** Share of events that must be good, in (0, 1). */
  readonly target: number;
  /** The rolling period the error budget is counted over. */
  readonly periodMs: number;
}

export interface AvailabilityObjective extends SloCommon {
  readonly kind: 'availability';
}

export interface LatencyObjective extends SloCommon {
  readonly kind: 'latency';
  readonly thresholdMs: number;
}

export interface BehaviourObjective extends SloCommon {
  readonly kind: 'behaviour';
  /** `performance.estimated.<metric>`, `performance.realized.<metric>` or `kpi.<name>`. */
  readonly signal: string;
  readonly comparison: SloComparison;
  readonly threshold: number;
  /** The length of the windows whose values are judged. */
  readonly windowMs: number;
}

export type SloObjective = AvailabilityObjective | LatencyObjective | BehaviourObjective;

export const DEFAULT_SLO_PERIOD_MS = 28 * 86_400_000;

/** The signal families a behaviour objective may judge; each is computed per window by the performance reader. */
const BEHAVIOUR_SIGNAL = /^(performance\.(estimated|realized)\.[a-z][a-z0-9_]*|kpi\.[A-Za-z][A-Za-z0-9_-]*)$/;
const EXPRESSION = /^\s*([A-Za-z][A-Za-z0-9_.-]*)\s*(>=|<=)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e-?\d+)?)\s*$/;
const NAME = /^[a-z][a-z0-9_]*$/;

/** `performance.estimated.roc_auc>=0.8` → its parts, or a message saying what is wrong. */
export function parseBehaviourExpression(
  text: string,
): { ok: true; signal: string; comparison: SloComparison; threshold: number } | { ok: false; message: string } {
  const match = EXPRESSION.exec(text);
  if (match === null) return { ok: false, message: 'must read SIGNAL>=NUMBER or SIGNAL<=NUMBER, e.g. performance.estimated.roc_auc>=0.8' };
  const [, signal, comparison, number] = match;
  if (!BEHAVIOUR_SIGNAL.test(signal!))
    return {
      ok: false,
      message: `"${signal}" is not a per-window model signal (performance.estimated.<metric>, performance.realized.<metric>, kpi.<name>)`,
    };
  return { ok: true, signal: signal!, comparison: comparison as SloComparison, threshold: Number(number) };
}

/** The default name of a behaviour objective: its signal with dots as underscores (`performance_estimated_roc_auc`). */
export function behaviourObjectiveName(signal: string): string {
  return signal.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export function isObjectiveName(name: string): boolean {
  return NAME.test(name) && name.length <= 64;
}

/** How the objective reads in status and on the API: `availability`, `latency<=50ms`, `performance.estimated.roc_auc>=0.8`. */
export function objectiveText(objective: SloObjective): string {
  switch (objective.kind) {
    case 'availability':
      return 'availability';
    case 'latency':
      return `latency<=${objective.thresholdMs}ms`;
    case 'behaviour':
      return `${objective.signal}${objective.comparison}${objective.threshold}`;
  }
}

/** Whether a behaviour objective's window value meets it. */
export function meetsObjective(objective: BehaviourObjective, value: number): boolean {
  return objective.comparison === '>=' ? value >= objective.threshold : value <= objective.threshold;
}
