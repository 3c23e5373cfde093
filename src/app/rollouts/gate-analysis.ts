import type { SignalReading } from '../../core/alerts/alert-rule.ts';
import { CBPE_METRICS } from '../../core/performance-estimation/metric-names.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import { outputDriftCheck, scoreOf } from '../../core/rollouts/gate-output-drift.ts';
import {
  BUILT_IN_CHECKS,
  compareCheck,
  ESTIMATED_PERFORMANCE_MARGIN,
  gateVerdict,
  ruleCheck,
  type GateCheck,
  type GateOutcome,
} from '../../core/rollouts/gate-verdict.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { MIN_ROWS, readSignals, type SignalSources } from '../alerts/signal-reader.ts';

/** Rows of the log read per page, and at most this many per version: enough for KS to see any shift that matters. */
const PAGE_SIZE = 5000;
const MAX_ROWS_PER_VERSION = 50_000;

export interface GateResult extends GateOutcome {
  readonly checks: readonly GateCheck[];
}

/**
 * The gate of a canary step: the candidate compared with stable on the same window (docs/rollouts.md,
 * "Gates"). Errors and latency come from the window parts of each version; the contract violation rate
 * and output drift from the prediction log of the window, split by the version that answered (the
 * deployment-wide violation counts cannot tell the versions apart); estimated performance when both
 * versions have a labelled reference; then each gate rule read on the candidate over the same window
 * (the rule's own window length does not apply: the step is the window).
 */
export async function analyseGate(
  sources: SignalSources,
  deployment: DeploymentRecord,
  rollout: RolloutState,
  window: { readonly start: string; readonly end: string },
): Promise<GateResult> {
  const candidateId = rollout.candidateVersionId;
  const stableId = deployment.versionId;
  const stableWindow = baselineWindow(rollout, window, sources.baseWindowMs);
  const estimated = (await bothEstimated(sources, candidateId, stableId)) ? CBPE_METRICS.map((m) => `performance.estimated.${m}`) : [];
  const builtIn = [...BUILT_IN_CHECKS.filter((c) => c.signal !== 'contract.violation_rate').map((c) => c.signal), ...estimated];
  const query = { deployment: deployment.name, windowMs: Date.parse(window.end) - Date.parse(window.start), now: sources.clock(), window };
  const [candidate, stable, candidateLog, stableLog] = await Promise.all([
    readSignals(sources, { ...query, versionId: candidateId }, builtIn),
    readSignals(sources, { ...query, window: stableWindow, versionId: stableId }, builtIn),
    readLog(sources, deployment.name, window, candidateId),
    readLog(sources, deployment.name, stableWindow, stableId),
  ]);
  const checks: GateCheck[] = [];
  for (const { signal, comparison } of BUILT_IN_CHECKS) {
    if (signal === 'contract.violation_rate')
      checks.push(compareCheck(signal, signal, comparison, violationRate(candidateLog, window), violationRate(stableLog, stableWindow)));
    else checks.push(compareCheck(signal, signal, comparison, candidate.get(signal)!, stable.get(signal)!));
  }
  checks.push(outputDriftCheck(candidateLog.scores, stableLog.scores));
  for (const signal of estimated)
    checks.push(
      compareCheck(signal, signal, { kind: 'drop', margin: ESTIMATED_PERFORMANCE_MARGIN }, candidate.get(signal)!, stable.get(signal)!),
    );
  if (rollout.gateRules.length > 0) {
    const ruled = await readSignals(sources, { ...query, versionId: candidateId }, [...new Set(rollout.gateRules.map((r) => r.signal))]);
    for (const rule of rollout.gateRules) checks.push(ruleCheck(rule, ruled.get(rule.signal)!));
  }
  return { ...gateVerdict(checks), checks };
}

async function bothEstimated(sources: SignalSources, ...versionIds: string[]): Promise<boolean> {
  const found = await Promise.all(
    versionIds.map(async (id) =>
      sources.estimate
        ? (await sources.estimate(id)) !== undefined
        : (await sources.store.labelledReferences.findSummary(id)) !== undefined,
    ),
  );
  return found.every(Boolean);
}

interface VersionLog {
  rows: number;
  flagged: number;
  scores: number[];
}

/** The window's logged answers of one version: how many, how many a flag policy let through with violations, their scores. */
async function readLog(
  sources: SignalSources,
  deployment: string,
  window: { readonly start: string; readonly end: string },
  versionId: string,
): Promise<VersionLog> {
  const log: VersionLog = { rows: 0, flagged: 0, scores: [] };
  let afterId: string | undefined;
  for (;;) {
    const page = await sources.store.monitoring.loggedPredictions(deployment, window.start, window.end, PAGE_SIZE, afterId);
    for (const record of page) {
      if (record.versionId !== versionId) continue;
      log.rows += 1;
      if ((record.violations?.length ?? 0) > 0) log.flagged += 1;
      const score = scoreOf(record.output);
      if (score !== undefined) log.scores.push(score);
      if (log.rows >= MAX_ROWS_PER_VERSION) return log;
    }
    if (page.length < PAGE_SIZE) return log;
    afterId = page[page.length - 1]!.id;
  }
}

/**
 * Where stable is read: the candidate's window, except at a step of 100%, where stable answers nothing —
 * then the window of the same length just before the step began, stable's last traffic: it ends at the
 * step's start rounded DOWN to the base window (the gate window starts at it rounded up, and the part
 * of a window after the step began holds no stable traffic).
 */
function baselineWindow(rollout: RolloutState, window: { readonly start: string; readonly end: string }, baseWindowMs: number) {
  if (rollout.weight < 100) return window;
  const length = Date.parse(window.end) - Date.parse(window.start);
  const end = Math.floor(Date.parse(rollout.stepStartedAt) / baseWindowMs) * baseWindowMs;
  return { start: new Date(end - length).toISOString(), end: new Date(end).toISOString() };
}

/** Share of a version's logged answers that carried contract violations (a flag policy let them through). */
function violationRate(log: VersionLog, window: { readonly start: string; readonly end: string }): SignalReading {
  if (log.rows < MIN_ROWS.contract)
    return { kind: 'no_data', reason: `${log.rows} logged rows in the window; the check needs at least ${MIN_ROWS.contract}`, model: null };
  return { kind: 'value', value: log.flagged / log.rows, rows: log.rows, ...window, model: null };
}
