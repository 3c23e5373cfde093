import type { Cell } from '../../table.ts';
import { isMissing, parseNumber } from '../../table.ts';

/** A feature's value: what expressions compute and what the online store keeps. null is missing. */
export type FeatureValue = string | number | boolean | null;

/**
 * A cell as an expression sees it: missing text is null, so a CSV's empty field and a JSON null mean
 * the same offline and online. Text stays text; arithmetic reads numbers out of it (`asNumber`).
 */
export function fromCell(cell: Cell | undefined): FeatureValue {
  if (cell === undefined || isMissing(cell)) return null;
  return cell;
}

export function asNumber(value: FeatureValue): number | null {
  if (value === null) return null;
  return parseNumber(value) ?? null;
}

const TRUE_TEXT = new Set(['true', 'True', 'TRUE', '1']);
const FALSE_TEXT = new Set(['false', 'False', 'FALSE', '0']);

export function asBoolean(value: FeatureValue): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  return TRUE_TEXT.has(value.trim()) ? true : FALSE_TEXT.has(value.trim()) ? false : null;
}
