import type { EscalationLevel, OncallSchedule } from './oncall-schedule.ts';
import { onCallAt } from './who-is-on-call.ts';

/** A page already sent (or tried) for an incident: which schedule's level, and when. */
export interface PageMade {
  readonly schedule: string;
  readonly level: number;
  readonly at: number;
}

/** A page that is due now: whom to page (null: nobody is on call there), and why. */
export interface PageDue {
  readonly schedule: string;
  readonly level: number;
  readonly target: { readonly name: string; readonly receiver: string } | null;
  /** Whom the level pages, for the record: the schedule whose on-call it is (`ml-primary`), or the person (`dana`). */
  readonly describe: string;
}

/**
 * The schedules that cover a deployment: those that name it; when none does, those for `*`. A team's
 * own schedule thus takes a deployment over from the catch-all one.
 */
export function schedulesFor(schedules: readonly OncallSchedule[], deployment: string): OncallSchedule[] {
  const named = schedules.filter((s) => s.deployments !== '*' && s.deployments.includes(deployment));
  return named.length > 0 ? named : schedules.filter((s) => s.deployments === '*');
}

/**
 * The pages due for one unacknowledged incident at `now`: level 1 of each covering schedule not paged
 * yet, and the next level of a schedule whose last page has waited its level's `ack_timeout`. One level
 * at a time, each timed from the page before it, so a server that was down catches up one level per
 * evaluation rather than paging every level at once.
 */
export function pagesDue(schedules: readonly OncallSchedule[], deployment: string, made: readonly PageMade[], now: number): PageDue[] {
  const due: PageDue[] = [];
  for (const schedule of schedulesFor(schedules, deployment)) {
    const last = made.filter((p) => p.schedule === schedule.name).sort((a, b) => b.level - a.level)[0];
    let next: EscalationLevel | undefined;
    if (last === undefined) next = schedule.escalation[0];
    else {
      const timeout = schedule.escalation[last.level - 1]?.ackTimeoutMs ?? null;
      if (timeout !== null && now >= last.at + timeout) next = schedule.escalation[last.level];
    }
    if (next !== undefined) due.push({ schedule: schedule.name, level: next.level, ...resolve(schedules, schedule, next, now) });
  }
  return due;
}

function resolve(
  schedules: readonly OncallSchedule[],
  own: OncallSchedule,
  level: EscalationLevel,
  now: number,
): Pick<PageDue, 'target' | 'describe'> {
  const to = level.to;
  if (to.kind === 'person') return { target: { name: to.name, receiver: to.receiver }, describe: to.name };
  const name = to.kind === 'on_call' ? own.name : to.name;
  // The file was checked whole, so a schedule a level names is among the schedules applied with it.
  const schedule = to.kind === 'on_call' ? own : schedules.find((s) => s.name === name);
  const onCall = schedule === undefined ? null : onCallAt(schedule, now);
  return { target: onCall && { name: onCall.name, receiver: onCall.receiver }, describe: name };
}
