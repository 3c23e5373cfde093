import type { FeatureType } from './feature-definitions.ts';

/**
 * Train/serve skew of one feature: the value a prediction was served with (what the model saw)
 * against the value the offline, point-in-time computation gives for the same entity at the
 * prediction's time — what a training set built today would hold for that row. Any difference means
 * the model is served something it was not trained on: a lagging materialisation, a late-arriving
 * source row, a request that carried its own value, or two implementations of one feature.
 */

/** How one prediction's feature compares. */
export type SkewOutcome =
  /** Both present and equal (numbers within the tolerance). */
  | { readonly kind: 'match'; readonly difference: number | null }
  /** Both present and different; `difference` is served − offline for numbers, null otherwise. */
  | { readonly kind: 'mismatch'; readonly difference: number | null }
  /** Served with a value, while the offline computation has none (no source row within the TTL). */
  | { readonly kind: 'missing_offline' }
  /** Served missing, while the offline computation has a value (the online store lagged or lacked the entity). */
  | { readonly kind: 'missing_online' }
  /** Missing on both sides: they agree. */
  | { readonly kind: 'both_missing' };

/**
 * A served value as the feature's type reads it: JSON numbers, or text that is one; null when missing
 * (absent, null, empty text — as an empty CSV cell is offline).
 */
export function servedValue(value: unknown, type: FeatureType): string | number | boolean | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (type === 'number' || type === 'integer') {
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string') {
      const parsed = Number(value);
      return Number.isFinite(parsed) ? parsed : value;
    }
    return typeof value === 'boolean' ? value : String(value);
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return typeof value === 'number' ? value : String(value);
  }
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
}

/**
 * Numbers match when |served − offline| ≤ tolerance × max(1, |offline|): an absolute tolerance near
 * zero, a relative one for large values, so a float written as text and read back never counts.
 */
export function compareFeature(
  served: string | number | boolean | null,
  offline: string | number | boolean | null,
  tolerance: number,
): SkewOutcome {
  if (served === null) return offline === null ? { kind: 'both_missing' } : { kind: 'missing_online' };
  if (offline === null) return { kind: 'missing_offline' };
  if (typeof served === 'number' && typeof offline === 'number') {
    const difference = served - offline;
    return Math.abs(difference) <= tolerance * Math.max(1, Math.abs(offline))
      ? { kind: 'match', difference }
      : { kind: 'mismatch', difference };
  }
  return served === offline ? { kind: 'match', difference: null } : { kind: 'mismatch', difference: null };
}

/** One prediction among a feature's largest differences. */
export interface SkewExample {
  readonly predictionId: string;
  /** The version that answered: its sensitive columns decide what a report may show. */
  readonly versionId: string;
  readonly at: string;
  readonly entityKey: string;
  readonly served: string | number | boolean | null;
  readonly offline: string | number | boolean | null;
  /** served − offline for numbers; null for text, booleans and a missing side. */
  readonly difference: number | null;
}

export interface FeatureSkewSummary {
  /** Predictions with an entity key, each compared on this feature. */
  readonly checked: number;
  /** Present on both sides. */
  readonly compared: number;
  readonly matches: number;
  /** Different values, plus a value missing on one side only. */
  readonly mismatches: number;
  /** mismatches / checked; null when nothing was checked. */
  readonly mismatchRate: number | null;
  readonly missingOffline: number;
  readonly missingOnline: number;
  readonly bothMissing: number;
  /** The mismatches with the largest |difference| first (a missing side after numbers; then by time). */
  readonly largestDifferences: readonly SkewExample[];
}

/** How many examples a feature's summary keeps. */
const SKEW_EXAMPLES = 5;

/** Counts one feature's outcomes over many predictions, keeping its few largest differences. */
export class FeatureSkewTally {
  private checked = 0;
  private compared = 0;
  private matches = 0;
  private missingOffline = 0;
  private missingOnline = 0;
  private bothMissing = 0;
  private readonly examples: SkewExample[] = [];

  constructor(private readonly keep: number = SKEW_EXAMPLES) {}

  add(example: Omit<SkewExample, 'difference'>, outcome: SkewOutcome): void {
    this.checked++;
    switch (outcome.kind) {
      case 'match':
        this.compared++;
        this.matches++;
        return;
      case 'both_missing':
        this.bothMissing++;
        return;
      case 'mismatch':
        this.compared++;
        break;
      case 'missing_offline':
        this.missingOffline++;
        break;
      case 'missing_online':
        this.missingOnline++;
        break;
    }
    this.keepExample({ ...example, difference: outcome.kind === 'mismatch' ? outcome.difference : null });
  }

  private keepExample(example: SkewExample): void {
    this.examples.push(example);
    this.examples.sort(byLargest);
    if (this.examples.length > this.keep) this.examples.length = this.keep;
  }

  summary(): FeatureSkewSummary {
    const mismatches = this.checked - this.matches - this.bothMissing;
    return {
      checked: this.checked,
      compared: this.compared,
      matches: this.matches,
      mismatches,
      mismatchRate: this.checked === 0 ? null : mismatches / this.checked,
      missingOffline: this.missingOffline,
      missingOnline: this.missingOnline,
      bothMissing: this.bothMissing,
      largestDifferences: [...this.examples],
    };
  }
}

/** Numeric differences by size, largest first; then the rest (text, a missing side), newest first. */
function byLargest(a: SkewExample, b: SkewExample): number {
  const size = (e: SkewExample) => (e.difference === null ? -1 : Math.abs(e.difference));
  return size(b) - size(a) || (a.at < b.at ? 1 : a.at > b.at ? -1 : a.predictionId < b.predictionId ? 1 : -1);
}
