import { BURN_WINDOW_MS, burnRates, countsWithin, type BurnWindow, type CountedWindow } from '../../core/slo/burn-windows.ts';
import { budgetRemaining, type SloCounts } from '../../core/slo/error-budget.ts';
import { meetsObjective, type BehaviourObjective, type SloObjective } from '../../core/slo/slo-objective.ts';
import type { SloRepository } from '../../store/slo-repository.ts';
import { requestWindows, type RequestPartCache } from './request-windows.ts';

/** A judged window of a behaviour objective: its value, null when the window had too few rows to compute one. */
export interface BehaviourWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly value: number | null;
}

/** The closed windows of `windowMs` in [fromMs, toMs) with the objective's signal per window (the performance reader). */
export type BehaviourWindowReader = (
  deployment: string,
  objective: BehaviourObjective,
  range: { fromMs: number; toMs: number },
) => Promise<readonly BehaviourWindow[]>;

export interface SloSources {
  readonly store: { readonly slos: Pick<SloRepository, 'list' | 'requestParts' | 'requestPartKeys' | 'countRequestParts'> };
  /** Behaviour objectives have no data without it. */
  readonly behaviourWindows?: BehaviourWindowReader;
  /** A server's memory of parts already counted (request-windows.ts); a one-off status reads every part. */
  readonly partCache?: RequestPartCache;
  /** Keeps each deployment's latest evaluation, so the SLO rules of one evaluation tick (one `now`) read once. */
  readonly evaluationCache?: Map<string, { readonly nowMs: number; readonly result: Promise<SloEvaluation[]> }>;
}

export interface SloEvaluation {
  readonly deployment: string;
  readonly objective: SloObjective;
  /** Every counted window of the read span (the period or 3 days, the longer), for signals over shorter spans. */
  readonly windows: readonly CountedWindow[];
  /** The events of the period, its budget left, and the burn rates over the workbook windows. */
  readonly period: SloCounts;
  readonly budgetRemaining: number | null;
  readonly burnRates: Record<BurnWindow, number | null>;
  /** Why the objective could not be read (its reader failed or is missing); its counts are then empty. */
  readonly problem: string | null;
}

const LONGEST_BURN_WINDOW_MS = BURN_WINDOW_MS['3d'];

/**
 * Evaluates a deployment's objectives at `nowMs`: the stored window parts are read once for every
 * request objective (availability and each latency bound) over the longest span any of them needs,
 * and each behaviour objective's windows once; budgets and burn rates then come from those counts.
 */
export async function evaluateSlos(sources: SloSources, deployment: string, nowMs: number): Promise<SloEvaluation[]> {
  const cache = sources.evaluationCache;
  const cached = cache?.get(deployment);
  if (cached !== undefined && cached.nowMs === nowMs) return cached.result;
  const result = evaluate(sources, deployment, nowMs);
  cache?.set(deployment, { nowMs, result });
  // A failed read is not kept: the next call tries again.
  result.catch(() => cache?.delete(deployment));
  return result;
}

async function evaluate(sources: SloSources, deployment: string, nowMs: number): Promise<SloEvaluation[]> {
  const objectives = (await sources.store.slos.list(deployment)).map((s) => s.objective);
  const requestObjectives = objectives.filter((o) => o.kind !== 'behaviour');
  const requests =
    requestObjectives.length === 0
      ? undefined
      : await requestWindows(
          sources.store.slos,
          deployment,
          {
            fromMs: nowMs - Math.max(LONGEST_BURN_WINDOW_MS, ...requestObjectives.map((o) => o.periodMs)),
            toMs: nowMs,
            thresholdsMs: requestObjectives.flatMap((o) => (o.kind === 'latency' ? [o.thresholdMs] : [])),
          },
          sources.partCache,
        );
  const evaluations: SloEvaluation[] = [];
  for (const objective of objectives) {
    let windows: readonly CountedWindow[] = [];
    let problem: string | null = null;
    if (objective.kind === 'availability') windows = requests!.availability;
    else if (objective.kind === 'latency') windows = requests!.latency.get(objective.thresholdMs) ?? [];
    else {
      try {
        windows = await judgedWindows(sources, deployment, objective, nowMs);
      } catch (error) {
        problem = `its windows could not be read: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (sources.behaviourWindows === undefined) problem = 'model-behaviour objectives are evaluated by a server (ballast serve)';
    }
    const period = countsWithin(windows, nowMs, objective.periodMs);
    evaluations.push({
      deployment,
      objective,
      windows,
      period,
      budgetRemaining: budgetRemaining(period, objective.target),
      burnRates: burnRates(windows, nowMs, objective.target),
      problem,
    });
  }
  return evaluations;
}

/** A behaviour objective's events: one per window with a value, bad when the value misses the objective. */
async function judgedWindows(
  sources: SloSources,
  deployment: string,
  objective: BehaviourObjective,
  nowMs: number,
): Promise<CountedWindow[]> {
  if (sources.behaviourWindows === undefined) return [];
  const windows = await sources.behaviourWindows(deployment, objective, {
    fromMs: nowMs - Math.max(LONGEST_BURN_WINDOW_MS, objective.periodMs),
    toMs: nowMs,
  });
  return windows.flatMap((w) =>
    w.value === null ? [] : [{ startMs: w.startMs, endMs: w.endMs, counts: { total: 1, bad: meetsObjective(objective, w.value) ? 0 : 1 } }],
  );
}
