import { ROLLOUT_LEASE, rolloutTick, type RolloutControllerDeps, type RolloutTick } from './rollout-controller.ts';

/** How often the controller looks at rollouts unless told otherwise (`ballast serve --rollout-interval`). */
export const DEFAULT_ROLLOUT_INTERVAL_MS = 5000;

export interface RolloutServiceOptions extends Omit<RolloutControllerDeps, 'leaseTtlMs'> {
  readonly intervalMs: number;
  /** How long the lease lasts without renewal: how soon another server takes over when this one dies (3 intervals). */
  readonly leaseTtlMs?: number;
  /** Every tick's outcome, acted on here or not (logging). */
  readonly onTick?: (tick: RolloutTick) => void;
  readonly onError: (error: unknown, what: string) => void;
}

export interface RolloutService {
  /** Runs one tick now (or waits for the one running). */
  tick(): Promise<RolloutTick | undefined>;
  /** Stops the timer, waits for a running tick, and gives the lease up so another server takes over at once. */
  stop(): Promise<void>;
}

/**
 * The rollout controller of a server: a tick every `intervalMs` (the next one `intervalMs` after the
 * previous one started, never two at once), acting only while this server holds the `rollouts` lease.
 * A failing tick is reported and the next one runs; a failing deployment is reported from the tick.
 */
export function startRolloutService(options: RolloutServiceOptions): RolloutService {
  const deps: RolloutControllerDeps = { ...options, leaseTtlMs: options.leaseTtlMs ?? 3 * options.intervalMs };
  let running: Promise<RolloutTick | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tick = (): Promise<RolloutTick | undefined> =>
    (running ??= (async () => {
      try {
        const result = await rolloutTick(deps);
        for (const action of result.actions)
          if (action.action === 'failed')
            options.onError(action.error, `the rollout of ${action.deployment} could not be acted on; tried again at the next interval`);
        options.onTick?.(result);
        return result;
      } catch (error) {
        options.onError(error, 'the rollout controller tick failed; tried again at the next interval');
        return undefined;
      } finally {
        running = undefined;
      }
    })());

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      const started = Date.now();
      void tick().then(() => schedule(Math.max(0, options.intervalMs - (Date.now() - started))));
    }, delayMs);
    timer.unref();
  };
  schedule(options.intervalMs);

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await options.ctx.store.leases
        .release(ROLLOUT_LEASE, options.holder)
        .catch((error: unknown) =>
          options.onError(error, 'giving up the rollouts lease failed; another server takes over when it expires'),
        );
    },
  };
}
