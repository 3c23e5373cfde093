import type { ColumnKind, ColumnRule, Contract } from './contract-types.ts';
import { parseDuration } from './parse-duration.ts';
import { parseTimestamp } from './timestamps.ts';
import { formatBoundShare } from '../format-numbers.ts';

export type SchemaChangeKind =
  | 'column_added'
  | 'column_removed'
  | 'column_retyped'
  | 'range_widened'
  | 'range_narrowed'
  | 'range_shifted'
  | 'values_added'
  | 'values_removed'
  | 'pattern_changed'
  | 'nullability_changed'
  | 'missing_share_changed'
  | 'uniqueness_changed'
  | 'mostly_changed'
  | 'severity_changed'
  | 'policy_changed'
  | 'extra_columns_changed'
  | 'dataset_rule_changed';

/**
 * What a change does to the set of valid data: `tightened` — data the old contract accepted may
 * now fail; `loosened` — data the old contract refused now passes; `changed` — both (a retype, a
 * shifted range, a different pattern).
 */
export type ChangeEffect = 'tightened' | 'loosened' | 'changed';

export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  /** Null for dataset-level rules. */
  readonly column: string | null;
  readonly effect: ChangeEffect;
  /**
   * Data valid before may now fail (tightened or changed), or — when the same model is kept under
   * the new contract (`sameModel`) — data the model never saw may now pass (loosened).
   */
  readonly breaking: boolean;
  readonly message: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface DiffOptions {
  /**
   * The new contract guards the same model as the old (a contract edited by hand, not a retrained
   * model): then loosening is breaking too, since it lets in data the model was never trained on.
   */
  readonly sameModel?: boolean;
}

type Draft = Omit<SchemaChange, 'breaking'>;

/**
 * The schema change report between two contracts, in column order (old columns first, then the
 * new ones), dataset rules last. Descriptions and names are not schema and are not compared.
 */
export function diffContracts(before: Contract, after: Contract, options: DiffOptions = {}): SchemaChange[] {
  const drafts: Draft[] = [];
  const strictAfter = after.dataset?.allow_extra_columns === false;
  for (const [name, rule] of Object.entries(before.columns)) {
    const next = Object.hasOwn(after.columns, name) ? after.columns[name] : undefined;
    if (next === undefined) {
      drafts.push({
        kind: 'column_removed',
        column: name,
        effect: strictAfter ? 'tightened' : 'loosened',
        message: strictAfter
          ? `${name}: column removed; data that still has it fails, as extra columns are not allowed`
          : `${name}: column removed; it is no longer checked`,
        before: rule.type,
      });
    } else drafts.push(...diffColumn(name, effectiveRule(before, rule), effectiveRule(after, next)));
  }
  for (const [name, rule] of Object.entries(after.columns)) {
    if (Object.hasOwn(before.columns, name)) continue;
    drafts.push({
      kind: 'column_added',
      column: name,
      effect: 'tightened',
      message: `${name}: column added (${rule.type}); data without it fails`,
      after: rule.type,
    });
  }
  drafts.push(...diffDataset(before, after));
  return drafts.map((draft) => ({ ...draft, breaking: draft.effect !== 'loosened' || options.sameModel === true }));
}

interface EffectiveRule {
  readonly type: ColumnKind;
  readonly nullable: boolean;
  readonly missingMax: number;
  readonly min?: number;
  readonly max?: number;
  readonly minText?: string | number;
  readonly maxText?: string | number;
  readonly values?: readonly (string | number | boolean)[];
  readonly pattern?: string;
  readonly unique: boolean;
  readonly mostly: number;
  readonly severity: 'error' | 'warn';
  readonly onViolation: 'reject' | 'flag';
}

/** A rule with the format's defaults filled in, so "absent" and "the default" compare equal. */
function effectiveRule(contract: Contract, rule: ColumnRule): EffectiveRule {
  const position = (bound: number | string | undefined): number | undefined => (typeof bound === 'string' ? parseTimestamp(bound) : bound);
  return {
    type: rule.type,
    nullable: rule.nullable ?? true,
    missingMax: rule.missing_max ?? 1,
    min: position(rule.min),
    max: position(rule.max),
    minText: rule.min,
    maxText: rule.max,
    values: rule.values,
    pattern: rule.pattern,
    unique: rule.unique ?? false,
    mostly: rule.mostly ?? 1,
    severity: rule.severity ?? contract.defaults?.severity ?? 'error',
    onViolation: rule.on_violation ?? contract.defaults?.on_violation ?? 'reject',
  };
}

/** Type changes that keep every old value valid (loosened) or keep every new value old-valid (tightened). */
const RETYPE_EFFECT: Record<string, ChangeEffect> = {
  'integer->number': 'loosened',
  'number->integer': 'tightened',
  'category->string': 'loosened',
  'string->category': 'tightened',
};

function diffColumn(name: string, a: EffectiveRule, b: EffectiveRule): Draft[] {
  const out: Draft[] = [];
  if (a.type !== b.type) {
    const effect = RETYPE_EFFECT[`${a.type}->${b.type}`] ?? 'changed';
    out.push({
      kind: 'column_retyped',
      column: name,
      effect,
      message: `${name}: type ${a.type} -> ${b.type}`,
      before: a.type,
      after: b.type,
    });
  }
  const sameValueSpace = a.type === b.type || RETYPE_EFFECT[`${a.type}->${b.type}`] !== undefined;
  if (sameValueSpace) out.push(...diffRange(name, a, b), ...diffValues(name, a, b), ...diffPattern(name, a, b));
  if (a.nullable !== b.nullable) {
    out.push(
      change(
        name,
        'nullability_changed',
        !b.nullable,
        b.nullable ? 'may now be missing' : 'may no longer be missing',
        a.nullable,
        b.nullable,
      ),
    );
  }
  if (a.missingMax !== b.missingMax) {
    out.push(
      change(
        name,
        'missing_share_changed',
        b.missingMax < a.missingMax,
        `largest missing share ${formatBoundShare(a.missingMax)} -> ${formatBoundShare(b.missingMax)}`,
        a.missingMax,
        b.missingMax,
      ),
    );
  }
  if (a.unique !== b.unique)
    out.push(
      change(name, 'uniqueness_changed', b.unique, b.unique ? 'values must now be unique' : 'values may now repeat', a.unique, b.unique),
    );
  if (a.mostly !== b.mostly)
    out.push(change(name, 'mostly_changed', b.mostly > a.mostly, `mostly ${a.mostly} -> ${b.mostly}`, a.mostly, b.mostly));
  if (a.severity !== b.severity)
    out.push(change(name, 'severity_changed', b.severity === 'error', `severity ${a.severity} -> ${b.severity}`, a.severity, b.severity));
  if (a.onViolation !== b.onViolation) {
    out.push(
      change(
        name,
        'policy_changed',
        b.onViolation === 'reject',
        `on_violation ${a.onViolation} -> ${b.onViolation}`,
        a.onViolation,
        b.onViolation,
      ),
    );
  }
  return out;
}

function diffRange(name: string, a: EffectiveRule, b: EffectiveRule): Draft[] {
  if (a.min === b.min && a.max === b.max) return [];
  const lowerTighter = compareBound(a.min, b.min, -1);
  const upperTighter = compareBound(a.max, b.max, 1);
  const text = (low: string | number | undefined, high: string | number | undefined): string => `[${low ?? '-inf'}, ${high ?? '+inf'}]`;
  const message = `range ${text(a.minText, a.maxText)} -> ${text(b.minText, b.maxText)}`;
  const tighter = lowerTighter === 1 || upperTighter === 1;
  const looser = lowerTighter === -1 || upperTighter === -1;
  const kind = tighter && looser ? 'range_shifted' : tighter ? 'range_narrowed' : 'range_widened';
  const effect: ChangeEffect = tighter && looser ? 'changed' : tighter ? 'tightened' : 'loosened';
  return [
    {
      kind,
      column: name,
      effect,
      message: `${name}: ${message}`,
      before: [a.minText ?? null, a.maxText ?? null],
      after: [b.minText ?? null, b.maxText ?? null],
    },
  ];
}

/** 1 when the new bound admits less than the old, -1 when more, 0 when the same (side: -1 lower, 1 upper). */
function compareBound(old: number | undefined, next: number | undefined, side: -1 | 1): number {
  if (old === next) return 0;
  if (old === undefined) return 1;
  if (next === undefined) return -1;
  return side * (old - next) > 0 ? 1 : -1;
}

function diffValues(name: string, a: EffectiveRule, b: EffectiveRule): Draft[] {
  if (a.values === undefined && b.values === undefined) return [];
  if (a.values === undefined || b.values === undefined) {
    const now = b.values !== undefined;
    return [
      change(
        name,
        now ? 'values_removed' : 'values_added',
        now,
        now ? `values now limited to ${list(b.values!)}` : 'values no longer limited',
        a.values ?? null,
        b.values ?? null,
      ),
    ];
  }
  const key = (value: string | number | boolean): string => `${typeof value}:${String(value)}`;
  const old = new Set(a.values.map(key));
  const next = new Set(b.values.map(key));
  const added = b.values.filter((value) => !old.has(key(value)));
  const removed = a.values.filter((value) => !next.has(key(value)));
  const out: Draft[] = [];
  if (added.length > 0) out.push(change(name, 'values_added', false, `values added: ${list(added)}`, undefined, added));
  if (removed.length > 0) out.push(change(name, 'values_removed', true, `values removed: ${list(removed)}`, removed, undefined));
  return out;
}

function diffPattern(name: string, a: EffectiveRule, b: EffectiveRule): Draft[] {
  if (a.pattern === b.pattern || b.type !== 'string') return [];
  const effect: ChangeEffect = a.pattern === undefined ? 'tightened' : b.pattern === undefined ? 'loosened' : 'changed';
  const message =
    b.pattern === undefined
      ? 'pattern dropped'
      : a.pattern === undefined
        ? `pattern added: /${b.pattern}/`
        : `pattern /${a.pattern}/ -> /${b.pattern}/`;
  return [
    { kind: 'pattern_changed', column: name, effect, message: `${name}: ${message}`, before: a.pattern ?? null, after: b.pattern ?? null },
  ];
}

function diffDataset(before: Contract, after: Contract): Draft[] {
  const a = before.dataset ?? {};
  const b = after.dataset ?? {};
  const out: Draft[] = [];
  const rule = (tightened: boolean | 'changed', message: string, old: unknown, next: unknown): Draft => ({
    kind: 'dataset_rule_changed',
    column: null,
    effect: tightened === 'changed' ? 'changed' : tightened ? 'tightened' : 'loosened',
    message,
    before: old,
    after: next,
  });
  const [rowsA, rowsB] = [a.row_count ?? {}, b.row_count ?? {}];
  const lower = compareBound(rowsA.min, rowsB.min, -1);
  const upper = compareBound(rowsA.max, rowsB.max, 1);
  if (lower !== 0 || upper !== 0) {
    const effect = (lower === 1 || upper === 1) && (lower === -1 || upper === -1) ? 'changed' : lower === 1 || upper === 1;
    out.push(
      rule(
        effect,
        `row count [${rowsA.min ?? 0}, ${rowsA.max ?? '+inf'}] -> [${rowsB.min ?? 0}, ${rowsB.max ?? '+inf'}]`,
        a.row_count ?? null,
        b.row_count ?? null,
      ),
    );
  }
  const [dupA, dupB] = [a.duplicate_rows_max ?? 1, b.duplicate_rows_max ?? 1];
  if (dupA !== dupB)
    out.push(
      rule(
        dupB < dupA,
        `largest duplicate-row share ${formatBoundShare(dupA)} -> ${formatBoundShare(dupB)}`,
        a.duplicate_rows_max ?? null,
        b.duplicate_rows_max ?? null,
      ),
    );
  if (a.label?.column !== b.label?.column) {
    const effect = a.label === undefined ? true : b.label === undefined ? false : 'changed';
    out.push(
      rule(effect, `label column ${a.label?.column ?? '(none)'} -> ${b.label?.column ?? '(none)'}`, a.label ?? null, b.label ?? null),
    );
  } else if (a.label !== undefined && b.label !== undefined) {
    for (const key of ['min_class_share', 'min_minority_share'] as const) {
      const [x, y] = [a.label[key] ?? 0, b.label[key] ?? 0];
      if (x !== y)
        out.push(rule(y > x, `label ${key} ${formatBoundShare(x)} -> ${formatBoundShare(y)}`, a.label[key] ?? null, b.label[key] ?? null));
    }
  }
  if (a.freshness?.column !== b.freshness?.column) {
    const effect = a.freshness === undefined ? true : b.freshness === undefined ? false : 'changed';
    out.push(
      rule(
        effect,
        `freshness column ${a.freshness?.column ?? '(none)'} -> ${b.freshness?.column ?? '(none)'}`,
        a.freshness ?? null,
        b.freshness ?? null,
      ),
    );
  } else if (a.freshness !== undefined && b.freshness !== undefined && a.freshness.max_delay !== b.freshness.max_delay) {
    const [x, y] = [parseDuration(a.freshness.max_delay) ?? 0, parseDuration(b.freshness.max_delay) ?? 0];
    if (x !== y)
      out.push(
        rule(
          y < x,
          `freshness max_delay ${a.freshness.max_delay} -> ${b.freshness.max_delay}`,
          a.freshness.max_delay,
          b.freshness.max_delay,
        ),
      );
  }
  const [extraA, extraB] = [a.allow_extra_columns ?? true, b.allow_extra_columns ?? true];
  if (extraA !== extraB) {
    out.push({
      kind: 'extra_columns_changed',
      column: null,
      effect: extraB ? 'loosened' : 'tightened',
      message: extraB ? 'columns the contract does not list are now allowed' : 'columns the contract does not list now fail',
      before: extraA,
      after: extraB,
    });
  }
  const [severityA, severityB] = [before.defaults?.severity ?? 'error', after.defaults?.severity ?? 'error'];
  if (severityA !== severityB && (Object.keys(a).length > 0 || Object.keys(b).length > 0)) {
    out.push({
      kind: 'severity_changed',
      column: null,
      effect: severityB === 'error' ? 'tightened' : 'loosened',
      message: `dataset rules' severity ${severityA} -> ${severityB}`,
      before: severityA,
      after: severityB,
    });
  }
  return out;
}

function change(column: string, kind: SchemaChangeKind, tightened: boolean, message: string, before: unknown, after: unknown): Draft {
  return { kind, column, effect: tightened ? 'tightened' : 'loosened', message: `${column}: ${message}`, before, after };
}

function list(values: readonly (string | number | boolean)[]): string {
  const shown = values.slice(0, 10).map((value) => JSON.stringify(value));
  return values.length > 10 ? `${shown.join(', ')} and ${values.length - 10} more` : shown.join(', ');
}
