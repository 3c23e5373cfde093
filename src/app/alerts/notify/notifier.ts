import { createHash } from 'node:crypto';
import { notificationLinks, notifiedAlertOf, type AlertNotification } from '../../../core/alerts/alert-notification.ts';
import type { AlertReceiver, AlertRule, AlertTransition, AlertTransitionSink } from '../../../core/alerts/alert-rule.ts';
import type { NotificationEntry, NotificationOutcome } from '../../../store/alert-notification-repository.ts';
import type { Repositories } from '../../../store/store.ts';
import { deliver, type DeliveryOptions, type DeliveryResult } from './deliver.ts';

export interface NotifierLog {
  warn(message: string): void;
}

export interface NotifierDeps {
  /** The receivers as configured now (part A's store); looked up when a group is sent. */
  readonly receivers: () => Promise<readonly AlertReceiver[]>;
  /** How long a deployment's first event waits for others to join its notification (read when a group opens). */
  readonly groupWaitMs: number | (() => Promise<number>);
  readonly store: Pick<Repositories, 'alertNotifications' | 'alertSilences'>;
  readonly clock: () => Date;
  /** The rules firing now, after the evaluation that produced the transitions (inhibition reads it). */
  readonly firingRules: () => Promise<readonly AlertRule[]>;
  readonly log: NotifierLog;
  /** Transport, retries, timeouts (deliver's options). */
  readonly delivery?: DeliveryOptions;
  /** The dashboard's public URL, for links in notifications. */
  readonly dashboardUrl?: string;
  /** Notifications waiting to be sent at most (default 1000); beyond it the newest are dropped and logged. */
  readonly maxQueued?: number;
  /** Deliveries running at once, each to a different receiver (default 4). */
  readonly concurrency?: number;
  /** setTimeout by default; tests pass a fake. Returns a function that cancels. */
  readonly schedule?: (run: () => void, ms: number) => () => void;
  /** Called after each delivery (tests, metrics). */
  readonly onDelivered?: (receiver: string, notification: AlertNotification, result: DeliveryResult) => void;
}

export interface Notifier {
  readonly sink: AlertTransitionSink;
  /** Sends what a previous process logged but did not send (call once at start). */
  resume(): Promise<void>;
  /** Resolves once nothing is waiting, scheduled or being delivered. */
  settled(): Promise<void>;
  /** Cancels waiting groups (their events stay pending in the log for the next start). */
  stop(): void;
}

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};

const eventKey = (receiver: string, rule: string, state: string, at: string) => `${receiver}|${rule}|${state}|${at}`;

/**
 * The notifications sink. A transition to or from firing becomes one logged event per receiver of its
 * rule (the log's key makes a repeated event a no-op: dedup across restarts). A deployment's events
 * wait `group_wait` so a burst goes out as one notification per receiver; then silences and
 * inhibition (a firing `page` rule mutes the `ticket` rules of its deployment) are applied, and the
 * rest is queued for delivery. The sink only writes the log and returns: sending, with its retries,
 * happens in the background, bounded in attempts, queue length and concurrency, and a notification
 * lost after its attempts is logged and recorded, never thrown.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const schedule = deps.schedule ?? defaultSchedule;
  const maxQueued = deps.maxQueued ?? 1000;
  const concurrency = deps.concurrency ?? 4;
  const waiting = new Map<string, { keys: string[]; cancel: () => void; done: () => void }>();
  const queue: { receiver: AlertReceiver; notification: AlertNotification; keys: string[] }[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let active = 0;
  let stopped = false;

  const now = () => deps.clock().toISOString();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  };
  const report = (what: string, error: unknown) => deps.log.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);

  const groupWait = async () => (typeof deps.groupWaitMs === 'number' ? deps.groupWaitMs : deps.groupWaitMs());

  function group(deployment: string, keys: readonly string[], waitMs: number): void {
    if (stopped || keys.length === 0) return;
    const open = waiting.get(deployment);
    if (open) {
      open.keys.push(...keys);
      return;
    }
    let done!: () => void;
    track(new Promise<void>((resolve) => (done = resolve)));
    const entry = {
      keys: [...keys],
      done,
      cancel: schedule(() => {
        waiting.delete(deployment);
        void track(flush(deployment, entry.keys).catch((error) => report(`notifications of ${deployment} not sent`, error))).finally(done);
      }, waitMs),
    };
    waiting.set(deployment, entry);
  }

  async function flush(deployment: string, keys: readonly string[]): Promise<void> {
    const entries = (await deps.store.alertNotifications.byKeys(keys)).filter((e) => e.outcome === 'pending');
    if (entries.length === 0) return;
    const at = now();
    const silenced = await deps.store.alertSilences.silencedRules(
      entries.map((e) => e.rule),
      at,
    );
    const pageFiring = (await deps.firingRules()).some((r) => r.deployment === deployment && r.severity === 'page');
    const outcomes = new Map<NotificationOutcome, string[]>();
    const muted = new Set<string>();
    const mark = (outcome: NotificationOutcome, key: string) => {
      muted.add(key);
      outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), key]);
    };
    const toSend: NotificationEntry[] = [];
    for (const e of entries) {
      if (e.state === 'firing' && silenced.has(e.rule)) mark('silenced', e.key);
      else if (e.state === 'firing' && e.alert.severity === 'ticket' && pageFiring) mark('inhibited', e.key);
      else if (e.state === 'resolved' && !(await firingWasTold(e, muted))) mark('skipped', e.key);
      else toSend.push(e);
    }
    for (const [outcome, outcomeKeys] of outcomes) await deps.store.alertNotifications.setOutcome(outcomeKeys, { outcome, updatedAt: at });

    const receivers = new Map((await deps.receivers()).map((r) => [r.name, r]));
    const byReceiver = new Map<string, NotificationEntry[]>();
    for (const e of toSend) byReceiver.set(e.receiver, [...(byReceiver.get(e.receiver) ?? []), e]);
    for (const [name, group] of byReceiver) {
      const keysOf = group.map((e) => e.key);
      const receiver = receivers.get(name);
      if (receiver === undefined) {
        deps.log.warn(`notification for ${deployment} not sent: no receiver is named "${name}" any more`);
        await deps.store.alertNotifications.setOutcome(keysOf, { outcome: 'failed', error: `no receiver named "${name}"`, updatedAt: at });
        continue;
      }
      const idempotencyKey = createHash('sha256')
        .update([name, ...[...keysOf].sort()].join('\n'))
        .digest('hex')
        .slice(0, 32);
      const notification: AlertNotification = {
        idempotencyKey,
        deployment,
        alerts: group.map((e) => e.alert),
        links: notificationLinks(deps.dashboardUrl, deployment),
      };
      if (queue.length >= maxQueued) {
        deps.log.warn(`notification ${idempotencyKey} to ${name} dropped: ${maxQueued} notifications are already waiting`);
        await deps.store.alertNotifications.setOutcome(keysOf, {
          outcome: 'failed',
          idempotencyKey,
          error: 'delivery queue full',
          updatedAt: at,
        });
        continue;
      }
      queue.push({ receiver, notification, keys: keysOf });
    }
    pump();
  }

  // A resolve means something only to a receiver that was told (or is being told) the rule fired.
  async function firingWasTold(resolved: NotificationEntry, mutedNow: ReadonlySet<string>): Promise<boolean> {
    const firing = await deps.store.alertNotifications.lastFiring(resolved.receiver, resolved.rule, resolved.at);
    return firing !== undefined && !mutedNow.has(firing.key) && (firing.outcome === 'sent' || firing.outcome === 'pending');
  }

  // One delivery per receiver at a time, in queue order: a resolve never overtakes its firing.
  const busy = new Set<string>();

  function pump(): void {
    for (let i = 0; active < concurrency && i < queue.length;) {
      const job = queue[i]!;
      if (busy.has(job.receiver.name)) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      busy.add(job.receiver.name);
      active++;
      void track(
        (async () => {
          const result = await deliver(job.receiver, job.notification, deps.delivery);
          const at = now();
          if (!result.ok) {
            deps.log.warn(
              `notification ${job.notification.idempotencyKey} to ${job.receiver.name} lost after ${result.attempts} attempt(s): ${result.error ?? 'failed'}`,
            );
          }
          await deps.store.alertNotifications.setOutcome(job.keys, {
            outcome: result.ok ? 'sent' : 'failed',
            idempotencyKey: job.notification.idempotencyKey,
            attempts: result.attempts,
            error: result.ok ? null : (result.error ?? 'failed'),
            updatedAt: at,
          });
          deps.onDelivered?.(job.receiver.name, job.notification, result);
        })()
          .catch((error) => report(`notification to ${job.receiver.name} not recorded`, error))
          .finally(() => {
            active--;
            busy.delete(job.receiver.name);
            pump();
          }),
      );
    }
  }

  async function record(transitions: readonly AlertTransition[]): Promise<void> {
    const at = now();
    const entries: NotificationEntry[] = [];
    for (const t of transitions) {
      const receivers = t.rule.notify;
      if (receivers.length === 0) continue;
      const firedAt =
        t.from === 'firing' ? (await deps.store.alertNotifications.lastFiring(receivers[0]!, t.rule.name, t.at))?.at : undefined;
      const alert = notifiedAlertOf(t, firedAt);
      if (alert === undefined) continue;
      for (const receiver of receivers) {
        entries.push({
          key: eventKey(receiver, alert.rule, alert.state, t.at),
          receiver,
          deployment: alert.deployment,
          rule: alert.rule,
          state: alert.state,
          at: t.at,
          alert,
          outcome: 'pending',
          idempotencyKey: null,
          attempts: 0,
          error: null,
          updatedAt: at,
        });
      }
    }
    const fresh = new Set(await deps.store.alertNotifications.insertNew(entries));
    const byDeployment = new Map<string, string[]>();
    for (const e of entries) if (fresh.has(e.key)) byDeployment.set(e.deployment, [...(byDeployment.get(e.deployment) ?? []), e.key]);
    if (byDeployment.size === 0) return;
    const waitMs = await groupWait();
    for (const [deployment, keys] of byDeployment) group(deployment, keys, waitMs);
  }

  return {
    sink: async (transitions) => {
      try {
        await record(transitions);
      } catch (error) {
        report('alert notifications not recorded', error);
      }
    },
    async resume() {
      const byDeployment = new Map<string, string[]>();
      for (const e of await deps.store.alertNotifications.pending())
        byDeployment.set(e.deployment, [...(byDeployment.get(e.deployment) ?? []), e.key]);
      if (byDeployment.size === 0) return;
      const waitMs = await groupWait();
      for (const [deployment, keys] of byDeployment) group(deployment, keys, waitMs);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop() {
      stopped = true;
      for (const [, entry] of waiting) {
        entry.cancel();
        entry.done();
      }
      waiting.clear();
    },
  };
}
