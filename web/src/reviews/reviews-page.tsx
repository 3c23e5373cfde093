import { useApi } from '../api/api-context.ts';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { Page } from '../components/page.tsx';
import { formatInteger } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { QueueFilters } from './queue-filters.tsx';
import type { ReviewQueue } from './review-route.ts';
import { ReviewsTable } from './reviews-table.tsx';
import './reviews.css';

/** The review queue: predictions a review policy held, filtered and ordered as the URL says. */
export function ReviewsPage({ queue }: { queue: ReviewQueue }) {
  const api = useApi();
  const status = queue.status ?? 'pending';
  const [loaded, reload] = useResource(
    (signal) => api.reviews({ deployment: queue.deployment, status, order: queue.order ?? 'oldest' }, signal),
    [queue.deployment, status, queue.order],
  );
  // The filter's choices only; the queue is usable without them.
  const [deployments] = useResource((signal) => api.deployments(signal).catch(() => ({ deployments: [] })), []);
  const names = deployments.state === 'ready' ? deployments.data.deployments.map((d) => d.name) : [];
  return (
    <Page title="Reviews">
      <QueueFilters queue={queue} deployments={names} />
      {loaded.state === 'loading' && <Loading what="review items" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && (
        <>
          <p class="review-counts" data-testid="review-counts">
            {countsText(loaded.data.pending, loaded.data.reviews.length, queue)}
          </p>
          {loaded.data.reviews.length === 0 ? (
            <Empty>
              <span data-testid="no-reviews">
                {status === 'pending'
                  ? 'Nothing waits for a reviewer. A deployment with a review policy (ballast review set DEPLOYMENT --when … --fallback …) holds the predictions it is unsure of here.'
                  : 'No decided items yet.'}
              </span>
            </Empty>
          ) : (
            <div class="card">
              <ReviewsTable reviews={loaded.data.reviews} queue={queue} />
            </div>
          )}
        </>
      )}
    </Page>
  );
}

/** How many wait (on the chosen deployment, or on all), and how many of the queue this page shows. */
function countsText(pending: number, shown: number, queue: ReviewQueue): string {
  const waiting = `${formatInteger(pending)} pending${queue.deployment ? ` on ${queue.deployment}` : ''}`;
  if (queue.status === 'decided') return `${formatInteger(shown)} decided shown · ${waiting}`;
  if (shown >= pending) return waiting;
  return `${waiting} · showing the ${queue.order === 'priority' ? 'most urgent' : 'oldest'} ${formatInteger(shown)}`;
}
