import type { Incident, TimelineEntry } from './incident.ts';

export interface PostmortemTimes {
  /** The first firing entry's time: when the incident was detected. */
  readonly firedAt: string;
  /** When the condition of the first rule that fired began to hold (its first reading over the threshold). */
  readonly conditionSince: string | null;
  /** conditionSince → firedAt (the rule's `for` plus evaluation delay); null when unknown. */
  readonly timeToDetectMs: number | null;
  /** The first of: a rollback on the timeline, the incident marked mitigated; null while neither happened. */
  readonly mitigatedAt: string | null;
  readonly mitigatedBy: 'rollback' | 'status' | null;
  /** firedAt → mitigatedAt. */
  readonly timeToMitigateMs: number | null;
}

const ms = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

/** Time to detect and time to mitigate, from the incident and its timeline (in time order). */
export function postmortemTimes(incident: Incident, timeline: readonly TimelineEntry[]): PostmortemTimes {
  const firing = timeline.find((e) => e.kind === 'alert_firing');
  const firedAt = firing?.at ?? incident.openedAt;
  const since = firing?.details.active_since;
  const conditionSince = typeof since === 'string' ? since : null;
  // A dry run only says what a rule would have done; it mitigates nothing.
  const rollback = timeline.find((e) => e.kind === 'rollback' && e.at >= firedAt && e.details.outcome !== 'dry_run');
  const candidates = [
    ...(rollback ? [{ at: rollback.at, by: 'rollback' as const }] : []),
    ...(incident.mitigatedAt !== null ? [{ at: incident.mitigatedAt, by: 'status' as const }] : []),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const first = candidates[0];
  return {
    firedAt,
    conditionSince,
    timeToDetectMs: conditionSince !== null ? ms(conditionSince, firedAt) : null,
    mitigatedAt: first?.at ?? null,
    mitigatedBy: first?.by ?? null,
    timeToMitigateMs: first ? ms(firedAt, first.at) : null,
  };
}

/** 45 s, 12 min 5 s, 3 h 2 min, 2 d 4 h: two units at most, enough to read a duration at a glance. */
export function formatDuration(totalMs: number): string {
  if (totalMs < 1000) return `${Math.round(totalMs)} ms`;
  const s = Math.round(totalMs / 1000);
  const units: Array<[number, string]> = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const start = units.findIndex(([n]) => n > 0);
  return units
    .slice(start, start + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}
