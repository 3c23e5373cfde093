import { BallastError } from '../errors.ts';
import type { ColumnStatistics, DistinctValue } from './column-statistics.ts';
import { CONTRACT_FORMAT, type ColumnRule, type Contract, type DatasetRules } from './contract-types.ts';
import type { DatasetStatistics } from './dataset-statistics.ts';
import {
  inferMostly,
  isRightSkewed,
  lowerBound,
  positiveLowerBound,
  roundOutward,
  shareLowerBound,
  shareUpperBound,
  upperBound,
} from './inference-bounds.ts';
import { MIN_VALUES_FOR_PATTERN, UUID_PATTERN } from './string-shape.ts';

export interface InferOptions {
  /** The label column: its classes get a balance rule. */
  readonly label?: string;
  /** The event-time column: it gets a freshness rule. */
  readonly timestamp?: string;
  /** The freshness bound for `timestamp`; default 1d, or 2d when the column holds bare dates. */
  readonly maxDelay?: string;
  readonly name?: string;
}

/** At most this many categories are listed; more and the column is text. */
const MAX_CATEGORIES = 100;
/** Each category must have been seen this often, or a rarer value unseen in training is likely too. */
const MIN_CATEGORY_COUNT = 5;
/** A label with more classes than this is treated as a quantity, without a balance rule. */
const MAX_LABEL_CLASSES = 20;
const ID_NAME = /(^|[_\-\s.])(id|uuid|guid|key)$|[a-z0-9]Id$|^id$/i;

/**
 * Writes a contract from statistics of a dataset (DatasetStatistics, or the columns' statistics
 * alone when whole rows were not seen). Bounds are chosen not to overfit: a fresh sample from the
 * same source passes. docs/contracts.md explains each choice.
 */
export function inferContract(stats: DatasetStatistics | readonly ColumnStatistics[], options: InferOptions = {}): Contract {
  const columns = Array.isArray(stats) ? (stats as readonly ColumnStatistics[]) : (stats as DatasetStatistics).columns;
  const rows = Array.isArray(stats) ? Math.max(0, ...columns.map((column) => column.rows)) : (stats as DatasetStatistics).rows;
  for (const [option, name] of [
    ['label', options.label],
    ['timestamp', options.timestamp],
  ] as const) {
    if (name !== undefined && !columns.some((column) => column.name === name)) {
      throw new BallastError('missing_column', `The ${option} column ${JSON.stringify(name)} is not in the data`);
    }
  }
  const rules: Record<string, ColumnRule> = {};
  for (const column of columns) {
    Object.defineProperty(rules, column.name, {
      value: inferColumn(column, options),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const dataset: DatasetRules = {
    // No duplicate_rows_max: the share of rows that repeat an earlier one is not a property of the
    // source but grows with the size of the sample (more rows, more chances to repeat; a census
    // file's 31% in 20,000 rows was 43% in the whole file), so no bound read from one sample holds
    // for a larger one. docs/contracts.md says how to write one by hand.
    ...labelRule(columns.find((column) => column.name === options.label)),
    ...freshnessRule(
      columns.find((column) => column.name === options.timestamp),
      options,
    ),
  };
  return {
    format: CONTRACT_FORMAT,
    ...(options.name !== undefined ? { name: options.name } : {}),
    description: `Inferred from ${rows} rows.`,
    columns: rules,
    ...(Object.keys(dataset).length > 0 ? { dataset } : {}),
  };
}

function inferColumn(column: ColumnStatistics, options: InferOptions): ColumnRule {
  const kind = column.kind();
  if (column.name === options.timestamp && kind !== 'timestamp') {
    throw new BallastError('invalid_argument', `--timestamp ${column.name}: the column holds values that are not ISO-8601 dates or times`);
  }
  const rule: { -readonly [K in keyof ColumnRule]: ColumnRule[K] } = { type: 'string' };
  if (column.missing === 0 && column.rows > 0) rule.nullable = false;
  else if (column.rows > 0) rule.missing_max = shareUpperBound(column.missing, column.rows);
  const unique = looksLikeId(column, kind);
  let checked = false;
  switch (kind) {
    case 'integer':
    case 'number': {
      rule.type = kind;
      if (!unique) checked = addRange(rule, column, kind === 'integer');
      break;
    }
    case 'timestamp':
      rule.type = 'timestamp';
      checked = addTimestampMin(rule, column);
      break;
    case 'boolean':
      rule.type = 'boolean';
      break;
    case 'string': {
      const categories = unique ? undefined : categoriesOf(column);
      if (categories !== undefined) {
        rule.type = 'category';
        rule.values = categories;
        checked = true;
      } else {
        const pattern = column.shapes.pattern();
        if (pattern !== undefined && column.kinds.string === column.present && column.present >= MIN_VALUES_FOR_PATTERN) {
          rule.pattern = pattern;
          checked = true;
        }
      }
      break;
    }
    default:
      break;
  }
  if (unique) rule.unique = true;
  if (checked) rule.mostly = inferMostly(column.present);
  return rule;
}

function addRange(rule: { min?: number | string; max?: number | string }, column: ColumnStatistics, integer: boolean): boolean {
  const state = column.numbers.state();
  const positiveSkewed = !integer && state.bottom[0]! > 0 && isRightSkewed(column.numbers.skewness, state.count);
  const low = positiveSkewed ? positiveLowerBound(state) : lowerBound(state);
  const high = upperBound(state);
  if (low === undefined || high === undefined) return false;
  const observedMin = column.numbers.min!;
  const observedMax = column.numbers.max!;
  let min = low.edge ? observedMin : roundOutward(low.value, observedMin, -1, integer);
  let max = high.edge ? observedMax : roundOutward(high.value, observedMax, 1, integer);
  // Sign is kept: a column never seen below zero gets no negative lower bound (and one never seen
  // above zero no positive upper bound). A source that gives negatives at a rate p shows none in n
  // values with probability (1 - p)^n, so seeing none means p < 3/n (95%), and that share is what
  // `mostly` (1 - 3/n) lets through. Counts, prices, durations and ratings are never negative.
  if (observedMin >= 0 && min < 0) min = 0;
  if (observedMax <= 0 && max > 0) max = 0;
  rule.min = min;
  rule.max = max;
  return true;
}

/**
 * Timestamps get a lower bound only: new data is later than the training data by nature, and an
 * upper bound would fail it; the freshness rule covers the other side. The lower bound catches the
 * classic bug of a missing date turned into 1970-01-01.
 */
function addTimestampMin(rule: { min?: number | string }, column: ColumnStatistics): boolean {
  const low = lowerBound(column.times.state());
  if (low === undefined) return false;
  const day = 86_400_000;
  const observed = column.times.min!;
  // Whole days for a margin of a day or more (and for bare dates), whole seconds otherwise.
  const step = observed - low.value >= day || column.dateOnly ? day : 1000;
  const bound = low.edge ? observed : Math.floor(low.value / step) * step;
  const text = new Date(bound).toISOString();
  rule.min = bound % day === 0 ? text.slice(0, 10) : text.replace('.000Z', 'Z');
  return true;
}

function categoriesOf(column: ColumnStatistics): (string | number | boolean)[] | undefined {
  const distinct = column.distinct();
  if (distinct === undefined || distinct.length === 0 || distinct.length > MAX_CATEGORIES) return undefined;
  if (distinct.some((entry) => entry.count < MIN_CATEGORY_COUNT)) return undefined;
  return sortValues(distinct).map((entry) => entry.value);
}

/**
 * Unique only when every value was distinct and the column looks like an identifier: its name says
 * so, its values are uniform codes (one shape, or UUIDs), or its integers are dense (a row number).
 * A measurement that happened not to repeat in this sample would repeat in the next.
 */
function looksLikeId(column: ColumnStatistics, kind: ReturnType<ColumnStatistics['kind']>): boolean {
  if (column.allDistinct() !== true || column.present < MIN_VALUES_FOR_PATTERN) return false;
  if (ID_NAME.test(column.name)) return true;
  if (kind === 'string') {
    // Random codes from a space of R values collide about n²/2R times, so values that never
    // repeated where that is large are identifiers, not chance. R is read from the pattern and can
    // only be overestimated (a constant prefix counts as 26 choices a letter), which errs towards
    // not declaring uniqueness. UUIDs are identifiers by construction.
    if (column.shapes.pattern() === UUID_PATTERN) return true;
    const space = column.shapes.valueSpace();
    return space !== undefined && (column.present * column.present) / (2 * space) > 5;
  }
  if (kind === 'integer') return column.numbers.max! - column.numbers.min! + 1 <= 2 * column.present;
  return false;
}

function labelRule(column: ColumnStatistics | undefined): Pick<DatasetRules, 'label'> {
  if (column === undefined) return {};
  const kind = column.kind();
  const classes = kind === 'number' || kind === 'timestamp' ? undefined : column.distinct();
  if (classes === undefined || classes.length < 2 || classes.length > MAX_LABEL_CLASSES) return { label: { column: column.name } };
  const labelled = classes.reduce((sum, entry) => sum + entry.count, 0);
  const smallest = Math.min(...classes.map((entry) => shareLowerBound(entry.count, labelled)));
  return { label: smallest > 0 ? { column: column.name, min_class_share: smallest } : { column: column.name } };
}

function freshnessRule(column: ColumnStatistics | undefined, options: InferOptions): Pick<DatasetRules, 'freshness'> {
  if (column === undefined) return {};
  // A daily file stamped with yesterday's date is on time until the next one is due.
  return { freshness: { column: column.name, max_delay: options.maxDelay ?? (column.dateOnly ? '2d' : '1d') } };
}

function sortValues(values: DistinctValue[]): DistinctValue[] {
  return [...values].sort((a, b) => {
    if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
    const x = String(a.value);
    const y = String(b.value);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
