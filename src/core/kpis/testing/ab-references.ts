/** The statsmodels / scipy reference values (ab-references.json, made by make_ab_fixtures.py), typed for the tests. */
import raw from './ab-references.json' with { type: 'json' };

interface AbReferences {
  statsmodels: string;
  z: { q975: number; q80: number };
  rate_intervals: { ka: number; na: number; kb: number; nb: number; low: number; high: number }[];
  mean_intervals: { name: string; a: number[]; b: number[]; low: number; high: number }[];
  rate_sample_sizes: { p: number; effect: number; h: number; n: number; n_exact: number }[];
  mean_sample_sizes: { name: string; var_a: number; var_b: number; effect: number; d: number; n: number; n_exact: number }[];
}

export const abReferences = raw as AbReferences;
