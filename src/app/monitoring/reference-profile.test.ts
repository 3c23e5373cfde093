import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rowReconstructionError } from '../../core/drift/pca-reconstruction.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { buildReferenceProfile, profileVersionReference } from './reference-profile.ts';

const train = path.join(EXAMPLES, 'train.csv');

/** The training file read plainly, to check the profile against counts nobody's sketch made. */
function trainColumn(name: string): string[] {
  const [header, ...lines] = readFileSync(train, 'utf8').trim().split('\n');
  const at = header!.split(',').indexOf(name);
  return lines.map((line) => line.split(',')[at]!);
}

describe('reference profile', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  it('is saved at registration: inputs with decile edges, the label as `label`, scored outputs and a PCA model', async () => {
    const ctx = await testContext(factory);
    try {
      const result = await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: train,
        importance: false,
        labelColumn: 'default',
      });
      expect(result.monitoring).toEqual({ saved: true, notes: [] });
      const reference = await ctx.store.monitoring.findReference(result.version.id);
      expect(reference?.rows).toBe(20_000);
      const profile = DatasetProfile.fromJSON(reference!.profile);
      const features = result.version.signature.inputs.map((f) => f.name);
      expect(profile.columns.map((c) => c.schema.name)).toEqual([
        ...features,
        'label',
        'prediction.label',
        'prediction.probability.0',
        'prediction.probability.1',
      ]);

      const income = profile.column('income');
      expect(income?.kind).toBe('numeric');
      expect(income!.schema.edges).toHaveLength(9);
      // Decile edges: each bin holds about a tenth of the snapshot (KLL rank error well under 1%).
      if (income?.kind === 'numeric') for (const count of income.histogram!.counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
      expect(profile.column('employment_type')?.kind).toBe('categorical');
      // Five loan terms (12 … 60 months): categories, decided here once for every window.
      expect(profile.column('loan_term_months')?.schema).toEqual({ name: 'loan_term_months', kind: 'categorical', numbers: true });

      const label = profile.column('label');
      const defaults = trainColumn('default');
      expect(label?.kind === 'categorical' && Object.fromEntries(label.counts().counts)).toEqual({
        0: defaults.filter((d) => d === '0').length,
        1: defaults.filter((d) => d === '1').length,
      });
      const p1 = profile.column('prediction.probability.1');
      expect(p1?.kind === 'numeric' && p1.count).toBe(20_000);
      // A calibrated model's mean probability is close to the training default rate (12%).
      expect(p1?.kind === 'numeric' && p1.moments.mean).toBeGreaterThan(0.09);
      expect(p1?.kind === 'numeric' && p1.moments.mean).toBeLessThan(0.15);
      expect(profile.column('prediction.label')?.kind).toBe('categorical');

      const pca = reference!.multivariate!;
      expect(pca.columns).toEqual(
        result.version.signature.inputs
          .filter(
            (f) =>
              (profile.column(f.name)?.kind === 'numeric' || profile.column(f.name)?.schema.numbers === true) &&
              f.type !== 'category' &&
              f.type !== 'string',
          )
          .map((f) => f.name),
      );
      expect(pca.reference.count).toBe(20_000);
      expect(Number.isFinite(rowReconstructionError(pca, pca.means))).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('is the same from a Parquet training snapshot as from the same rows as CSV', async () => {
    const ctx = await testContext(factory);
    try {
      const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/parquet');
      const reference = async (name: string, file: string) => {
        const result = await registerModel(ctx, {
          name,
          modelFile: path.join(EXAMPLES, 'model.xgb.json'),
          trainingData: path.join(fixtures, file),
          importance: false,
          labelColumn: 'default',
        });
        expect(result.monitoring).toEqual({ saved: true, notes: [] });
        const { profile, rows } = (await ctx.store.monitoring.findReference(result.version.id))!;
        return { profile, rows };
      };
      const fromCsv = await reference('credit-csv', 'credit-train.csv');
      expect(fromCsv.rows).toBe(3000);
      expect(await reference('credit-parquet', 'credit-train.parquet')).toEqual(fromCsv);
    } finally {
      await ctx.close();
    }
  });

  it('marks ids and time-like columns skipped in the reference schema and keeps them out of the PCA model', async () => {
    const ctx = await testContext(factory);
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-reference-'));
    try {
      const registered = await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
      const inputs = ['PassengerId', 'year', 'flag', 'a', 'b'].map((name) => ({
        name,
        type: name === 'a' || name === 'b' ? 'number' : 'integer',
      }));
      const version = { ...registered.version, signature: { ...registered.version.signature, inputs } } as typeof registered.version;
      const file = path.join(dir, 'snapshot.csv');
      const rows = Array.from({ length: 500 }, (_, i) =>
        [i + 1, 2019 + (i % 3), i % 2, ((i * 7919) % 101) / 10, ((i * 31) % 53) / 5].join(','),
      );
      writeFileSync(file, ['PassengerId,year,flag,a,b', ...rows].join('\n') + '\n');
      const outcome = await buildReferenceProfile({ version, file, labelColumn: null, createdAt: '2026-11-25T12:00:00.000Z' });
      const schema = Object.fromEntries(outcome.record.profile.columns.map((c) => [c.schema.name, c.schema]));
      expect(schema.PassengerId).toMatchObject({ kind: 'numeric', skipped: expect.stringMatching(/^looks like an identifier/) });
      expect(schema.year).toMatchObject({ kind: 'numeric', skipped: expect.stringMatching(/^time-like/) });
      expect(schema.flag).toEqual({ name: 'flag', kind: 'categorical', numbers: true });
      expect(outcome.record.multivariate?.columns).toEqual(['flag', 'a', 'b']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await ctx.close();
    }
  });

  it('saves the input profile and says why when the model cannot score the snapshot', async () => {
    const ctx = await testContext(factory);
    try {
      const registered = await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
      expect(registered.monitoring.saved).toBe(false);
      const version = registered.version;
      const failing: LoadedModel = {
        format: 'lightgbm',
        signature: version.signature,
        predict: () => Promise.reject(new Error('out of memory')),
        close: async () => {},
      };
      const outcome = await buildReferenceProfile({
        version,
        file: train,
        labelColumn: null,
        model: failing,
        createdAt: '2026-11-25T12:00:00.000Z',
        sampleRows: 500,
      });
      expect(outcome.notes).toContain('outputs not profiled: scoring the training snapshot failed at row 1 (out of memory)');
      expect(outcome.notes).toContain('the multivariate model was fitted on a uniform sample of 500 of 20000 rows');
      expect(outcome.record.profile.columns.map((c) => c.schema.name)).toEqual(version.signature.inputs.map((f) => f.name));
      expect(outcome.record.multivariate?.reference.count).toBe(500);
      // Without a snapshot there is nothing to profile.
      expect(await profileVersionReference(ctx, version)).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});
