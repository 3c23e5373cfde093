import type { IssueCode, IssuePath } from '../issues.ts';

/**
 * Readers for the contract checker: each reads one field of a parsed document, reports what is
 * wrong with it at its path, and returns the value or undefined, so checking goes on past a problem.
 */

/** An IssueCollector's report, passed as a function so the readers stay plain functions. */
export type Report = (code: IssueCode, path: IssuePath, message: string) => void;
export type Doc = Record<string, unknown>;

export function expectObject(value: unknown, path: IssuePath, report: Report, what: string): Doc | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Doc;
  report('invalid_type', path, `${what} must be a mapping of keys to values (got ${show(value)})`);
  return undefined;
}

export function unknownKeys(doc: Doc, known: readonly string[], path: IssuePath, report: Report): void {
  for (const key of Object.keys(doc)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    report('unrecognized_key', [...path, key], `unknown key${near ? `; did you mean ${near}?` : `; allowed here: ${known.join(', ')}`}`);
  }
}

export function optionalString(doc: Doc, key: string, path: IssuePath, report: Report): string | undefined {
  const value = doc[key];
  if (value === undefined || typeof value === 'string') return value;
  report('invalid_type', [...path, key], `must be text (got ${show(value)})`);
  return undefined;
}

export function optionalBoolean(doc: Doc, key: string, path: IssuePath, report: Report): boolean | undefined {
  const value = doc[key];
  if (value === undefined || typeof value === 'boolean') return value;
  report('invalid_type', [...path, key], `must be true or false (got ${show(value)})`);
  return undefined;
}

export function optionalShare(doc: Doc, key: string, path: IssuePath, report: Report): number | undefined {
  const value = doc[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  report('invalid_value', [...path, key], `must be a share between 0 and 1, e.g. 0.05 for 5% (got ${show(value)})`);
  return undefined;
}

export function optionalEnum<T extends string>(
  doc: Doc,
  key: string,
  allowed: readonly T[],
  path: IssuePath,
  report: Report,
): T | undefined {
  const value = doc[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  report('invalid_value', [...path, key], `must be ${allowed.join(' or ')} (got ${show(value)})`);
  return undefined;
}

export function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return String(value);
}

/** Drops undefined fields so the rebuilt contract holds only what the document said. */
export function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) if (record[key] === undefined) delete record[key];
  return record;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The known key a typo most likely meant: within a quarter of its length in edits (at least one). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(candidate, key);
    if (distance <= Math.max(1, Math.floor(candidate.length / 4)) && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `name` of each entry of a list as written (undefined where there is none). */
export function namesIn(raw: unknown): (string | undefined)[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((item: unknown) => {
    const name = typeof item === 'object' && item !== null ? (item as Doc).name : undefined;
    return typeof name === 'string' ? name : undefined;
  });
}

/** Names used twice, found in the list as written so the path points at the entry even when it has other problems. */
export function reportDuplicateNames(raw: unknown, path: IssuePath, report: Report): void {
  const seen = new Set<string>();
  namesIn(raw).forEach((name, i) => {
    if (name === undefined) return;
    if (seen.has(name)) report('duplicate', [...path, i, 'name'], `${JSON.stringify(name)} is named twice`);
    seen.add(name);
  });
}
