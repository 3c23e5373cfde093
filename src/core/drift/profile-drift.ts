import { plural } from '../format-numbers.ts';
import type { CategoricalProfile } from '../profiles/categorical-profile.ts';
import type { NumericProfile } from '../profiles/numeric-profile.ts';
import type { DatasetProfile } from '../profiles/dataset-profile.ts';
import { assessCategoricalColumn } from './categorical-column-drift.ts';
import { decideDrift, type DriftDecisionOptions } from './decide-drift.ts';
import type { ColumnDrift, DriftReport, MultivariateDrift } from './drift-report.ts';
import { assessNumericColumn } from './numeric-column-drift.ts';

export interface ProfileDriftOptions extends DriftDecisionOptions {
  readonly columns?: readonly string[];
  readonly thresholds?: Readonly<Record<string, number>>;
  readonly multivariate?: MultivariateDrift;
}

/**
 * Drift of a window against the reference from their profiles alone: KS and Wasserstein on the two
 * quantile sketches (weighted items; the p-value uses the true counts), PSI and Jensen–Shannon on the
 * histogram over the reference's edges, chi-square on category counts. The current profile must be
 * on the reference's schema, which is how serving windows are built.
 */
export function compareProfiles(reference: DatasetProfile, current: DatasetProfile, options: ProfileDriftOptions = {}): DriftReport {
  const assessed: ColumnDrift[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const wanted = options.columns ? new Set(options.columns) : undefined;
  for (const ref of reference.columns) {
    const name = ref.schema.name;
    if (wanted && !wanted.has(name)) continue;
    const cur = current.column(name);
    if (cur === undefined || cur.kind !== ref.kind) {
      skipped.push({ name, reason: cur === undefined ? 'not in the current profile' : `a ${cur.kind} column in the current profile` });
      continue;
    }
    if (ref.schema.skipped !== undefined) {
      skipped.push({ name, reason: ref.schema.skipped });
      continue;
    }
    if (ref.kind === 'numeric' && !sameEdges(ref.schema.edges, cur.schema.edges)) {
      // Profiled before the reference existed (on the signature's schema): no shared bins to compare on.
      skipped.push({ name, reason: "the current profile was not made on the reference's bins" });
      continue;
    }
    if (ref.kind === 'categorical' && looksLikeIdentifier(ref)) {
      skipped.push({
        name,
        reason: `looks like an identifier: about ${Math.round(ref.distinct.estimate())} distinct values in ${ref.count} reference rows`,
      });
      continue;
    }
    const threshold = options.thresholds?.[name];
    assessed.push(
      ref.kind === 'numeric'
        ? numericDrift(ref, cur as NumericProfile, threshold)
        : categoricalDrift(ref, cur as CategoricalProfile, threshold),
    );
  }
  return decideDrift(assessed, options, { multivariate: options.multivariate, skipped });
}

function sameEdges(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((edge, i) => edge === b[i]);
}

/** Most values distinct and too many to count: an id or free text, which has no distribution to compare. */
function looksLikeIdentifier(profile: CategoricalProfile): boolean {
  return profile.categories.exhausted && profile.distinct.estimate() > 0.5 * profile.count;
}

function numericDrift(ref: NumericProfile, cur: NumericProfile, threshold: number | undefined): ColumnDrift {
  const notes: string[] = [];
  if (cur.invalid > 0)
    notes.push(
      `${cur.invalid} value${cur.invalid === 1 ? '' : 's'} of the current data ${cur.invalid === 1 ? 'is' : 'are'} not a number and ${cur.invalid === 1 ? 'was' : 'were'} left out`,
    );
  if (cur.infinite > 0) notes.push(`${plural(cur.infinite, 'infinite value')} in the current data left out`);
  const edges = ref.schema.edges ?? [];
  const bins = edges.length + 1;
  return assessNumericColumn({
    name: ref.schema.name,
    reference: ref.quantiles.sortedView(),
    current: cur.quantiles.sortedView(),
    nReference: ref.count,
    nCurrent: cur.count,
    missingReference: ref.missing,
    missingCurrent: cur.missing,
    referenceStd: ref.moments.std,
    edges,
    referenceBins: ref.histogram?.counts ?? new Float64Array(bins),
    currentBins: cur.histogram?.counts ?? new Float64Array(bins),
    threshold,
    notes,
  });
}

function categoricalDrift(ref: CategoricalProfile, cur: CategoricalProfile, threshold: number | undefined): ColumnDrift {
  const r = ref.counts();
  const c = cur.counts();
  return assessCategoricalColumn({
    name: ref.schema.name,
    reference: r.counts,
    current: c.counts,
    otherReference: r.other,
    otherCurrent: c.other,
    missingReference: ref.missing,
    missingCurrent: cur.missing,
    threshold,
    ...(ref.schema.numbers ? { notes: [`few distinct numbers in the reference: compared as categories`] } : {}),
  });
}
