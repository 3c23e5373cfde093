import type { Incident } from '../api/alert-types.ts';
import { Chip, Fields, Link, Time } from '../components/bits.tsx';
import { durationText, severityTone } from '../alerts/alert-wording.ts';
import { incidentDurations, statusTone } from './incident-wording.ts';

/** An incident's record: status, commander, the rules behind it, and how long each step took from the opening. */
export function IncidentFacts({ incident, nowMs }: { incident: Incident; nowMs: number }) {
  const d = incidentDurations(incident, nowMs);
  const step = (iso: string | null, ms: number | null) =>
    iso === null || ms === null ? (
      <span class="muted">not yet</span>
    ) : (
      <>
        <Time iso={iso} /> <span class="muted">after {durationText(ms)}</span>
      </>
    );
  return (
    <Fields
      items={[
        [
          'Status',
          <span data-testid="incident-status">
            <Chip tone={statusTone(incident.status)}>{incident.status}</Chip>
          </span>,
        ],
        ['Severity', <Chip tone={severityTone(incident.severity)}>{incident.severity}</Chip>],
        ['Commander', <span data-testid="incident-commander">{incident.commander ?? <span class="muted">none yet</span>}</span>],
        ['Deployment', <Link to={{ page: 'deployment', name: incident.deployment }}>{incident.deployment}</Link>],
        [
          'Rules',
          incident.rules.length === 0 ? (
            '—'
          ) : (
            <Link to={{ page: 'alerts' }} class="mono">
              {incident.rules.join(', ')}
            </Link>
          ),
        ],
        ['Opened', <Time iso={incident.opened_at} />],
        ['Acknowledged', step(incident.acknowledged_at, d.toAcknowledge)],
        ['Mitigated', step(incident.mitigated_at, d.toMitigate)],
        ['Resolved', step(incident.resolved_at, d.toResolve)],
        [
          'Duration',
          <span class="mono" data-testid="incident-duration">
            {durationText(d.open)}
            {d.ongoing && ' so far'}
          </span>,
        ],
      ]}
    />
  );
}
