import type { Incident, IncidentStatus, TimelineEntry } from '../api/alert-types.ts';
import type { ChipTone } from '../components/bits.tsx';

/** How an incident reads: its status, its durations, what can be done next, and its timeline in order. */

export function statusTone(status: IncidentStatus): ChipTone {
  switch (status) {
    case 'open':
      return 'bad';
    case 'acknowledged':
      return 'warn';
    case 'mitigated':
      return 'accent';
    case 'resolved':
      return 'good';
  }
}

export interface IncidentDurations {
  /** Opened to resolved, or to now while it is not resolved. */
  readonly open: number;
  readonly ongoing: boolean;
  /** Opened to each later status; null until it is reached. */
  readonly toAcknowledge: number | null;
  readonly toMitigate: number | null;
  readonly toResolve: number | null;
}

export function incidentDurations(incident: Incident, nowMs: number): IncidentDurations {
  const opened = Date.parse(incident.opened_at);
  const since = (iso: string | null) => (iso === null ? null : Math.max(0, Date.parse(iso) - opened));
  const toResolve = since(incident.resolved_at);
  return {
    open: toResolve ?? Math.max(0, nowMs - opened),
    ongoing: toResolve === null,
    toAcknowledge: since(incident.acknowledged_at),
    toMitigate: since(incident.mitigated_at),
    toResolve,
  };
}

export type StatusAction = 'ack' | 'mitigate' | 'resolve';

/**
 * The status changes offered from a status: forward only (open → acknowledged → mitigated → resolved),
 * and a step may be skipped (a rollback can mitigate before anyone acknowledged).
 */
export function actionsFrom(status: IncidentStatus): readonly StatusAction[] {
  switch (status) {
    case 'open':
      return ['ack', 'mitigate', 'resolve'];
    case 'acknowledged':
      return ['mitigate', 'resolve'];
    case 'mitigated':
      return ['resolve'];
    case 'resolved':
      return [];
  }
}

/** Oldest first; entries at the same instant keep the server's order. */
export function timelineInOrder(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ entry }) => entry);
}

const KINDS: Readonly<Record<string, { readonly label: string; readonly tone: ChipTone }>> = {
  alert_firing: { label: 'alert firing', tone: 'bad' },
  alert_resolved: { label: 'alert resolved', tone: 'good' },
  deploy: { label: 'deploy', tone: 'accent' },
  rollback: { label: 'rollback', tone: 'warn' },
  rollback_failed: { label: 'rollback failed', tone: 'bad' },
  note: { label: 'note', tone: 'neutral' },
  status: { label: 'status', tone: 'muted' },
  page: { label: 'page', tone: 'warn' },
  escalation: { label: 'escalation', tone: 'bad' },
};

/** A kind's label and colour; a kind this dashboard does not know yet is shown by its name, plainly. */
export function kindStyle(kind: string): { readonly label: string; readonly tone: ChipTone; readonly known: boolean } {
  const known = KINDS[kind];
  return known ? { ...known, known: true } : { label: kind.replaceAll('_', ' '), tone: 'neutral', known: false };
}

/**
 * A detail value as text. A URL shows its origin only: a page or escalation may name where it was sent,
 * and a webhook's path or query can hold its secret token.
 */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return redactUrl(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' ? redactUrl(inner) : inner));
}

function redactUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    const hidden = url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '';
    return hidden ? `${url.protocol}//${url.host}/…` : `${url.protocol}//${url.host}`;
  } catch {
    return '(a URL)';
  }
}
