import type { RolloutAnalysis } from '../../core/rollouts/gate-verdict.ts';
import type { AppContext } from '../context.ts';

/** One analysis as the rollout status answers it (`analyses` of GET /v1/deployments/{name}/rollout). */
export interface RolloutAnalysisWire {
  readonly id: string;
  readonly rollout_id: string;
  readonly step_index: number;
  readonly weight: number;
  readonly at: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly verdict: RolloutAnalysis['verdict'];
  readonly checks: readonly {
    readonly name: string;
    readonly signal: string;
    readonly candidate: number | null;
    readonly stable: number | null;
    readonly threshold: number | null;
    readonly verdict: RolloutAnalysis['verdict'];
    readonly reason: string;
  }[];
}

/** The gate analyses of a rollout, newest first. */
export async function rolloutAnalyses(ctx: Pick<AppContext, 'store'>, rolloutId: string): Promise<RolloutAnalysisWire[]> {
  const analyses = await ctx.store.rolloutAnalyses.listForRollout(rolloutId);
  return analyses.map((a) => ({
    id: a.id,
    rollout_id: a.rolloutId,
    step_index: a.stepIndex,
    weight: a.weight,
    at: a.at,
    window: { start: a.window.start, end: a.window.end },
    verdict: a.verdict,
    checks: a.checks.map((c) => ({
      name: c.name,
      signal: c.signal,
      candidate: c.candidate,
      stable: c.stable,
      threshold: c.threshold,
      verdict: c.verdict,
      reason: c.reason,
    })),
  }));
}
