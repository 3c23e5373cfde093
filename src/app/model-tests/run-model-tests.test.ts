import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { checkSeed } from '../../core/model-tests/seeded-random.ts';
import type { CheckData, CheckEvaluator, CheckResult, CheckSpec, MetricCheckSpec } from '../../core/model-tests/suite-types.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { registerModel } from '../register-model.ts';
import { setAlias } from '../set-alias.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { runModelTests, type ModelCheckEvaluators } from './run-model-tests.ts';

const live = path.join(EXAMPLES, 'live.csv');

/** A fake `metric` evaluator: accuracy of the version's labels on the rows, against the bound; it records what it saw. */
function recordingMetric(seen: Array<{ spec: CheckSpec; data: CheckData; seed: number }>): CheckEvaluator<MetricCheckSpec> {
  return (spec, data, seed) => {
    seen.push({ spec, data, seed });
    const { labelIndex } = data.scored as Extract<CheckData['scored'], { kind: 'classification' }>;
    let right = 0;
    for (let i = 0; i < data.rows; i++) if (labelIndex[i] === data.labels[i]) right++;
    const value = right / data.rows;
    const passed = value >= (spec.bound.min ?? -Infinity) && value <= (spec.bound.max ?? Infinity);
    return Promise.resolve({
      name: 'renamed-by-evaluator',
      type: 'metric',
      severity: spec.severity,
      passed,
      values: { [spec.metric]: value, undefined_value: Number.NaN },
      bounds: { [spec.metric]: spec.bound },
      message: `${spec.metric} ${value}`,
    } satisfies CheckResult);
  };
}

const unused: CheckEvaluator = () => Promise.reject(new Error('this check type is not in the suite'));

function evaluators(overrides: Partial<ModelCheckEvaluators> = {}): ModelCheckEvaluators {
  return {
    metric: unused,
    slices: unused,
    fairness: unused,
    perturbation: unused,
    invariance: unused,
    direction: unused,
    champion_challenger: unused,
    calibration: unused,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return error as BallastError;
  }
  throw new Error('expected a BallastError');
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** live.csv with its data rows edited. */
function liveVariant(dir: string, name: string, edit: (rows: string[]) => string[]): string {
  const [header, ...rows] = readFileSync(live, 'utf8').trimEnd().split('\n');
  return write(dir, name, [header, ...edit(rows)].join('\n') + '\n');
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

for (const factory of storeFactories()) {
  describe(`runModelTests on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    async function credit() {
      const ctx = await testContext(factory);
      await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
        contractFile: path.join(EXAMPLES, 'contract.yaml'),
      });
      return ctx;
    }

    it('scores the version once, hands every check its data and seed, and stores the run with its audit entry', async () => {
      const ctx = await credit();
      try {
        const suite = write(
          ctx.dir,
          'credit-gate.yaml',
          `format: ballast.tests/v1
seed: 7
checks:
  - {name: good-enough, type: metric, metric: accuracy, bound: {min: 0.5}}
  - {name: too-hopeful, type: metric, metric: accuracy, bound: {min: 0.999}, severity: warning}
  - {name: clean-data, type: contract}
`,
        );
        const seen: Array<{ spec: CheckSpec; data: CheckData; seed: number }> = [];
        const { wire, record } = await runModelTests(ctx, {
          ref: 'credit:1',
          suiteFile: suite,
          dataFile: live,
          label: 'default',
          evaluators: evaluators({ metric: recordingMetric(seen) }),
        });
        expect(seen.map((s) => s.seed)).toEqual([checkSeed(7, 'good-enough'), checkSeed(7, 'too-hopeful')]);
        const data = seen[0]!.data;
        expect(data.rows).toBe(5000);
        expect(data.inputs).toHaveLength(13);
        // Numeric where the signature or the values say so, text otherwise; labels as class indexes.
        expect(data.columns.get('income')).toBeInstanceOf(Float64Array);
        expect(data.columns.get('sex')).toEqual(expect.arrayContaining(['F', 'M']));
        expect(data.columns.get('applicant_id')![0]).toBe('LV-000001');
        expect(Array.from(data.labels.slice(0, 2))).toEqual([0, 0]);
        // The training profile's reference: numbers with their spread, categories with their seen values.
        const income = data.reference.get('income');
        expect(income).toMatchObject({ kind: 'numeric' });
        expect((income as { std: number }).std).toBeGreaterThan(0);
        expect(data.reference.get('purpose')).toMatchObject({ kind: 'categorical', values: expect.arrayContaining(['car', 'medical']) });
        // Rescoring the unmodified columns gives the answers scoring the file gave.
        const again = await data.score(data.columns);
        expect(again).toEqual(data.scored);

        expect(wire.passed).toBe(true);
        expect(wire.checks.map((c) => [c.name, c.type, c.severity, c.passed])).toEqual([
          ['good-enough', 'metric', 'error', true],
          ['too-hopeful', 'metric', 'warning', false],
          ['clean-data', 'contract', 'error', true],
        ]);
        expect(wire.checks[0]!.values.undefined_value).toBeNull();
        expect(wire).toMatchObject({
          model: { name: 'credit', version: 1 },
          suite: { name: 'credit-gate', hash: sha256(suite) },
          data: { hash: sha256(live), rows: 5000, file: live },
          seed: 7,
          created_by: 'tester',
        });
        const stored = await ctx.store.testRuns.find(record.id);
        expect(stored).toEqual(record);
        const audit = await ctx.store.audit.list();
        expect(audit.at(-1)).toMatchObject({
          action: 'test_run.create',
          objectType: 'test_run',
          objectId: record.id,
          details: { model: 'credit', version: 1, suite: 'credit-gate', passed: true },
        });
      } finally {
        await ctx.close();
      }
    });

    it('fails the run when an error check fails, and stores nothing with store: false', async () => {
      const ctx = await credit();
      try {
        const suite = write(
          ctx.dir,
          's.json',
          JSON.stringify({
            format: 'ballast.tests/v1',
            checks: [{ name: 'perfect', type: 'metric', metric: 'accuracy', bound: { min: 0.999 } }],
          }),
        );
        const failed = await runModelTests(ctx, {
          ref: 'credit',
          suiteFile: suite,
          dataFile: live,
          label: 'default',
          evaluators: evaluators({ metric: recordingMetric([]) }),
        });
        expect(failed.wire.passed).toBe(false);
        expect(failed.wire.suite.name).toBe('s');
        expect((await ctx.store.testRuns.listForVersion(failed.record.versionId)).map((r) => r.id)).toEqual([failed.record.id]);
        const dry = await runModelTests(ctx, {
          ref: 'credit',
          suiteFile: suite,
          dataFile: live,
          label: 'default',
          evaluators: evaluators({ metric: recordingMetric([]) }),
          store: false,
        });
        expect(await ctx.store.testRuns.find(dry.record.id)).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it('judges the data against the contract: one bad row fails the default, passes a looser max_violation_rate', async () => {
      const ctx = await credit();
      try {
        const data = liveVariant(ctx.dir, 'bad-age.csv', (rows) =>
          rows.map((row, i) => (i === 3 ? row.replace(/^([^,]*),\d+,/, '$1,-5,') : row)),
        );
        const suite = write(
          ctx.dir,
          'contract.yaml',
          'format: ballast.tests/v1\nchecks:\n  - {name: strict, type: contract}\n  - {name: loose, type: contract, max_violation_rate: 0.001}\n',
        );
        const { wire } = await runModelTests(ctx, {
          ref: 'credit',
          suiteFile: suite,
          dataFile: data,
          label: 'default',
          evaluators: evaluators(),
        });
        expect(wire.checks.map((c) => [c.name, c.passed, c.values.violation_rate])).toEqual([
          ['strict', false, 1 / 5000],
          ['loose', true, 1 / 5000],
        ]);
        expect(wire.passed).toBe(false);
      } finally {
        await ctx.close();
      }
    });

    it('refuses, before any check runs, a suite naming columns the data lacks and checks the model cannot answer', async () => {
      const ctx = await credit();
      try {
        const suite = write(
          ctx.dir,
          'typos.yaml',
          `format: ballast.tests/v1
checks:
  - {name: a, type: metric, metric: mae, bound: {max: 1}}
  - {name: b, type: fairness, sensitive: [sex, gender], bounds: {demographic_parity_difference: {max: 0.1}}}
  - {name: c, type: slices, metric: f1, crossings: [[sex, agee]]}
  - {name: d, type: direction, feature: applicant_id, change: 1, expect: increase}
`,
        );
        const calls: unknown[] = [];
        const spy: CheckEvaluator = (...args) => (calls.push(args), Promise.reject(new Error('must not run')));
        const error = await failure(
          runModelTests(ctx, {
            ref: 'credit',
            suiteFile: suite,
            dataFile: live,
            label: 'default',
            evaluators: evaluators({ metric: spy, fairness: spy, slices: spy, direction: spy }),
          }),
        );
        expect(error.code).toBe('invalid_test_suite');
        expect(error.issues.map((i) => i.path)).toEqual([
          ['checks', 0, 'metric'],
          ['checks', 1, 'sensitive', 1],
          ['checks', 2, 'crossings', 0, 1],
          ['checks', 3, 'feature'],
        ]);
        expect(calls).toEqual([]);
        expect(
          await ctx.store.testRuns.listForVersion((await ctx.store.versions.latest((await ctx.store.models.findByName('credit'))!.id))!.id),
        ).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses labels the model does not know, naming them, and a missing label column', async () => {
      const ctx = await credit();
      try {
        const suite = write(
          ctx.dir,
          'm.yaml',
          'format: ballast.tests/v1\nchecks:\n  - {name: m, type: metric, metric: accuracy, bound: {min: 0}}\n',
        );
        const data = liveVariant(ctx.dir, 'yes.csv', (rows) => rows.map((row, i) => (i < 2 ? row.replace(/,[01]$/, ',yes') : row)));
        const run = (dataFile: string, label = 'default') =>
          runModelTests(ctx, { ref: 'credit', suiteFile: suite, dataFile, label, evaluators: evaluators({ metric: recordingMetric([]) }) });
        const unknown = await failure(run(data));
        expect(unknown.code).toBe('unknown_label');
        expect(unknown.message).toContain('"yes" (2 rows)');
        expect((await failure(run(live, 'outcome'))).code).toBe('missing_column');
      } finally {
        await ctx.close();
      }
    });

    it("stores nothing when an evaluator refuses the data, and scores another alias's version on the same rows", async () => {
      const ctx = await credit();
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
        await setAlias(ctx, 'credit:1', 'champion');
        const suite = write(
          ctx.dir,
          'cc.yaml',
          'format: ballast.tests/v1\nchecks:\n  - {name: vs, type: champion_challenger, metric: accuracy}\n',
        );
        const auditBefore = (await ctx.store.audit.list()).length;
        const refusing: CheckEvaluator = () => Promise.reject(new BallastError('test_data_insufficient', 'too few rows'));
        const error = await failure(
          runModelTests(ctx, {
            ref: 'credit:2',
            suiteFile: suite,
            dataFile: live,
            label: 'default',
            evaluators: evaluators({ champion_challenger: refusing }),
          }),
        );
        expect(error.code).toBe('test_data_insufficient');
        expect((await ctx.store.audit.list()).length).toBe(auditBefore);

        const compared: CheckEvaluator = async (spec, data) => {
          const champion = await data.scoreAlias('champion');
          const missing = await data.scoreAlias('nope').then(
            () => undefined,
            (e: BallastError) => e.code,
          );
          const differ = (champion.scored as { labelIndex: Int32Array }).labelIndex.some(
            (k, i) => k !== (data.scored as { labelIndex: Int32Array }).labelIndex[i],
          );
          return {
            name: spec.name,
            type: spec.type,
            severity: spec.severity,
            passed: true,
            values: {},
            bounds: {},
            details: { champion: champion.version, missing, differ },
            message: '',
          };
        };
        const { wire } = await runModelTests(ctx, {
          ref: 'credit:2',
          suiteFile: suite,
          dataFile: live,
          label: 'default',
          evaluators: evaluators({ champion_challenger: compared }),
        });
        expect(wire.checks[0]!.details).toEqual({ champion: 1, missing: 'alias_not_found', differ: true });
      } finally {
        await ctx.close();
      }
    });
  });
}
