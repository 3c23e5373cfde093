import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { NamedSink, StepAlertState } from '../app/alerts/alert-evaluator.ts';
import { createRollbackSink } from '../app/alerts/alert-rollback.ts';
import { startAlertService, type AlertService, type AlertServiceOptions, type AlertStatePort } from '../app/alerts/alert-service.ts';
import { startNotifications, type AlertNotificationSource } from '../app/alerts/notify/notifications-service.ts';
import type { Notifier } from '../app/alerts/notify/notifier.ts';
import { rollbackTimelineEntry } from '../app/alerts/rollback-timeline-entry.ts';
import { readSignals, type SignalSources } from '../app/alerts/signal-reader.ts';
import type { AppContext } from '../app/context.ts';
import { createIncidentSink } from '../app/incidents/incident-sink.ts';
import { listUnacknowledged, recordIncidentEvent } from '../app/incidents/incidents.ts';
import type { WindowProfiler } from '../app/monitoring/window-profiler.ts';
import { pageSender } from '../app/oncall/page-delivery.ts';
import { reviewOverdueDays } from '../app/governance/periodic-reviews.ts';
import { escalateUnacknowledged } from '../app/oncall/paging.ts';
import type { ServingHost } from '../app/serving/serving-host.ts';
import type { ViolationWindows } from '../app/serving/violation-windows.ts';
import { sloSignal } from '../app/slo/slo-signal.ts';
import { sloSources } from '../app/slo/slo-sources.ts';
import { stepAlertState } from '../core/alerts/alert-state-machine.ts';
import type { AlertTransitionSink } from '../core/alerts/alert-rule.ts';
import type { Repositories } from '../store/store.ts';
import { alertGauges } from './alert-gauges.ts';
import type { ServerMetrics } from './metrics.ts';

/**
 * What alert evaluation is wired to. Every field has the product's default (the store's rules and
 * states, the state machine, the sinks below, SLO signals, on-call escalation); tests replace one.
 */
export interface ServerAlerting {
  /** The alerts repository of the store or of a transaction (`(r) => r.alerts`). */
  readonly alerts?: (repositories: Repositories) => AlertStatePort;
  readonly step?: StepAlertState;
  /** Called in this order with each tick's transitions; default incidents, rollback, notifications. */
  readonly sinks?: readonly NamedSink[];
  /** The `slo.*` signals. */
  readonly sloSignal?: SignalSources['sloSignal'];
  /** Once per interval on the evaluating server, after the sinks; default on-call escalation. */
  readonly afterEvaluation?: AlertServiceOptions['afterEvaluation'];
  /** Receivers, group_wait and firing rules for the notifier; default the applied rules file. */
  readonly notifications?: AlertNotificationSource;
}

export interface ServerAlertingDeps {
  readonly ctx: AppContext;
  readonly host: ServingHost;
  readonly profiler: WindowProfiler;
  readonly violations: ViolationWindows;
  readonly log: { readonly queued: number };
  readonly metrics: ServerMetrics;
  readonly logger: FastifyBaseLogger;
  /** The server's address, for links in notifications and pages. */
  readonly url: string;
  readonly intervalMs: number;
}

export interface RunningAlerting {
  /** The sinks in the order the evaluator calls them: incidents, automated rollback, notifications. */
  readonly sinks: readonly AlertTransitionSink[];
  readonly notifier: Notifier;
  readonly service: AlertService;
  /** Stops evaluating (first, before serving stops) and gives the lease up. */
  stopEvaluating(): Promise<void>;
  /** Lets deliveries under way finish for a moment; groups still waiting go out at the next start. */
  stopNotifying(): Promise<void>;
}

/** The store's rules file, as the notifier reads it. */
function storedNotificationSource(ctx: AppContext): AlertNotificationSource {
  return {
    receivers: () => ctx.store.alerts.listReceivers(),
    groupWaitMs: async () => (await ctx.store.alerts.notificationSettings()).groupWaitMs,
    firingRules: async () => {
      const firing = new Set((await ctx.store.alerts.listStates()).filter((s) => s.state === 'firing').map((s) => s.rule));
      return (await ctx.store.alerts.listRules()).filter((rule) => firing.has(rule.name));
    },
  };
}

/**
 * A server's alerting: the notifier (resuming what the last run left unsent), the sinks — an incident
 * first, so a rollback's outcome lands on its timeline, then the rollback through this server's serving
 * host, then notifications — and the evaluator ticking every interval, with on-call escalation after
 * each tick. Other servers pick a rollback's revision up on their refresh.
 */
export async function startServerAlerting(deps: ServerAlertingDeps, overrides: ServerAlerting = {}): Promise<RunningAlerting> {
  const { ctx, logger } = deps;
  const notifier = await startNotifications(ctx, overrides.notifications ?? storedNotificationSource(ctx), {
    log: { warn: (message) => logger.warn(message) },
    dashboardUrl: deps.url,
  });
  const incidents = createIncidentSink(ctx, { ruleState: (rule) => ctx.store.alerts.getState(rule) });
  const rollback = createRollbackSink(ctx, {
    serving: deps.host,
    onOutcome: async (outcome) => {
      const entry = rollbackTimelineEntry(outcome);
      logger[outcome.outcome === 'rolled_back' ? 'warn' : 'info']({ rollback: entry.details }, entry.summary);
      await recordIncidentEvent(ctx, outcome.deployment, { ...entry, actor: `alert:${outcome.rule}` });
    },
  });
  const sinks: NamedSink[] = [
    { name: 'incidents', sink: incidents },
    { name: 'rollback', sink: rollback },
    { name: 'notifications', sink: notifier.sink },
  ];
  const send = pageSender(() => ctx.store.alerts.listReceivers(), { dashboardUrl: deps.url });
  const escalate = async () => {
    const outcomes = await escalateUnacknowledged(ctx, {
      send,
      listUnacknowledged: () => listUnacknowledged(ctx),
      recordIncidentEvent: async (incident, event) => void (await recordIncidentEvent(ctx, incident.deployment, event)),
    });
    for (const page of outcomes)
      logger[page.status === 'sent' ? 'info' : 'warn']({ page }, `on-call page of incident ${page.incidentId}: ${page.status}`);
  };
  const slos = sloSources(ctx.store, { clock: ctx.clock, baseWindowMs: deps.profiler.windowMs, keep: true });
  const service = startEvaluator(deps, {
    alerts: overrides.alerts ?? ((r) => r.alerts),
    step: overrides.step ?? stepAlertState,
    sinks: overrides.sinks ?? sinks,
    sloSignal: overrides.sloSignal ?? ((deployment, signal, now) => sloSignal(slos, deployment, signal, now)),
    afterEvaluation: overrides.afterEvaluation ?? escalate,
  });
  return {
    sinks: sinks.map((s) => s.sink),
    notifier,
    service,
    stopEvaluating: () => service.stop(),
    async stopNotifying() {
      notifier.stop();
      await Promise.race([notifier.settled(), new Promise((done) => setTimeout(done, 2000).unref())]);
    },
  };
}

/**
 * The evaluator: signals read from the store and this server's live windows, the log's backlog from its
 * journal (SQLite files) or its queue, transitions to the sinks, states to /metrics.
 */
function startEvaluator(deps: ServerAlertingDeps, wiring: Required<Omit<ServerAlerting, 'notifications'>>): AlertService {
  const { ctx, logger, violations } = deps;
  const pending = ctx.store.pendingJournalGroups;
  const sources: SignalSources = {
    store: ctx.store,
    clock: ctx.clock,
    baseWindowMs: deps.profiler.windowMs,
    liveWindows: (deployment) => deps.profiler.liveWindows(deployment),
    // Acknowledged predictions of the deployment not yet in the table: the journal's groups where there
    // is one (a SQLite file, every writer), else what this server's log has yet to commit (all deployments).
    logBacklog: pending
      ? async (deployment) => (await pending(deployment)).reduce((n, group) => n + group.predictions, 0)
      : async () => deps.log.queued,
    reviewQueueSize: async (deployment) => (await ctx.store.reviews.pendingCounts(deployment)).get(deployment) ?? 0,
    reviewOverdueDays: (versionId, now) => reviewOverdueDays(ctx.store, versionId, now),
    sloSignal: wiring.sloSignal,
  };
  return startAlertService({
    store: ctx.store,
    alerts: wiring.alerts,
    step: wiring.step,
    read: async (query, signals) => {
      // This server's contract violations are written every 5 s; a window that just closed must hold them all.
      await violations
        .flush()
        .catch((error: unknown) => logger.warn({ err: error }, 'writing contract violation counts failed; kept for the next try'));
      return readSignals(sources, query, signals);
    },
    clock: ctx.clock,
    holder: `${hostname()}:${process.pid}:${ctx.newId()}`,
    intervalMs: deps.intervalMs,
    sinks: wiring.sinks,
    afterEvaluation: wiring.afterEvaluation,
    onTick: alertGauges(deps.metrics),
    onError: (error, what) => logger.error({ err: error }, what),
  });
}
