import type { AppContext } from '../app/context.ts';
import type { LoadExecutor } from '../app/serving/serving-types.ts';
import { workerExecutorLoader } from '../app/serving/worker-executors.ts';
import { ShadowMirrorService } from '../app/shadow/shadow-mirror.ts';
import type { ServerMetrics } from './metrics.ts';

export interface ServerShadow {
  /** The serving host's `extensions.shadow`. */
  readonly mirror: ShadowMirrorService;
  /** Stops reconciling, drops what waits, lets the calls under way finish, writes what was scored and closes the shadow models. */
  stop(): Promise<void>;
}

export interface ServerShadowOptions {
  /** Loads shadow versions; default: one worker thread each, never the event loop, apart from the primary's workers. */
  readonly loadExecutor?: LoadExecutor;
  /** How often the stored deployments are read to start and stop shadows (default 1 s, as the serving host's refresh). */
  readonly reconcileMs?: number;
}

/** A problem message is logged at most once per this long (a failing shadow fails every batch). */
const PROBLEM_LOG_EVERY_MS = 10_000;

/**
 * The server's shadow mirror: counts every outcome in ballast_shadow_requests_total and the time the
 * shadow models take in ballast_shadow_busy_seconds_total, logs problems (throttled), and follows
 * the stored deployments so a shadow started or stopped elsewhere (the CLI, another server) is
 * loaded or closed here within `reconcileMs`.
 */
export function startServerShadow(
  deps: {
    readonly ctx: AppContext;
    readonly metrics: ServerMetrics;
    /** The server's logger once it exists (the mirror is made before the server is built, as the serving host is). */
    readonly logger: () => { warn(details: object, message: string): void } | undefined;
  },
  options: ServerShadowOptions = {},
): ServerShadow {
  const { ctx, metrics, logger } = deps;
  const lastLogged = new Map<string, number>();
  const mirror = new ShadowMirrorService({
    ctx,
    // One thread and no main-thread copy: a shadow's scoring must not take the event loop or the
    // primary's workers, only its own thread (which the OS shares out among the cores).
    loadExecutor: options.loadExecutor ?? workerExecutorLoader({ threads: 1, mainThread: 'never' }),
    onOutcome: (deployment, outcome, rows) => metrics.shadowRequests.inc({ deployment, outcome }, rows),
    onCall: (deployment, ms) => metrics.shadowBusySeconds.inc({ deployment }, ms / 1000),
    onProblem: (message, error) => {
      const now = Date.now();
      if (now - (lastLogged.get(message) ?? Number.NEGATIVE_INFINITY) < PROBLEM_LOG_EVERY_MS) return;
      lastLogged.set(message, now);
      logger()?.warn({ err: error }, message);
    },
  });
  let reconciling = Promise.resolve();
  const timer = setInterval(() => {
    reconciling = reconciling
      .then(async () => mirror.reconcile(await ctx.store.deployments.list()))
      .catch((error: unknown) => logger()?.warn({ err: error }, 'reading deployments for their shadows failed; tried again shortly'));
  }, options.reconcileMs ?? 1000);
  timer.unref();
  return {
    mirror,
    async stop() {
      clearInterval(timer);
      await reconciling;
      await mirror.close();
    },
  };
}
