import { describe, expect, it } from 'vitest';
import { readMemberFile, readVotingCases, type VotingCaseName } from '../../../test/fixtures/ensembles/read-cases.ts';
import type { EnsembleState } from '../../core/rollouts/deployment-routing.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { createEnsembleExecutor, type EnsembleMember } from './ensemble-executor.ts';
import type { ExecutorOutput } from './serving-extensions.ts';

function version(id: string, n: number, signature: ModelSignature): ModelVersionRecord {
  return {
    id,
    modelId: 'm',
    modelName: 'credit',
    version: n,
    artifactSha256: id.padEnd(64, '0'),
    format: 'xgboost',
    signature,
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'ann',
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

function state(memberVersionIds: string[], overrides: Partial<EnsembleState> = {}): EnsembleState {
  return {
    memberVersionIds,
    combine: 'mean',
    maxSpread: null,
    onDisagreement: 'fallback',
    setAt: '2026-12-01T00:00:00.000Z',
    setBy: 'ann',
    ...overrides,
  };
}

/** The fixture's three fitted members, loaded by Ballast's own runtimes. */
async function fixtureMembers(name: VotingCaseName): Promise<EnsembleMember[]> {
  const cases = readVotingCases(name);
  return Promise.all(
    cases.members.map(async (file, i) => {
      const model = await RUNTIMES[file.endsWith('.json') ? 'xgboost' : 'lightgbm'].load(readMemberFile(name, file));
      return { version: version(`v${i + 1}`, i + 1, model.signature), executor: model };
    }),
  );
}

function batchOf(rows: ReadonlyArray<readonly number[]>): FeatureBatch {
  return { rowCount: rows.length, columns: rows[0]!.map((_, f) => Float64Array.from(rows, (row) => row[f]!)) };
}

const classifierSignature: ModelSignature = {
  inputs: [{ name: 'x', type: 'number' }],
  output: { kind: 'binary', classes: ['no', 'yes'] },
};

/** An executor answering fixed probabilities, optionally held until released or failing. */
function fake(probabilities: number[][], options: { fail?: Error; hold?: Promise<void> } = {}) {
  const calls: FeatureBatch[] = [];
  const executor = {
    signature: classifierSignature,
    async predict(batch: FeatureBatch): Promise<PredictionOutput> {
      calls.push(batch);
      await options.hold;
      if (options.fail) throw options.fail;
      return {
        kind: 'binary',
        classes: ['no', 'yes'],
        probabilities: Float64Array.from(probabilities.flat()),
        labelIndex: Int32Array.from(probabilities, (p) => (p[1]! > p[0]! ? 1 : 0)),
      };
    },
    async close() {
      throw new Error('the pool owns member executors; the ensemble must not close them');
    },
  };
  return { executor, calls };
}

describe('createEnsembleExecutor', () => {
  for (const name of ['binary', 'multiclass'] as const) {
    it(`${name}: answers as scikit-learn's soft VotingClassifier over the same fitted XGBoost and LightGBM models`, async () => {
      const cases = readVotingCases(name);
      const members = await fixtureMembers(name);
      const ensemble = createEnsembleExecutor(members, state(['v1', 'v2', 'v3']));
      const output = (await ensemble.predict(batchOf(cases.rows))) as ExecutorOutput;
      if (output.kind === 'regression') throw new Error('a classifier ensemble answered values');
      expect(output.classes).toEqual(cases.classes);
      const expected = cases.soft.probabilities.flat();
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(output.probabilities[i]! - expected[i]!));
      expect(worst).toBeLessThan(1e-5); // the runtimes reproduce each library to ~1e-6
      expect(Array.from(output.labelIndex)).toEqual(cases.soft.labels);
      expect(output.members?.map((m) => m.model)).toEqual([
        { name: 'credit', version: 1 },
        { name: 'credit', version: 2 },
        { name: 'credit', version: 3 },
      ]);
      expect(output.disagreement?.filter(Boolean).length).toBe(cases.rows_where_members_disagree);
    });
  }

  it('runs the members in parallel: both are asked before either answers', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const a = fake([[0.2, 0.8]], { hold });
    const b = fake([[0.6, 0.4]], { hold });
    const ensemble = createEnsembleExecutor(
      [
        { version: version('v2', 2, classifierSignature), executor: b.executor },
        { version: version('v1', 1, classifierSignature), executor: a.executor },
      ],
      state(['v1', 'v2'], { maxSpread: 0.3 }),
    );
    const answer = ensemble.predict({ rowCount: 1, columns: [Float64Array.of(1)] });
    await Promise.resolve();
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
    release();
    const output = (await answer) as ExecutorOutput;
    // Members in the state's order, not the order they were handed over.
    expect(output.members?.map((m) => m.versionId)).toEqual(['v1', 'v2']);
    if (output.kind === 'regression') throw new Error('a classifier ensemble answered values');
    expect(output.probabilities[0]).toBeCloseTo(0.4, 12);
    expect(output.labelIndex[0]).toBe(1);
    expect(output.disagreement).toEqual([true]);
    await ensemble.close(); // leaves the pooled members open (their close throws)
  });

  it('fails the batch when a member fails, naming the member', async () => {
    const ok = fake([[0.2, 0.8]]);
    const broken = fake([[0.2, 0.8]], { fail: new Error('worker exited') });
    const ensemble = createEnsembleExecutor(
      [
        { version: version('v1', 1, classifierSignature), executor: ok.executor },
        { version: version('v7', 7, classifierSignature), executor: broken.executor },
      ],
      state(['v1', 'v7']),
    );
    await expect(ensemble.predict({ rowCount: 1, columns: [Float64Array.of(1)] })).rejects.toThrow(
      'ensemble member credit:7 failed: worker exited',
    );
  });

  it('averages regressors and flags a spread above maxSpread', async () => {
    const regressor = (values: number[]) => ({
      signature: { inputs: [{ name: 'x', type: 'number' as const }], output: { kind: 'regression' as const } },
      predict: async (): Promise<PredictionOutput> => ({ kind: 'regression', values: Float64Array.from(values) }),
      close: async () => {},
    });
    const signature = regressor([]).signature;
    const ensemble = createEnsembleExecutor(
      [
        { version: version('v1', 1, signature), executor: regressor([10, 1]) },
        { version: version('v2', 2, signature), executor: regressor([14, 1.5]) },
      ],
      state(['v1', 'v2'], { maxSpread: 2 }),
    );
    const output = (await ensemble.predict({ rowCount: 2, columns: [Float64Array.of(1, 2)] })) as ExecutorOutput;
    expect(output.kind === 'regression' && Array.from(output.values)).toEqual([12, 1.25]);
    expect(output.disagreement).toEqual([true, false]);
  });

  it("hands each member the columns in its own signature's order", async () => {
    const seen: number[][] = [];
    const reading = (names: string[]) => ({
      signature: { inputs: names.map((name) => ({ name, type: 'number' as const })), output: { kind: 'regression' as const } },
      predict: async (batch: FeatureBatch): Promise<PredictionOutput> => {
        seen.push(batch.columns.map((c) => (c as Float64Array)[0]!));
        return { kind: 'regression', values: Float64Array.of(0) };
      },
      close: async () => {},
    });
    const a = reading(['age', 'income']);
    const b = reading(['income', 'age']);
    const ensemble = createEnsembleExecutor(
      [
        { version: version('v1', 1, a.signature), executor: a },
        { version: version('v2', 2, b.signature), executor: b },
      ],
      state(['v1', 'v2']),
    );
    await ensemble.predict({ rowCount: 1, columns: [Float64Array.of(41), Float64Array.of(5000)] });
    expect(seen).toEqual([
      [41, 5000],
      [5000, 41],
    ]);
  });
});
