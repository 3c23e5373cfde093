import type { FeatureViewMaterialization, FeatureViewSummary } from './feature-types.ts';
import { plural } from '../lib/format.ts';

/** Keys one lookup may ask for (the server's MAX_LOOKUP_KEYS). */
export const MAX_LOOKUP_KEYS = 1000;

const UNITS = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
] as const;

/** A view's TTL as a reader says it: `90 days`, `1 day 12 hours`; null is `never expire`. */
export function ttlWording(seconds: number | null): string {
  if (seconds === null) return 'never expire';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ');
}

/** Where a view reads from: the file's path, or the database table. */
export function sourceWording(source: FeatureViewSummary['source']): string {
  if (source.path !== null) return `${source.name} (${source.path})`;
  if (source.table !== null) return `${source.name} (table ${source.table})`;
  return source.name;
}

/** Online rows, or why there is no count (Redis is not scanned to count). */
export function onlineRowsWording(rows: number | null): string {
  if (rows === null) return 'not counted (Redis)';
  return plural(rows, 'key');
}

/** The window a materialisation covered: `(beginning, 2026-06-01T00:00:00.000Z]`. */
export function windowWording(run: FeatureViewMaterialization): string {
  return `${run.start_time ?? 'the beginning'} → ${run.end_time}`;
}

/**
 * The keys typed into a lookup form: separated by commas, spaces or new lines, blanks dropped and
 * repeats asked once. An error names what is wrong rather than sending a request the server refuses.
 */
export function parseLookupKeys(text: string): { keys: string[] } | { error: string } {
  const keys = [...new Set(text.split(/[\s,]+/).filter((k) => k !== ''))];
  if (keys.length === 0) return { error: 'Enter at least one entity key.' };
  if (keys.length > MAX_LOOKUP_KEYS) return { error: `At most ${MAX_LOOKUP_KEYS} keys at once (${keys.length} entered).` };
  return { keys };
}
