import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../drift/drift-report.ts';
import type { CheckResult } from '../model-tests/suite-types.ts';
import type { TestRunRecord } from '../model-tests/test-run-record.ts';
import { buildModelCard } from './build-card.ts';
import { CARD_SCHEMA_VERSION } from './model-card.ts';
import { AT, bareFacts } from './testing/card-facts.ts';

function run(id: string, suite: string, createdAt: string, checks: CheckResult[]): TestRunRecord {
  return {
    id,
    versionId: 'v1',
    suiteName: suite,
    suiteHash: 'c'.repeat(64),
    dataFile: 'holdout.csv',
    dataHash: 'd'.repeat(64),
    dataRows: 500,
    seed: 1,
    passed: checks.every((c) => c.passed),
    checks,
    createdBy: 'ci',
    createdAt,
  };
}

const slicesCheck = (failed: boolean): CheckResult => ({
  name: 'no weak slice',
  type: 'slices',
  severity: 'error',
  passed: !failed,
  values: { overall: 0.8, worst_slice_worse_by: failed ? 0.2 : 0.01 },
  bounds: {},
  details: {
    metric: 'accuracy',
    slices: [
      { column: 'income', slice: '< 20000', rows: 40, value: 0.6, overall: 0.8, worse_by: 0.2, interval: null, judged: true, failed },
      { column: 'age', slice: '30–40', rows: 90, value: 0.79, overall: 0.8, worse_by: 0.01, interval: null, judged: true, failed: false },
    ],
  },
  message: failed ? '1 slice worse' : 'ok',
});

function driftReport(drifted: string[]): DriftReport {
  const columns = ['income', 'age', 'dti'].map((name) => ({
    name,
    drifted: drifted.includes(name),
    effect_size: { name: 'wasserstein_norm', value: drifted.includes(name) ? 0.4 : 0.01, threshold: 0.1 },
  }));
  return {
    dataset: {
      drifted: drifted.length > 0,
      drifted_share: drifted.length / 3,
      columns: 3,
      drifted_columns: drifted.length,
      share_threshold: 0.5,
      missingness_changed_columns: 0,
    },
    columns,
  } as unknown as DriftReport;
}

describe('buildModelCard', () => {
  it('builds every section of a bare version (no training data, tests, deployments or approvals) and says why each is empty', () => {
    const card = buildModelCard(bareFacts());
    expect(card.schema_version).toBe(CARD_SCHEMA_VERSION);
    expect(Object.keys(card)).toEqual([
      'schema_version',
      'generated_at',
      'model_details',
      'considerations',
      'model_parameters',
      'quantitative_analysis',
      'explanations',
      'monitoring',
      'governance',
      'missing',
    ]);
    expect(card.model_parameters.data.train).toBeNull();
    expect(card.explanations.global_importance).toBeNull();
    expect(card.monitoring.drift).toBeNull();
    expect(card.considerations.intended_use).toBeNull();
    const sections = card.missing.map((m) => m.section);
    for (const section of [
      'model_details',
      'considerations',
      'model_parameters.data',
      'quantitative_analysis.performance_metrics',
      'quantitative_analysis.test_runs',
      'quantitative_analysis.fairness',
      'quantitative_analysis.live_performance',
      'quantitative_analysis.estimated_performance',
      'explanations',
      'monitoring.drift',
      'monitoring.contract_violations',
      'governance',
    ])
      expect(sections, section).toContain(section);
    expect(card.missing.find((m) => m.section === 'considerations')?.reason).toContain('ballast models annotate credit:3 --intended-use');
    expect(card.missing.find((m) => m.section === 'model_parameters.data')?.reason).toContain('without training data');
  });

  it('shows entered annotations, licenses and references from tags, and the model intended use when the version has none', () => {
    const model = {
      ...bareFacts().model,
      intendedUse: 'pre-screening',
      tags: ['license:apache-2.0', 'ref:https://example.org/paper', 'risk'],
    };
    const fromModel = buildModelCard(bareFacts({ model }));
    expect(fromModel.considerations).toMatchObject({ intended_use: 'pre-screening', intended_use_source: 'model' });
    expect(fromModel.model_details).toMatchObject({ licenses: ['apache-2.0'], references: ['https://example.org/paper'], tags: ['risk'] });
    expect(fromModel.missing.map((m) => m.section)).not.toContain('model_details');
    const annotated = buildModelCard(
      bareFacts({
        model,
        annotations: {
          versionId: 'v1',
          intendedUse: 'retail loans',
          outOfScope: ['mortgages'],
          limitations: ['thin files'],
          updatedBy: 'ana',
          updatedAt: AT,
        },
      }),
    );
    expect(annotated.considerations).toMatchObject({
      intended_use: 'retail loans',
      intended_use_source: 'version',
      out_of_scope_uses: ['mortgages'],
      limitations: [{ text: 'thin files', source: 'entered' }],
    });
  });

  it('derives limitations from failed slices of the newest run, drifting important features and often failing contract rules', () => {
    const card = buildModelCard(
      bareFacts({
        testRuns: [
          run('r2', 'release', '2026-11-24T00:00:00.000Z', [slicesCheck(true)]),
          run('r1', 'release', '2026-11-20T00:00:00.000Z', [slicesCheck(false)]),
        ],
        importance: {
          versionId: 'v1',
          method: 'exact_shapley',
          space: 'probability',
          sampleRows: 20,
          seed: 1,
          computedAt: AT,
          features: [
            { feature: 'dti', importance: 0.3, rank: 1 },
            { feature: 'income', importance: 0.2, rank: 2 },
            { feature: 'age', importance: 0.01, rank: 3 },
          ],
        },
        deployments: ['credit-prod'],
        drift: [
          {
            deployment: 'credit-prod',
            start: '2026-11-25T11:00:00.000Z',
            end: '2026-11-25T11:01:00.000Z',
            rows: 300,
            report: driftReport(['dti']),
          },
        ],
        performanceWindows: [
          {
            deployment: 'credit-prod',
            start: '2026-11-25T00:00:00.000Z',
            end: '2026-11-26T00:00:00.000Z',
            rows: 1000,
            labelledRows: 200,
            metrics: { accuracy: { estimated: 0.7, realized: 0.75, sampling_error: 0.01, lower: 0.72, upper: 0.9, alert: true } },
          },
        ],
        hasLabelledReference: true,
        violations: [
          { deployment: 'credit-prod', column: 'income', code: 'below_min', count: 50 },
          { deployment: 'credit-prod', column: 'age', code: 'missing_value', count: 3 },
        ],
      }),
    );
    const derived = card.considerations.limitations.filter((l) => l.source === 'derived').map((l) => l.text);
    expect(derived).toHaveLength(3);
    expect(derived[0]).toContain('accuracy is 0.6 on income = < 20000 (40 rows)');
    expect(derived[1]).toContain('input dti (importance rank 1) drifted on deployment credit-prod');
    expect(derived[2]).toContain('contract rule below_min on income failed for 5.0% of requests');
    expect(card.monitoring.contract_violations.map((v) => v.share)).toEqual([0.05, 0.003]);
    expect(card.monitoring.drift?.windows[0]?.drifted_columns).toEqual([
      { name: 'dti', effect_size: 0.4, effect_size_name: 'wasserstein_norm', importance_rank: 1 },
    ]);
    expect(card.quantitative_analysis.live_performance[0]?.metrics).toEqual({ accuracy: 0.75 });
    expect(card.quantitative_analysis.estimated_performance[0]).toMatchObject({ metrics: { accuracy: 0.7 }, alerts: ['accuracy'] });
    expect(card.quantitative_analysis.performance_metrics).toContainEqual({
      type: 'accuracy',
      value: 0.6,
      slice: 'income=< 20000',
      source: 'test:release',
    });
    expect(card.quantitative_analysis.performance_metrics).toContainEqual({
      type: 'accuracy',
      value: 0.75,
      slice: null,
      source: 'live:credit-prod',
    });
    const missing = card.missing.map((m) => m.section);
    expect(missing).not.toContain('monitoring.drift');
    expect(missing).not.toContain('quantitative_analysis.live_performance');
    expect(missing).not.toContain('explanations');
  });

  it('counts an unimportant drifting feature only when importance is unknown, and says why estimates are missing', () => {
    const facts = bareFacts({
      deployments: ['d'],
      drift: [{ deployment: 'd', start: AT, end: AT, rows: 10, report: driftReport(['age']) }],
    });
    const unknown = buildModelCard(facts).considerations.limitations.map((l) => l.text);
    expect(unknown).toEqual([expect.stringContaining('input age (importance unknown) drifted')]);
    const ranked = buildModelCard({
      ...facts,
      importance: {
        versionId: 'v1',
        method: 'exact_shapley',
        space: 'probability',
        sampleRows: 8,
        seed: 1,
        computedAt: AT,
        features: ['income', 'dti', 'x1', 'x2', 'x3', 'age'].map((feature, i) => ({ feature, importance: 1 / (i + 1), rank: i + 1 })),
      },
    });
    expect(ranked.considerations.limitations).toEqual([]);
    expect(ranked.missing.find((m) => m.section === 'quantitative_analysis.estimated_performance')?.reason).toContain(
      'no labelled reference',
    );
  });

  it('reports a section it could not read in missing instead of failing', () => {
    const card = buildModelCard(bareFacts({ unreadable: [{ section: 'monitoring.drift', reason: 'could not be read: disk I/O error' }] }));
    expect(card.missing).toContainEqual({ section: 'monitoring.drift', reason: 'could not be read: disk I/O error' });
  });
});
