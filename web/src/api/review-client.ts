import type { ReviewDecisionInput, ReviewItem, ReviewList, ReviewQuery } from './review-types.ts';

/** The review routes of the API client (see client.ts): the queue, one item, and a reviewer's decision. */
export interface ReviewApi {
  /** `GET /v1/reviews` with the filters that are given; the server defaults to 50 items, oldest first. */
  reviews(query: ReviewQuery, signal?: AbortSignal): Promise<ReviewList>;
  review(id: string, signal?: AbortSignal): Promise<ReviewItem>;
  /** Decides a pending item (reviewer and up); a decided item is refused with `review_already_decided`. */
  decideReview(id: string, decision: ReviewDecisionInput): Promise<ReviewItem>;
}

type Send = <T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal) => Promise<T>;

export function reviewRequests(send: Send): ReviewApi {
  const id = encodeURIComponent;
  return {
    reviews: (query, signal) => send('GET', `/v1/reviews${reviewSearch(query)}`, undefined, signal),
    review: (reviewId, signal) => send('GET', `/v1/reviews/${id(reviewId)}`, undefined, signal),
    decideReview: (reviewId, decision) =>
      send('POST', `/v1/reviews/${id(reviewId)}/decision`, {
        label: decision.label,
        ...(decision.note === undefined || decision.note === '' ? {} : { note: decision.note }),
      }),
  };
}

function reviewSearch(query: ReviewQuery): string {
  const params = new URLSearchParams();
  if (query.deployment) params.set('deployment', query.deployment);
  if (query.status) params.set('status', query.status);
  if (query.order) params.set('order', query.order);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
