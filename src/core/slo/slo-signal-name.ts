import { BURN_WINDOWS, type BurnWindow } from './burn-windows.ts';

/**
 * The SLO signals rules may use, per objective name N of the rule's deployment:
 * `slo.N.burn_rate.<5m|30m|1h|6h|3d>` (how fast the window's events spend the budget),
 * `slo.N.budget_remaining` (share of the period's budget left), and the workbook's two
 * multiwindow alerts as ready-made signals, `slo.N.page` and `slo.N.ticket` (1 while both windows
 * of a pair burn above its factor, else 0).
 */
export type SloMeasure =
  | { readonly kind: 'burn_rate'; readonly window: BurnWindow }
  | { readonly kind: 'budget_remaining' }
  | { readonly kind: 'page' }
  | { readonly kind: 'ticket' };

export interface SloSignalName {
  readonly objective: string;
  readonly measure: SloMeasure;
}

const SIGNAL = /^slo\.([a-z][a-z0-9_]*)\.(burn_rate\.([0-9]+[mhd])|budget_remaining|page|ticket)$/;

/** The parts of an SLO signal's name, undefined when it is not one. */
export function parseSloSignal(signal: string): SloSignalName | undefined {
  const match = SIGNAL.exec(signal);
  if (match === null) return undefined;
  const [, objective, measure, window] = match;
  if (window !== undefined) {
    if (!(BURN_WINDOWS as readonly string[]).includes(window)) return undefined;
    return { objective: objective!, measure: { kind: 'burn_rate', window: window as BurnWindow } };
  }
  return { objective: objective!, measure: { kind: measure as 'budget_remaining' | 'page' | 'ticket' } };
}
