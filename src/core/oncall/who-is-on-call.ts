import type { OncallSchedule, Participant, Rotation } from './oncall-schedule.ts';
import { addDays, daysBetween, fromLocal, toLocal, weekdayOf, WEEKDAYS, type LocalDateTime } from './zoned-time.ts';

/** Who is on call, from which rule of the schedule, and over which span that stays so. */
export interface OnCall {
  readonly name: string;
  readonly receiver: string;
  readonly source: 'rotation' | 'override';
}

/** A stretch of time [start, end) with one on-call (null: nobody), instants in ms. */
export interface OnCallSpan {
  readonly start: number;
  readonly end: number;
  readonly onCall: OnCall | null;
}

const periodDays = (rotation: Rotation) => (rotation.type === 'daily' ? 1 : 7);

/** The local date and time of the first handoff: the start date, or for weekly turns the first handoff day on or after it. */
function firstHandoff(rotation: Rotation): LocalDateTime {
  const start: LocalDateTime = { ...rotation.start, ...rotation.handoff };
  if (rotation.type === 'daily') return start;
  const wait = (WEEKDAYS.indexOf(rotation.handoffDay) - WEEKDAYS.indexOf(weekdayOf(start)) + 7) % 7;
  return addDays(start, wait);
}

/** The instant turn `k` begins: the k-th handoff, at the handoff's wall time in the zone whatever the offset that day. */
function handoffAt(rotation: Rotation, timeZone: string, k: number): number {
  return fromLocal(addDays(firstHandoff(rotation), k * periodDays(rotation)), timeZone);
}

/** The turn of a rotation at `at`: its participant and [start, end); null before the first handoff. */
export function rotationTurnAt(
  rotation: Rotation,
  timeZone: string,
  at: number,
): { readonly participant: Participant; readonly start: number; readonly end: number } | null {
  const period = periodDays(rotation);
  // Count calendar days, not hours: a turn across a clock change is 23 or 25 hours long.
  let k = Math.floor(daysBetween(firstHandoff(rotation), toLocal(at, timeZone)) / period);
  if (at < handoffAt(rotation, timeZone, k)) k -= 1;
  while (at >= handoffAt(rotation, timeZone, k + 1)) k += 1;
  if (k < 0) return null;
  const participants = rotation.participants;
  return {
    participant: participants[k % participants.length]!,
    start: handoffAt(rotation, timeZone, k),
    end: handoffAt(rotation, timeZone, k + 1),
  };
}

/** Who is on call at `at`: the last listed override covering it, else the last listed rotation that has begun. */
export function onCallAt(schedule: OncallSchedule, at: number): OnCall | null {
  for (let i = schedule.overrides.length - 1; i >= 0; i--) {
    const o = schedule.overrides[i]!;
    if (o.from <= at && at < o.to) return { name: o.who, receiver: o.receiver, source: 'override' };
  }
  for (let i = schedule.rotations.length - 1; i >= 0; i--) {
    const turn = rotationTurnAt(schedule.rotations[i]!, schedule.timeZone, at);
    if (turn !== null) return { name: turn.participant.name, receiver: turn.participant.receiver, source: 'rotation' };
  }
  return null;
}

/** The next instant after `at` at which the answer of onCallAt may change (a handoff, an override's edge). */
function nextChangeAfter(schedule: OncallSchedule, at: number): number {
  let next = Infinity;
  for (const rotation of schedule.rotations) {
    const turn = rotationTurnAt(rotation, schedule.timeZone, at);
    next = Math.min(next, turn === null ? handoffAt(rotation, schedule.timeZone, 0) : turn.end);
  }
  for (const o of schedule.overrides) for (const edge of [o.from, o.to]) if (edge > at) next = Math.min(next, edge);
  return next;
}

const same = (a: OnCall | null, b: OnCall | null) =>
  a === null || b === null ? a === b : a.name === b.name && a.receiver === b.receiver && a.source === b.source;

/**
 * The spans of on-call from `from` until `to` (the first span begins at `from`), consecutive spans
 * with the same on-call merged, so a span's end is a real handoff. The last span ends at `to` when
 * nothing changes before it. At most `maxSpans` spans (the first ones).
 */
export function onCallSpans(schedule: OncallSchedule, from: number, to: number, maxSpans = Infinity): OnCallSpan[] {
  const spans: OnCallSpan[] = [];
  let start = from;
  let current = onCallAt(schedule, from);
  let at = from;
  while (at < to && spans.length < maxSpans) {
    const next = Math.min(nextChangeAfter(schedule, at), to);
    const after = next < to ? onCallAt(schedule, next) : null;
    if (next >= to || !same(after, current)) {
      spans.push({ start, end: next, onCall: current });
      start = next;
      current = after;
    }
    at = next;
  }
  return spans;
}

/** Who is on call at `at` and until when (null: no handoff within `horizonMs`). */
export function onCallUntil(schedule: OncallSchedule, at: number, horizonMs: number): { onCall: OnCall | null; until: number | null } {
  const first = onCallSpans(schedule, at, at + horizonMs, 1)[0]!;
  return { onCall: first.onCall, until: first.end >= at + horizonMs ? null : first.end };
}
