import type { CategoricalProfile } from '../../core/profiles/categorical-profile.ts';
import type { ColumnProfile } from '../../core/profiles/column-profile.ts';
import type { DatasetProfile } from '../../core/profiles/dataset-profile.ts';

/** New categories listed per column and window; the count says how many there were in all. */
const MAX_NEW_CATEGORIES = 20;

export interface ColumnQuality {
  readonly name: string;
  readonly missing_share: number;
  /** Values that did not fit the column's kind (text in a numeric column) or were infinite. */
  readonly invalid: number;
  /** Numeric columns: the share of values outside the reference's [min, max]; null without a reference range. */
  readonly out_of_range_share: number | null;
  /** Categorical columns: categories the reference never had (null when that cannot be known). */
  readonly new_categories: readonly string[] | null;
  readonly new_category_count: number | null;
}

export interface WindowQuality {
  readonly rows: number;
  readonly columns: readonly ColumnQuality[];
  readonly violations: readonly { readonly column: string; readonly code: string; readonly policy: string; readonly count: number }[];
  readonly violations_total: number;
}

/** Data quality of one window: missing and invalid values, values outside the reference, new categories, contract violations. */
export function windowQuality(
  window: DatasetProfile,
  reference: DatasetProfile | undefined,
  violations: readonly { readonly column: string; readonly code: string; readonly policy: string; readonly count: number }[],
): WindowQuality {
  const merged = new Map<string, { column: string; code: string; policy: string; count: number }>();
  for (const v of violations) {
    const key = `${v.column}\u0000${v.code}\u0000${v.policy}`;
    const seen = merged.get(key);
    if (seen) seen.count += v.count;
    else merged.set(key, { column: v.column, code: v.code, policy: v.policy, count: v.count });
  }
  const list = [...merged.values()].sort((a, b) => b.count - a.count || a.column.localeCompare(b.column));
  return {
    rows: window.rows,
    columns: window.columns.map((column) => columnQuality(column, reference?.column(column.schema.name))),
    violations: list,
    violations_total: list.reduce((sum, v) => sum + v.count, 0),
  };
}

function columnQuality(column: ColumnProfile, reference: ColumnProfile | undefined): ColumnQuality {
  const missing_share = column.rows === 0 ? 0 : column.missing / column.rows;
  if (column.kind === 'numeric') {
    const outside = column.belowRange + column.aboveRange;
    return {
      name: column.schema.name,
      missing_share,
      invalid: column.invalid + column.infinite,
      out_of_range_share: column.schema.range && column.count > 0 ? outside / column.count : null,
      new_categories: null,
      new_category_count: null,
    };
  }
  const fresh = reference?.kind === 'categorical' ? newCategories(column, reference) : undefined;
  return {
    name: column.schema.name,
    missing_share,
    invalid: 0,
    out_of_range_share: null,
    new_categories: fresh ? fresh.slice(0, MAX_NEW_CATEGORIES) : null,
    new_category_count: fresh ? fresh.length : null,
  };
}

/** Categories of the window the reference never had; undefined when the reference kept too many to tell. */
function newCategories(window: CategoricalProfile, reference: CategoricalProfile): string[] | undefined {
  if (reference.categories.exhausted) return undefined;
  const known = new Set(reference.categories.entries().map(([name]) => name));
  const seen = window.categories.exhausted
    ? window.frequent.items().map((i) => i.value)
    : window.categories.entries().map(([name]) => name);
  return seen.filter((name) => !known.has(name));
}
