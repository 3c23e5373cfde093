import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { createIncidentSink } from './incident-sink.ts';
import { listUnacknowledged, openIncidentFor, showIncident } from './incidents.ts';
import { pageRule, transition } from './testing/alert-transitions.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('the incident sink', () => {
  it('opens one incident for a firing page rule, joins it with the next, and records the readings and resolutions', async () => {
    const ctx = await testContext(factory);
    try {
      const sink = createIncidentSink(ctx);
      const drift = pageRule();
      const latency = pageRule({ name: 'slow', signal: 'latency.p99', above: 50, description: 'p99 latency over 50 ms' });
      await sink([transition(drift, 'inactive', 'pending', '2026-11-25T10:00:00.000Z', 0.4)]);
      expect(await openIncidentFor(ctx, 'credit')).toBeUndefined();
      await sink([
        transition(drift, 'pending', 'firing', '2026-11-25T10:00:30.000Z', 0.5),
        transition(latency, 'inactive', 'firing', '2026-11-25T10:00:30.000Z', 80),
      ]);
      const incident = (await openIncidentFor(ctx, 'credit'))!;
      expect(incident).toMatchObject({
        status: 'open',
        severity: 'page',
        rules: ['inputs-drifted', 'slow'],
        openedAt: '2026-11-25T10:00:30.000Z',
      });
      expect(incident.title).toBe('inputs-drifted: drift.share above 0.3');
      expect((await listUnacknowledged(ctx)).map((i) => i.id)).toEqual([incident.id]);

      await sink([transition(drift, 'firing', 'inactive', '2026-11-25T10:02:00.000Z', 0.1)]);
      const { timeline } = await showIncident(ctx, incident.id);
      expect(timeline.map((e) => [e.kind, e.summary])).toEqual([
        ['alert_firing', 'inputs-drifted firing: drift.share = 0.5, above 0.3'],
        ['alert_firing', 'slow firing: latency.p99 = 80, above 50'],
        ['alert_resolved', 'inputs-drifted resolved: drift.share = 0.1'],
      ]);
      // The snapshot: the value, its window, the version that served it, and when the condition began to hold.
      expect(timeline[0]!.details).toMatchObject({
        value: 0.5,
        threshold: 0.3,
        rows: 120,
        window_start: '2026-11-25T10:00:20.000Z',
        window_end: '2026-11-25T10:00:30.000Z',
        model: { name: 'credit', version: 2 },
        active_since: '2026-11-25T10:00:00.000Z',
      });
      // A rule that fired with `for: 0` went straight from inactive: its condition began at the firing.
      expect(timeline[1]!.details.active_since).toBe('2026-11-25T10:00:30.000Z');
      const audit = await ctx.store.audit.list();
      expect(audit.filter((a) => a.objectType === 'incident').map((a) => [a.action, a.actor])).toEqual([
        ['incident.open', 'alert:inputs-drifted'],
      ]);
    } finally {
      await ctx.close();
    }
  });

  it('takes when the condition began from the stored rule state, and opens nothing for ticket rules alone', async () => {
    const ctx = await testContext(factory);
    try {
      const ticket = pageRule({ name: 'ticket-rule', severity: 'ticket' });
      const sink = createIncidentSink(ctx, {
        ruleState: async (rule) => ({
          rule,
          state: 'firing',
          since: '2026-11-25T10:00:30.000Z',
          activeSince: '2026-11-25T09:59:00.000Z',
          lastActiveAt: '2026-11-25T10:00:30.000Z',
          value: 0.5,
          noData: false,
          evaluatedAt: '2026-11-25T10:00:30.000Z',
          model: null,
        }),
      });
      await sink([transition(ticket, 'pending', 'firing', '2026-11-25T10:00:30.000Z', 0.5)]);
      expect(await openIncidentFor(ctx, 'credit')).toBeUndefined();
      await sink([transition(pageRule(), 'pending', 'firing', '2026-11-25T10:00:40.000Z', 0.5)]);
      const incident = (await openIncidentFor(ctx, 'credit'))!;
      await sink([transition(ticket, 'firing', 'inactive', '2026-11-25T10:01:00.000Z', 0.1)]);
      await sink([transition(ticket, 'inactive', 'firing', '2026-11-25T10:02:00.000Z', 0.6)]);
      const { timeline, incident: after } = await showIncident(ctx, incident.id);
      expect(timeline[0]!.details.active_since).toBe('2026-11-25T09:59:00.000Z');
      // The ticket rule was not part of the incident when it resolved; its next firing joins it.
      expect(timeline.map((e) => `${e.kind} ${String(e.details.rule)}`)).toEqual([
        'alert_firing inputs-drifted',
        'alert_firing ticket-rule',
      ]);
      expect(after.rules).toEqual(['inputs-drifted', 'ticket-rule']);
    } finally {
      await ctx.close();
    }
  });

  it('reports a failing transition after recording the others', async () => {
    const ctx = await testContext(factory);
    try {
      const sink = createIncidentSink(ctx, {
        ruleState: async (rule) => {
          if (rule === 'broken') throw new Error('state store down');
          return undefined;
        },
      });
      await expect(
        sink([
          transition(pageRule({ name: 'broken', deployment: 'other' }), 'pending', 'firing', '2026-11-25T10:00:00.000Z', 1),
          transition(pageRule(), 'pending', 'firing', '2026-11-25T10:00:00.000Z', 1),
        ]),
      ).rejects.toThrow('incidents: broken: state store down');
      expect(await openIncidentFor(ctx, 'credit')).toBeDefined();
      expect(await openIncidentFor(ctx, 'other')).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});
