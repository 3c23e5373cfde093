/** Whether a checked value meets its inclusive bound; an undefined value (NaN) meets none. */
import type { Bound } from './suite-types.ts';

export function withinBound(value: number, bound: Bound): boolean {
  if (Number.isNaN(value)) return false;
  return (bound.min === undefined || value >= bound.min) && (bound.max === undefined || value <= bound.max);
}

/** "≥ 0.8", "≤ 0.1", "in [0.2, 0.4]": a bound as a message shows it. */
export function describeBound(bound: Bound): string {
  if (bound.min !== undefined && bound.max !== undefined) return `in [${bound.min}, ${bound.max}]`;
  return bound.min !== undefined ? `≥ ${bound.min}` : `≤ ${bound.max}`;
}

/** A value for the wire: NaN (undefined) becomes null. */
export function wireNumber(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** A number as a message shows it: four significant digits, "undefined" for NaN. */
export function formatValue(value: number): string {
  return Number.isNaN(value) ? 'undefined' : String(Number(value.toPrecision(4)));
}
