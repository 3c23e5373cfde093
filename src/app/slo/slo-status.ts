import { BallastError } from '../../core/errors.ts';
import type { BurnWindow } from '../../core/slo/burn-windows.ts';
import { objectiveText } from '../../core/slo/slo-objective.ts';
import { evaluateSlos, type SloSources } from './slo-evaluation.ts';
import { multiwindowAlertOf } from './slo-signal.ts';

/** One objective's state, as `ballast slo status` and `GET /v1/slos` show it (wire names). */
export interface SloStatus {
  readonly deployment: string;
  readonly name: string;
  readonly objective: string;
  readonly target: number;
  readonly period_ms: number;
  /** Events of the period (requests, answered requests, or judged windows) and the bad ones among them. */
  readonly events: number;
  readonly bad_events: number;
  readonly budget_remaining: number | null;
  readonly burn_rates: Record<BurnWindow, number | null>;
  /** The workbook's multiwindow alerts now: 1 firing, 0 not, null too few events to judge. */
  readonly page: 0 | 1 | null;
  readonly ticket: 0 | 1 | null;
  readonly problem: string | null;
}

/**
 * The objectives of one deployment (slo_not_found when it has none), or of every deployment that
 * has some, with their budgets and burn rates at `now`.
 */
export async function sloStatuses(
  sources: SloSources & { readonly store: { readonly deployments: { findByName(name: string): Promise<unknown> } } },
  deployment: string | undefined,
  now: Date,
): Promise<SloStatus[]> {
  if (deployment !== undefined && (await sources.store.deployments.findByName(deployment)) === undefined)
    throw new BallastError('deployment_not_found', `no deployment named "${deployment}"`);
  const names = deployment !== undefined ? [deployment] : [...new Set((await sources.store.slos.list()).map((s) => s.deployment))];
  const statuses: SloStatus[] = [];
  for (const name of names) {
    for (const e of await evaluateSlos(sources, name, now.getTime())) {
      statuses.push({
        deployment: e.deployment,
        name: e.objective.name,
        objective: objectiveText(e.objective),
        target: e.objective.target,
        period_ms: e.objective.periodMs,
        events: e.period.total,
        bad_events: e.period.bad,
        budget_remaining: e.budgetRemaining,
        burn_rates: e.burnRates,
        page: multiwindowAlertOf(e, now.getTime(), 'page').fired,
        ticket: multiwindowAlertOf(e, now.getTime(), 'ticket').fired,
        problem: e.problem,
      });
    }
  }
  if (deployment !== undefined && statuses.length === 0)
    throw new BallastError('slo_not_found', `${deployment} has no service level objectives`);
  return statuses;
}
