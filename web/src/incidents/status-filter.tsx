import type { IncidentStatus } from '../api/alert-types.ts';
import { INCIDENT_STATUSES } from '../api/alert-types.ts';
import { hrefFor } from '../lib/routes.ts';

/** The status filter of the incidents list; it lives in the URL, so a filtered list can be shared. */
export function StatusFilter({ status }: { status: IncidentStatus | undefined }) {
  return (
    <div class="toolbar">
      <label for="incident-status">Status</label>
      <select
        id="incident-status"
        value={status ?? ''}
        onChange={(event) => {
          const chosen = event.currentTarget.value;
          window.location.hash = hrefFor({ page: 'incidents', ...(chosen === '' ? {} : { status: chosen as IncidentStatus }) });
        }}
      >
        <option value="">every status</option>
        {INCIDENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}
