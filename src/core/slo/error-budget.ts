/**
 * Error budgets and burn rates (Google's SRE workbook, chapter "Alerting on SLOs"). With a target T,
 * the budget is the share 1 − T of events allowed to be bad. Over some events of which a share b was
 * bad, the burn rate is b / (1 − T): 1 spends the budget exactly over the period, 14.4 spends a
 * 28- or 30-day budget's 2% in an hour. The budget remaining over the period is 1 − the burn rate of
 * the period's events: 1 untouched, 0 spent, below 0 overspent.
 */

export interface SloCounts {
  /** Events counted (requests, answered requests, or judged windows). */
  readonly total: number;
  /** Of them, the bad ones (slow requests are a sketch's estimate). */
  readonly bad: number;
}

export const NO_EVENTS: SloCounts = { total: 0, bad: 0 };

export function addCounts(a: SloCounts, b: SloCounts): SloCounts {
  return { total: a.total + b.total, bad: a.bad + b.bad };
}

/** The share of bad events, null without events. */
export function badShare(counts: SloCounts): number | null {
  return counts.total > 0 ? counts.bad / counts.total : null;
}

/** The error budget: the share of events allowed to be bad. */
export function errorBudget(target: number): number {
  if (!(target > 0 && target < 1)) throw new RangeError(`an SLO target must lie strictly between 0 and 1, got ${target}`);
  return 1 - target;
}

/** How fast these events spend the budget (1 = exactly over the period), null without events. */
export function burnRate(counts: SloCounts, target: number): number | null {
  const share = badShare(counts);
  return share === null ? null : share / errorBudget(target);
}

/** The share of the period's budget left after its events, null without events. */
export function budgetRemaining(counts: SloCounts, target: number): number | null {
  const burn = burnRate(counts, target);
  return burn === null ? null : 1 - burn;
}
