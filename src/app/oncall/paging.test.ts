import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import type { AppContext } from '../context.ts';
import { applyOncallSchedules } from './oncall-schedules.ts';
import { storeReceivers } from './testing/stored-receivers.ts';
import {
  escalateUnacknowledged,
  pageOnCall,
  type PageNotification,
  type PagedIncident,
  type PageTimelineEvent,
  type PagingDeps,
} from './paging.ts';

const FILE = `
format: ballast.oncall/v1
schedules:
  - name: ml
    deployments: "*"
    time_zone: UTC
    rotations:
      - { type: daily, handoff: "09:00", start: 2026-11-01, participants: [{ name: ann, receiver: ann-pager }] }
    escalation:
      - { level: 1, to: on_call, ack_timeout: 15m }
      - { level: 2, to: backup, ack_timeout: 30m }
      - { level: 3, to: cem }
  - name: backup
    deployments: []
    time_zone: UTC
    rotations:
      - { type: daily, handoff: "09:00", start: 2026-11-01, participants: [{ name: bob, receiver: bob-pager }, { name: cem, receiver: cem-pager }] }
`;

const MIN = 60_000;
const T0 = Date.parse('2026-11-25T12:00:00Z'); // day 24: bob's turn in backup
const incident: PagedIncident = { id: 'INC1', deployment: 'credit', title: 'drift.share above 0.3', severity: 'page' };

/** A context whose clock the test moves, and paging deps that record what they were asked to do. */
async function setup(factory: StoreFactory, options: { failSendTo?: string; failTimeline?: boolean } = {}) {
  const base = await testContext(factory);
  let now = T0;
  const ctx: AppContext & { close(): Promise<void> } = { ...base, clock: () => new Date(now) };
  await storeReceivers(ctx.store, 'ann-pager', 'bob-pager', 'cem-pager');
  await applyOncallSchedules(ctx, { text: FILE, format: 'yaml', source: 'oncall.yaml' });
  const sent: [string, PageNotification][] = [];
  const timeline: PageTimelineEvent[] = [];
  let unacknowledged: PagedIncident[] = [incident];
  const deps: PagingDeps = {
    send: async (receiver, notification) => {
      if (receiver === options.failSendTo) throw new Error('receiver answered 500 three times');
      sent.push([receiver, notification]);
    },
    recordIncidentEvent: async (i, event) => {
      expect(i).toBe(incident);
      if (options.failTimeline) throw new Error('incident store is down');
      timeline.push(event);
    },
    listUnacknowledged: async () => unacknowledged,
  };
  return {
    ctx,
    deps,
    sent,
    timeline,
    at: (minutes: number) => (now = T0 + minutes * MIN),
    acknowledge: () => (unacknowledged = []),
  };
}

for (const factory of storeFactories()) {
  describe(`paging and escalation on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('pages the on-call when an incident opens, once, and notes it on the timeline', async () => {
      const t = await setup(factory);
      try {
        const outcomes = await pageOnCall(t.ctx, t.deps, incident);
        expect(outcomes).toEqual([
          { incidentId: 'INC1', schedule: 'ml', level: 1, person: 'ann', receiver: 'ann-pager', status: 'sent', reason: null },
        ]);
        expect(t.sent).toEqual([
          [
            'ann-pager',
            {
              kind: 'page',
              incident_id: 'INC1',
              deployment: 'credit',
              title: 'drift.share above 0.3',
              severity: 'page',
              schedule: 'ml',
              level: 1,
              person: 'ann',
              summary: 'drift.share above 0.3 (page) on credit: paging ann, level 1 of ml',
              at: '2026-11-25T12:00:00.000Z',
              idempotency_key: 'page:INC1:ml:1',
            },
          ],
        ]);
        expect(t.timeline).toEqual([
          {
            kind: 'page',
            at: '2026-11-25T12:00:00.000Z',
            summary: 'paged ann via ann-pager, level 1 of ml',
            details: { schedule: 'ml', level: 1, person: 'ann', receiver: 'ann-pager', status: 'sent', reason: null },
          },
        ]);
        // Opening it again (a retried sink) and the tick in the same minute page nobody twice.
        expect(await pageOnCall(t.ctx, t.deps, incident)).toEqual([]);
        expect(await escalateUnacknowledged(t.ctx, t.deps)).toEqual([]);
        expect(t.sent).toHaveLength(1);
        expect((await t.ctx.store.oncall.pagesOf(['INC1'])).map((p) => [p.level, p.status, p.schedulesVersion])).toEqual([[1, 'sent', 1]]);
      } finally {
        await t.ctx.close();
      }
    });

    it('escalates level by level when nobody acknowledges, each after its ack timeout, and stops once acknowledged', async () => {
      const t = await setup(factory);
      try {
        await pageOnCall(t.ctx, t.deps, incident);
        t.at(14);
        expect(await escalateUnacknowledged(t.ctx, t.deps)).toEqual([]);
        t.at(15);
        expect((await escalateUnacknowledged(t.ctx, t.deps)).map((o) => [o.level, o.person, o.status])).toEqual([[2, 'bob', 'sent']]);
        expect(t.timeline.at(-1)).toMatchObject({ kind: 'escalation', summary: 'paged bob via bob-pager, level 2 of ml' });
        // Level 2 waits 30 minutes from its own page.
        t.at(44);
        expect(await escalateUnacknowledged(t.ctx, t.deps)).toEqual([]);
        t.acknowledge();
        t.at(45);
        expect(await escalateUnacknowledged(t.ctx, t.deps)).toEqual([]);
        expect(t.sent.map(([receiver]) => receiver)).toEqual(['ann-pager', 'bob-pager']);
      } finally {
        await t.ctx.close();
      }
    });

    it('pages each level once even when two servers tick at the same moment, and after a restart', async () => {
      const t = await setup(factory);
      try {
        // The incident opened while paging was down: the tick pages level 1 itself.
        const both = await Promise.all([escalateUnacknowledged(t.ctx, t.deps), escalateUnacknowledged(t.ctx, t.deps)]);
        expect(both.flat().map((o) => o.level)).toEqual([1]);
        t.at(15);
        const again = await Promise.all([
          escalateUnacknowledged(t.ctx, t.deps),
          pageOnCall(t.ctx, t.deps, incident),
          escalateUnacknowledged(t.ctx, t.deps),
        ]);
        expect(again.flat().map((o) => o.level)).toEqual([2]);
        // A restarted server reads the pages made before and goes on from there.
        let ids = 0;
        const restarted = { ...t.ctx, newId: () => `01RESTART${String(++ids).padStart(17, '0')}` };
        t.at(45);
        expect((await escalateUnacknowledged(restarted, t.deps)).map((o) => [o.level, o.person])).toEqual([[3, 'cem']]);
        t.at(600);
        expect(await escalateUnacknowledged(restarted, t.deps)).toEqual([]);
        expect(t.sent.map(([receiver, n]) => `${receiver}:${n.level}`)).toEqual(['ann-pager:1', 'bob-pager:2', 'cem-pager:3']);
      } finally {
        await t.ctx.close();
      }
    });

    it('records a failed send and escalates after the timeout all the same; a timeline failure leaves the page standing', async () => {
      const t = await setup(factory, { failSendTo: 'ann-pager', failTimeline: true });
      try {
        const [outcome] = await pageOnCall(t.ctx, t.deps, incident);
        expect(outcome).toMatchObject({
          level: 1,
          status: 'failed',
          reason: 'receiver answered 500 three times',
          timelineError: 'incident store is down',
        });
        expect((await t.ctx.store.oncall.pagesOf(['INC1']))[0]).toMatchObject({
          status: 'failed',
          reason: 'receiver answered 500 three times',
        });
        t.at(15);
        expect((await escalateUnacknowledged(t.ctx, t.deps)).map((o) => [o.level, o.status])).toEqual([[2, 'sent']]);
        expect(t.sent.map(([receiver]) => receiver)).toEqual(['bob-pager']);
      } finally {
        await t.ctx.close();
      }
    });

    it('records that nobody was on call and goes on to the next level', async () => {
      const t = await setup(factory);
      try {
        t.at(-60 * 24 * 30); // 26 October: before any rotation begins
        const [first] = await pageOnCall(t.ctx, t.deps, incident);
        expect(first).toMatchObject({
          level: 1,
          person: null,
          status: 'no_one_on_call',
          reason: 'nobody is on call in ml',
        });
        expect(t.timeline[0]).toMatchObject({
          kind: 'page',
          summary: 'no one to page, level 1 of ml: nobody is on call in ml',
        });
        expect(t.sent).toEqual([]);
        t.at(-60 * 24 * 30 + 15);
        expect((await escalateUnacknowledged(t.ctx, t.deps)).map((o) => [o.level, o.status])).toEqual([[2, 'no_one_on_call']]);
      } finally {
        await t.ctx.close();
      }
    });

    it('pages nobody while no schedules are applied', async () => {
      const ctx = await testContext(factory);
      try {
        const deps: PagingDeps = {
          send: async () => expect.unreachable('nothing to page'),
          recordIncidentEvent: async () => {},
          listUnacknowledged: async () => [incident],
        };
        expect(await pageOnCall(ctx, deps, incident)).toEqual([]);
        expect(await escalateUnacknowledged(ctx, deps)).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  });
}
