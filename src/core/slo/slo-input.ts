import { parseDuration } from '../contracts/parse-duration.ts';
import { IssueCollector } from '../issues.ts';
import {
  behaviourObjectiveName,
  DEFAULT_SLO_PERIOD_MS,
  isObjectiveName,
  parseBehaviourExpression,
  type SloObjective,
} from './slo-objective.ts';

/**
 * One objective as the API and the CLI give it (snake_case, as on the wire): the objective's text
 * (`availability`, `latency<=50ms`, `performance.estimated.roc_auc>=0.8`), its target as a share or
 * a percentage text (`0.999`, `"99.9%"`), and optional period, window (behaviour) and name.
 */
export interface SloObjectiveInput {
  readonly objective?: unknown;
  readonly target?: unknown;
  readonly period?: unknown;
  readonly window?: unknown;
  readonly name?: unknown;
}

const HOUR_MS = 3_600_000;
/** A period shorter than the longest burn window (3d) still works; one shorter than an hour measures nothing an alert would not. */
const MIN_PERIOD_MS = HOUR_MS;
const MIN_WINDOW_MS = 10_000;
const DEFAULT_BEHAVIOUR_WINDOW_MS = HOUR_MS;
const LATENCY = /^\s*latency\s*<=\s*(\d+(?:\.\d+)?)\s*ms\s*$/;

/** `99.9%` → 0.999, `0.999` → 0.999; undefined when it is neither, or not strictly between 0 and 1. */
export function parseTarget(value: unknown): number | undefined {
  let share: number;
  if (typeof value === 'number') share = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value))
    // Shifting the decimal point in the text keeps 99.9% exactly 0.999 (99.9 / 100 is not).
    share = Number(`${value.trim().replace(/\s*%$/, '')}e-2`);
  else if (typeof value === 'string' && /^\s*0?\.\d+\s*$/.test(value)) share = Number(value);
  else return undefined;
  return share > 0 && share < 1 ? share : undefined;
}

/**
 * Checks every objective and reports every problem with its path (`objectives[1].target`) at once,
 * so a request is fixed in one round: nothing is saved while any objective is wrong.
 */
export function parseSloObjectives(inputs: readonly SloObjectiveInput[]): SloObjective[] {
  const issues = new IssueCollector();
  const objectives: SloObjective[] = [];
  inputs.forEach((input, i) => {
    const at = (field: string) => ['objectives', i, field];
    const target = parseTarget(input.target);
    if (target === undefined)
      issues.report('invalid_value', at('target'), 'must be a share strictly between 0 and 1 (0.999) or a percentage ("99.9%")');
    const periodMs = duration(input.period, DEFAULT_SLO_PERIOD_MS);
    if (periodMs === undefined || periodMs < MIN_PERIOD_MS)
      issues.report('invalid_value', at('period'), 'must be a duration of at least 1h, e.g. 28d');
    const text = input.objective;
    if (typeof text !== 'string') {
      issues.report('missing', at('objective'), 'availability, latency<=NUMBERms or SIGNAL>=NUMBER / SIGNAL<=NUMBER');
      return;
    }
    const latency = LATENCY.exec(text);
    let objective: SloObjective | undefined;
    const common = { target: target ?? 0.5, periodMs: periodMs ?? 0 };
    if (text.trim() === 'availability') objective = { kind: 'availability', name: 'availability', ...common };
    else if (latency !== null) {
      const thresholdMs = Number(latency[1]);
      if (!(thresholdMs > 0)) issues.report('invalid_value', at('objective'), 'the latency bound must be above 0 ms');
      objective = { kind: 'latency', name: 'latency', thresholdMs, ...common };
    } else {
      const parsed = parseBehaviourExpression(text);
      if (!parsed.ok) {
        issues.report('invalid_value', at('objective'), parsed.message);
        return;
      }
      const windowMs = duration(input.window, DEFAULT_BEHAVIOUR_WINDOW_MS);
      if (windowMs === undefined || windowMs < MIN_WINDOW_MS || windowMs % 1000 !== 0)
        issues.report('invalid_value', at('window'), 'must be a whole number of seconds, at least 10s, e.g. 1h');
      const { ok: _ok, ...rule } = parsed;
      objective = { kind: 'behaviour', name: behaviourObjectiveName(parsed.signal), ...rule, windowMs: windowMs ?? 0, ...common };
    }
    if (input.window !== undefined && objective.kind !== 'behaviour')
      issues.report('unsupported', at('window'), 'only an objective on a model signal is judged per window');
    if (input.name !== undefined) {
      if (typeof input.name !== 'string' || !isObjectiveName(input.name)) {
        issues.report('invalid_format', at('name'), 'lowercase letters, digits and _, starting with a letter (at most 64)');
        return;
      }
      objective = { ...objective, name: input.name };
    }
    if (objectives.some((o) => o.name === objective.name))
      issues.report('duplicate', at('name'), `another objective is named "${objective.name}" (give one a "name")`);
    objectives.push(objective);
  });
  issues.throwIfAny('invalid_argument', 'the service level objectives are not valid');
  return objectives;
}

function duration(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  return typeof value === 'string' ? parseDuration(value) : undefined;
}
