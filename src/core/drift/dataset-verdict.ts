import { formatShare, formatSignedShare, plural } from '../format-numbers.ts';
import { formatP } from './drift-wording.ts';

/**
 * One window's or one file pair's dataset decision in words, the same in every summary: the CLI
 * (`ballast drift`, `ballast monitoring`), the HTML report and the dashboard's monitoring banner.
 * The dataset drifts when the share of drifted columns reaches its threshold or the multivariate
 * check drifts, so "not drifted" can sit beside "7 of 16 columns drifted", and "drifted" beside a
 * multivariate check that found nothing: the words say which rule decided, and what the multivariate
 * check measures (how the numeric columns relate), so neither reads as a contradiction. Pure: the
 * dashboard bundles it (structural types, so its wire types fit).
 */

export interface VerdictInput {
  readonly drifted: boolean;
  readonly drifted_share: number;
  readonly columns: number;
  readonly drifted_columns: number;
  readonly share_threshold: number;
  readonly missingness_changed_columns?: number;
  readonly multivariate?: {
    readonly drifted: boolean;
    readonly p_value: number | null;
    readonly effect_size: { readonly value: number | null; readonly threshold: number };
    readonly note?: string;
  };
}

export interface DatasetVerdict {
  readonly drifted: boolean;
  /** "Dataset drifted" / "Dataset not drifted". */
  readonly headline: string;
  /** Why, as a sentence: "12 of 16 columns drifted (…); the multivariate check …." */
  readonly reasons: string;
  /** The headline with its reasons, one sentence. */
  readonly sentence: string;
  /** One line for a table: "drifted: 12/16 columns (75% ≥ 50%)", "not drifted: 7/16 columns drifted (44% < 50%)". */
  readonly short: string;
}

export function datasetVerdict(dataset: VerdictInput): DatasetVerdict {
  const overShare = dataset.columns > 0 && dataset.drifted_share >= dataset.share_threshold;
  const share = `${formatShare(dataset.drifted_share)} ${overShare ? '≥' : '<'} ${formatShare(dataset.share_threshold)}`;
  const m = dataset.multivariate;
  const byMultivariateAlone = dataset.drifted && !overShare && m?.drifted === true;
  const headline = `Dataset ${dataset.drifted ? 'drifted' : 'not drifted'}${byMultivariateAlone ? ' (by the multivariate check)' : ''}`;
  const columnsPart = `${countOf(dataset.drifted_columns, dataset.columns)} drifted (${share}, the share from which the dataset drifts)`;
  const parts = [columnsPart];
  if (m !== undefined) parts.push(multivariatePart(m));
  const missing = dataset.missingness_changed_columns ?? 0;
  if (missing > 0) parts.push(`the missing share changed in ${plural(missing, 'column')}`);
  const short =
    `${dataset.drifted ? 'drifted' : 'not drifted'}: ${dataset.drifted_columns}/${dataset.columns} columns drifted (${share})` +
    (m?.drifted ? ', multivariate drifted' : '') +
    (missing > 0 ? `, missing share changed in ${missing}` : '');
  const reasons = `${parts.join('; ')}.`;
  return { drifted: dataset.drifted, headline, reasons, sentence: `${headline}: ${reasons}`, short };
}

function multivariatePart(m: NonNullable<VerdictInput['multivariate']>): string {
  const change = m.effect_size.value;
  if (m.p_value === null || change === null) return `the multivariate check could not decide${m.note ? ` (${m.note})` : ''}`;
  const figures = `reconstruction error ${formatSignedShare(change)}, p = ${formatP(m.p_value)}`;
  return m.drifted
    ? `the multivariate check found the numeric columns relate differently (${figures})`
    : `the multivariate check found no change in how the numeric columns relate (${figures}; drift needs a change of ${formatShare(m.effect_size.threshold)} either way)`;
}

function countOf(n: number, of: number): string {
  return `${n} of ${plural(of, 'column')}`;
}
