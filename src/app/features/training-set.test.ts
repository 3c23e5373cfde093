import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { FeatureDefinitions } from '../../core/features/feature-definitions.ts';
import { computeOnDemandFeatures } from '../../core/features/compute-features.ts';
import { PointInTimeIndex } from '../../core/features/point-in-time.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { describeVersion } from '../lineage.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { buildTrainingSet } from './training-set.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

const DAY = 86_400_000;
const start = Date.UTC(2026, 2, 1);

/** The first 60 applicants of the credit example as entity rows, and a bureau source with dated inquiries. */
function writeInputs(dir: string): { entities: string; bureau: string; definitions: FeatureDefinitions } {
  const lines = readFileSync(path.join(EXAMPLES, 'train.csv'), 'utf8').trimEnd().split('\n').slice(0, 61);
  const entities = path.join(dir, 'applications.csv');
  writeFileSync(
    entities,
    lines.map((line, i) => `${line},${i === 0 ? 'event_timestamp' : new Date(start + (i % 20) * DAY).toISOString()}`).join('\n') + '\n',
  );
  const bureau = path.join(dir, 'bureau.csv');
  const rows = ['applicant_id,event_time,inquiries,balance'];
  for (let i = 1; i <= 50; i++)
    for (const d of [0, 7, 14])
      rows.push(`TR-${String(i).padStart(6, '0')},${new Date(start + (d + (i % 3)) * DAY).toISOString()},${(i + d) % 5},${i * 100 + d}`);
  writeFileSync(bureau, rows.join('\n') + '\n');
  const definitions: FeatureDefinitions = {
    format: 'ballast.features/v1',
    entities: [{ name: 'applicant', key: 'applicant_id' }],
    sources: [{ name: 'bureau', path: bureau, timestamp: 'event_time' }],
    featureViews: [
      {
        name: 'bureau',
        entity: 'applicant',
        source: 'bureau',
        ttlSeconds: 10 * 86400,
        features: [
          { name: 'inquiries', type: 'integer' },
          { name: 'balance_k', type: 'number', expr: 'balance / 1000' },
        ],
      },
    ],
    onDemandFeatures: [{ name: 'loan_to_income', type: 'number', expr: 'loan_amount / income' }],
  };
  return { entities, bureau, definitions };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return (error as BallastError).code;
  }
  throw new Error('expected a BallastError');
}

describe('buildTrainingSet', () => {
  it('joins derived and on-demand features point in time, records the set by hash, and links a version registered on it', async () => {
    const ctx = await testContext(factory);
    try {
      const { entities, bureau, definitions } = writeInputs(ctx.dir);
      await ctx.store.featureSets.append({
        definitions,
        sha256: 'a'.repeat(64),
        sourceFile: 'features.yaml',
        createdBy: 'tester',
        createdAt: 't',
      });
      const output = path.join(ctx.dir, 'training.csv');
      const built = await buildTrainingSet(ctx, {
        entities,
        timestampColumn: 'event_timestamp',
        features: 'bureau:inquiries,bureau:balance_k,on_demand:loan_to_income',
        output,
      });
      expect(built.rows).toBe(60);
      expect(built.columns.slice(-3)).toEqual(['inquiries', 'balance_k', 'loan_to_income']);

      // The reference: the in-memory point-in-time index over the same source rows, and the same arithmetic.
      const source = readFileSync(bureau, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      const index = new PointInTimeIndex(source.map((r) => ({ key: r[0]!, eventTime: Date.parse(r[1]!) })));
      const [header, ...rows] = readFileSync(output, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => l.split(','));
      const at = (name: string) => header!.indexOf(name);
      rows.forEach((row) => {
        const found = index.lookup({ key: row[at('applicant_id')]!, time: Date.parse(row[at('event_timestamp')]!) }, 10 * DAY);
        expect(row[at('inquiries')]).toBe(found < 0 ? '' : source[found]![2]);
        expect(row[at('balance_k')] === '' ? null : Number(row[at('balance_k')])).toBe(found < 0 ? null : Number(source[found]![3]) / 1000);
        const onDemand = computeOnDemandFeatures(definitions.onDemandFeatures, (name) => row[at(name)]).loan_to_income;
        expect(row[at('loan_to_income')] === '' ? null : Number(row[at('loan_to_income')])).toBe(onDemand);
      });
      expect(rows.filter((r) => r[at('inquiries')] === '').length).toBeGreaterThan(0); // applicants 51-60 have no bureau rows

      expect(await ctx.store.provenance.findTrainingSet(built.sha256)).toMatchObject({ rows: 60, output, provenance: built.provenance });
      expect(built.provenance).toMatchObject({
        featureSetVersion: 1,
        features: ['bureau:inquiries', 'bureau:balance_k', 'on_demand:loan_to_income'],
      });
      expect(built.provenance.sources.bureau).toMatch(/^[0-9a-f]{64}$/);
      const audit = await ctx.store.audit.list();
      expect(audit.map((e) => e.action)).toContain('features.training_set');

      const registered = await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: output,
        labelColumn: 'default',
        importance: false,
      });
      const lineage = await describeVersion(ctx, 'credit:1');
      expect(lineage.provenance).toEqual({
        versionId: registered.version.id,
        trainingSet: built.provenance,
        pipelineRunId: null,
        pipelineStep: null,
      });
      // Training data Ballast did not write carries no such provenance.
      const plain = await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: entities,
        labelColumn: 'default',
        importance: false,
      });
      expect(await ctx.store.provenance.find(plain.version.id)).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });

  it('refuses unknown features, a missing entity file and a bad output, and leaves nothing half-written', async () => {
    const ctx = await testContext(factory);
    try {
      const { entities, definitions } = writeInputs(ctx.dir);
      const input = { entities, timestampColumn: 'event_timestamp', features: 'bureau:inquiries', output: path.join(ctx.dir, 'out.csv') };
      expect(await codeOf(buildTrainingSet(ctx, input))).toBe('feature_set_not_found');
      await ctx.store.featureSets.append({
        definitions,
        sha256: 'a'.repeat(64),
        sourceFile: 'features.yaml',
        createdBy: 'tester',
        createdAt: 't',
      });
      expect(await codeOf(buildTrainingSet(ctx, { ...input, features: 'bureau:inquiries,bureau:nope,tx:spend' }))).toBe(
        'feature_not_found',
      );
      expect(await codeOf(buildTrainingSet(ctx, { ...input, entities: path.join(ctx.dir, 'absent.csv') }))).toBe('file_not_found');
      expect(await codeOf(buildTrainingSet(ctx, { ...input, output: path.join(ctx.dir, 'out.txt') }))).toBe('invalid_argument');
      expect(await codeOf(buildTrainingSet(ctx, { ...input, timestampColumn: 'when' }))).toBe('missing_column');
      expect(existsSync(input.output)).toBe(false);
      expect(readdirSync(ctx.dir).filter((f) => f.includes('partial'))).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
