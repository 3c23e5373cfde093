import {
  expectObject,
  optionalBoolean,
  optionalEnum,
  optionalString,
  show,
  unknownKeys,
  type Doc,
  type Report,
} from '../contracts/document-readers.ts';
import { IssueCollector, type IssuePath } from '../issues.ts';
import { METRIC_NAMES, type MetricName } from '../performance/metric-registry.ts';
import { documentFormatOf, readDocumentText } from '../read-document-text.ts';
import {
  CHECK_TYPES,
  FAIRNESS_METRICS,
  TESTS_FORMAT,
  type Bound,
  type CheckSpec,
  type CheckType,
  type PerturbationKind,
  type RowFilter,
  type TestSuite,
} from './suite-types.ts';

/**
 * Reads a `ballast.tests/v1` suite (JSON or YAML; docs/model-tests.md) into a TestSuite with every default
 * filled, so evaluators always see complete specs. Every problem is collected with its path
 * (`["checks", 2, "bounds", "foo"]`) and thrown at once as BallastError('invalid_test_suite'). What needs the
 * data or the model (do the columns exist, does the model give probabilities) is checked by the runner.
 */
export function parseTestSuite(text: string, options: { readonly defaultName: string; readonly fileName?: string }): TestSuite {
  const issues = new IssueCollector();
  const format = options.fileName === undefined ? sniffFormat(text) : documentFormatOf(options.fileName);
  const value = readDocumentText(text, format, issues);
  const suite = issues.count > 0 ? undefined : checkSuite(value, options.defaultName, (...issue) => issues.report(...issue));
  issues.throwIfAny('invalid_test_suite', `${options.fileName ?? options.defaultName} is not a valid ${TESTS_FORMAT} suite`);
  return suite!;
}

/** JSON when the text starts like a JSON object, else YAML (YAML 1.2 reads JSON too, but JSON's errors are clearer). */
function sniffFormat(text: string): 'json' | 'yaml' {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

const PERTURBATION_KINDS: readonly PerturbationKind[] = ['noise', 'swap', 'missing'];
const SEVERITIES = ['error', 'warning'] as const;
const SUITE_KEYS = ['format', 'name', 'description', 'seed', 'checks'];
const COMMON_KEYS = ['name', 'type', 'severity'];
const INTERVAL_KEYS = ['bootstrap', 'confidence'];

/** The keys each check type accepts besides name, type and severity. */
const CHECK_KEYS: Readonly<Record<CheckType, readonly string[]>> = {
  metric: ['metric', 'bound', 'where'],
  slices: ['metric', 'columns', 'crossings', 'bins', 'min_rows', 'margin', ...INTERVAL_KEYS],
  fairness: ['sensitive', 'intersections', 'positive_label', 'bounds', ...INTERVAL_KEYS],
  perturbation: ['features', 'kinds', 'noise_std', 'feature_share', 'bounds'],
  invariance: ['feature', 'values', 'max_flip_rate'],
  direction: ['feature', 'change', 'expect', 'class', 'epsilon', 'max_violation_rate'],
  champion_challenger: ['alias', 'metric', 'margin', ...INTERVAL_KEYS],
  calibration: ['bins', 'bounds'],
  contract: ['max_violation_rate'],
};

const MAX_SEED = 4294967295;
const MAX_NAME = 128;

function checkSuite(value: unknown, defaultName: string, report: Report): TestSuite | undefined {
  const doc = expectObject(value, [], report, 'a test suite');
  if (doc === undefined) return undefined;
  unknownKeys(doc, SUITE_KEYS, [], report);
  if (doc.format === undefined) report('missing', ['format'], `is required: write "format: ${TESTS_FORMAT}" first`);
  else if (doc.format !== TESTS_FORMAT) report('invalid_value', ['format'], `must be ${TESTS_FORMAT} (got ${show(doc.format)})`);
  const name = optionalString(doc, 'name', [], report) ?? defaultName;
  if (name.trim() === '') report('invalid_value', ['name'], 'must not be empty');
  // Stored in a column of 128 characters; a longer default (a long file name) needs an explicit name.
  else if (name.length > MAX_NAME)
    report('too_big', ['name'], `must be at most ${MAX_NAME} characters (got ${name.length}); set name: in the suite`);
  const description = optionalString(doc, 'description', [], report);
  const seed = doc.seed === undefined ? 0 : doc.seed;
  if (!(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    report('invalid_value', ['seed'], `must be a whole number from 0 to ${MAX_SEED} (got ${show(seed)})`);
  }
  const checks: CheckSpec[] = [];
  if (doc.checks === undefined) report('missing', ['checks'], 'is required: a list of checks');
  else if (!Array.isArray(doc.checks) || doc.checks.length === 0)
    report('invalid_value', ['checks'], `must be a non-empty list of checks (got ${show(doc.checks)})`);
  else {
    const seen = new Map<string, number>();
    doc.checks.forEach((item: unknown, index: number) => {
      const check = checkOne(item, ['checks', index], report);
      if (check === undefined) return;
      const first = seen.get(check.name);
      if (first !== undefined)
        report('duplicate', ['checks', index, 'name'], `"${check.name}" is also the name of checks[${first}]; names must be unique`);
      else seen.set(check.name, index);
      checks.push(check);
    });
  }
  return { format: TESTS_FORMAT, name, ...(description === undefined ? {} : { description }), seed: seed as number, checks };
}

function checkOne(item: unknown, path: IssuePath, report: Report): CheckSpec | undefined {
  const doc = expectObject(item, path, report, 'a check');
  if (doc === undefined) return undefined;
  const name = optionalString(doc, 'name', path, report);
  if (doc.name === undefined) report('missing', [...path, 'name'], 'is required');
  else if (name !== undefined && name.trim() === '') report('invalid_value', [...path, 'name'], 'must not be empty');
  if (doc.type === undefined) {
    report('missing', [...path, 'type'], `is required: one of ${CHECK_TYPES.join(', ')}`);
    return undefined;
  }
  const type = optionalEnum(doc, 'type', CHECK_TYPES, path, report);
  if (type === undefined) return undefined;
  unknownKeys(doc, [...COMMON_KEYS, ...CHECK_KEYS[type]], path, report);
  const severity = optionalEnum(doc, 'severity', SEVERITIES, path, report) ?? 'error';
  const base = { name: name ?? '', severity };
  const r = new FieldReader(doc, path, report);
  switch (type) {
    case 'metric': {
      const where = r.rowFilter('where');
      return { ...base, type, metric: r.metric('metric') as MetricName, bound: r.requiredBound('bound'), ...(where ? { where } : {}) };
    }
    case 'slices': {
      const columns = r.stringList('columns');
      const crossings = r.crossings('crossings');
      return {
        ...base,
        type,
        metric: r.metric('metric') as MetricName,
        ...(columns ? { columns } : {}),
        ...(crossings ? { crossings } : {}),
        bins: r.integer('bins', 5, 2),
        min_rows: r.integer('min_rows', 30, 1),
        margin: r.number('margin', 0.05, 0),
        bootstrap: r.integer('bootstrap', 200, 1),
        confidence: r.confidence(),
      };
    }
    case 'fairness': {
      const positive = r.classLabel('positive_label');
      return {
        ...base,
        type,
        sensitive: r.sensitive(),
        intersections: optionalBoolean(doc, 'intersections', path, report) ?? false,
        ...(positive === undefined ? {} : { positive_label: positive }),
        bounds: r.bounds('bounds', FAIRNESS_METRICS),
        bootstrap: r.integer('bootstrap', 200, 0),
        confidence: r.confidence(),
      };
    }
    case 'perturbation': {
      const features = r.stringList('features');
      return {
        ...base,
        type,
        ...(features ? { features } : {}),
        kinds: r.kinds(),
        noise_std: r.number('noise_std', 0.1, 0),
        feature_share: r.share('feature_share', 1, true),
        bounds: r.bounds('bounds', ['flip_rate', 'mean_abs_change']),
      };
    }
    case 'invariance': {
      const values = r.values('values');
      return {
        ...base,
        type,
        feature: r.requiredString('feature'),
        ...(values ? { values } : {}),
        max_flip_rate: r.share('max_flip_rate', 0),
      };
    }
    case 'direction': {
      const cls = r.classLabel('class');
      return {
        ...base,
        type,
        feature: r.requiredString('feature'),
        change: r.requiredNumber('change'),
        expect: r.expect(),
        ...(cls === undefined ? {} : { class: cls }),
        epsilon: r.number('epsilon', 0, 0),
        max_violation_rate: r.share('max_violation_rate', 0),
      };
    }
    case 'champion_challenger':
      return {
        ...base,
        type,
        alias: optionalString(doc, 'alias', path, report) ?? 'champion',
        metric: r.metric('metric') as MetricName,
        margin: r.number('margin', 0.01, 0),
        bootstrap: r.integer('bootstrap', 200, 1),
        confidence: r.confidence(),
      };
    case 'calibration':
      return { ...base, type, bins: r.integer('bins', 10, 2), bounds: r.bounds('bounds', ['ece', 'brier']) };
    case 'contract':
      return { ...base, type, max_violation_rate: r.share('max_violation_rate', 0) };
  }
}

/** Reads the fields of one check, reporting each problem at its path; a bad field reads as its default. */
class FieldReader {
  constructor(
    private readonly doc: Doc,
    private readonly path: IssuePath,
    private readonly report: Report,
  ) {}

  private at(key: string, ...rest: Array<string | number>): IssuePath {
    return [...this.path, key, ...rest];
  }

  metric(key: string): string {
    const value = this.doc[key];
    if (value === undefined) this.report('missing', this.at(key), `is required: one of ${METRIC_NAMES.join(', ')}`);
    else if (typeof value !== 'string' || !(METRIC_NAMES as readonly string[]).includes(value))
      this.report('invalid_value', this.at(key), `is not a metric Ballast knows (got ${show(value)}); one of ${METRIC_NAMES.join(', ')}`);
    return typeof value === 'string' ? value : '';
  }

  requiredString(key: string): string {
    const value = this.doc[key];
    if (typeof value === 'string' && value !== '') return value;
    this.report(
      value === undefined ? 'missing' : 'invalid_type',
      this.at(key),
      value === undefined ? 'is required' : `must be a column name (got ${show(value)})`,
    );
    return '';
  }

  requiredNumber(key: string): number {
    const value = this.doc[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.report(
      value === undefined ? 'missing' : 'invalid_type',
      this.at(key),
      value === undefined ? 'is required' : `must be a number (got ${show(value)})`,
    );
    return 0;
  }

  number(key: string, fallback: number, min: number): number {
    const value = this.doc[key];
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
    this.report('invalid_value', this.at(key), `must be a number ≥ ${min} (got ${show(value)})`);
    return fallback;
  }

  integer(key: string, fallback: number, min: number): number {
    const value = this.doc[key];
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 1_000_000) return value;
    this.report('invalid_value', this.at(key), `must be a whole number from ${min} to 1000000 (got ${show(value)})`);
    return fallback;
  }

  /** A share in [0, 1]; `positive` excludes 0 (a feature share of 0 would perturb nothing). */
  share(key: string, fallback: number, positive = false): number {
    const value = this.doc[key];
    if (value === undefined) return fallback;
    if (typeof value === 'number' && value <= 1 && (positive ? value > 0 : value >= 0)) return value;
    this.report('invalid_value', this.at(key), `must be a share ${positive ? 'above 0' : 'from 0'} up to 1 (got ${show(value)})`);
    return fallback;
  }

  confidence(): number {
    const value = this.doc.confidence;
    if (value === undefined) return 0.95;
    if (typeof value === 'number' && value > 0 && value < 1) return value;
    this.report('invalid_value', this.at('confidence'), `must be a level strictly between 0 and 1, e.g. 0.95 (got ${show(value)})`);
    return 0.95;
  }

  classLabel(key: string): string | number | undefined {
    const value = this.doc[key];
    if (value === undefined || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
    this.report('invalid_type', this.at(key), `must be a class label, text or a number (got ${show(value)})`);
    return undefined;
  }

  stringList(key: string): string[] | undefined {
    const value = this.doc[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.report('invalid_type', this.at(key), `must be a non-empty list of column names (got ${show(value)})`);
      return undefined;
    }
    value.forEach((item: unknown, i) => {
      if (typeof item !== 'string' || item === '')
        this.report('invalid_type', this.at(key, i), `must be a column name (got ${show(item)})`);
    });
    return value.filter((item): item is string => typeof item === 'string');
  }

  /** `sensitive: sex` or `sensitive: [sex, race]`. */
  sensitive(): string[] {
    const value = this.doc.sensitive;
    if (value === undefined) {
      this.report('missing', this.at('sensitive'), 'is required: the column (or list of columns) whose groups are compared');
      return [];
    }
    if (typeof value === 'string' && value !== '') return [value];
    return this.stringList('sensitive') ?? [];
  }

  crossings(key: string): Array<readonly [string, string]> | undefined {
    const value = this.doc[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.report('invalid_type', this.at(key), `must be a non-empty list of column pairs, e.g. [[sex, age]] (got ${show(value)})`);
      return undefined;
    }
    const pairs: Array<readonly [string, string]> = [];
    value.forEach((pair: unknown, i) => {
      if (Array.isArray(pair) && pair.length === 2 && pair.every((c) => typeof c === 'string' && c !== '') && pair[0] !== pair[1])
        pairs.push([pair[0] as string, pair[1] as string]);
      else this.report('invalid_value', this.at(key, i), `must be two different column names, e.g. [sex, age] (got ${show(pair)})`);
    });
    return pairs;
  }

  values(key: string): Array<string | number> | undefined {
    const value = this.doc[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.report('invalid_type', this.at(key), `must be a non-empty list of values (got ${show(value)})`);
      return undefined;
    }
    value.forEach((item: unknown, i) => {
      if (!(typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))))
        this.report('invalid_type', this.at(key, i), `must be text or a number (got ${show(item)})`);
    });
    return value.filter((item): item is string | number => typeof item === 'string' || typeof item === 'number');
  }

  rowFilter(key: string): RowFilter | undefined {
    const value = this.doc[key];
    if (value === undefined) return undefined;
    const doc = expectObject(value, this.at(key), this.report, 'where');
    if (doc === undefined) return undefined;
    if (Object.keys(doc).length === 0) this.report('invalid_value', this.at(key), 'must name at least one column');
    const filter: Record<string, string | number | boolean> = {};
    for (const [column, cell] of Object.entries(doc)) {
      if (typeof cell === 'string' || typeof cell === 'boolean' || (typeof cell === 'number' && Number.isFinite(cell)))
        filter[column] = cell;
      else
        this.report(
          'invalid_type',
          this.at(key, column),
          `must be the value rows are kept for: text, a number or true/false (got ${show(cell)})`,
        );
    }
    return filter;
  }

  expect(): 'increase' | 'decrease' {
    if (this.doc.expect === undefined) {
      this.report('missing', this.at('expect'), 'is required: increase or decrease');
      return 'increase';
    }
    return optionalEnum(this.doc, 'expect', ['increase', 'decrease'] as const, this.path, this.report) ?? 'increase';
  }

  kinds(): PerturbationKind[] {
    const value = this.doc.kinds;
    if (value === undefined) return [...PERTURBATION_KINDS];
    if (!Array.isArray(value) || value.length === 0) {
      this.report('invalid_type', this.at('kinds'), `must be a non-empty list of ${PERTURBATION_KINDS.join(', ')} (got ${show(value)})`);
      return [...PERTURBATION_KINDS];
    }
    const kinds: PerturbationKind[] = [];
    value.forEach((item: unknown, i) => {
      if (typeof item === 'string' && (PERTURBATION_KINDS as readonly string[]).includes(item)) {
        if (!kinds.includes(item as PerturbationKind)) kinds.push(item as PerturbationKind);
      } else this.report('invalid_value', this.at('kinds', i), `must be ${PERTURBATION_KINDS.join(', ')} (got ${show(item)})`);
    });
    return kinds;
  }

  requiredBound(key: string): Bound {
    if (this.doc[key] === undefined) {
      this.report('missing', this.at(key), 'is required: {min: …} and/or {max: …}');
      return {};
    }
    return this.bound(this.doc[key], this.at(key));
  }

  /** A mapping of value names to bounds, at least one, each name one of `names`. */
  bounds<N extends string>(key: string, names: readonly N[]): Partial<Record<N, Bound>> {
    const value = this.doc[key];
    if (value === undefined) {
      this.report('missing', this.at(key), `is required: a bound on at least one of ${names.join(', ')}`);
      return {};
    }
    const doc = expectObject(value, this.at(key), this.report, 'bounds');
    if (doc === undefined) return {};
    if (Object.keys(doc).length === 0) this.report('invalid_value', this.at(key), `must bound at least one of ${names.join(', ')}`);
    const bounds: Partial<Record<N, Bound>> = {};
    for (const [name, bound] of Object.entries(doc)) {
      if (!(names as readonly string[]).includes(name)) {
        this.report('invalid_value', this.at(key, name), `is not a value this check measures; one of ${names.join(', ')}`);
        continue;
      }
      bounds[name as N] = this.bound(bound, this.at(key, name));
    }
    return bounds;
  }

  private bound(value: unknown, path: IssuePath): Bound {
    const doc = expectObject(value, path, this.report, 'a bound');
    if (doc === undefined) return {};
    unknownKeys(doc, ['min', 'max'], path, this.report);
    const bound: { min?: number; max?: number } = {};
    for (const side of ['min', 'max'] as const) {
      const number = doc[side];
      if (number === undefined) continue;
      if (typeof number === 'number' && Number.isFinite(number)) bound[side] = number;
      else this.report('invalid_type', [...path, side], `must be a number (got ${show(number)})`);
    }
    if (doc.min === undefined && doc.max === undefined) this.report('missing', path, 'needs min, max or both');
    if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max)
      this.report('invalid_value', path, `min ${bound.min} is above max ${bound.max}`);
    return bound;
  }
}
