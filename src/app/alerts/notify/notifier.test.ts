import { afterAll, describe, expect, it } from 'vitest';
import { alertRule, alertTransition, valueReadingAt } from '../../../core/alerts/testing/alert-builders.ts';
import type { AlertNotification } from '../../../core/alerts/alert-notification.ts';
import type { AlertReceiver, AlertRule, AlertState, AlertTransition } from '../../../core/alerts/alert-rule.ts';
import type { Store } from '../../../store/store.ts';
import { storeFactories } from '../../../store/testing/test-stores.ts';
import { createNotifier, type NotifierDeps } from './notifier.ts';

const rule = (name: string, over: Partial<AlertRule> = {}): AlertRule => alertRule({ name, notify: ['team', 'am'], ...over });

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second)).toISOString();
const move = (r: AlertRule, from: AlertState, to: AlertState, second: number): AlertTransition =>
  alertTransition(r, { from, to, at: at(second), reading: valueReadingAt(0.5, at(second), { version: 1 }) });

const receivers: AlertReceiver[] = [
  { name: 'team', kind: 'webhook', url: 'https://hooks.example.com/a', allowPrivate: false },
  { name: 'am', kind: 'alertmanager', url: 'https://am.example.com', allowPrivate: false },
];

/** A notifier on a real store with a hand-driven timer, a scripted transport and a recording log. */
function harness(store: Store, over: Partial<NotifierDeps> & { statuses?: number[]; firing?: AlertRule[] } = {}) {
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const sent: { receiver: string; notification: AlertNotification }[] = [];
  const warnings: string[] = [];
  const statuses = over.statuses ?? [];
  const notifier = createNotifier({
    receivers: async () => receivers,
    groupWaitMs: 10_000,
    store,
    clock: () => new Date(Date.UTC(2026, 10, 25, 12, 1, 0)),
    firingRules: async () => over.firing ?? [],
    log: { warn: (message) => warnings.push(message) },
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    delivery: {
      resolve: async () => ['93.184.216.34'],
      sleep: async () => {},
      maxAttempts: 3,
      post: async ({ target, body }) => {
        const receiver = receivers.find((r) => target.url.href.startsWith(r.url))!.name;
        const status = statuses.shift() ?? 200;
        if (status === 200) sent.push({ receiver, notification: JSON.parse(body) as AlertNotification });
        return { status };
      },
    },
    ...over,
  });
  const fire = async () => {
    for (const timer of timers.splice(0)) if (!timer.cancelled) timer.run();
    await notifier.settled();
  };
  return { notifier, timers, sent, warnings, fire };
}

const rulesOf = (sent: { notification: AlertNotification }[]) =>
  sent.map((s) => {
    const body = s.notification as unknown as { alerts?: { rule: string; state: string }[] } & { length?: number };
    const alerts = Array.isArray(body) ? [] : (body.alerts ?? []);
    return alerts.map((a) => `${a.rule}:${a.state}`).join(',');
  });

for (const factory of storeFactories()) {
  describe(`createNotifier on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('groups a deployment over group_wait into one notification per receiver, and returns before sending', async () => {
      const store = await factory.create();
      const h = harness(store);
      const a = rule('inputs-drifted');
      const b = rule('slow', { signal: 'latency.p99', notify: ['team'] });
      await h.notifier.sink([move(a, 'inactive', 'pending', 1), move(b, 'pending', 'firing', 1)]);
      await h.notifier.sink([move(a, 'pending', 'firing', 3)]);
      // Nothing is sent until group_wait has passed; one timer waits for the deployment.
      expect(h.sent).toEqual([]);
      expect(h.timers.map((t) => t.ms)).toEqual([10_000]);
      await h.fire();
      const team = h.sent.filter((s) => s.receiver === 'team');
      expect(team).toHaveLength(1);
      expect(rulesOf(team)).toEqual(['slow:firing,inputs-drifted:firing']);
      const am = h.sent.filter((s) => s.receiver === 'am');
      expect(am).toHaveLength(1);
      expect((am[0]!.notification as unknown as { labels: { alertname: string } }[]).map((x) => x.labels.alertname)).toEqual([
        'inputs-drifted',
      ]);
      await store.close();
    });

    it('sends an event once: handed over again, or after a restart', async () => {
      const store = await factory.create();
      const first = harness(store);
      const t = move(rule('inputs-drifted', { notify: ['team'] }), 'pending', 'firing', 5);
      await first.notifier.sink([t]);
      await first.notifier.sink([t]);
      await first.fire();
      expect(first.sent).toHaveLength(1);

      const restarted = harness(store);
      await restarted.notifier.sink([t]);
      await restarted.notifier.resume();
      await restarted.fire();
      expect(restarted.sent).toEqual([]);
      await store.close();
    });

    it('sends on the next start what a stopped process logged but had not sent, under the same idempotency key', async () => {
      const store = await factory.create();
      const stopped = harness(store);
      await stopped.notifier.sink([move(rule('inputs-drifted', { notify: ['team'] }), 'pending', 'firing', 5)]);
      stopped.notifier.stop();
      await stopped.fire();
      expect(stopped.sent).toEqual([]);

      const next = harness(store);
      await next.notifier.resume();
      await next.fire();
      expect(rulesOf(next.sent)).toEqual(['inputs-drifted:firing']);
      const key = (next.sent[0]!.notification as unknown as { idempotency_key: string }).idempotency_key;
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      await store.close();
    });

    it('mutes a silenced rule, and its resolve too, since the receiver never heard it fire', async () => {
      const store = await factory.create();
      await store.alertSilences.insert({
        id: 's1',
        rule: 'inputs-drifted',
        reason: 'retraining',
        createdBy: 'ana',
        startsAt: at(0),
        endsAt: at(3600),
      });
      const h = harness(store);
      const r = rule('inputs-drifted', { notify: ['team'] });
      await h.notifier.sink([move(r, 'pending', 'firing', 5), move(rule('other', { notify: ['team'] }), 'pending', 'firing', 5)]);
      await h.fire();
      expect(rulesOf(h.sent)).toEqual(['other:firing']);
      await h.notifier.sink([move(r, 'firing', 'inactive', 20)]);
      await h.fire();
      expect(h.sent).toHaveLength(1);
      const [silenced] = await store.alertNotifications.byKeys([`team|inputs-drifted|firing|${at(5)}`]);
      expect(silenced!.outcome).toBe('silenced');
      await store.close();
    });

    it('tells a receiver the rule resolved, with when it began firing', async () => {
      const store = await factory.create();
      const h = harness(store);
      const r = rule('inputs-drifted', { notify: ['team'] });
      await h.notifier.sink([move(r, 'pending', 'firing', 5)]);
      await h.fire();
      await h.notifier.sink([move(r, 'firing', 'inactive', 40)]);
      await h.fire();
      const resolved = (h.sent[1]!.notification as unknown as { alerts: { state: string; starts_at: string; ends_at: string }[] })
        .alerts[0];
      expect(resolved).toMatchObject({ state: 'resolved', starts_at: at(5), ends_at: at(40) });
      await store.close();
    });

    it('inhibits ticket rules of a deployment while one of its page rules fires', async () => {
      const store = await factory.create();
      const page = rule('inputs-drifted', { severity: 'page', notify: ['team'] });
      const h = harness(store, { firing: [page] });
      const ticket = rule('slow', { severity: 'ticket', notify: ['team'] });
      const elsewhere = rule('slow-fraud', { severity: 'ticket', deployment: 'fraud', notify: ['team'] });
      await h.notifier.sink([
        move(page, 'pending', 'firing', 5),
        move(ticket, 'pending', 'firing', 5),
        move(elsewhere, 'pending', 'firing', 5),
      ]);
      await h.fire();
      expect(rulesOf(h.sent).sort()).toEqual(['inputs-drifted:firing', 'slow-fraud:firing']);
      const [inhibited] = await store.alertNotifications.byKeys([`team|slow|firing|${at(5)}`]);
      expect(inhibited!.outcome).toBe('inhibited');
      await store.close();
    });

    it('logs and records a notification lost after its attempts, and never throws to the evaluator', async () => {
      const store = await factory.create();
      const h = harness(store, { statuses: [500, 500, 500] });
      await expect(h.notifier.sink([move(rule('inputs-drifted', { notify: ['team'] }), 'pending', 'firing', 5)])).resolves.toBeUndefined();
      await h.fire();
      expect(h.sent).toEqual([]);
      expect(h.warnings).toEqual([expect.stringMatching(/^notification [0-9a-f]{32} to team lost after 3 attempt\(s\): HTTP 500/)]);
      const [lost] = await store.alertNotifications.byKeys([`team|inputs-drifted|firing|${at(5)}`]);
      expect(lost).toMatchObject({ outcome: 'failed', attempts: 3, error: 'HTTP 500: the receiver refused the notification' });

      // A broken store is reported, not thrown.
      const broken = harness({
        ...store,
        alertNotifications: { ...store.alertNotifications, insertNew: async () => Promise.reject(new Error('disk full')) },
      } as unknown as Store);
      await expect(broken.notifier.sink([move(rule('x', { notify: ['team'] }), 'pending', 'firing', 6)])).resolves.toBeUndefined();
      expect(broken.warnings).toEqual(['alert notifications not recorded: disk full']);
      await store.close();
    });

    it('sends to one receiver one notification at a time, in order, so a resolve never overtakes its firing', async () => {
      const store = await factory.create();
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((done) => (release = done));
      const notifier = createNotifier({
        receivers: async () => receivers,
        groupWaitMs: 0,
        store,
        clock: () => new Date(Date.UTC(2026, 10, 25, 12, 1, 0)),
        firingRules: async () => [],
        log: { warn: () => {} },
        delivery: {
          resolve: async () => ['93.184.216.34'],
          post: async ({ body }) => {
            const state = (JSON.parse(body) as { alerts: { state: string }[] }).alerts[0]!.state;
            order.push(`start ${state}`);
            if (state === 'firing') await gate;
            order.push(`end ${state}`);
            return { status: 200 };
          },
        },
      });
      const r = rule('inputs-drifted', { notify: ['team'] });
      await notifier.sink([move(r, 'pending', 'firing', 5)]);
      await new Promise((done) => setTimeout(done, 30));
      await notifier.sink([move(r, 'firing', 'inactive', 6)]);
      await new Promise((done) => setTimeout(done, 30));
      release();
      await notifier.settled();
      expect(order).toEqual(['start firing', 'end firing', 'start resolved', 'end resolved']);
      await store.close();
    });

    it('bounds the queue: with every slot busy, what does not fit is dropped and logged', async () => {
      const store = await factory.create();
      let release!: () => void;
      const gate = new Promise<void>((done) => (release = done));
      const h = harness(store, { maxQueued: 1, concurrency: 1 });
      const slow = createNotifier({
        receivers: async () => receivers,
        groupWaitMs: 0,
        store,
        clock: () => new Date(Date.UTC(2026, 10, 25, 12, 1, 0)),
        firingRules: async () => [],
        log: { warn: (m) => h.warnings.push(m) },
        maxQueued: 1,
        concurrency: 1,
        delivery: {
          resolve: async () => ['93.184.216.34'],
          post: async () => {
            await gate;
            return { status: 200 };
          },
        },
      });
      // Three deployments, three notifications: one is being sent, one waits, the third does not fit.
      for (const [i, deployment] of ['a', 'b', 'c'].entries()) {
        await slow.sink([move(rule(`r${i}`, { deployment, notify: ['team'] }), 'pending', 'firing', 5)]);
        await new Promise((done) => setTimeout(done, 20));
      }
      expect(h.warnings).toEqual([expect.stringMatching(/to team dropped: 1 notifications are already waiting/)]);
      release();
      await slow.settled();
      const outcomes = await store.alertNotifications.byKeys(['a', 'b', 'c'].map((_, i) => `team|r${i}|firing|${at(5)}`));
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['failed', 'sent', 'sent']);
      await store.close();
    });
  });
}
