import { describe, expect, it } from 'vitest';
import { pagesDue, schedulesFor } from './escalation.ts';
import type { OncallSchedule } from './oncall-schedule.ts';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const daily = (...names: string[]) => ({
  type: 'daily' as const,
  handoff: { hour: 9, minute: 0 },
  start: { year: 2026, month: 1, day: 1 },
  participants: names.map((name) => ({ name, receiver: `${name}-pager` })),
});

const primary: OncallSchedule = {
  name: 'ml-primary',
  deployments: ['credit'],
  timeZone: 'UTC',
  rotations: [daily('ann')],
  overrides: [],
  escalation: [
    { level: 1, to: { kind: 'on_call' }, ackTimeoutMs: 15 * MIN },
    { level: 2, to: { kind: 'schedule', name: 'catch-all' }, ackTimeoutMs: 30 * MIN },
    { level: 3, to: { kind: 'person', name: 'head', receiver: 'head-phone' }, ackTimeoutMs: null },
  ],
};
const catchAll: OncallSchedule = {
  name: 'catch-all',
  deployments: '*',
  timeZone: 'UTC',
  rotations: [daily('bob')],
  overrides: [],
  escalation: [{ level: 1, to: { kind: 'on_call' }, ackTimeoutMs: null }],
};
const schedules = [primary, catchAll];
const now = at('2026-12-01T12:00:00Z');

describe('schedulesFor', () => {
  it('takes the schedules naming the deployment, else the catch-all ones', () => {
    expect(schedulesFor(schedules, 'credit').map((s) => s.name)).toEqual(['ml-primary']);
    expect(schedulesFor(schedules, 'fraud').map((s) => s.name)).toEqual(['catch-all']);
    expect(schedulesFor([primary], 'fraud')).toEqual([]);
    // A schedule for no deployment is reached only through another's escalation.
    expect(schedulesFor([{ ...catchAll, deployments: [] }], 'fraud')).toEqual([]);
  });
});

describe('pagesDue', () => {
  it('pages level 1 of each covering schedule first', () => {
    expect(pagesDue(schedules, 'credit', [], now)).toEqual([
      { schedule: 'ml-primary', level: 1, target: { name: 'ann', receiver: 'ann-pager' }, describe: 'ml-primary' },
    ]);
  });

  it('waits for the ack timeout of the level last paged, then pages the next level once', () => {
    const level1 = [{ schedule: 'ml-primary', level: 1, at: now }];
    expect(pagesDue(schedules, 'credit', level1, now + 15 * MIN - 1)).toEqual([]);
    expect(pagesDue(schedules, 'credit', level1, now + 15 * MIN)).toEqual([
      { schedule: 'ml-primary', level: 2, target: { name: 'bob', receiver: 'bob-pager' }, describe: 'catch-all' },
    ]);
    // Level 2's 30 minutes count from level 2's page, not from the incident.
    const level2 = [...level1, { schedule: 'ml-primary', level: 2, at: now + 40 * MIN }];
    expect(pagesDue(schedules, 'credit', level2, now + 69 * MIN)).toEqual([]);
    expect(pagesDue(schedules, 'credit', level2, now + 70 * MIN)).toEqual([
      { schedule: 'ml-primary', level: 3, target: { name: 'head', receiver: 'head-phone' }, describe: 'head' },
    ]);
  });

  it('stops after the last level', () => {
    const all = [1, 2, 3].map((level) => ({ schedule: 'ml-primary', level, at: now }));
    expect(pagesDue(schedules, 'credit', all, now + 24 * 60 * MIN)).toEqual([]);
  });

  it('says when nobody is on call, so the page is recorded as not sent and escalation goes on', () => {
    const future = { ...primary, rotations: [{ ...daily('ann'), start: { year: 2027, month: 1, day: 1 } }] };
    expect(pagesDue([future], 'credit', [], now)).toEqual([{ schedule: 'ml-primary', level: 1, target: null, describe: 'ml-primary' }]);
  });
});
