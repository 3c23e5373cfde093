import type { ReviewOrder, ReviewStatus } from '../api/review-types.ts';
import { hrefFor } from '../lib/routes.ts';
import type { ReviewQueue } from './review-route.ts';
import { withQueue } from './review-route.ts';

/**
 * The queue's filters: deployment, pending or decided, oldest first or by priority. They live in the
 * URL (a filtered queue can be shared), so choosing one navigates.
 */
export function QueueFilters({ queue, deployments }: { queue: ReviewQueue; deployments: readonly string[] }) {
  const go = (change: { deployment?: string; status?: ReviewStatus; order?: ReviewOrder }) => {
    window.location.hash = hrefFor({ page: 'reviews', queue: withQueue(queue, change) });
  };
  // The deployment in the URL stays choosable even when the list of deployments could not be read.
  const names = queue.deployment && !deployments.includes(queue.deployment) ? [queue.deployment, ...deployments] : deployments;
  return (
    <div class="toolbar review-filters">
      <label for="review-deployment">Deployment</label>
      <select id="review-deployment" value={queue.deployment ?? ''} onChange={(event) => go({ deployment: event.currentTarget.value })}>
        <option value="">every deployment</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <label for="review-status">Status</label>
      <select
        id="review-status"
        value={queue.status ?? 'pending'}
        onChange={(event) => go({ status: event.currentTarget.value as ReviewStatus })}
      >
        <option value="pending">pending</option>
        <option value="decided">decided</option>
      </select>
      <label for="review-order">Order</label>
      <select
        id="review-order"
        value={queue.order ?? 'oldest'}
        onChange={(event) => go({ order: event.currentTarget.value as ReviewOrder })}
      >
        <option value="oldest">oldest first</option>
        <option value="priority">most urgent first</option>
      </select>
    </div>
  );
}
