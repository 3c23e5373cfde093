import { failureReason } from '../../core/rollouts/gate-verdict.ts';
import type { RolloutAnalysis } from '../../core/rollouts/gate-verdict.ts';
import { rolloutDue } from '../../core/rollouts/gate-schedule.ts';
import type { SignalSources } from '../alerts/signal-reader.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { analyseGate } from './gate-analysis.ts';

/** The lease that makes one server of many the rollout controller. */
export const ROLLOUT_LEASE = 'rollouts';

/**
 * The rollout verbs the controller uses, provided by the rollout control plane (rollout-actions.ts).
 * Each is one `changeRouting` that first checks the rollout is still the one expected (else `conflict`),
 * so a controller acting on a state an operator just changed changes nothing.
 */
export interface RolloutActions {
  /** Next step (weight = steps[i + 1]); after the last step, promote. */
  advanceRollout(
    ctx: AppContext,
    name: string,
    expected: { rolloutId: string; stepIndex: number },
    loader?: DeploymentLoader,
  ): Promise<unknown>;
  /** All traffic to stable at once; outcome `aborted` with the reason. */
  abortRollout(ctx: AppContext, name: string, abort: { reason: string; rolloutId?: string }, loader?: DeploymentLoader): Promise<unknown>;
  /** Blue/green switched and keep-previous elapsed: the rollout ends, blue is unloaded. */
  finishRollout(ctx: AppContext, name: string, finish: { rolloutId: string }, loader?: DeploymentLoader): Promise<unknown>;
}

export interface RolloutControllerDeps {
  readonly ctx: AppContext;
  /** Where the gate reads its signals (the server's live windows and estimators included). */
  readonly sources: SignalSources;
  readonly actions: RolloutActions;
  /** This server's serving host: a move is served here before the tick goes on. */
  readonly loader?: DeploymentLoader;
  /** This process's name on the lease: unique per process. */
  readonly holder: string;
  readonly leaseTtlMs: number;
}

/** What one tick did to one deployment's rollout. */
export type RolloutTickAction =
  | {
      readonly deployment: string;
      readonly rolloutId: string;
      readonly action: 'advanced' | 'aborted' | 'waiting';
      readonly analysis: RolloutAnalysis;
    }
  | { readonly deployment: string; readonly rolloutId: string; readonly action: 'finished' }
  | { readonly deployment: string; readonly rolloutId: string; readonly action: 'failed'; readonly error: unknown };

export interface RolloutTick {
  /** False when another server holds the lease: this one did nothing. */
  readonly acted: boolean;
  readonly actions: readonly RolloutTickAction[];
}

/**
 * One tick of the rollout controller, by the server holding the `rollouts` lease: for each canary whose
 * step has ended, run the gate on the step's window and store the analysis, then pass → advance (or
 * promote after the last step), fail → abort naming every failing signal and its values, inconclusive
 * → wait (the step keeps its weight). A blue/green rollout switched longer ago than keep-previous is
 * finished. One deployment's failure is reported in the tick and never stops the others.
 */
export async function rolloutTick(deps: RolloutControllerDeps): Promise<RolloutTick> {
  const { ctx, sources } = deps;
  if (!(await ctx.store.leases.acquire(ROLLOUT_LEASE, deps.holder, ctx.clock(), deps.leaseTtlMs))) return { acted: false, actions: [] };
  const actions: RolloutTickAction[] = [];
  for (const deployment of await ctx.store.deployments.list()) {
    const rollout = deployment.routing?.rollout;
    if (rollout === undefined) continue;
    try {
      const last = await ctx.store.rolloutAnalyses.latestForStep(rollout.id, rollout.stepIndex);
      const due = rolloutDue(rollout, ctx.clock(), sources.baseWindowMs, last?.at);
      if (due.kind === 'none') continue;
      if (due.kind === 'finish') {
        await deps.actions.finishRollout(ctx, deployment.name, { rolloutId: rollout.id }, deps.loader);
        actions.push({ deployment: deployment.name, rolloutId: rollout.id, action: 'finished' });
        continue;
      }
      const gate = await analyseGate(sources, deployment, rollout, due.window);
      const analysis: RolloutAnalysis = {
        id: ctx.newId(),
        rolloutId: rollout.id,
        deployment: deployment.name,
        stepIndex: rollout.stepIndex,
        weight: rollout.weight,
        at: ctx.clock().toISOString(),
        window: due.window,
        verdict: gate.verdict,
        checks: gate.checks,
      };
      await ctx.store.rolloutAnalyses.insert(analysis);
      if (gate.verdict === 'pass') {
        await deps.actions.advanceRollout(ctx, deployment.name, { rolloutId: rollout.id, stepIndex: rollout.stepIndex }, deps.loader);
        actions.push({ deployment: deployment.name, rolloutId: rollout.id, action: 'advanced', analysis });
      } else if (gate.verdict === 'fail') {
        await deps.actions.abortRollout(ctx, deployment.name, { reason: failureReason(gate.failing), rolloutId: rollout.id }, deps.loader);
        actions.push({ deployment: deployment.name, rolloutId: rollout.id, action: 'aborted', analysis });
      } else actions.push({ deployment: deployment.name, rolloutId: rollout.id, action: 'waiting', analysis });
    } catch (error) {
      actions.push({ deployment: deployment.name, rolloutId: rollout.id, action: 'failed', error });
    }
  }
  return { acted: true, actions };
}
