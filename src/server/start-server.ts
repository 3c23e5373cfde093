import type { FastifyInstance } from 'fastify';
import { openAppContext, type AppContext, type Settings } from '../app/context.ts';
import type { Notifier } from '../app/alerts/notify/notifier.ts';
import { startServerAlerting, type ServerAlerting } from './server-alerting.ts';
import { openPredictionLog, type LogWriterMode } from '../app/serving/prediction-log-writer-for-store.ts';
import type { PredictionLog } from '../app/serving/serving-types.ts';

/** Stands in for the log when it is switched off to measure its cost: accepts and keeps nothing. */
const NO_LOG: PredictionLog = { append: async () => {} };
import { ServingHost } from '../app/serving/serving-host.ts';
import type { LoadExecutor, ServingExtensions } from '../app/serving/serving-types.ts';
import { routingHooks } from './routing-hooks.ts';
import { startServerShadow } from './server-shadow.ts';
import { startServerRollouts, type RolloutServerOptions } from './server-rollouts.ts';
import { abortRollout, advanceRollout, finishRollout } from '../app/rollouts/rollout-actions.ts';
import { startServerReviews } from './server-reviews.ts';
import { createEnsembleExecutor } from '../app/serving/ensemble-executor.ts';
import type { AlertTransitionSink } from '../core/alerts/alert-rule.ts';
import { ViolationWindows } from '../app/serving/violation-windows.ts';
import { windowGauges } from './window-gauges.ts';
import { violationHooks } from './violation-hooks.ts';
import { startWindowProfiling } from '../app/monitoring/window-profiler-service.ts';
import { workerExecutorLoader, type MainThreadMode } from '../app/serving/worker-executors.ts';
import { ensureAdminToken } from '../app/tokens.ts';
import { BallastError } from '../core/errors.ts';
import { buildServer, type BuildOptions } from './build-server.ts';
import { ServerMetrics } from './metrics.ts';
import type { JournalRecovery } from '../store/prediction-journal-recovery.ts';

export interface StartOptions extends RolloutServerOptions {
  readonly host: string;
  readonly port: number;
  readonly threads?: number;
  /** Dynamic batching on (default) or off. */
  readonly batching?: boolean;
  /** Keep the durable prediction log (default). Off only to measure what the log costs. */
  readonly predictionLog?: boolean;
  /** Whether models measured as cheaper than a worker round trip score small batches on the main thread (default auto). */
  readonly mainThreadModels?: MainThreadMode;
  /** Where the log commits: its own thread (default for a SQLite file) or the event loop. */
  readonly logWriter?: LogWriterMode;
  readonly maxInstances?: number;
  readonly bodyLimit?: number;
  /** /metrics without a token. */
  readonly publicMetrics?: boolean;
  /** Longest a client may take to send a whole request (30 s unless given). */
  readonly requestTimeoutMs?: number;
  readonly authDisabled?: boolean;
  readonly logger?: BuildOptions['logger'];
  readonly loadExecutor?: LoadExecutor;
  /**
   * How often deployments changed elsewhere (CLI, other replicas, the rollout controller) are picked
   * up: every second unless given, so every server routes by a stored change within 2 s.
   */
  readonly refreshMs?: number;
  /**
   * The review queue, shadow mirror and ensemble builder the serving host calls (serving-host.ts);
   * the server's own (server-reviews.ts, server-shadow.ts, ensemble-executor.ts) unless given.
   */
  readonly extensions?: ServingExtensions;
  /** Loads shadow versions (default: a worker thread of their own, apart from the primary's). */
  readonly shadowLoadExecutor?: LoadExecutor;
  readonly adminToken?: string;
  /** Longest a graceful stop waits for in-flight requests before closing their connections. */
  readonly drainMs?: number;
  /** Length of the base monitoring window (default one minute). */
  readonly monitoringWindowMs?: number;
  /** How often the journal segments of writers that stopped since are replayed (SQLite files; default 30 s). */
  readonly journalAdoptMs?: number;
  /** How often alert rules are evaluated (default 15 s). */
  readonly alertIntervalMs?: number;
  /** Replaces parts of the alerting wiring (server-alerting.ts); tests use it. */
  readonly alerting?: ServerAlerting;
}

const DEFAULT_ALERT_INTERVAL_MS = 15_000;
/** A refresh reads one row per deployment and loads only what a change adds: cheap enough every second. */
const DEFAULT_REFRESH_MS = 1000;

export interface RunningServer {
  readonly app: FastifyInstance;
  /**
   * What acts on alert transitions, in the order the alert evaluator calls each after storing the new
   * states: incidents, automated rollback through this server's serving host, notifications.
   */
  readonly alertSinks: readonly AlertTransitionSink[];
  readonly url: string;
  /** Printed once: the admin token made on first start, if one was made. */
  readonly newAdminToken: string | undefined;
  readonly ctx: AppContext;
  /** The alert notifier (its sink is the evaluator's last). */
  readonly notifier: Notifier;
  /** Stops accepting requests, drains those in flight, commits the log, closes models and the store. */
  stop(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startServer(settings: Settings, actor: string, options: StartOptions): Promise<RunningServer> {
  if (options.authDisabled && !isLoopback(options.host)) {
    throw new BallastError(
      'invalid_argument',
      `refusing to serve on ${options.host} without authentication; bind 127.0.0.1 or keep auth on`,
    );
  }
  const ctx = await openAppContext(settings, actor);
  const metrics = new ServerMetrics();
  const newAdminToken = await ensureAdminToken(ctx, options.adminToken);
  const built: { app?: FastifyInstance } = {};
  const log = await openPredictionLog(ctx.store, {
    mode: options.predictionLog === false ? 'event-loop' : options.logWriter,
    onCommit: (commit) => {
      metrics.logCommitRecords.observe(commit.records);
      metrics.logCommitSeconds.observe(commit.seconds);
    },
    // The server's logger exists only once the server is built, after the log.
    onError: (message) => built.app?.log.error(message),
  });
  metrics.watchLogQueue(() => log.queued);
  const loadExecutor =
    options.loadExecutor ??
    workerExecutorLoader({
      threads: options.threads,
      batching: options.batching,
      mainThread: options.mainThreadModels,
      onBatch: (labels, event) => {
        metrics.batchRows.observe(labels, event.rows);
        metrics.queueDepth.set(labels, event.queueDepth);
      },
      // The server's logger exists only once the server is built, after the loader.
      onWorkerCrash: (deployment, error) =>
        built.app?.log.error({ err: error, deployment }, 'a model worker thread stopped; it is being replaced'),
      onPlacement: (placement) =>
        built.app?.log.info(
          placement,
          placement.mainThread ? 'the model scores small batches on the main thread' : 'the model scores on worker threads',
        ),
    });
  // Violations are counted per monitoring window, so a window of any length finds its own.
  const windows = new ViolationWindows(ctx.store, options.monitoringWindowMs);
  const profiling = startWindowProfiling(ctx, {
    windowMs: options.monitoringWindowMs,
    onNote: (message) => built.app?.log.info(message),
    onError: (error, what) => built.app?.log.warn({ err: error }, what),
    onWindowClosed: windowGauges(metrics),
  });
  const shadow = startServerShadow({ ctx, metrics, logger: () => built.app?.log }, { loadExecutor: options.shadowLoadExecutor });
  const reviews = startServerReviews({ ctx, metrics });
  const host = new ServingHost(
    ctx,
    options.predictionLog === false ? NO_LOG : log,
    loadExecutor,
    {
      ...violationHooks(metrics, windows, ctx.clock),
      ...routingHooks(metrics, (details, message) => built.app?.log.warn(details, message)),
      ...profiling.hooks,
    },
    { extensions: { reviews: reviews.queue, shadow: shadow.mirror, ensemble: createEnsembleExecutor, ...options.extensions } },
  );
  let ready = false;
  const app = await buildServer(
    {
      ctx,
      host,
      metrics,
      limits: { maxInstances: options.maxInstances ?? 10_000 },
      monitoring: { windowMs: profiling.profiler.windowMs, liveWindows: (deployment) => profiling.profiler.liveWindows(deployment) },
      isReady: () => ready,
      logProblem: () => (options.predictionLog === false ? Promise.resolve(undefined) : log.problem()),
    },
    {
      logger: options.logger,
      bodyLimit: options.bodyLimit,
      requestTimeoutMs: options.requestTimeoutMs,
      publicMetrics: options.publicMetrics,
      authDisabled: options.authDisabled,
    },
  );
  built.app = app;
  const reportRecovery = (journal: JournalRecovery | undefined, when: 'open' | 'adopt') => {
    if (journal !== undefined && journal.replayed.length > 0) {
      const inserted = journal.replayed.reduce((n, segment) => n + segment.inserted, 0);
      app.log.warn(
        { segments: journal.replayed },
        `moved ${inserted} acknowledged prediction${inserted === 1 ? '' : 's'} of a stopped writer from the log's journal into the table`,
      );
    }
    if (when === 'open' && journal !== undefined && journal.leftAlone.length > 0)
      app.log.info(
        { segments: journal.leftAlone },
        'left the prediction log journal segments of a live process (its lock is held), or of another host, alone',
      );
  };
  reportRecovery(ctx.store.journalRecovery, 'open');
  // A process beside this one (another server on the same file, a command) may die with groups in
  // its journal: adopt them now and then rather than only at the next opening of the store.
  const recoverJournals = ctx.store.recoverJournals;
  const adoptJournals =
    recoverJournals &&
    setInterval(() => {
      try {
        reportRecovery(recoverJournals(), 'adopt');
      } catch (error) {
        app.log.error({ err: error }, "replaying a stopped writer's prediction log journal failed; the segment is kept and tried again");
      }
    }, options.journalAdoptMs ?? 30_000);
  adoptJournals?.unref();
  await host.start();
  ready = true;
  const refresh = setInterval(() => {
    host.refresh().catch((error: unknown) => app.log.warn({ err: error }, 'refreshing deployments failed'));
  }, options.refreshMs ?? DEFAULT_REFRESH_MS);
  refresh.unref();
  const flushWindows = setInterval(() => {
    windows
      .flush()
      .catch((error: unknown) => app.log.warn({ err: error }, 'writing contract violation counts failed; kept for the next try'));
  }, 5000);
  flushWindows.unref();
  // Predictions from here on are the live profiler's; windows lost before are rebuilt from the log.
  const servingSince = ctx.clock();
  const address = await app.listen({ host: options.host, port: options.port });
  const recovering = profiling
    .recover(servingSince)
    .then((recovered) => {
      if (recovered.length > 0)
        app.log.warn(
          { windows: recovered },
          `rebuilt ${recovered.length} monitoring window${recovered.length === 1 ? '' : 's'} from the prediction log`,
        );
    })
    .catch((error: unknown) => app.log.error({ err: error }, 'rebuilding monitoring windows from the prediction log failed'));
  const alerting = await startServerAlerting(
    {
      ctx,
      host,
      profiler: profiling.profiler,
      violations: windows,
      log,
      metrics,
      logger: app.log,
      url: address,
      intervalMs: options.alertIntervalMs ?? DEFAULT_ALERT_INTERVAL_MS,
    },
    options.alerting,
  );
  const rollouts = startServerRollouts({
    ctx,
    host,
    profiler: profiling.profiler,
    actions: { advanceRollout, abortRollout, finishRollout },
    logger: app.log,
    intervalMs: options.rolloutIntervalMs,
  });
  let stopping: Promise<void> | undefined;
  return {
    app,
    alertSinks: alerting.sinks,
    url: address,
    newAdminToken,
    ctx,
    notifier: alerting.notifier,
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        await alerting.stopEvaluating();
        await rollouts.stop();
        clearInterval(refresh);
        clearInterval(adoptJournals);
        // app.close() answers what is in flight, but a keep-alive connection that goes idle after
        // its last response would hold the server open until the client hangs up: close such
        // connections as they go idle, and any left after the drain deadline.
        const closing = app.close();
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => app.server.closeAllConnections(), options.drainMs ?? 10_000);
        try {
          await closing;
        } finally {
          clearInterval(sweep);
          clearTimeout(deadline);
        }
        await shadow.stop();
        await log.close();
        await profiling.stop();
        await recovering;
        clearInterval(flushWindows);
        await windows
          .flush()
          .catch((error: unknown) => app.log.error({ err: error }, 'contract violation counts of the last seconds could not be written'));
        await host.close();
        // Groups still waiting stay pending in the notification log and go out on the next start;
        // deliveries under way get a moment to finish.
        await alerting.stopNotifying();
        await ctx.close();
      })()),
  };
}
