import type { CountedWindow } from '../../core/slo/burn-windows.ts';
import type { SloCounts } from '../../core/slo/error-budget.ts';
import { availabilityCounts, latencyCounts } from '../../core/slo/latency-part-counts.ts';
import type { RequestWindowPart, SloRepository, WindowPartKey } from '../../store/slo-repository.ts';

/** What one stored part counts for the request objectives: availability, and latency per threshold asked so far. */
interface PartCounts {
  readonly updatedAt: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly availability: SloCounts | null;
  readonly latency: Map<number, SloCounts | null>;
}

/**
 * The counts of every stored part already read, per deployment, so a server that evaluates its SLO
 * signals every few seconds parses each part's latency sketch once, not at every evaluation: a
 * 28-day period of one-minute windows is some 40,000 parts of up to 7 KB each. Each evaluation
 * reads the parts' keys (and when they were written) and fetches in full only the parts that are
 * new or were written again since (a late flush, a window rebuilt after a crash).
 */
export class RequestPartCache {
  readonly byDeployment = new Map<string, Map<string, PartCounts>>();
}

export interface RequestWindows {
  readonly availability: CountedWindow[];
  /** By latency threshold (ms). */
  readonly latency: Map<number, CountedWindow[]>;
}

/**
 * The availability and latency events of the deployment's window parts starting in [from, to), one
 * counted window per part; parts that do not know an objective's counts are left out of it.
 */
export async function requestWindows(
  slos: Pick<SloRepository, 'requestParts' | 'requestPartKeys'>,
  deployment: string,
  range: { fromMs: number; toMs: number; thresholdsMs: readonly number[] },
  cache?: RequestPartCache,
): Promise<RequestWindows> {
  const from = new Date(range.fromMs).toISOString();
  const to = new Date(range.toMs).toISOString();
  const counted = new Map<string, PartCounts>();
  if (cache === undefined) {
    for (const part of await slos.requestParts(deployment, from, to)) counted.set(keyOf(part), countPart(part, range.thresholdsMs));
  } else {
    const known = cache.byDeployment.get(deployment) ?? new Map<string, PartCounts>();
    const keys = await slos.requestPartKeys(deployment, from, to);
    const stale = keys.filter((k) => !isFresh(known.get(keyOf(k)), k, range.thresholdsMs));
    if (stale.length > 0) {
      // New parts are nearly always the newest: one read from the oldest stale one on.
      const oldest = stale.reduce((a, b) => (a.windowStart < b.windowStart ? a : b)).windowStart;
      const wanted = new Set(stale.map(keyOf));
      for (const part of await slos.requestParts(deployment, oldest, to))
        if (wanted.has(keyOf(part))) known.set(keyOf(part), countPart(part, range.thresholdsMs));
    }
    // Only the keys of this range stay: parts that left the period (or were deleted) are forgotten.
    for (const k of keys) {
      const counts = known.get(keyOf(k));
      if (counts !== undefined) counted.set(keyOf(k), counts);
    }
    cache.byDeployment.set(deployment, counted);
  }
  const availability: CountedWindow[] = [];
  const latency = new Map<number, CountedWindow[]>(range.thresholdsMs.map((t) => [t, []]));
  for (const part of counted.values()) {
    if (part.availability !== null) availability.push({ startMs: part.startMs, endMs: part.endMs, counts: part.availability });
    for (const [threshold, windows] of latency) {
      const counts = part.latency.get(threshold);
      if (counts != null) windows.push({ startMs: part.startMs, endMs: part.endMs, counts });
    }
  }
  return { availability, latency };
}

function keyOf(k: Pick<WindowPartKey, 'windowStart' | 'windowMs' | 'versionId' | 'source'>): string {
  return `${k.windowStart}|${k.windowMs}|${k.versionId}|${k.source}`;
}

function isFresh(counts: PartCounts | undefined, key: WindowPartKey, thresholdsMs: readonly number[]): boolean {
  return counts !== undefined && counts.updatedAt === key.updatedAt && thresholdsMs.every((t) => counts.latency.has(t));
}

function countPart(part: RequestWindowPart, thresholdsMs: readonly number[]): PartCounts {
  const startMs = Date.parse(part.windowStart);
  return {
    updatedAt: part.updatedAt,
    startMs,
    endMs: startMs + part.windowMs,
    availability: availabilityCounts(part),
    latency: new Map(thresholdsMs.map((t) => [t, latencyCounts(part, t)])),
  };
}
