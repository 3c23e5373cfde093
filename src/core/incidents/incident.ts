import { BallastError } from '../errors.ts';

/**
 * An incident: opened when a `page` rule fires for a deployment, worked by people through its
 * statuses, and explained afterwards by its timeline and postmortem. Times are ISO-8601 text.
 */
export const INCIDENT_STATUSES = ['open', 'acknowledged', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const TIMELINE_KINDS = [
  'alert_firing',
  'alert_resolved',
  'deploy',
  'rollback',
  'rollback_failed',
  'note',
  'status',
  'page',
  'escalation',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface Incident {
  readonly id: string;
  readonly deployment: string;
  readonly title: string;
  readonly severity: string;
  readonly status: IncidentStatus;
  readonly commander: string | null;
  readonly openedAt: string;
  readonly acknowledgedAt: string | null;
  readonly mitigatedAt: string | null;
  readonly resolvedAt: string | null;
  /** The rules that fired into it, in the order they joined. */
  readonly rules: readonly string[];
}

export interface TimelineEntry {
  readonly at: string;
  readonly kind: TimelineKind;
  readonly actor: string | null;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Whether a status may follow another. Statuses only move forward, and may skip steps (a page that is
 * mitigated by a rollback before anyone acknowledges it; a false alarm resolved at once); nothing
 * leaves `resolved`, so a new firing opens a new incident rather than reopening a closed one.
 */
export function assertStatusMove(id: string, from: IncidentStatus, to: IncidentStatus): void {
  const rank = INCIDENT_STATUSES.indexOf(from);
  const target = INCIDENT_STATUSES.indexOf(to);
  if (target > rank) return;
  const why =
    from === 'resolved'
      ? 'it is resolved already; a new firing opens a new incident'
      : from === to
        ? `it is ${from} already`
        : `statuses only move forward (open → acknowledged → mitigated → resolved) and it is ${from}`;
  throw new BallastError('conflict', `incident ${id} cannot become ${to}: ${why}`);
}
