import type { KllState } from '../sketches/kll.ts';
import type { SloCounts } from './error-budget.ts';

/** What a stored window part keeps of its requests (migration 0010): answered requests' latencies and failures. */
export interface RequestPart {
  readonly latency?: KllState | null;
  readonly errors?: number | null;
}

/**
 * Availability events of one part: every request, answered (the latency sketch's count) or failed on
 * the server's side (`errors`), the failed ones bad. Null when the part does not know both (written
 * before 0010, or rebuilt from the prediction log, which keeps no failed request): counting only its
 * answered requests would make the version look more available than it was.
 */
export function availabilityCounts(part: RequestPart): SloCounts | null {
  if (part.latency == null || part.errors == null) return null;
  return { total: part.latency.count + part.errors, bad: part.errors };
}

/**
 * Latency events of one part: answered requests, bad when slower than the threshold. The slow ones
 * are the sketch's weight above the threshold, 1 − rank(threshold) of its count: exact up to 400
 * requests, within KllSketch.rankErrorBound(400) of the count beyond. Ranks add up over parts, so
 * counting each part and summing answers what ranking the merged sketch would, without merging
 * (and without the merge's further compaction). Failed requests
 * are availability's, not latency's: a request that failed has no latency to judge.
 */
export function latencyCounts(part: RequestPart, thresholdMs: number): SloCounts | null {
  if (part.latency == null) return null;
  const total = part.latency.count;
  if (total === 0) return { total: 0, bad: 0 };
  // The weight at or below the threshold is what KllSketch.rank counts, summed straight from the
  // stored levels (an item of level h weighs 2^h): no sketch to rebuild and sort, which was most of
  // the cost of reading a period's thousands of parts.
  let atMost = 0;
  part.latency.levels.forEach((level, h) => {
    let n = 0;
    for (const value of level) if (value <= thresholdMs) n++;
    atMost += n * 2 ** h;
  });
  return { total, bad: total - atMost };
}
