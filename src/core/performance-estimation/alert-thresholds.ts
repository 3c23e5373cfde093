/**
 * Alert thresholds as NannyML's CBPE sets them: the mean of the metric's realised values on the reference
 * chunks ± 3 standard deviations (population, chunks without a value left out), clipped to [0, 1].
 */
export interface Thresholds {
  readonly lower: number | null;
  readonly upper: number | null;
}

export function alertThresholds(referenceValues: ReadonlyArray<number | null>, multiplier = 3): Thresholds {
  const values = referenceValues.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return { lower: null, upper: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length);
  return { lower: Math.max(0, mean - multiplier * std), upper: Math.min(1, mean + multiplier * std) };
}

export function outsideThresholds(value: number | null, t: Thresholds): boolean {
  if (value === null) return false;
  return (t.lower !== null && value < t.lower) || (t.upper !== null && value > t.upper);
}
