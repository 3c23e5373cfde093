import { Document, isScalar, isSeq, parse, visit } from 'yaml';
import type { ColumnRule, Contract, DatasetRules } from './contract-types.ts';

/**
 * Writes a contract as JSON or YAML with a stable key order (the order docs/contracts.md lists the
 * fields in; columns in the contract's order), so two equal contracts give byte-identical text and
 * a diff of two files shows only what changed. Fields that are absent stay absent: defaults are not
 * written out, so the file says what its author said.
 */
export function serializeContract(contract: Contract, format: 'json' | 'yaml'): string {
  const ordered = orderContract(contract);
  if (format === 'json') return `${JSON.stringify(ordered, null, 2)}\n`;
  const document = new Document(ordered);
  visit(document, {
    // Short lists of category values read best on one line: `values: [red, green, blue]`.
    Seq(_key, node) {
      if (isSeq(node) && node.items.length <= 12) node.flow = true;
    },
    // Text that a YAML 1.1 reader (PyYAML) or a 1.2 reader would take for something else — `yes`,
    // `2024-01-01`, `0o17` — is quoted, so every reader gets the same text back.
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && !readsAsItself(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function readsAsItself(text: string): boolean {
  try {
    return READERS.every((version) => parse(text, { version, logLevel: 'error', mapAsMap: true }) === text);
  } catch {
    return false;
  }
}

const READERS = ['1.1', '1.2'] as const;

const COLUMN_ORDER: readonly (keyof ColumnRule)[] = [
  'type',
  'description',
  'label',
  'unit',
  'nullable',
  'missing_max',
  'min',
  'max',
  'values',
  'pattern',
  'unique',
  'mostly',
  'severity',
  'on_violation',
  'sensitive',
  'pii',
];

/** The contract rebuilt with its keys in the documented order. */
function orderContract(contract: Contract): Contract {
  const columns: Record<string, ColumnRule> = {};
  for (const [name, rule] of Object.entries(contract.columns)) {
    Object.defineProperty(columns, name, { value: pick(rule, COLUMN_ORDER), enumerable: true, writable: true, configurable: true });
  }
  return pick(
    {
      format: contract.format,
      name: contract.name,
      description: contract.description,
      defaults: contract.defaults && pick(contract.defaults, ['severity', 'on_violation']),
      columns,
      dataset: contract.dataset && orderDataset(contract.dataset),
    },
    ['format', 'name', 'description', 'defaults', 'columns', 'dataset'],
  ) as Contract;
}

function orderDataset(dataset: DatasetRules): DatasetRules {
  return pick(
    {
      row_count: dataset.row_count && pick(dataset.row_count, ['min', 'max']),
      duplicate_rows_max: dataset.duplicate_rows_max,
      label: dataset.label && pick(dataset.label, ['column', 'min_class_share', 'min_minority_share']),
      freshness: dataset.freshness && pick(dataset.freshness, ['column', 'max_delay']),
      allow_extra_columns: dataset.allow_extra_columns,
    },
    ['row_count', 'duplicate_rows_max', 'label', 'freshness', 'allow_extra_columns'],
  );
}

function pick<T extends object>(record: T, keys: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}
