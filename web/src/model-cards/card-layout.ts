import { formatNumber } from '../lib/format.ts';
import type { CardMissing, ModelCard } from './card-types.ts';

/**
 * How a model card's JSON is laid out on the page, apart from drawing it: the sections in reading order
 * with their titles, which missing notes belong to which section, labels for field names, and how a
 * value reads in a table cell. The fields inside a section are the server's (docs/model-cards.md), so
 * nothing here depends on them beyond a few labels.
 */

const KNOWN_SECTIONS: readonly { readonly key: string; readonly title: string }[] = [
  { key: 'model_details', title: 'Model details' },
  { key: 'considerations', title: 'Intended use and limitations' },
  { key: 'model_parameters', title: 'Inputs, output and training data' },
  { key: 'quantitative_analysis', title: 'Evaluation and real-world performance' },
  { key: 'explanations', title: 'Explanations' },
  { key: 'monitoring', title: 'Drift and data quality' },
  { key: 'governance', title: 'Approvals and reviews' },
];

/** Fields of the card itself rather than sections of it. */
const NOT_SECTIONS = new Set(['schema_version', 'generated_at', 'missing']);

export interface CardSection {
  readonly key: string;
  readonly title: string;
  readonly value: unknown;
  readonly missing: readonly CardMissing[];
}

/** A missing note belongs to the section it names (`monitoring`, `monitoring.drift`). */
function belongsTo(note: CardMissing, key: string): boolean {
  return note.section === key || note.section.startsWith(`${key}.`);
}

/**
 * Every section of the card, the known ones in the Model Card Toolkit's order and then any other the
 * server sent (a newer schema), each with its missing notes. Notes naming no section come back apart.
 */
export function cardSections(card: ModelCard): { sections: CardSection[]; unplaced: CardMissing[] } {
  const missing = Array.isArray(card.missing) ? card.missing : [];
  const keys = [
    ...KNOWN_SECTIONS.map((s) => s.key),
    ...Object.keys(card).filter((key) => !NOT_SECTIONS.has(key) && !KNOWN_SECTIONS.some((s) => s.key === key)),
  ];
  const sections = keys.map((key) => ({
    key,
    title: KNOWN_SECTIONS.find((s) => s.key === key)?.title ?? fieldLabel(key),
    value: card[key] ?? null,
    missing: missing.filter((note) => belongsTo(note, key)),
  }));
  return { sections, unplaced: missing.filter((note) => !keys.some((key) => belongsTo(note, key))) };
}

const LABELS: Readonly<Record<string, string>> = {
  code_ref: 'Code reference',
  created_at: 'Created',
  created_by: 'Created by',
  generated_at: 'Generated',
  out_of_scope_uses: 'Out-of-scope uses',
  ethical_considerations: 'Ethical considerations',
  sha256: 'SHA-256',
  snapshot_sha256: 'Snapshot SHA-256',
  input_format: 'Input format',
  label_column: 'Label column',
  time_range: 'Time range',
  performance_metrics: 'Performance metrics',
  test_runs: 'Test runs (benchmark slices)',
  live_performance: 'Real-world performance (realised from labels)',
  estimated_performance: 'Real-world performance (estimated before labels)',
  global_importance: 'Global importance',
  contract_violations: 'Contract violations',
  next_review_due: 'Next review due',
  train: 'Training data',
};

/** `out_of_scope_uses` → "Out-of-scope uses"; a dotted path (`monitoring.drift`) is labelled by its last part. */
export function fieldLabel(key: string): string {
  const last = key.split('.').pop() ?? key;
  const known = LABELS[last];
  if (known !== undefined) return known;
  const words = last.replace(/_/g, ' ').trim();
  return words === '' ? key : words[0]!.toUpperCase() + words.slice(1);
}

/** A missing note's place, in words: "Drift and data quality › Drift". */
export function missingPlace(section: string): string {
  const [head = section, ...rest] = section.split('.');
  const title = KNOWN_SECTIONS.find((s) => s.key === head)?.title ?? fieldLabel(head);
  return [title, ...rest.map(fieldLabel)].join(' › ');
}

/** Nothing to show: null, an empty string, list or record. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An ISO instant, shown as local time. */
export const isInstant = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value);

/** A list of records is drawn as a table: its columns are every key any row has, in the order first seen. */
export function tableColumns(rows: readonly unknown[]): string[] | undefined {
  if (rows.length === 0 || !rows.every(isRecord)) return undefined;
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

/** A value in one line: numbers rounded for reading, lists joined, a record as `key: value` pairs. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(cellText).join(', ');
  if (isRecord(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k}: ${cellText(v)}`).join(', ');
  }
  return String(value);
}
