import type { CountedWindow } from '../../core/slo/burn-windows.ts';
import type { SloCounts } from '../../core/slo/error-budget.ts';
import { availabilityCounts, latencyCounts } from '../../core/slo/latency-part-counts.ts';
import type { RequestWindowPart, SloRepository, WindowPartKey } from '../../store/slo-repository.ts';

/** What one stored part counts for the request objectives: availability, and latency per threshold asked so far. */
interface PartCounts {
  readonly windowStart: string;
  readonly updatedAt: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly availability: SloCounts | null;
  readonly latency: Map<number, SloCounts | null>;
}

interface KeptParts {
  readonly parts: Map<string, PartCounts>;
  /** The latest `updated_at` among them. */
  readonly writtenUntil: string;
}

/**
 * Writers' clocks may differ: a part written by a server whose clock is behind this reader's latest
 * `updated_at` is still found if within this slack. A part missed otherwise shows in the count.
 */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The counts of every stored part already read, per deployment, so a server that evaluates its SLO
 * signals every few seconds reads each part's sketch once, not at every evaluation: a 28-day period
 * of one-minute windows is some 40,000 parts of a few KB each. Each evaluation asks only for the
 * keys of parts written since the latest one it kept (new parts, and parts written again: a late
 * flush, a window rebuilt after a crash), fetches those, and checks the count of parts in the range;
 * when the count differs (parts deleted, or written by a clock far behind), it compares every key.
 */
export class RequestPartCache {
  readonly byDeployment = new Map<string, KeptParts>();
}

export interface RequestWindows {
  readonly availability: CountedWindow[];
  /** By latency threshold (ms). */
  readonly latency: Map<number, CountedWindow[]>;
}

type PartReader = Pick<SloRepository, 'requestParts' | 'requestPartKeys' | 'countRequestParts'>;

/**
 * The availability and latency events of the deployment's window parts starting in [from, to), one
 * counted window per part; parts that do not know an objective's counts are left out of it.
 */
export async function requestWindows(
  slos: PartReader,
  deployment: string,
  range: { fromMs: number; toMs: number; thresholdsMs: readonly number[] },
  cache?: RequestPartCache,
): Promise<RequestWindows> {
  const from = new Date(range.fromMs).toISOString();
  const to = new Date(range.toMs).toISOString();
  let counted: Map<string, PartCounts>;
  if (cache === undefined) {
    counted = new Map();
    for (const part of await slos.requestParts(deployment, from, to)) counted.set(keyOf(part), countPart(part, range.thresholdsMs));
  } else {
    const kept = cache.byDeployment.get(deployment);
    const known = new Map(kept?.parts ?? []);
    for (const [key, part] of known) if (part.windowStart < from || part.windowStart >= to) known.delete(key);
    // A threshold not counted before needs every part's sketch again.
    const complete = kept !== undefined && [...known.values()].every((p) => range.thresholdsMs.every((t) => p.latency.has(t)));
    const since = complete ? new Date(Date.parse(kept.writtenUntil) - CLOCK_SLACK_MS).toISOString() : undefined;
    await refresh(slos, deployment, known, await slos.requestPartKeys(deployment, from, to, since), {
      to,
      thresholdsMs: range.thresholdsMs,
    });
    if (since !== undefined && (await slos.countRequestParts(deployment, from, to)) !== known.size) {
      const keys = await slos.requestPartKeys(deployment, from, to);
      const present = new Set(keys.map(keyOf));
      for (const key of known.keys()) if (!present.has(key)) known.delete(key);
      await refresh(slos, deployment, known, keys, { to, thresholdsMs: range.thresholdsMs });
    }
    counted = known;
    let writtenUntil = '';
    for (const part of known.values()) if (part.updatedAt > writtenUntil) writtenUntil = part.updatedAt;
    cache.byDeployment.set(deployment, { parts: known, writtenUntil });
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

/** Fetches the parts among `keys` that `known` lacks or holds in an older writing, and counts them into it. */
async function refresh(
  slos: PartReader,
  deployment: string,
  known: Map<string, PartCounts>,
  keys: readonly WindowPartKey[],
  range: { to: string; thresholdsMs: readonly number[] },
): Promise<void> {
  const stale = keys.filter((k) => {
    const part = known.get(keyOf(k));
    return part === undefined || part.updatedAt !== k.updatedAt || !range.thresholdsMs.every((t) => part.latency.has(t));
  });
  if (stale.length === 0) return;
  // New parts are nearly always the newest: one read from the oldest stale one on.
  const oldest = stale.reduce((a, b) => (a.windowStart < b.windowStart ? a : b)).windowStart;
  const wanted = new Set(stale.map(keyOf));
  for (const part of await slos.requestParts(deployment, oldest, range.to))
    if (wanted.has(keyOf(part))) known.set(keyOf(part), countPart(part, range.thresholdsMs));
}

function keyOf(k: Pick<WindowPartKey, 'windowStart' | 'windowMs' | 'versionId' | 'source'>): string {
  return `${k.windowStart}|${k.windowMs}|${k.versionId}|${k.source}`;
}

function countPart(part: RequestWindowPart, thresholdsMs: readonly number[]): PartCounts {
  const startMs = Date.parse(part.windowStart);
  return {
    windowStart: part.windowStart,
    updatedAt: part.updatedAt,
    startMs,
    endMs: startMs + part.windowMs,
    availability: availabilityCounts(part),
    latency: new Map(thresholdsMs.map((t) => [t, latencyCounts(part, t)])),
  };
}
