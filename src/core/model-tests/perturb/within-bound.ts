import type { Bound } from '../suite-types.ts';

/** Inclusive bounds; an undefined value (null) never meets a bound, since nothing shows it does. */
export function withinBound(value: number | null, bound: Bound): boolean {
  if (value === null || Number.isNaN(value)) return false;
  return (bound.min === undefined || value >= bound.min) && (bound.max === undefined || value <= bound.max);
}

/** `0.031 > max 0.02`, for a failure message. */
export function describeMiss(value: number | null, bound: Bound): string {
  if (value === null || Number.isNaN(value)) return 'undefined';
  if (bound.max !== undefined && value > bound.max) return `${formatNumber(value)} > max ${bound.max}`;
  if (bound.min !== undefined && value < bound.min) return `${formatNumber(value)} < min ${bound.min}`;
  return formatNumber(value);
}

/** Four significant digits: enough to read a rate or a change, short enough for one line. */
export function formatNumber(value: number | null): string {
  return value === null ? 'undefined' : String(Number(value.toPrecision(4)));
}
