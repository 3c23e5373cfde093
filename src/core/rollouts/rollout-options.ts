import type { AlertRule } from '../alerts/alert-rule.ts';
import { checkAlertRules } from '../alerts/parse-alert-rules.ts';
import { show } from '../contracts/document-readers.ts';
import { parseDuration } from '../contracts/parse-duration.ts';
import { BallastError } from '../errors.ts';
import type { IssueCollector } from '../issues.ts';
import { ROLLOUT_STRATEGIES, type RolloutStrategy, type StickyKey } from './deployment-routing.ts';

const DEFAULT_CANARY_STEPS: readonly number[] = [10, 25, 50, 100];
const DEFAULT_STEP_DURATION_MS = 10 * 60_000;
const DEFAULT_AB_SPLIT = 50;
const DEFAULT_KEEP_PREVIOUS_MS = 30 * 60_000;
const MIN_DURATION_MS = 1000;

/**
 * A rollout's options as the user wrote them (the API body, the CLI's flags), before checking.
 * Numbers may come as text (command-line flags); durations are text such as `30s`, `10m`, `1h`.
 */
export interface RolloutOptionsInput {
  readonly strategy?: unknown;
  readonly steps?: unknown;
  readonly stepDuration?: unknown;
  readonly split?: unknown;
  readonly stickyKey?: unknown;
  /** A `ballast.alerts/v1` document whose rules omit `deployment` or name the rollout's. */
  readonly gate?: unknown;
  readonly keepPrevious?: unknown;
}

export interface RolloutOptions {
  readonly strategy: RolloutStrategy;
  /** Canary: the steps; A/B: `[split]`; blue/green: `[]` (as RolloutState.steps). */
  readonly steps: readonly number[];
  readonly stepDurationMs: number;
  readonly stickyKey: StickyKey | null;
  readonly gateRules: readonly AlertRule[];
  readonly keepPreviousMs: number;
}

/**
 * Checks every option of a rollout of `deployment` and reports each problem with its path (the
 * API's field names), so one answer names them all. Options that do not belong to the strategy
 * (steps of an A/B test, a split of a canary) are refused rather than ignored: they say the user
 * meant something else. Undefined when anything was reported.
 */
export function checkRolloutOptions(input: RolloutOptionsInput, deployment: string, issues: IssueCollector): RolloutOptions | undefined {
  const before = issues.count;
  const strategy = readStrategy(input.strategy, issues);
  const only = (key: string, value: unknown, fits: RolloutStrategy[]) => {
    if (value !== undefined && strategy !== undefined && !fits.includes(strategy))
      issues.report('unsupported', [key], `is for ${fits.join(' and ')} rollouts, not ${strategy}`);
  };
  only('steps', input.steps, ['canary']);
  only('split', input.split, ['ab']);
  only('step_duration', input.stepDuration, ['canary', 'ab']);
  only('keep_previous', input.keepPrevious, ['blue-green']);

  const steps = strategy === 'canary' && input.steps !== undefined ? readSteps(input.steps, issues) : DEFAULT_CANARY_STEPS;
  const split = strategy === 'ab' && input.split !== undefined ? readSplit(input.split, issues) : DEFAULT_AB_SPLIT;
  const stepDurationMs = readDuration(input.stepDuration, 'step_duration', DEFAULT_STEP_DURATION_MS, issues);
  const keepPreviousMs = readDuration(input.keepPrevious, 'keep_previous', DEFAULT_KEEP_PREVIOUS_MS, issues);
  const stickyKey = input.stickyKey === undefined || input.stickyKey === null ? null : readStickyKey(input.stickyKey, issues);
  const gateRules = input.gate === undefined || input.gate === null ? [] : readGate(input.gate, deployment, issues);
  if (issues.count > before || strategy === undefined) return undefined;
  return {
    strategy,
    steps: strategy === 'canary' ? steps! : strategy === 'ab' ? [split!] : [],
    stepDurationMs: stepDurationMs!,
    stickyKey: stickyKey ?? null,
    gateRules,
    keepPreviousMs: keepPreviousMs!,
  };
}

function readStrategy(value: unknown, issues: IssueCollector): RolloutStrategy | undefined {
  if (value === undefined) {
    issues.report('missing', ['strategy'], `is required: one of ${ROLLOUT_STRATEGIES.join(', ')}`);
    return undefined;
  }
  if (typeof value === 'string' && (ROLLOUT_STRATEGIES as readonly string[]).includes(value)) return value as RolloutStrategy;
  issues.report('invalid_value', ['strategy'], `must be one of ${ROLLOUT_STRATEGIES.join(', ')} (got ${show(value)})`);
  return undefined;
}

/** Percentages of traffic the candidate answers, step by step: strictly rising whole numbers from 1 ending at 100. */
function readSteps(value: unknown, issues: IssueCollector): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issues.report('invalid_type', ['steps'], `must be a list of percentages such as 10,25,50,100 (got ${show(value)})`);
    return undefined;
  }
  const before = issues.count;
  const steps = value.map((item: unknown, i) => {
    const n = wholeNumber(item);
    if (n === undefined || n < 1 || n > 100)
      issues.report('invalid_value', ['steps', i], `must be a whole percentage from 1 to 100 (got ${show(item)})`);
    return n ?? NaN;
  });
  if (issues.count > before) return undefined;
  steps.forEach((step, i) => {
    if (i > 0 && step <= steps[i - 1]!)
      issues.report(
        'invalid_value',
        ['steps', i],
        `must be above the step before it (${steps[i - 1]}): steps only ever raise the candidate's share`,
      );
  });
  if (steps[steps.length - 1] !== 100)
    issues.report(
      'invalid_value',
      ['steps', steps.length - 1],
      'the last step must be 100: a canary ends with the candidate answering everything',
    );
  return issues.count > before ? undefined : steps;
}

function readSplit(value: unknown, issues: IssueCollector): number | undefined {
  const n = wholeNumber(value);
  if (n !== undefined && n >= 1 && n <= 99) return n;
  issues.report('invalid_value', ['split'], `must be a whole percentage from 1 to 99 for the variant (got ${show(value)})`);
  return undefined;
}

function readDuration(value: unknown, key: string, fallback: number, issues: IssueCollector): number | undefined {
  if (value === undefined || value === null) return fallback;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms !== undefined && ms >= MIN_DURATION_MS) return ms;
  issues.report(
    'invalid_value',
    [key],
    ms === undefined ? `must be a duration such as 30s, 10m, 1h (got ${show(value)})` : `must be at least 1s (got ${show(value)})`,
  );
  return undefined;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

/** `FIELD` (a field of each instance, which need not be a model input) or `header:NAME` (matched case-insensitively, as HTTP does). */
function readStickyKey(value: unknown, issues: IssueCollector): StickyKey | undefined {
  if (typeof value === 'string') {
    if (value.startsWith('header:')) {
      const name = value.slice('header:'.length);
      if (HEADER_NAME.test(name)) return { kind: 'header', name: name.toLowerCase() };
      issues.report('invalid_value', ['sticky_key'], `header:NAME needs an HTTP header name (got ${show(value)})`);
      return undefined;
    }
    if (value.trim() !== '' && value.length <= 128) return { kind: 'field', name: value };
  }
  issues.report('invalid_value', ['sticky_key'], `must be a field name or header:NAME, at most 128 characters (got ${show(value)})`);
  return undefined;
}

/**
 * The gate's rules in the alert-rule format. A rule may leave out `deployment` (it is the rollout's);
 * one naming another deployment is refused. A rule cannot roll back: a failing gate aborts the rollout.
 */
function readGate(value: unknown, deployment: string, issues: IssueCollector): AlertRule[] {
  const document = withDeployment(value, deployment);
  let rules: readonly AlertRule[];
  try {
    rules = checkAlertRules(document, 'the gate').rules;
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    for (const issue of error.issues) issues.report(issue.code, ['gate', ...issue.path], issue.message);
    if (error.issues.length === 0) issues.report('invalid_value', ['gate'], error.message);
    return [];
  }
  rules.forEach((rule, i) => {
    if (rule.deployment !== deployment)
      issues.report(
        'invalid_value',
        ['gate', 'rules', i, 'deployment'],
        `names ${show(rule.deployment)}; a gate reads the rollout's deployment ${show(deployment)}`,
      );
    if (rule.rollback !== null)
      issues.report('unsupported', ['gate', 'rules', i, 'rollback'], 'a gate rule cannot roll back: a failing gate aborts the rollout');
  });
  return [...rules];
}

/** The document with `deployment` filled in on rules that leave it out. */
function withDeployment(value: unknown, deployment: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const doc = value as Record<string, unknown>;
  if (!Array.isArray(doc.rules)) return value;
  const rules = doc.rules.map((rule: unknown) =>
    typeof rule === 'object' && rule !== null && !Array.isArray(rule) && !('deployment' in rule) ? { ...rule, deployment } : rule,
  );
  return { ...doc, rules };
}

function wholeNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}
