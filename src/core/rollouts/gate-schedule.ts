import type { RolloutState } from './deployment-routing.ts';

/**
 * When the rollout controller acts on a rollout, decided from the stored state and the time alone.
 *
 * A canary step's gate window runs from the step's start rounded UP to the base monitoring window to
 * its end rounded DOWN: whole base windows, all of them at the step's weight. The gate runs once the
 * step has ended and `ANALYSIS_GRACE_MS` more have passed, so the last window's parts from every
 * server have been flushed. While the gate is inconclusive (too few rows) the step holds its weight,
 * and each later analysis reads the window grown to the newest closed base window (more rows); one
 * analysis per step per `REANALYSIS_MS` at most.
 */
export const ANALYSIS_GRACE_MS = 10_000;
const REANALYSIS_MS = 60_000;

export type RolloutDue =
  | { readonly kind: 'analyse'; readonly window: { readonly start: string; readonly end: string } }
  | { readonly kind: 'finish' }
  | { readonly kind: 'none'; readonly why: string };

/**
 * What is due for a rollout at `now`. `lastAnalysisAt` is the time of the newest analysis of the current
 * step (undefined when none). Only canaries are gated: an A/B test holds its split until an operator
 * promotes or aborts it (its KPI comparison decides, not a timer), and blue/green switches by hand.
 */
export function rolloutDue(rollout: RolloutState, now: Date, baseWindowMs: number, lastAnalysisAt: string | undefined): RolloutDue {
  const t = now.getTime();
  if (rollout.strategy === 'blue-green') {
    if (rollout.status !== 'switched' || rollout.switchedAt === null) return { kind: 'none', why: `blue/green is ${rollout.status}` };
    const until = Date.parse(rollout.switchedAt) + rollout.keepPreviousMs;
    return t >= until ? { kind: 'finish' } : { kind: 'none', why: `blue is kept loaded until ${new Date(until).toISOString()}` };
  }
  if (rollout.strategy !== 'canary') return { kind: 'none', why: `${rollout.strategy} rollouts are not gated by the controller` };
  if (rollout.status !== 'progressing') return { kind: 'none', why: `the rollout is ${rollout.status}` };
  const stepStart = Date.parse(rollout.stepStartedAt);
  const stepEnd = stepStart + rollout.stepDurationMs;
  if (t < stepEnd + ANALYSIS_GRACE_MS) return { kind: 'none', why: `the step ends at ${new Date(stepEnd).toISOString()}` };
  if (lastAnalysisAt !== undefined && t - Date.parse(lastAnalysisAt) < REANALYSIS_MS)
    return { kind: 'none', why: `the step was analysed at ${lastAnalysisAt}` };
  const start = Math.ceil(stepStart / baseWindowMs) * baseWindowMs;
  const end = Math.floor((t - ANALYSIS_GRACE_MS) / baseWindowMs) * baseWindowMs;
  // A step shorter than a base window has no whole window yet: it holds until its first one has closed.
  if (end <= start)
    return { kind: 'none', why: `the step's first whole monitoring window ends at ${new Date(start + baseWindowMs).toISOString()}` };
  return { kind: 'analyse', window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() } };
}
