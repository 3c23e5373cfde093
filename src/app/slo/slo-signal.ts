import type { SignalReading } from '../../core/alerts/alert-rule.ts';
import { BURN_WINDOW_MS, countsWithin, MULTIWINDOW_ALERTS, multiwindowAlert, type BurnWindow } from '../../core/slo/burn-windows.ts';
import { budgetRemaining, burnRate, type SloCounts } from '../../core/slo/error-budget.ts';
import { parseSloSignal } from '../../core/slo/slo-signal-name.ts';
import { evaluateSlos, type SloEvaluation, type SloSources } from './slo-evaluation.ts';

/**
 * The fewest events a span needs before its burn rate is a value rather than no_data. Requests: 10,
 * below which one failure is a burn rate of 100 at 99.9% — a page for a single request (the
 * workbook's warning about low traffic). Judged windows: 1, as each is already a verdict on many rows.
 */
const MIN_REQUESTS = 10;
const MIN_JUDGED_WINDOWS = 1;

/**
 * Reads an SLO signal (`slo.N.burn_rate.1h`, `slo.N.budget_remaining`, `slo.N.page`, `slo.N.ticket`)
 * of a deployment at `now`, for the alert evaluator's signal reader. Too few events in a span is
 * no_data with why, never a burn rate of 0. SLOs are the deployment's whatever version served, so
 * the reading names no model.
 */
export async function sloSignal(sources: SloSources, deployment: string, signal: string, now: Date): Promise<SignalReading> {
  const name = parseSloSignal(signal);
  if (name === undefined) return noData(`"${signal}" is not an SLO signal`);
  const nowMs = now.getTime();
  const evaluation = (await evaluateSlos(sources, deployment, nowMs)).find((e) => e.objective.name === name.objective);
  if (evaluation === undefined) return noData(`${deployment} has no service level objective named "${name.objective}"`);
  if (evaluation.problem !== null) return noData(evaluation.problem);
  const { measure } = name;
  if (measure.kind === 'budget_remaining') {
    const counts = countsWithin(evaluation.windows, nowMs, evaluation.objective.periodMs);
    const short = tooFew(evaluation, counts, 'the period');
    if (short !== null) return noData(short);
    return value(budgetRemaining(counts, evaluation.objective.target)!, counts, nowMs - evaluation.objective.periodMs, nowMs);
  }
  if (measure.kind === 'burn_rate') {
    const counts = countsWithin(evaluation.windows, nowMs, BURN_WINDOW_MS[measure.window]);
    const short = tooFew(evaluation, counts, `the last ${measure.window}`);
    if (short !== null) return noData(short);
    return value(burnRate(counts, evaluation.objective.target)!, counts, nowMs - BURN_WINDOW_MS[measure.window], nowMs);
  }
  const alert = multiwindowAlertOf(evaluation, nowMs, measure.kind);
  if (alert.fired === null) return noData(alert.reason);
  return {
    kind: 'value',
    value: alert.fired,
    rows: alert.rows,
    start: new Date(nowMs - alert.spanMs).toISOString(),
    end: new Date(nowMs).toISOString(),
    model: null,
  };
}

/**
 * The workbook's page or ticket alert of an objective at `nowMs`: 1 while some pair burns above its
 * factor in both windows. A pair is judged only where both windows hold enough events; `rows` and
 * `spanMs` are the events and length of the longest window read.
 */
export function multiwindowAlertOf(
  evaluation: SloEvaluation,
  nowMs: number,
  severity: 'page' | 'ticket',
): { fired: 0 | 1 | null; rows: number; spanMs: number; reason: string } {
  const pairs = MULTIWINDOW_ALERTS[severity];
  const rates = {} as Record<BurnWindow, number | null>;
  let spanMs = 0;
  let rows = 0;
  for (const window of pairs.flatMap((p) => [p.long, p.short])) {
    const counts = countsWithin(evaluation.windows, nowMs, BURN_WINDOW_MS[window]);
    rates[window] = tooFew(evaluation, counts, window) === null ? burnRate(counts, evaluation.objective.target) : null;
    if (BURN_WINDOW_MS[window] > spanMs) {
      spanMs = BURN_WINDOW_MS[window];
      rows = counts.total;
    }
  }
  const reason = `too few events to judge any pair of windows of the ${severity} alert (${pairs.map((p) => `${p.long} & ${p.short}`).join(', ')})`;
  return { fired: multiwindowAlert(rates, severity), rows, spanMs, reason };
}

function tooFew(evaluation: SloEvaluation, counts: SloCounts, span: string): string | null {
  const judged = evaluation.objective.kind === 'behaviour';
  const least = judged ? MIN_JUDGED_WINDOWS : MIN_REQUESTS;
  if (counts.total >= least) return null;
  return `${counts.total} ${judged ? 'judged windows' : 'requests'} in ${span} (at least ${least} needed)`;
}

function value(v: number, counts: SloCounts, startMs: number, endMs: number): SignalReading {
  return {
    kind: 'value',
    value: v,
    rows: counts.total,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    model: null,
  };
}

function noData(reason: string): SignalReading {
  return { kind: 'no_data', reason, model: null };
}
