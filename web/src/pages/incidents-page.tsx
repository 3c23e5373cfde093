import { useApi } from '../api/api-context.ts';
import type { IncidentStatus } from '../api/alert-types.ts';
import { Link } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import { IncidentsTable } from '../incidents/incidents-table.tsx';
import { StatusFilter } from '../incidents/status-filter.tsx';
import '../incidents/incidents.css';

/** Incidents, all or of one status. A firing `page` rule opens one; people take it from there. */
export function IncidentsPage({ status }: { status?: IncidentStatus | undefined }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.incidents(status, signal), [status]);
  return (
    <Page title="Incidents" meta={<Link to={{ page: 'alerts' }}>Alert rules</Link>}>
      <StatusFilter status={status} />
      {loaded.state === 'loading' && <Loading what="incidents" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.incidents.length === 0 ? (
          <Empty>
            <span data-testid="no-incidents">
              {status === undefined ? 'No incidents. A rule of severity page that fires opens one.' : `No ${status} incidents.`}
            </span>
          </Empty>
        ) : (
          <div class="card">
            <IncidentsTable incidents={loaded.data.incidents} nowMs={Date.now()} />
          </div>
        ))}
    </Page>
  );
}
