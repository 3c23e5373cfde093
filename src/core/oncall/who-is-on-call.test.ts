import { describe, expect, it } from 'vitest';
import type { OncallSchedule, Override, Rotation } from './oncall-schedule.ts';
import { onCallAt, onCallSpans, onCallUntil, rotationTurnAt } from './who-is-on-call.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const people = (...names: string[]) => names.map((name) => ({ name, receiver: `${name}-pager` }));

function schedule(timeZone: string, rotations: Rotation[], overrides: Override[] = []): OncallSchedule {
  return {
    name: 'ml',
    deployments: '*',
    timeZone,
    rotations,
    overrides,
    escalation: [{ level: 1, to: { kind: 'on_call' }, ackTimeoutMs: null }],
  };
}

// Ann, Bob, Cem take daily turns at 09:00 Berlin time from Friday 27 March 2026; the clocks go forward on Sunday the 29th.
const berlinDaily: Rotation = {
  type: 'daily',
  handoff: { hour: 9, minute: 0 },
  start: { year: 2026, month: 3, day: 27 },
  participants: people('ann', 'bob', 'cem'),
};

describe('daily rotation across the spring clock change in Europe/Berlin', () => {
  const s = schedule('Europe/Berlin', [berlinDaily]);

  it('hands over at 09:00 on the wall: 08:00Z in winter time, 07:00Z in summer time', () => {
    expect(onCallAt(s, at('2026-03-27T08:00:00Z'))?.name).toBe('ann');
    expect(onCallAt(s, at('2026-03-28T07:59:59.999Z'))?.name).toBe('ann');
    expect(onCallAt(s, at('2026-03-28T08:00:00Z'))?.name).toBe('bob');
    // 24 hours after Bob began it is 10:00 CEST on Sunday: Cem has been on call since 09:00 CEST (07:00Z).
    expect(onCallAt(s, at('2026-03-29T06:59:59.999Z'))?.name).toBe('bob');
    expect(onCallAt(s, at('2026-03-29T07:00:00Z'))?.name).toBe('cem');
    expect(onCallAt(s, at('2026-03-29T07:30:00Z'))?.name).toBe('cem');
    expect(onCallAt(s, at('2026-03-30T07:00:00Z'))?.name).toBe('ann');
  });

  it('makes the turn across the change 23 hours long', () => {
    const turn = rotationTurnAt(berlinDaily, 'Europe/Berlin', at('2026-03-28T20:00:00Z'))!;
    expect(turn.participant.name).toBe('bob');
    expect(iso(turn.start)).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(turn.end)).toBe('2026-03-29T07:00:00.000Z');
    expect(turn.end - turn.start).toBe(23 * HOUR);
  });

  it('has nobody on call before the first handoff, and says when it begins', () => {
    expect(onCallAt(s, at('2026-03-27T07:59:00Z'))).toBeNull();
    expect(onCallUntil(s, at('2026-03-27T07:00:00Z'), 30 * 24 * HOUR)).toEqual({ onCall: null, until: at('2026-03-27T08:00:00Z') });
  });

  it('keeps counting turns months later, after the autumn change back (25 hours that day)', () => {
    // 25 October 2026 is day 212 after 27 March: 212 % 3 = 2, Cem; the next turn begins at 09:00 CET = 08:00Z.
    const turn = rotationTurnAt(berlinDaily, 'Europe/Berlin', at('2026-10-25T12:00:00Z'))!;
    expect(turn.participant.name).toBe('cem');
    expect(iso(turn.start)).toBe('2026-10-25T08:00:00.000Z');
    const before = rotationTurnAt(berlinDaily, 'Europe/Berlin', at('2026-10-25T07:30:00Z'))!;
    expect(before.participant.name).toBe('bob');
    expect(before.end - before.start).toBe(25 * HOUR);
  });
});

describe('weekly rotation across the autumn clock change in America/New_York', () => {
  // Handoff Mondays 09:00; the start date is a Wednesday, so the first turn begins the Monday after.
  const weekly: Rotation = {
    type: 'weekly',
    handoff: { hour: 9, minute: 0 },
    handoffDay: 'monday',
    start: { year: 2026, month: 10, day: 21 },
    participants: people('xia', 'yan'),
  };
  const s = schedule('America/New_York', [weekly]);

  it('begins on the first handoff day on or after the start date', () => {
    expect(onCallAt(s, at('2026-10-26T12:59:00Z'))).toBeNull();
    expect(onCallAt(s, at('2026-10-26T13:00:00Z'))?.name).toBe('xia'); // 09:00 EDT
  });

  it('hands over at 09:00 EST after the clocks went back: the week is 169 hours', () => {
    expect(onCallAt(s, at('2026-11-02T13:30:00Z'))?.name).toBe('xia'); // 08:30 EST
    expect(onCallAt(s, at('2026-11-02T14:00:00Z'))?.name).toBe('yan'); // 09:00 EST
    const turn = rotationTurnAt(weekly, 'America/New_York', at('2026-10-30T00:00:00Z'))!;
    expect(turn.end - turn.start).toBe(169 * HOUR);
    expect(onCallAt(s, at('2026-11-09T14:00:00Z'))?.name).toBe('xia');
  });

  it('a handoff time that does not exist on the spring-forward day happens just after the gap', () => {
    const night: Rotation = {
      type: 'daily',
      handoff: { hour: 2, minute: 30 },
      start: { year: 2026, month: 3, day: 7 },
      participants: people('xia', 'yan'),
    };
    const turn = rotationTurnAt(night, 'America/New_York', at('2026-03-08T12:00:00Z'))!;
    expect(turn.participant.name).toBe('yan');
    expect(iso(turn.start)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    // It follows 02:30 EST the day before by 24 hours, and the next handoff (02:30 EDT) comes 23 hours later.
    expect(turn.start - rotationTurnAt(night, 'America/New_York', at('2026-03-08T07:29:00Z'))!.start).toBe(24 * HOUR);
    expect(iso(turn.end)).toBe('2026-03-09T06:30:00.000Z');
  });
});

describe('overrides and later rotations', () => {
  const cover: Override = { who: 'dee', receiver: 'dee-pager', from: at('2026-03-28T11:00:00Z'), to: at('2026-03-28T17:00:00Z') };

  it('an override wins over the rotation for exactly [from, to)', () => {
    const s = schedule('Europe/Berlin', [berlinDaily], [cover]);
    expect(onCallAt(s, at('2026-03-28T10:59:59.999Z'))).toEqual({ name: 'bob', receiver: 'bob-pager', source: 'rotation' });
    expect(onCallAt(s, at('2026-03-28T11:00:00Z'))).toEqual({ name: 'dee', receiver: 'dee-pager', source: 'override' });
    expect(onCallAt(s, at('2026-03-28T16:59:59.999Z'))?.name).toBe('dee');
    expect(onCallAt(s, at('2026-03-28T17:00:00Z'))?.name).toBe('bob');
  });

  it('of two overlapping overrides the later listed wins', () => {
    const swap: Override = { who: 'eve', receiver: 'eve-pager', from: at('2026-03-28T12:00:00Z'), to: at('2026-03-28T13:00:00Z') };
    const s = schedule('Europe/Berlin', [berlinDaily], [cover, swap]);
    expect(onCallAt(s, at('2026-03-28T12:30:00Z'))?.name).toBe('eve');
    expect(onCallAt(s, at('2026-03-28T13:00:00Z'))?.name).toBe('dee');
  });

  it('a later rotation takes over once it has begun', () => {
    const newTeam: Rotation = {
      type: 'daily',
      handoff: { hour: 9, minute: 0 },
      start: { year: 2026, month: 4, day: 1 },
      participants: people('fay'),
    };
    const s = schedule('Europe/Berlin', [berlinDaily, newTeam]);
    expect(onCallAt(s, at('2026-04-01T06:59:00Z'))?.name).not.toBe('fay');
    expect(onCallAt(s, at('2026-04-01T07:00:00Z'))?.name).toBe('fay');
  });

  it('lists spans with handoffs and override edges, merging where the same person continues', () => {
    const s = schedule('Europe/Berlin', [berlinDaily], [cover]);
    const spans = onCallSpans(s, at('2026-03-28T00:00:00Z'), at('2026-03-29T12:00:00Z'));
    expect(spans.map((span) => [iso(span.start), span.onCall?.name ?? null])).toEqual([
      ['2026-03-28T00:00:00.000Z', 'ann'],
      ['2026-03-28T08:00:00.000Z', 'bob'],
      ['2026-03-28T11:00:00.000Z', 'dee'],
      ['2026-03-28T17:00:00.000Z', 'bob'],
      ['2026-03-29T07:00:00.000Z', 'cem'],
    ]);
    expect(iso(spans.at(-1)!.end)).toBe('2026-03-29T12:00:00.000Z');
  });

  it('says until when someone is on call, or null when one person is on call through the horizon', () => {
    const s = schedule('Europe/Berlin', [berlinDaily], [cover]);
    expect(onCallUntil(s, at('2026-03-28T09:00:00Z'), 7 * 24 * HOUR).until).toBe(at('2026-03-28T11:00:00Z'));
    const alone = schedule('Europe/Berlin', [{ ...berlinDaily, participants: people('ann') }]);
    expect(onCallUntil(alone, at('2026-03-28T09:00:00Z'), 7 * 24 * HOUR)).toEqual({
      onCall: { name: 'ann', receiver: 'ann-pager', source: 'rotation' },
      until: null,
    });
  });
});
