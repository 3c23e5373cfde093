import type { AuditEntry } from '../../core/audit-chain.ts';
import type { Incident, TimelineEntry } from '../../core/incidents/incident.ts';
import type { AppContext } from '../context.ts';

/**
 * When the incident's story begins: the earliest of its opening and the first reading over a
 * threshold of a rule that fired into it (`active_since`), so a deploy that came just before the
 * signal turned bad is on the timeline.
 */
export function incidentSpanStart(incident: Incident, stored: readonly TimelineEntry[]): string {
  let start = incident.openedAt;
  for (const entry of stored) {
    const since = entry.kind === 'alert_firing' ? entry.details.active_since : undefined;
    if (typeof since === 'string' && since < start) start = since;
  }
  return start;
}

function fromAudit(entry: AuditEntry): TimelineEntry {
  const d = entry.details;
  const rollback = entry.action === 'deployment.rollback';
  const model = typeof d.to === 'string' ? d.to : typeof d.model === 'string' ? d.model : undefined;
  const from = typeof d.from === 'string' ? ` from ${d.from}` : '';
  const summary = rollback
    ? `rolled back${from}${model !== undefined ? ` to ${model}` : ''}`
    : entry.action === 'deployment.create' || entry.action === 'deployment.update'
      ? `deployed ${model ?? '(config)'}${from}`
      : entry.action;
  return {
    at: entry.at,
    kind: rollback ? 'rollback' : 'deploy',
    actor: entry.actor,
    summary,
    details: { audit_seq: entry.seq, action: entry.action, ...d },
  };
}

/**
 * The incident's timeline: what was stored with it (alert transitions with their readings, rollback
 * outcomes, pages, notes, status changes) merged in time order with the audit log's entries about
 * its deployment during its span (deploys, rollbacks by people or rules). An automated rollback is
 * both audited and reported by its sink with more detail; the audit copy is left out then.
 */
export async function incidentTimeline(ctx: Pick<AppContext, 'store' | 'clock'>, incident: Incident): Promise<TimelineEntry[]> {
  const stored = await ctx.store.incidents.events(incident.id);
  const end = incident.resolvedAt ?? ctx.clock().toISOString();
  const audited = await ctx.store.incidents.deploymentAudit(incident.deployment, incidentSpanStart(incident, stored), end);
  const reportedRollback = stored.some((e) => e.kind === 'rollback' || e.kind === 'rollback_failed');
  const merged = [
    ...stored,
    ...audited.filter((a) => !(reportedRollback && a.action === 'deployment.rollback' && a.actor.startsWith('alert:'))).map(fromAudit),
  ];
  // A stable sort: entries at the same instant keep stored-before-audit and their own order.
  return merged
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index))
    .map((x) => x.entry);
}
