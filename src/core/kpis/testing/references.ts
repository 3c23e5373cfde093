/** The scipy reference values (kpi-references.json, made by make_fixtures.py), typed for the tests. */
import raw from './kpi-references.json' with { type: 'json' };

interface References {
  scipy: string;
  wilson: { k: number; n: number; lower: number; upper: number }[];
  mean: { name: string; values: number[]; mean: number; lower: number; upper: number }[];
  sum: { name: string; n: number; sums: number[]; total: number; lower: number; upper: number }[];
  two_proportions: { ka: number; na: number; kb: number; nb: number; p_value: number }[];
  welch: { name: string; a: number[]; b: number[]; statistic: number; df: number; p_value: number }[];
  student_t: { df: number; t?: number; sf?: number; q?: number; ppf?: number }[];
}

export const references = raw as References;
