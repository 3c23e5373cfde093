import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rotation } from './oncall-schedule.ts';
import { rotationTurnAt } from './who-is-on-call.ts';
import { offsetAt, toLocal, WEEKDAYS } from './zoned-time.ts';

// The rotation maths against its own definition, over zones whose clocks change in either hemisphere,
// by an hour or by half an hour (Lord Howe), with odd offsets (Kolkata, Chatham) or not at all, and
// instants over a decade of clock changes: every instant falls in exactly one turn, which begins at
// the handoff on the zone's wall clock (or just after it, on a night the clocks skip it), lasts a
// day or a week give or take the change, and hands over to the next participant in order.

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'UTC',
];
const HOUR = 3_600_000;
const runs = {
  numRuns: 300,
  seed: process.env.BALLAST_PROPERTY_SEED === undefined ? 20_261_207 : Number(process.env.BALLAST_PROPERTY_SEED),
};

const rotation = fc.record({
  weekly: fc.boolean(),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 45),
  day: fc.constantFrom(...WEEKDAYS),
  start: fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
  people: fc.integer({ min: 1, max: 5 }),
});

type Drawn = typeof rotation extends fc.Arbitrary<infer T> ? T : never;

function build(r: Drawn): Rotation {
  const start = { year: r.start.getUTCFullYear(), month: r.start.getUTCMonth() + 1, day: r.start.getUTCDate() };
  const participants = Array.from({ length: r.people }, (_, i) => ({ name: `p${i}`, receiver: `r${i}` }));
  const handoff = { hour: r.hour, minute: r.minute };
  return r.weekly ? { type: 'weekly', handoff, handoffDay: r.day, start, participants } : { type: 'daily', handoff, start, participants };
}

describe('rotation turns (property)', () => {
  it('cover every instant once, begin at the local handoff, last a day or a week, and pass in order', () => {
    fc.assert(
      fc.property(
        rotation,
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }),
        (r, zone, when) => {
          const rot = build(r);
          const at = when.getTime();
          const turn = rotationTurnAt(rot, zone, at);
          if (turn === null) {
            // Before the first turn: the first turn begins after this instant.
            const later = rotationTurnAt(rot, zone, at + 8 * 24 * HOUR);
            expect(later === null || later.start > at).toBe(true);
            return;
          }
          expect(turn.start).toBeLessThanOrEqual(at);
          expect(at).toBeLessThan(turn.end);
          const local = toLocal(turn.start, zone);
          const skipped = offsetAt(turn.start - 2 * HOUR, zone) !== offsetAt(turn.start, zone);
          if (!skipped) expect([local.hour, local.minute]).toEqual([r.hour, r.minute]);
          const period = (r.weekly ? 7 : 1) * 24 * HOUR;
          expect(Math.abs(turn.end - turn.start - period)).toBeLessThanOrEqual(HOUR);
          const next = rotationTurnAt(rot, zone, turn.end)!;
          expect(next.start).toBe(turn.end);
          const index = (p: { name: string }) => Number(p.name.slice(1));
          expect(index(next.participant)).toBe((index(turn.participant) + 1) % r.people);
          // The instant just before the turn belongs to the turn before (or to none).
          const before = rotationTurnAt(rot, zone, turn.start - 1);
          expect(before === null || before.end === turn.start).toBe(true);
        },
      ),
      runs,
    );
  });
});
