import type { AppContext } from '../app/context.ts';
import { createReviewQueue } from '../app/reviews/review-queue.ts';
import type { ReviewQueue } from '../app/serving/serving-extensions.ts';
import type { ServerMetrics } from './metrics.ts';

export interface ServerReviews {
  /** The serving host's `extensions.reviews`. */
  readonly queue: ReviewQueue;
}

/**
 * A server's part of human review: the durable review queue the serving host holds rows in, and
 * ballast_review_queue_size read from the store at each scrape — every deployment with a review
 * policy or pending items, 0 included, so an alert on the gauge sees an emptied queue.
 */
export function startServerReviews(deps: { readonly ctx: AppContext; readonly metrics: ServerMetrics }): ServerReviews {
  const { ctx, metrics } = deps;
  metrics.watchReviewQueue(async () => {
    const sizes = new Map<string, number>();
    for (const deployment of await ctx.store.deployments.list()) if (deployment.routing.review) sizes.set(deployment.name, 0);
    for (const [deployment, pending] of await ctx.store.reviews.pendingCounts()) sizes.set(deployment, pending);
    return sizes;
  });
  return { queue: createReviewQueue(ctx) };
}
