import { InvalidArgumentError } from 'commander';
import { parseClassLabels } from '../core/class-labels.ts';
import type { ClassLabel } from '../core/signature.ts';

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `key=value` pairs (repeatable) into an object; values that read as JSON keep their type. */
export function keyValue(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`"${value}" is not key=value`);
  const key = value.slice(0, at);
  const raw = value.slice(at + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // plain text stays text
  }
  return { ...previous, [key]: parsed };
}

/** `name=number` pairs (repeatable) for metrics, which must be numbers. */
export function metric(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const at = value.indexOf('=');
  const number = Number(value.slice(at + 1));
  if (at <= 0 || value.slice(at + 1).trim() === '' || !Number.isFinite(number))
    throw new InvalidArgumentError(`"${value}" is not name=number`);
  return { ...previous, [value.slice(0, at)]: number };
}

export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `--classes a,b,c` (or a JSON array): class labels in score order; whole numbers read as numbers. */
export function classList(value: string): ClassLabel[] {
  const labels = parseClassLabels(value);
  if (labels === undefined)
    throw new InvalidArgumentError(`"${value}" is not a comma-separated list of class labels (or a JSON array of strings and numbers)`);
  return labels;
}
