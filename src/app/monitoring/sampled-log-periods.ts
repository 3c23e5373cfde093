import type { DeploymentRevision } from '../../core/serving-records.ts';

/** Half-open spans of time, in epoch milliseconds, during which a deployment may have logged a sample. */
export type SampledPeriods = readonly (readonly [from: number, to: number])[];

/**
 * When a deployment's revisions had a log sample rate below 1 in effect. A revision is in effect
 * from its time until the next revision's; `lagMs` more is added at the end because servers pick
 * up a change made elsewhere (the CLI, another replica) only on their next refresh, so they may
 * still sample for a while after the rate went back to 1. Erring long only marks a window
 * incomplete that could have been rebuilt; erring short would rebuild a sample as if it were all.
 */
export function sampledLogPeriods(revisions: readonly DeploymentRevision[], lagMs: number): SampledPeriods {
  const ordered = [...revisions].sort((a, b) => a.revision - b.revision);
  const periods: [number, number][] = [];
  ordered.forEach((revision, i) => {
    // Configs stored before the rate existed have none: they logged everything.
    if (!((revision.config.logSampleRate ?? 1) < 1)) return;
    const next = ordered[i + 1];
    periods.push([Date.parse(revision.at), next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next.at) + lagMs]);
  });
  return periods;
}

/** True when [start, end) meets any of the periods. */
export function overlapsSampled(periods: SampledPeriods, start: number, end: number): boolean {
  return periods.some(([from, to]) => from < end && start < to);
}
