import type { Incident } from '../api/alert-types.ts';
import { Chip, Link, Time } from '../components/bits.tsx';
import { durationText, severityTone } from '../alerts/alert-wording.ts';
import { incidentDurations, statusTone } from './incident-wording.ts';

/** Incidents newest first: title (to the detail), deployment, severity, status, commander, when and how long. */
export function IncidentsTable({ incidents, nowMs }: { incidents: readonly Incident[]; nowMs: number }) {
  const ordered = [...incidents].sort((a, b) => Date.parse(b.opened_at) - Date.parse(a.opened_at));
  return (
    <table class="table" data-testid="incidents">
      <caption class="visually-hidden">Incidents, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Deployment</th>
          <th scope="col">Severity</th>
          <th scope="col">Status</th>
          <th scope="col">Commander</th>
          <th scope="col">Opened</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((incident) => {
          const durations = incidentDurations(incident, nowMs);
          return (
            <tr key={incident.id} data-incident={incident.id}>
              <th scope="row">
                <Link to={{ page: 'incident', id: incident.id }}>{incident.title}</Link>
              </th>
              <td>
                <Link to={{ page: 'deployment', name: incident.deployment }}>{incident.deployment}</Link>
              </td>
              <td>
                <Chip tone={severityTone(incident.severity)}>{incident.severity}</Chip>
              </td>
              <td>
                <Chip tone={statusTone(incident.status)}>{incident.status}</Chip>
              </td>
              <td>{incident.commander ?? <span class="muted">none yet</span>}</td>
              <td>
                <Time iso={incident.opened_at} />
              </td>
              <td class="mono">
                {durationText(durations.open)}
                {durations.ongoing && <span class="muted"> so far</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
