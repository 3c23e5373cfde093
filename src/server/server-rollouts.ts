import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { DeploymentLoader } from '../app/deployments.ts';
import type { WindowProfiler } from '../app/monitoring/window-profiler.ts';
import type { RolloutActions } from '../app/rollouts/rollout-controller.ts';
import { DEFAULT_ROLLOUT_INTERVAL_MS, startRolloutService, type RolloutService } from '../app/rollouts/rollout-service.ts';

/** What `ballast serve` passes for the rollout controller (StartOptions gains these). */
export interface RolloutServerOptions {
  /** How often the rollout controller looks at rollouts (default 5 s; `ballast serve --rollout-interval`). */
  readonly rolloutIntervalMs?: number;
}

export interface ServerRolloutsDeps {
  readonly ctx: AppContext;
  /** The serving host: a step, an abort or a promotion is served here before the tick goes on. */
  readonly host: DeploymentLoader;
  readonly profiler: WindowProfiler;
  /** The rollout verbs of the control plane (src/app/rollouts/rollout-actions.ts). */
  readonly actions: RolloutActions;
  readonly logger: FastifyBaseLogger;
  readonly intervalMs?: number;
}

/**
 * A server's rollout controller: gates read from the store and this server's live windows, moves
 * served here at once (other servers follow on their refresh), audited as `rollout-controller`, and
 * every advance, abort and finish logged. Stop it (`service.stop()`) before serving stops.
 */
export function startServerRollouts(deps: ServerRolloutsDeps): RolloutService {
  const { logger } = deps;
  const ctx: AppContext = { ...deps.ctx, actor: 'rollout-controller' };
  return startRolloutService({
    ctx,
    sources: {
      store: ctx.store,
      clock: ctx.clock,
      baseWindowMs: deps.profiler.windowMs,
      liveWindows: (deployment) => deps.profiler.liveWindows(deployment),
    },
    actions: deps.actions,
    loader: deps.host,
    holder: `${hostname()}:${process.pid}:${ctx.newId()}`,
    intervalMs: deps.intervalMs ?? DEFAULT_ROLLOUT_INTERVAL_MS,
    onTick: (tick) => {
      for (const action of tick.actions) {
        if (action.action === 'failed') continue; // reported through onError
        const verdict = 'analysis' in action ? action.analysis.verdict : undefined;
        const level = action.action === 'aborted' ? 'warn' : 'info';
        logger[level](
          { rollout: { deployment: action.deployment, id: action.rolloutId, action: action.action, verdict } },
          `rollout of ${action.deployment}: ${action.action}`,
        );
      }
    },
    onError: (error, what) => logger.error({ err: error }, what),
  });
}
