import type { ReviewOrder, ReviewStatus } from '../api/review-types.ts';
import { REVIEW_ORDERS, REVIEW_STATUSES } from '../api/review-types.ts';

/**
 * Which queue a reviewer is working through: the deployment, pending or decided items, oldest first
 * or by priority. It lives in the URL of the list and of each item, so a queue can be shared and the
 * item page knows which queue "the next pending item" comes from. Defaults (pending, oldest first)
 * are left out, so every queue has one URL.
 */
export interface ReviewQueue {
  readonly deployment?: string;
  /** Absent: pending. */
  readonly status?: Exclude<ReviewStatus, 'pending'>;
  /** Absent: oldest first. */
  readonly order?: Exclude<ReviewOrder, 'oldest'>;
}

/** Reads the queue from a query string; an unknown status or order is dropped rather than a dead end. */
export function parseReviewQueue(search: string): ReviewQueue {
  const params = new URLSearchParams(search);
  const deployment = params.get('deployment');
  const status = params.get('status');
  const order = params.get('order');
  return {
    ...(deployment ? { deployment } : {}),
    ...(status !== 'pending' && REVIEW_STATUSES.some((s) => s === status) ? { status: status as 'decided' } : {}),
    ...(order !== 'oldest' && REVIEW_ORDERS.some((o) => o === order) ? { order: order as 'priority' } : {}),
  };
}

/** The query string of a queue (`?deployment=credit&order=priority`), empty for the default queue. */
export function reviewQueueSearch(queue: ReviewQueue): string {
  const params = new URLSearchParams();
  if (queue.deployment) params.set('deployment', queue.deployment);
  if (queue.status) params.set('status', queue.status);
  if (queue.order) params.set('order', queue.order);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The queue with one of its settings changed; choosing a default removes it. */
export function withQueue(queue: ReviewQueue, change: { deployment?: string; status?: ReviewStatus; order?: ReviewOrder }): ReviewQueue {
  const next = { ...queue, ...change };
  return {
    ...(next.deployment ? { deployment: next.deployment } : {}),
    ...(next.status === 'decided' ? { status: 'decided' as const } : {}),
    ...(next.order === 'priority' ? { order: 'priority' as const } : {}),
  };
}
