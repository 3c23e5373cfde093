import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnDrift, DriftReport } from '../../core/drift/drift-report.ts';
import { multivariateDrift } from '../../core/drift/multivariate-drift.ts';
import { renderDriftReportHtml } from './drift-report-html.ts';
import { withImportanceRanks } from '../monitoring/importance-ranks.ts';

const HOSTILE_COLUMN = '<script>alert(1)</script>';
const HOSTILE_CATEGORY = '"><img src=x onerror=alert(2)>';

const income: ColumnDrift = {
  name: 'income',
  type: 'numeric',
  n_reference: 20_000,
  n_current: 800,
  missing_reference: 120,
  missing_current: 31,
  drifted: true,
  method: 'ks',
  statistic: 0.2871,
  p_value: 3.2e-12,
  p_value_raw: 8.1e-13,
  effect_size: { name: 'wasserstein_norm', value: 0.2346, threshold: 0.1 },
  metrics: {
    ks: { statistic: 0.2871, p_value: 8.1e-13 },
    wasserstein: 8123.4,
    wasserstein_norm: 0.2346,
    psi: 0.412,
    jensen_shannon: 0.1877,
  },
  distribution: {
    bins: [
      '< 21k',
      '[21k, 28k)',
      '[28k, 34k)',
      '[34k, 40k)',
      '[40k, 46k)',
      '[46k, 53k)',
      '[53k, 61k)',
      '[61k, 72k)',
      '[72k, 90k)',
      '>= 90k',
    ],
    edges: [21_000, 28_000, 34_000, 40_000, 46_000, 53_000, 61_000, 72_000, 90_000],
    reference: [2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000],
    current: [16, 24, 40, 48, 64, 80, 96, 120, 152, 160],
  },
};

const age: ColumnDrift = {
  name: 'age',
  type: 'numeric',
  n_reference: 20_000,
  n_current: 150_000,
  missing_reference: 0,
  missing_current: 0,
  drifted: false,
  method: 'ks',
  statistic: 0.0112,
  p_value: 4.1e-5,
  p_value_raw: 1.2e-5,
  effect_size: { name: 'wasserstein_norm', value: 0.0213, threshold: 0.1 },
  metrics: { ks: { statistic: 0.0112, p_value: 1.2e-5 }, wasserstein: 0.31, wasserstein_norm: 0.0213, psi: 0.0021, jensen_shannon: 0.0105 },
  distribution: {
    bins: ['< 25', '[25, 31)', '[31, 38)', '[38, 47)', '>= 47'],
    edges: [25, 31, 38, 47],
    reference: [4000, 4000, 4000, 4000, 4000],
    current: [29_000, 30_500, 30_000, 30_000, 30_500],
  },
};

const purpose: ColumnDrift = {
  name: HOSTILE_COLUMN,
  type: 'categorical',
  n_reference: 20_000,
  n_current: 800,
  missing_reference: 0,
  missing_current: 4,
  drifted: true,
  method: 'chi2',
  statistic: 1532.7,
  p_value: 0,
  p_value_raw: 0,
  effect_size: { name: 'tvd', value: 0.311, threshold: 0.1 },
  metrics: { chi2: { statistic: 1532.7, p_value: 0 }, psi: 1.93, jensen_shannon: 0.311, tvd: 0.35 },
  distribution: { bins: ['car', 'home', 'education', HOSTILE_CATEGORY], reference: [10_000, 6000, 4000, 0], current: [200, 240, 80, 280] },
};

const tiny: ColumnDrift = {
  name: 'tenure_days',
  type: 'numeric',
  n_reference: 3,
  n_current: 1,
  missing_reference: 19_997,
  missing_current: 799,
  drifted: false,
  method: 'ks',
  statistic: null,
  p_value: null,
  p_value_raw: null,
  effect_size: { name: 'wasserstein_norm', value: null, threshold: 0.1 },
  metrics: { ks: { statistic: null, p_value: null }, wasserstein: null, wasserstein_norm: null, psi: null, jensen_shannon: null },
  note: 'not enough data',
  distribution: { bins: ['< 10', '>= 10'], edges: [10], reference: [2, 1], current: [1, 0] },
};

const cities = Array.from({ length: 42 }, (_, i) => `city-${String(i + 1).padStart(2, '0')}`);
const city: ColumnDrift = {
  name: 'city',
  type: 'categorical',
  n_reference: 20_000,
  n_current: 800,
  missing_reference: 0,
  missing_current: 0,
  drifted: false,
  method: 'chi2',
  statistic: 40.2,
  p_value: 0.41,
  p_value_raw: 0.33,
  effect_size: { name: 'tvd', value: 0.054, threshold: 0.1 },
  metrics: { chi2: { statistic: 40.2, p_value: 0.33 }, psi: 0.03, jensen_shannon: 0.054, tvd: 0.07 },
  distribution: {
    bins: [...cities, '(other)'],
    reference: [...cities.map((_, i) => 900 - i * 20), 1240],
    current: [...cities.map((_, i) => 36 - Math.floor(i * 0.8)), 50],
  },
};

const report: DriftReport = {
  dataset: {
    drifted: true,
    drifted_share: 0.5,
    columns: 4,
    drifted_columns: 2,
    share_threshold: 0.5,
    missingness_changed_columns: 0,
    multivariate: {
      method: 'pca_reconstruction',
      columns: ['income', 'age', 'tenure_days'],
      drifted: true,
      statistic: 0.532,
      reference_mean: 0.41,
      p_value: 0.0031,
      effect_size: { name: 'relative_error_change', value: 0.2976, threshold: 0.1 },
    },
  },
  columns: [age, tiny, income, city, purpose],
  skipped: [
    { name: 'legacy_score', reason: 'only in the reference' },
    { name: '<b>x</b>', reason: 'only in the current data' },
  ],
};

const context = { reference: 'train-2024-05.csv', current: 'live-2024-06-14.csv', generatedAt: new Date('2024-06-15T08:30:00Z') };

describe('renderDriftReportHtml', () => {
  const html = renderDriftReportHtml(report, context);
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync(path.join('test-artifacts', 'drift-report-sample.html'), html);

  it('opens with a banner carrying the verdict, the drifted share against its threshold and the multivariate result', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('class="banner fail"');
    expect(html).toContain('✗ Dataset drifted');
    expect(html).toContain(
      '<span>2 of 4 columns drifted (50% ≥ 50%, the share from which the dataset drifts); the multivariate check found the numeric columns relate differently (reconstruction error +29.8%, p = 0.0031).</span>',
    );
    expect(html).toContain('Multivariate (PCA reconstruction over 3 columns): drifted');
    expect(html).toContain(
      'mean reconstruction error 0.532 against 0.41 in the reference; change +29.8% (threshold 10%); p 0.0031 &lt; 0.05',
    );
    expect(html).toContain('train-2024-05.csv');
    expect(html).toContain('live-2024-06-14.csv');
    expect(html).toContain('<time datetime="2024-06-15T08:30:00.000Z">');
    const quiet = renderDriftReportHtml(
      { ...report, dataset: { ...report.dataset, drifted: false, drifted_share: 0.25, drifted_columns: 1, multivariate: undefined } },
      context,
    );
    expect(quiet).toContain('✓ Dataset not drifted');
    expect(quiet).toContain('1 of 4 columns drifted (25% &lt; 50%, the share from which the dataset drifts).</span>');
    const jointOnly = renderDriftReportHtml(
      { ...report, dataset: { ...report.dataset, drifted_share: 0.25, drifted_columns: 1 } },
      context,
    );
    expect(jointOnly).toContain('✗ Dataset drifted (by the multivariate check)');
    expect(jointOnly).toContain(
      '1 of 4 columns drifted (25% &lt; 50%, the share from which the dataset drifts); the multivariate check found the numeric columns relate differently',
    );
  });

  it('lists every column in the summary, drifted first and then by effect size, linked to its section', () => {
    const summary = html.slice(html.indexOf('aria-label="Summary"'), html.indexOf('</section>', html.indexOf('aria-label="Summary"')));
    const rows = [...summary.matchAll(/<a href="#(column-\d+)"><code>(.*?)<\/code><\/a>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['column-5', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['column-3', 'income'],
      ['column-4', 'city'],
      ['column-1', 'age'],
      ['column-2', 'tenure_days'],
    ]);
    for (const [id] of rows) expect(html).toContain(`<section class="card column" id="${id}">`);
    // The sections below come in the table's order.
    const sections = [...html.matchAll(/<section class="card column" id="(column-\d+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(rows.map(([id]) => id));
    const chips = [...summary.matchAll(/<span class="chip (\w+)">/g)].map((m) => m[1]);
    expect(chips).toEqual(['drifted', 'drifted', 'stable', 'stable', 'undecided']);
    // Effect vs threshold as a bar: 0.0213 of a 0.2 scale, the threshold mark halfway.
    expect(summary).toContain(
      '<span style="width:10.7%"></span><i style="left:50.0%"></i></span>0.0213 <span class="threshold">/ 0.1</span>',
    );
    expect(summary).toContain('<td class="num">3.2e-12</td>');
    expect(summary).toContain('<td class="num">1,533</td>');
  });

  it('gives each column a section with its chart, every metric, n and missing, and the decision in words', () => {
    expect(html.match(/<section class="card column"/g)).toHaveLength(5);
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain('drifted: KS p 3.2e-12 &lt; 0.05 after correction and normalised Wasserstein 0.235 ≥ 0.1');
    expect(html).toContain(
      'not drifted: significant (KS p 4.1e-5 &lt; 0.05 after correction) but effect normalised Wasserstein 0.0213 &lt; 0.1 — a large sample detects tiny shifts',
    );
    expect(html).toContain('no decision: neither the test nor the effect size could be computed (not enough data)');
    expect(html).toContain('<p class="note">Note: not enough data</p>');
    const section = (id: string): string => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    const incomeSection = section('column-3');
    for (const metric of [
      'KS statistic D',
      'KS p-value',
      'Adjusted p-value',
      'Wasserstein distance',
      'Normalised Wasserstein (threshold 0.1)',
      'PSI',
      'Jensen–Shannon distance',
    ]) {
      expect(incomeSection).toContain(`<td>${metric}`);
    }
    expect(incomeSection).toContain('<td class="num">8,123</td>');
    expect(incomeSection).toContain('<td>n</td><td class="num">20,000</td><td class="num">800</td>');
    expect(incomeSection).toContain('<td>Missing</td><td class="num">120</td><td class="num">31</td>');
    const purposeSection = section('column-5');
    for (const metric of [
      'Chi-square statistic',
      'Chi-square p-value',
      'Total variation distance (threshold 0.1)',
      'Jensen–Shannon distance',
    ]) {
      expect(purposeSection).toContain(`<td>${metric}`);
    }
    const tinySection = section('column-2');
    expect(tinySection.match(/<td class="num">—<\/td>/g)!.length).toBeGreaterThanOrEqual(6);
  });

  it('prints a fall in the reconstruction error as a fall (0.714 against 0.804: −11.2%)', () => {
    const model = {
      columns: ['a', 'b'],
      means: [0, 0],
      stds: [1, 1],
      components: [[Math.SQRT1_2, Math.SQRT1_2]],
      explainedVarianceRatio: [0.9],
      reference: { count: 20_000, meanError: 0.804, errorStd: 0.5 },
    };
    const multivariate = multivariateDrift(model, { count: 5000, mean: 0.714, variance: 0.25 });
    expect(multivariate).toMatchObject({ drifted: true, effect_size: { value: expect.closeTo(0.714 / 0.804 - 1, 12) } });
    const page = renderDriftReportHtml({ ...report, dataset: { ...report.dataset, multivariate } }, context);
    expect(page).toContain('mean reconstruction error 0.714 against 0.804 in the reference; change −11.2% (threshold 10%)');
  });

  it("says when a column's missing share changed, apart from its drift decision", () => {
    const missingness = {
      reference_share: 0.1,
      current_share: 0.16,
      change: 0.06,
      statistic: 12.6,
      p_value_raw: 1.7e-36,
      p_value: 3.4e-36,
      threshold: 0.05,
      changed: true,
    };
    const page = renderDriftReportHtml(
      { ...report, dataset: { ...report.dataset, missingness_changed_columns: 1 }, columns: [{ ...city, missingness }] },
      context,
    );
    expect(page).toContain('<span class="value">1</span><span class="label">Missing share changed</span>');
    expect(page).toContain(
      '<p class="missing changed">Missing 10% → 16% (+6 points; z-test p 3.4e-36 after correction): changed (more values missing).</p>',
    );
    expect(page).toContain('<td>Missing share</td><td class="num">10%</td><td class="num">16%</td>');
  });

  it('draws proportions, not counts, so 20,000 reference rows compare with 800 current ones', () => {
    // income: every reference bin holds 10%; the current's last bin holds 160 of 800 = 20%.
    expect(html).toContain('<title>&gt;= 90k: reference 10%, current 20%</title>');
    // purpose: 10,000 of 20,000 = 50% → 200 of 800 = 25%; the new category 0% → 35%.
    expect(html).toContain('50% → 25%');
    expect(html).toContain('0% → 35%');
    expect(html).not.toContain('10000');
  });

  it('collapses a column with many categories into 30 bars and says so', () => {
    const citySection = html.slice(html.indexOf('id="column-4"'), html.indexOf('</section>', html.indexOf('id="column-4"')));
    expect(citySection.match(/<rect class="ref" x=/g)).toHaveLength(30 + 1); // + the legend swatch
    expect(citySection).toContain('43 categories: the 29 largest are drawn, the other 14 share the last bar.');
  });

  it('lists skipped columns with their reason', () => {
    expect(html).toContain('<h2>Not compared</h2>');
    expect(html).toContain('<td><code>legacy_score</code></td><td>only in the reference</td>');
    expect(html).toContain('<td><code>&lt;b&gt;x&lt;/b&gt;</code></td>');
  });

  it('escapes names and categories from the data, so a hostile file cannot run in the report', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The full category in the bar's tooltip; its label, cut to fit, marked as new.
    expect(html).toContain('<title>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;: reference 0%, current 35%</title>');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(… (new)</text>');
    expect(html).toMatch(/<text class="label new"[^>]*>&quot;&gt;&lt;img[^<]* \(new\)<\/text>/);
  });

  it('is self-contained and prints no NaN, undefined or null', () => {
    expect(html).not.toMatch(/<script|<link|src=["']?http|@import|https?:/i);
    expect(html).not.toMatch(/NaN|undefined|null|Infinity/);
  });

  it('stays finite and escaped for any counts and names', () => {
    // Every name carries a tag that must never reach the page unescaped.
    // Names are data: one spelling "NaN" itself would trip the check below, so the generator leaves those words out.
    const name = fc
      .string({ maxLength: 12 })
      .filter((s) => !/NaN|undefined|Infinity/.test(s))
      .map((s) => `"><evil>${s}`);
    const counts = (n: number) => fc.array(fc.nat({ max: 10_000 }), { minLength: n, maxLength: n });
    const arbitraryColumn = fc.integer({ min: 1, max: 45 }).chain((n) =>
      fc.record({
        name,
        bins: fc.array(name, { minLength: n, maxLength: n }),
        reference: counts(n),
        current: counts(n),
        numeric: fc.boolean(),
        p: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        effect: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      }),
    );
    fc.assert(
      fc.property(fc.array(arbitraryColumn, { maxLength: 4 }), (specs) => {
        const columns: ColumnDrift[] = specs.map((s) => ({
          ...(s.numeric ? age : purpose),
          name: s.name,
          p_value: s.p,
          drifted: s.p !== null && s.effect !== null && s.p < 0.05 && s.effect >= 0.1,
          effect_size: { name: s.numeric ? 'wasserstein_norm' : 'tvd', value: s.effect, threshold: 0.1 },
          distribution: { bins: s.bins, reference: s.reference, current: s.current },
        }));
        const page = renderDriftReportHtml({ dataset: { ...report.dataset, multivariate: undefined }, columns }, context);
        expect(page).not.toMatch(/NaN|undefined|Infinity/);
        expect(page.match(/<section class="card column"/g) ?? []).toHaveLength(columns.length);
        expect(page).not.toContain('<evil');
      }),
      { numRuns: 150 },
    );
  });
});

describe('renderDriftReportHtml with importance ranks', () => {
  const ranks = new Map([
    ['city', 1],
    ['tenure_days', 2],
    ['income', 3],
  ]);
  const ranked = withImportanceRanks(report, ranks);
  const order = (html: string) => [...html.matchAll(/<td><a href="#column-\d+"><code>([^<]+)<\/code>/g)].map((m) => m[1]);

  it('shows each column’s importance rank, and orders by it when asked', () => {
    const byDrift = renderDriftReportHtml(ranked, context);
    expect(byDrift).toContain('<th class="num" title="rank in the model version\'s global importance">Importance rank</th>');
    expect(byDrift).toMatch(/<td class="num">1<\/td>\n<td><a href="#column-\d+"><code>city<\/code>/);
    expect(byDrift).toMatch(/<td class="num">—<\/td>\n<td><a href="#column-\d+"><code>age<\/code>/);
    const byImportance = renderDriftReportHtml(ranked, { ...context, order: 'importance' });
    expect(order(byImportance).slice(0, 3)).toEqual(['city', 'tenure_days', 'income']);
    expect(order(byDrift).slice(0, 3)).not.toEqual(['city', 'tenure_days', 'income']);
  });

  it('has no rank column without ranks', () => {
    expect(renderDriftReportHtml(report, context)).not.toContain('Importance rank');
  });
});
