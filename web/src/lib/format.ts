import { formatCount } from '../../../src/core/format-numbers.ts';

/**
 * How values read on screen. Fixed locale, so what a user sees (and a test asserts) is stable.
 * Counts, shares and plurals come from the server's one module for them (src/core/format-numbers.ts),
 * so the dashboard, the CLI and the reports print them alike.
 */
export { NONE, formatShare, formatSignedShare, plural } from '../../../src/core/format-numbers.ts';

const fractionFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function formatInteger(value: number): string {
  return formatCount(value);
}

/**
 * Metrics and probabilities: four significant digits below one, three decimals above, and never a
 * rounded integer part (a count of 123,456 stays exact).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return formatCount(value);
  return Math.abs(value) < 1 ? fractionFormat.format(value) : decimalFormat.format(value);
}

export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, `2025-03-01 14:02:11`; the ISO instant stays available as the element's title. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Enough of a SHA-256 to tell artifacts apart at a glance; the full hash is one click away. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? hash.slice(0, 12) : hash;
}

/** A logged feature value: null or absent is a missing value, as the API defines it. */
export function formatFeatureValue(value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  // Exactly what was logged: an input is evidence, not a summary.
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}
