import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { NamedSink, StepAlertState } from '../app/alerts/alert-evaluator.ts';
import { startAlertService, type AlertService, type AlertServiceOptions, type AlertStatePort } from '../app/alerts/alert-service.ts';
import { readSignals, type SignalSources } from '../app/alerts/signal-reader.ts';
import type { Repositories } from '../store/store.ts';
import { alertGauges } from './alert-gauges.ts';
import { openAppContext, type AppContext, type Settings } from '../app/context.ts';
import { startNotifications, type AlertNotificationSource } from '../app/alerts/notify/notifications-service.ts';
import type { Notifier } from '../app/alerts/notify/notifier.ts';
import { openPredictionLog, type LogWriterMode } from '../app/serving/prediction-log-writer-for-store.ts';
import type { PredictionLog } from '../app/serving/serving-host.ts';

/** Stands in for the log when it is switched off to measure its cost: accepts and keeps nothing. */
const NO_LOG: PredictionLog = { append: async () => {} };
import { ServingHost, type LoadExecutor } from '../app/serving/serving-host.ts';
import { createRollbackSink } from '../app/alerts/alert-rollback.ts';
import { rollbackTimelineEntry } from '../app/alerts/rollback-timeline-entry.ts';
import type { AlertTransitionSink } from '../core/alerts/alert-rule.ts';
import { ViolationWindows } from '../app/serving/violation-windows.ts';
import { windowGauges } from './window-gauges.ts';
import { violationHooks } from './violation-hooks.ts';
import { startWindowProfiling } from '../app/monitoring/window-profiler-service.ts';
import type { WindowProfiler } from '../app/monitoring/window-profiler.ts';
import { workerExecutorLoader, type MainThreadMode } from '../app/serving/worker-executors.ts';
import { ensureAdminToken } from '../app/tokens.ts';
import { BallastError } from '../core/errors.ts';
import { buildServer, type BuildOptions } from './build-server.ts';
import { ServerMetrics } from './metrics.ts';
import type { JournalRecovery } from '../store/prediction-journal-recovery.ts';

export interface StartOptions {
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
  /** How often deployments changed elsewhere (CLI, other replicas) are picked up. */
  readonly refreshMs?: number;
  readonly adminToken?: string;
  /** Longest a graceful stop waits for in-flight requests before closing their connections. */
  readonly drainMs?: number;
  /** Length of the base monitoring window (default one minute). */
  readonly monitoringWindowMs?: number;
  /** How often the journal segments of writers that stopped since are replayed (SQLite files; default 30 s). */
  readonly journalAdoptMs?: number;
  /** How often alert rules are evaluated (default 15 s); see `alerting`. */
  readonly alertIntervalMs?: number;
  /** Alert evaluation; without it no rule is evaluated. */
  readonly alerting?: ServerAlerting;
  /** Alert receivers and rule states (the rules store): when given, the server sends alert notifications. */
  readonly alertNotifications?: AlertNotificationSource;
}

/** What alert evaluation is wired to: the store's rules and states, the state machine, and what acts on transitions. */
export interface ServerAlerting {
  /** The alerts repository of the store or of a transaction (`(r) => r.alerts`). */
  readonly alerts: (repositories: Repositories) => AlertStatePort;
  /** The state machine (core/alerts/alert-state-machine.ts: stepAlertState). */
  readonly step: StepAlertState;
  /** Called in this order with each tick's transitions: incidents, rollback, notifications, … */
  readonly sinks?: readonly NamedSink[];
  /** The `slo.*` signals. */
  readonly sloSignal?: SignalSources['sloSignal'];
  /** Once per interval on the evaluating server, after the sinks: on-call escalation. */
  readonly afterEvaluation?: AlertServiceOptions['afterEvaluation'];
}

const DEFAULT_ALERT_INTERVAL_MS = 15_000;

export interface RunningServer {
  readonly app: FastifyInstance;
  /**
   * What acts on alert transitions, in order (the alert evaluator calls each after storing the new
   * states): automated rollback, through this server's serving host, each attempt logged.
   */
  readonly alertSinks: readonly AlertTransitionSink[];
  readonly url: string;
  /** Printed once: the admin token made on first start, if one was made. */
  readonly newAdminToken: string | undefined;
  readonly ctx: AppContext;
  /** Present with `alertNotifications`: its sink is the alert evaluator's notifications sink. */
  readonly notifier?: Notifier;
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
  const host = new ServingHost(ctx, options.predictionLog === false ? NO_LOG : log, loadExecutor, {
    ...violationHooks(metrics, windows, ctx.clock),
    ...profiling.hooks,
  });
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
  }, options.refreshMs ?? 2000);
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
  const alerts =
    options.alerting && startServerAlerts(ctx, options.alerting, options.alertIntervalMs, profiling.profiler, windows, log, metrics, app);
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
  const notifier =
    options.alertNotifications &&
    (await startNotifications(ctx, options.alertNotifications, {
      log: { warn: (message) => app.log.warn(message) },
      dashboardUrl: address,
    }));
  // Served by this process at once; other servers pick the new revision up on their refresh.
  const rollbackSink = createRollbackSink(ctx, {
    serving: host,
    onOutcome: (outcome) => {
      const entry = rollbackTimelineEntry(outcome);
      app.log[outcome.outcome === 'rolled_back' ? 'warn' : 'info']({ rollback: entry.details }, entry.summary);
    },
  });
  let stopping: Promise<void> | undefined;
  return {
    app,
    alertSinks: [rollbackSink],
    url: address,
    newAdminToken,
    ctx,
    ...(notifier ? { notifier } : {}),
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        await alerts?.stop();
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
        notifier?.stop();
        if (notifier) await Promise.race([notifier.settled(), new Promise((done) => setTimeout(done, 2000).unref())]);
        await ctx.close();
      })()),
  };
}

/**
 * The alert service of a server: signals read from the store and this server's live windows, the log's
 * backlog from its journal (SQLite files) or its queue, transitions to the sinks, states to /metrics.
 */
function startServerAlerts(
  ctx: AppContext,
  alerting: ServerAlerting,
  intervalMs: number | undefined,
  profiler: WindowProfiler,
  violations: ViolationWindows,
  log: { readonly queued: number },
  metrics: ServerMetrics,
  app: FastifyInstance,
): AlertService {
  const pending = ctx.store.pendingJournalGroups;
  const sources: SignalSources = {
    store: ctx.store,
    clock: ctx.clock,
    baseWindowMs: profiler.windowMs,
    liveWindows: (deployment) => profiler.liveWindows(deployment),
    // Acknowledged predictions of the deployment not yet in the table: the journal's groups where there
    // is one (a SQLite file, every writer), else what this server's log has yet to commit (all deployments).
    logBacklog: pending
      ? async (deployment) => (await pending(deployment)).reduce((n, group) => n + group.predictions, 0)
      : async () => log.queued,
    sloSignal: alerting.sloSignal,
  };
  return startAlertService({
    store: ctx.store,
    alerts: alerting.alerts,
    step: alerting.step,
    read: async (query, signals) => {
      // This server's contract violations are written every 5 s; a window that just closed must hold them all.
      await violations
        .flush()
        .catch((error: unknown) => app.log.warn({ err: error }, 'writing contract violation counts failed; kept for the next try'));
      return readSignals(sources, query, signals);
    },
    clock: ctx.clock,
    holder: `${hostname()}:${process.pid}:${ctx.newId()}`,
    intervalMs: intervalMs ?? DEFAULT_ALERT_INTERVAL_MS,
    sinks: alerting.sinks ?? [],
    afterEvaluation: alerting.afterEvaluation,
    onTick: alertGauges(metrics),
    onError: (error, what) => app.log.error({ err: error }, what),
  });
}
