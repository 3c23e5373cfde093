/**
 * How Ballast prints counts, shares and plurals, everywhere: CLI messages, contract and drift
 * reports (text and HTML), and the dashboard (web/ imports this file as is). One place, so "2,000
 * rows", "12.3%" and "1 column" read alike wherever a user meets them. Fixed grouping (no locale),
 * so what a user sees and what a test asserts do not depend on the machine. Pure.
 */

/** What a missing figure looks like (never "null", "NaN" or "undefined"). */
export const NONE = '—';

/** Whole numbers with thousands grouped: 1,234,567 (a fraction is rounded first). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NONE;
  const whole = Math.round(n);
  const sign = whole < 0 ? '-' : '';
  return (
    sign +
    Math.abs(whole)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  );
}

/** A count and its noun: "1 row", "2,000 rows"; `many` defaults to `one` + "s". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * A share (0–1) as a percentage with the digits it needs: one decimal from 10% (12.3%), two from
 * 0.1% (1.25%), two significant digits below (0.012%), so a small share never reads as 0%.
 */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NONE;
  const value = share * 100;
  const size = Math.abs(value);
  if (value === 0 || size >= 10) return `${Number(value.toFixed(1))}%`;
  return size >= 0.1 ? `${Number(value.toFixed(2))}%` : `${Number(value.toPrecision(2))}%`;
}

/** A signed change as a percentage: +30%, −11.2% (a true minus sign), 0%. */
export function formatSignedShare(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return NONE;
  return `${change > 0 ? '+' : change < 0 ? '−' : ''}${formatShare(Math.abs(change))}`;
}

/**
 * A share that is a contract's bound, to four significant digits: two bounds that differ must not
 * print alike (12.34% → 12.35% is a change formatShare would show as 12.3% → 12.3%).
 */
export function formatBoundShare(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}
