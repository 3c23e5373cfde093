import { ModelLoadError } from '../model-runtime.ts';

/**
 * Typed readers for the fields of a parsed XGBoost model. Each names the full path of the field it
 * rejects, so a corrupt or hand-edited model fails with a message that says where to look.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function invalidField(path: string, expected: string, actual?: string): never {
  throw new ModelLoadError(`XGBoost model: ${path} ${expected}${actual === undefined ? '' : ` (found ${actual})`}`);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(parent: JsonObject, key: string, path: string): JsonObject {
  const value = parent[key];
  if (!isObject(value)) invalidField(`${path}.${key}`, 'must be an object', describeValue(value));
  return value;
}

export function stringField(parent: JsonObject, key: string, path: string): string {
  const value = parent[key];
  if (typeof value !== 'string') invalidField(`${path}.${key}`, 'must be a string', describeValue(value));
  return value;
}

/** XGBoost writes its parameters as strings ("num_feature": "6"). */
export function integerStringField(parent: JsonObject, key: string, path: string, min: number, max = 2 ** 31 - 1): number {
  const text = stringField(parent, key, path);
  const value = /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    invalidField(`${path}.${key}`, `must be a whole number from ${min} to ${max}`, describeValue(text));
  }
  return value;
}

function arrayField(parent: JsonObject, key: string, path: string, length: number | undefined): readonly unknown[] {
  const value = parent[key];
  if (!Array.isArray(value)) invalidField(`${path}.${key}`, 'must be an array', describeValue(value));
  if (length !== undefined && value.length !== length) {
    invalidField(`${path}.${key}`, `must have ${length} items`, String(value.length));
  }
  return value;
}

export function numberArrayField(parent: JsonObject, key: string, path: string, length?: number): readonly number[] {
  const values = arrayField(parent, key, path, length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalidField(`${path}.${key}[${i}]`, 'must be a finite number', describeValue(value));
    }
  }
  return values as readonly number[];
}

export function integerArrayField(
  parent: JsonObject,
  key: string,
  path: string,
  bounds: { readonly length?: number; readonly min: number; readonly max: number },
): readonly number[] {
  const values = arrayField(parent, key, path, bounds.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
      invalidField(`${path}.${key}[${i}]`, `must be a whole number from ${bounds.min} to ${bounds.max}`, describeValue(value));
    }
  }
  return values as readonly number[];
}

/** `default_left` is 0/1 in current models and true/false in some older writers. */
export function flagArrayField(parent: JsonObject, key: string, path: string, length: number): Uint8Array {
  const values = arrayField(parent, key, path, length);
  const flags = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === 1 || value === true) flags[i] = 1;
    else if (value !== 0 && value !== false) invalidField(`${path}.${key}[${i}]`, 'must be 0 or 1', describeValue(value));
  }
  return flags;
}

export function stringArrayField(parent: JsonObject, key: string, path: string): readonly string[] {
  const values = arrayField(parent, key, path, undefined);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'string') invalidField(`${path}.${key}[${i}]`, 'must be a string', describeValue(values[i]));
  }
  return values as readonly string[];
}
