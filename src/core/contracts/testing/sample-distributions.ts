import { isMissing, parseNumber, type Cell, type TableChunk } from '../../table.ts';
import type { Contract } from '../contract-types.ts';
import { parseTimestamp } from '../timestamps.ts';

/**
 * Seeded samples from known distributions, and a small independent checker of a contract against a
 * sample, for the inference property tests (and for measuring their failure rates at scale).
 */

export type Random = () => number;

/** mulberry32: a small seeded generator, so a failing case replays from its seed. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function poisson(random: Random, lambda: number): number {
  // Knuth's method, split into steps of 30 so e^-lambda never underflows.
  let k = 0;
  let remaining = lambda;
  let product = 1;
  for (;;) {
    product *= random();
    while (product < 1 && remaining > 0) {
      const step = Math.min(remaining, 30);
      product *= Math.exp(step);
      remaining -= step;
    }
    if (product <= 1 && remaining <= 0) return k;
    k++;
  }
}

/** A column generator: (random, row index) -> cell, as CSV text. */
export type ColumnSource = (random: Random, row: number) => Cell;

export const sources = {
  normal:
    (mean: number, sd: number): ColumnSource =>
    (random) =>
      String(mean + sd * normal(random)),
  logNormal:
    (mu: number, sigma: number): ColumnSource =>
    (random) =>
      String(Math.exp(mu + sigma * normal(random))),
  uniformInteger:
    (low: number, width: number): ColumnSource =>
    (random) =>
      String(low + Math.floor(random() * (width + 1))),
  poisson:
    (lambda: number): ColumnSource =>
    (random) =>
      String(poisson(random, lambda)),
  categorical: (names: readonly string[], weights: readonly number[]): ColumnSource => {
    const total = weights.reduce((a, b) => a + b, 0);
    return (random) => {
      let r = random() * total;
      for (let i = 0; i < names.length; i++) if ((r -= weights[i]!) < 0) return names[i]!;
      return names[names.length - 1]!;
    };
  },
  boolean:
    (p: number): ColumnSource =>
    (random) =>
      random() < p ? 'true' : 'false',
  timestamp:
    (start: number, span: number): ColumnSource =>
    (random) =>
      new Date(start + Math.floor(random() * span)).toISOString(),
  code:
    (prefix: string, digits: number): ColumnSource =>
    (random) =>
      `${prefix}${String(Math.floor(random() * 10 ** digits)).padStart(digits, '0')}`,
  withMissing:
    (source: ColumnSource, share: number): ColumnSource =>
    (random, row) =>
      random() < share ? '' : source(random, row),
};

/** A sample of `rows` rows; `offset` numbers the rows so identifiers continue in a second sample. */
export function sample(columns: Record<string, ColumnSource>, rows: number, seed: number, offset = 0): TableChunk {
  const random = seeded(seed);
  const names = Object.keys(columns);
  const sourcesInOrder = names.map((name) => columns[name]!);
  const out = [];
  for (let i = 0; i < rows; i++) out.push({ row: i + 1, cells: sourcesInOrder.map((source) => source(random, offset + i)) });
  return { columns: names, rows: out };
}

/**
 * Every rule of `contract` that `chunk` breaks, as "column: what" (empty when it passes). The same
 * semantics as the validator, written independently: missing as pandas reads it, a wrong type always
 * fails, `mostly` is the share of present, well-typed values passing each value check, `unique`
 * ignores missing values, label shares are of labelled rows.
 */
export function contractFailures(contract: Contract, chunk: TableChunk): string[] {
  const failures: string[] = [];
  const rows = chunk.rows.length;
  for (const [name, rule] of Object.entries(contract.columns)) {
    const index = chunk.columns.indexOf(name);
    if (index < 0) {
      failures.push(`${name}: missing column`);
      continue;
    }
    let missing = 0;
    let wrongType = 0;
    let outside = 0;
    let present = 0;
    const seen = new Set<string>();
    let repeats = 0;
    const pattern = rule.pattern === undefined ? undefined : new RegExp(`^(?:${rule.pattern})$`);
    const allowed = rule.values?.map(String);
    const bound = (value: number | string | undefined): number | undefined =>
      value === undefined ? undefined : typeof value === 'number' ? value : parseTimestamp(value);
    const [min, max] = [bound(rule.min), bound(rule.max)];
    for (const { cells } of chunk.rows) {
      const cell = cells[index] ?? null;
      if (isMissing(cell)) {
        missing++;
        continue;
      }
      present++;
      const text = String(cell).trim();
      if (rule.unique) {
        if (seen.has(text)) repeats++;
        seen.add(text);
      }
      let position: number | undefined;
      if (rule.type === 'number' || rule.type === 'integer') {
        position = parseNumber(cell);
        if (position === undefined || (rule.type === 'integer' && !Number.isInteger(position))) {
          wrongType++;
          continue;
        }
      } else if (rule.type === 'timestamp') {
        position = parseTimestamp(text);
        if (position === undefined) {
          wrongType++;
          continue;
        }
      } else if (rule.type === 'boolean' && !['true', 'false'].includes(text.toLowerCase())) {
        wrongType++;
        continue;
      }
      const inRange = position === undefined || ((min === undefined || position >= min) && (max === undefined || position <= max));
      const known = allowed === undefined || allowed.includes(String(cell));
      const matches = pattern === undefined || pattern.test(String(cell));
      if (!inRange || !known || !matches) outside++;
    }
    if (rule.nullable === false && missing > 0) failures.push(`${name}: ${missing} missing, not nullable`);
    if (rule.missing_max !== undefined && missing / rows > rule.missing_max)
      failures.push(`${name}: missing share ${missing / rows} > ${rule.missing_max}`);
    if (wrongType > 0) failures.push(`${name}: ${wrongType} values of the wrong type`);
    const typed = present - wrongType;
    if (outside > 0 && (typed - outside) / typed < (rule.mostly ?? 1))
      failures.push(`${name}: ${outside} of ${typed} values fail the value checks (mostly ${rule.mostly ?? 1})`);
    if (repeats > 0) failures.push(`${name}: ${repeats} repeated values`);
  }
  failures.push(...datasetFailures(contract, chunk));
  return failures;
}

function datasetFailures(contract: Contract, chunk: TableChunk): string[] {
  const failures: string[] = [];
  const rules = contract.dataset ?? {};
  const rows = chunk.rows.length;
  if (rules.duplicate_rows_max !== undefined) {
    const keys = new Set(chunk.rows.map(({ cells }) => JSON.stringify(cells.map((cell) => (isMissing(cell) ? null : cell)))));
    const share = (rows - keys.size) / rows;
    if (share > rules.duplicate_rows_max) failures.push(`dataset: duplicate share ${share} > ${rules.duplicate_rows_max}`);
  }
  if (rules.label?.min_class_share !== undefined) {
    const index = chunk.columns.indexOf(rules.label.column);
    const counts = new Map<string, number>();
    for (const cell of chunk.rows.map(({ cells }) => cells[index] ?? null)) {
      if (!isMissing(cell)) counts.set(String(cell), (counts.get(String(cell)) ?? 0) + 1);
    }
    const labelled = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const [name, count] of counts) {
      if (count / labelled < rules.label.min_class_share)
        failures.push(`label: class ${name} has share ${count / labelled} < ${rules.label.min_class_share}`);
    }
  }
  return failures;
}
