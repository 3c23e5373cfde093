import type { Weekday } from './zoned-time.ts';

/**
 * On-call schedules as applied from a `ballast.oncall/v1` file (docs/oncall.md): who is on call for
 * which deployments, when the turn passes from one person to the next, who stands in, and whom a page
 * escalates to when nobody acknowledges it.
 */

export const ONCALL_FORMAT = 'ballast.oncall/v1';

export interface Participant {
  readonly name: string;
  /** The alert receiver (by name) a page to this person goes to. */
  readonly receiver: string;
}

/** A civil date, `2026-11-30`, read in the schedule's time zone. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A time of day on the wall, `09:00`. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/**
 * Participants take turns in list order, one turn a day or a week, handing over at `handoff` local
 * time (weekly: on `handoffDay`). The first turn begins at the first handoff on or after `start`.
 */
export type Rotation =
  | { readonly type: 'daily'; readonly handoff: TimeOfDay; readonly start: CivilDate; readonly participants: readonly Participant[] }
  | {
      readonly type: 'weekly';
      readonly handoff: TimeOfDay;
      readonly handoffDay: Weekday;
      readonly start: CivilDate;
      readonly participants: readonly Participant[];
    };

/** Someone standing in for the rotation over [from, to) (instants, ms since the epoch). */
export interface Override {
  readonly who: string;
  readonly receiver: string;
  readonly from: number;
  readonly to: number;
}

/** `on_call`: the schedule's own on-call; otherwise another schedule's on-call, or a participant by name. */
export type EscalationTarget =
  | { readonly kind: 'on_call' }
  | { readonly kind: 'schedule'; readonly name: string }
  | { readonly kind: 'person'; readonly name: string; readonly receiver: string };

export interface EscalationLevel {
  readonly level: number;
  readonly to: EscalationTarget;
  /** How long a page at this level waits for an acknowledgement before the next level is paged (null: the last level). */
  readonly ackTimeoutMs: number | null;
}

export interface OncallSchedule {
  readonly name: string;
  /** Deployment names (none: paged only as another schedule's escalation level), or `*` for every deployment no schedule names. */
  readonly deployments: readonly string[] | '*';
  readonly timeZone: string;
  /** Later rotations take over from earlier ones once they have started (a new line-up from a date on). */
  readonly rotations: readonly Rotation[];
  /** Overrides win over every rotation; of two overlapping overrides, the later listed. */
  readonly overrides: readonly Override[];
  readonly escalation: readonly EscalationLevel[];
}
