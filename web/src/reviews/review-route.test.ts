import { describe, expect, it } from 'vitest';
import type { Route } from '../lib/routes.ts';
import { hrefFor, parseRoute, sectionOf } from '../lib/routes.ts';
import { parseReviewQueue, reviewQueueSearch, withQueue } from './review-route.ts';

describe('review routes', () => {
  it('read the queue and one item, each with the queue it came from', () => {
    expect(parseRoute('#/reviews')).toEqual({ page: 'reviews', queue: {} });
    expect(parseRoute('#/reviews?deployment=credit&status=decided&order=priority')).toEqual({
      page: 'reviews',
      queue: { deployment: 'credit', status: 'decided', order: 'priority' },
    });
    expect(parseRoute('#/reviews/01JREV')).toEqual({ page: 'review', id: '01JREV', queue: {} });
    expect(parseRoute('#/reviews/01JREV?order=priority&deployment=credit')).toEqual({
      page: 'review',
      id: '01JREV',
      queue: { deployment: 'credit', order: 'priority' },
    });
    expect(parseRoute('#/reviews/a/b').page).toBe('not-found');
  });

  it('drop the defaults and anything unknown, so every queue has one URL', () => {
    expect(parseReviewQueue('status=pending&order=oldest&deployment=')).toEqual({});
    expect(parseReviewQueue('status=closed&order=newest')).toEqual({});
    expect(reviewQueueSearch({})).toBe('');
    expect(withQueue({ deployment: 'credit', status: 'decided', order: 'priority' }, { status: 'pending' })).toEqual({
      deployment: 'credit',
      order: 'priority',
    });
    expect(withQueue({ deployment: 'credit', order: 'priority' }, { deployment: '', order: 'oldest' })).toEqual({});
    expect(withQueue({}, { status: 'decided' })).toEqual({ status: 'decided' });
  });

  it('round-trip through hrefFor and sit in the Reviews section', () => {
    const routes: Route[] = [
      { page: 'reviews', queue: {} },
      { page: 'reviews', queue: { deployment: 'credit eu&1', status: 'decided', order: 'priority' } },
      { page: 'review', id: 'rev/1 2', queue: {} },
      { page: 'review', id: '01JREV', queue: { deployment: 'credit', order: 'priority' } },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(hrefFor({ page: 'review', id: '01JREV', queue: { deployment: 'credit' } })).toBe('#/reviews/01JREV?deployment=credit');
    expect(sectionOf({ page: 'reviews', queue: {} })).toBe('reviews');
    expect(sectionOf({ page: 'review', id: 'x', queue: {} })).toBe('reviews');
  });
});
