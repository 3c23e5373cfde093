import { KllSketch, type KllState } from '../../core/sketches/kll.ts';
import { BallastError } from '../../core/errors.ts';

/**
 * k of the window latency sketches. KllSketch.rankErrorBound(400) = 0.83%: with probability at least
 * 99%, every reported percentile is a latency whose true rank in the window lies within 0.83
 * percentage points of the asked one (p99: between the true p98.17 and p99.83), after any number of
 * merges of parts and windows. A window of up to 400 requests is kept whole, so its percentiles are
 * exact. k = 400 rather than the profiles' 200 because an SLO is set on the tail, where 1.65 points
 * of rank (the bound at 200) is more than p99's distance from the maximum; the price is at most about
 * 1,200 retained values (10 KB) per open window and about 7 KB of JSON per stored part, whatever the
 * traffic (measured at 10^3 to 10^6 requests).
 */
const LATENCY_SKETCH_K = 400;

/**
 * A window's request latency and failed requests, as the monitoring and performance routes answer
 * them. Percentiles are of requests (a request of many instances counts once), in milliseconds from
 * the request's arrival to its predictions being ready, before the log commit: the measure of
 * `ballast_prediction_latency_seconds`. Each is the smallest latency with at least that share of
 * the window's requests at or below it (to within the sketch's error), null when the window has no
 * answered request or a part of it has no sketch. `errors` is null when a part does not know its
 * count (written before Ballast kept it, or rebuilt from the prediction log, which holds answered
 * predictions only).
 */
export interface WindowLatency {
  readonly p50_ms: number | null;
  readonly p95_ms: number | null;
  readonly p99_ms: number | null;
  readonly errors: number | null;
}

/** What a window part keeps of latency: a part written before 0010 has neither. */
export interface LatencyPart {
  readonly latency?: KllState | null;
  readonly errors?: number | null;
}

/** A new, empty latency sketch; `seed` should differ between sketches built in parallel (their compaction coins stay independent). */
export function newLatencySketch(seed: number): KllSketch {
  return new KllSketch(LATENCY_SKETCH_K, seed);
}

/**
 * A request's latency as it is sketched: rounded to the microsecond (the clock measures no finer
 * a request's time, and short numbers keep the stored sketch small), undefined when it is not a
 * latency at all.
 */
export function latencyValue(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms * 1000) / 1000 : undefined;
}

/**
 * The latency of one window and version from its parts (every process's part, every base window
 * of a coarser one): sketches merged, error counts summed. Null when no part knows either.
 */
export function windowLatency(parts: readonly LatencyPart[]): WindowLatency | null {
  if (parts.length === 0) return null;
  let merged: KllSketch | undefined;
  let latencyKnown = true;
  let errors: number | null = 0;
  for (const part of parts) {
    if (part.latency == null) latencyKnown = false;
    else if (latencyKnown) {
      const sketch = KllSketch.fromJSON(part.latency);
      merged = merged === undefined ? sketch : merged.merge(sketch);
    }
    errors = errors === null || part.errors == null ? null : errors + part.errors;
  }
  if (!latencyKnown && errors === null) return null;
  const at = (q: number) => (latencyKnown && merged !== undefined && merged.count > 0 ? merged.quantile(q) : null);
  return { p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), errors };
}

/**
 * Whether a failed request counts against its version in the window's `errors`: failures on the
 * server's side only (5xx: the model threw, a worker died, the log could not be written). Client
 * errors (4xx: a malformed body, a row the contract rejects, too many instances) do not: they say
 * the caller sent something wrong, not that the version failed to serve it, and counting them would
 * let one misbehaving client spend a version's error budget, page someone, or roll back a model
 * that is fine. They stay visible per code on /metrics (`ballast_prediction_errors_total`).
 */
export function isServerFailure(error: unknown): boolean {
  return (error instanceof BallastError ? error.status : 500) >= 500;
}
