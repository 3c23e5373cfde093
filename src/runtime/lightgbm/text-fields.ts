import { ModelLoadError } from '../model-runtime.ts';

/**
 * Strict readers for the `key=value` fields of a LightGBM text model. `Number()` and `parseFloat()`
 * accept too much ('' is 0, '0x10' is 16, '1.5abc' is 1.5), and a corrupt model must be refused rather
 * than read as something else, so every token is matched against the grammar LightGBM writes.
 */

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

export function loadError(detail: string): ModelLoadError {
  return new ModelLoadError(`LightGBM model: ${detail}`);
}

/** Splits a space-separated list; LightGBM pads some lists (linear leaves) with extra spaces. */
export function splitTokens(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

export function parseFiniteNumber(token: string, what: string): number {
  if (!DECIMAL.test(token)) throw loadError(`${what} is '${token}', expected a finite number`);
  const value = Number(token);
  if (!Number.isFinite(value)) throw loadError(`${what} is '${token}', expected a finite number`);
  return value;
}

/** Split thresholds may be infinite: a split on missingness alone is written `threshold=inf`. */
export function parseThreshold(token: string, what: string): number {
  if (token === 'inf' || token === '+inf') return Infinity;
  if (token === '-inf') return -Infinity;
  return parseFiniteNumber(token, what);
}

export function parseInteger(token: string, what: string, min: number, max: number): number {
  if (!INTEGER.test(token)) throw loadError(`${what} is '${token}', expected an integer`);
  const value = Number(token);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw loadError(`${what} is ${token}, expected an integer from ${min} to ${max}`);
  }
  return value;
}

function checkCount(tokens: readonly string[], expected: number, what: string): void {
  if (tokens.length !== expected) {
    throw loadError(`${what} has ${tokens.length} values, expected ${expected} (is the file truncated or edited?)`);
  }
}

export function parseNumberList(value: string, expected: number, what: string, parse = parseFiniteNumber): Float64Array {
  const tokens = splitTokens(value);
  checkCount(tokens, expected, what);
  const out = new Float64Array(expected);
  tokens.forEach((token, i) => {
    out[i] = parse(token, `${what}[${i}]`);
  });
  return out;
}

export function parseIntegerList(value: string, expected: number, what: string, min: number, max: number): Int32Array {
  const tokens = splitTokens(value);
  checkCount(tokens, expected, what);
  const out = new Int32Array(expected);
  tokens.forEach((token, i) => {
    out[i] = parseInteger(token, `${what}[${i}]`, min, max);
  });
  return out;
}

/** Reads `key=value` lines (and bare flags such as `average_output`) into a map, refusing duplicates. */
export function readKeyValues(lines: readonly string[], where: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? '' : line.slice(eq + 1);
    if (fields.has(key)) throw loadError(`${where} has the field '${key}' twice`);
    fields.set(key, value);
  }
  return fields;
}

export function requireField(fields: ReadonlyMap<string, string>, key: string, where: string): string {
  const value = fields.get(key);
  if (value === undefined) throw loadError(`${where} is missing the field '${key}' (is the file truncated?)`);
  return value;
}
