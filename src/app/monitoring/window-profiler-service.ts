import { hostname } from 'node:os';
import type { ServingHooks } from '../serving/serving-types.ts';
import type { AppContext } from '../context.ts';
import { closedWindowDrift, type ClosedWindowDrift } from './closed-window-drift.ts';
import { withWindowPerformance } from './closed-window-performance.ts';
import { profileVersionReference } from './reference-profile.ts';
import { isServerFailure } from './window-latency.ts';
import { DEFAULT_WINDOW_MS, WindowProfiler } from './window-profiler.ts';
import { recoverWindows, type RecoveredWindow } from './window-recovery.ts';

export interface WindowProfilingOptions {
  readonly windowMs?: number;
  /** How often closed windows are written (5 s). */
  readonly flushEveryMs?: number;
  readonly onNote?: (message: string) => void;
  readonly onError?: (error: unknown, what: string) => void;
  /** Per deployment, the newest window a flush wrote, compared with its reference and with its performance (for the server's window gauges). */
  readonly onWindowClosed?: (windows: readonly ClosedWindowDrift[]) => void;
}

export interface WindowProfiling {
  readonly profiler: WindowProfiler;
  /**
   * The serving host's hooks: look up references as versions load, profile each served request
   * (logged or sampled out) with its latency, count the requests that failed on the server's side.
   */
  readonly hooks: Pick<ServingHooks, 'onVersionLoad' | 'onServed' | 'onFailed'>;
  /** Rebuilds, from the prediction log, windows lost before `until` (the moment the server began to serve). */
  recover(until: Date): Promise<RecoveredWindow[]>;
  /** Stops the timer and writes every open window (after the last request has been logged). */
  stop(): Promise<void>;
}

/** A server's window profiling: the profiler, its flush timer and crash recovery, wired to the store. */
export function startWindowProfiling(ctx: AppContext, options: WindowProfilingOptions = {}): WindowProfiling {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const source = `${hostname()}:${process.pid}:${ctx.newId()}`;
  const onError = options.onError ?? (() => {});
  const profiler = new WindowProfiler({
    store: ctx.store,
    clock: ctx.clock,
    source,
    windowMs,
    seed: Math.floor(Math.random() * 2 ** 32),
    buildReference: async (version) => (await profileVersionReference(ctx, version))?.record,
    onNote: options.onNote,
    onWritten: async (records) => {
      const onWindowClosed = options.onWindowClosed;
      if (onWindowClosed === undefined) return;
      try {
        onWindowClosed(await withWindowPerformance(ctx.store, await closedWindowDrift(ctx.store, records)));
      } catch (error) {
        onError(
          error,
          'comparing the closed monitoring windows with their references (or reading their performance) failed; the window gauges keep the previous window',
        );
      }
    },
  });
  const timer = setInterval(() => {
    profiler.flush().catch((error: unknown) => onError(error, 'writing window profiles failed; kept for the next try'));
  }, options.flushEveryMs ?? 5000);
  timer.unref();
  return {
    profiler,
    hooks: {
      // A failed lookup must not stop a deployment from serving: its windows use the signature's schema.
      onVersionLoad: (version) =>
        profiler
          .prepare(version)
          .catch((error: unknown) => onError(error, `looking up the reference profile of ${version.modelName}:${version.version} failed`)),
      onServed: (version, records, time) => profiler.observe(version, records, time),
      onFailed: (version, deployment, error, time) => {
        if (isServerFailure(error)) profiler.observeFailure(deployment, version, time);
      },
    },
    recover: (until) => recoverWindows(ctx.store, { windowMs, until, liveSource: source }),
    async stop() {
      clearInterval(timer);
      await profiler
        .flush({ all: true })
        .catch((error: unknown) =>
          onError(
            error,
            'the window profiles of the last minute could not be written; they are rebuilt from the prediction log at the next start',
          ),
        );
    },
  };
}
