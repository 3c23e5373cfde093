import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from './apply-features.ts';
import { sqlString, withDuckDb } from './duckdb.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-apply-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const definitions = (source: string, features = '      - {name: spend, type: number}') => `format: ballast.features/v1
entities:
  - name: customer
    key: customer_id
sources:
${source}
feature_views:
  - name: tx
    entity: customer
    source: s
    ttl: 7d
    features:
${features}
`;

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BallastError);
  expect((error as BallastError).code).toBe('invalid_feature_definitions');
  return (error as BallastError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('readFeatureDefinitionsFile', () => {
  it("resolves sources' paths relative to the file, wherever it is read from", async () => {
    const read = await readFeatureDefinitionsFile(path.relative(process.cwd(), path.join(EXAMPLES, 'features.yaml')));
    expect(read.sourceFile).toBe(path.join(EXAMPLES, 'features.yaml'));
    expect(read.definitions.sources[0]!.path).toBe(path.join(EXAMPLES, 'bureau.csv'));
  });

  it('says when the file cannot be read', async () => {
    await expect(readFeatureDefinitionsFile(path.join(dir, 'absent.yaml'))).rejects.toMatchObject({ code: 'file_not_found' });
  });
});

for (const factory of storeFactories()) {
  describe(`applyFeatureDefinitions (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('stores a version with an audit entry, and none when the same definitions are applied again', async () => {
      const ctx = await testContext(factory);
      try {
        const file = await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml'));
        const first = await applyFeatureDefinitions(ctx, file);
        expect(first.changed).toBe(true);
        expect(first.record).toMatchObject({ version: 1, sourceFile: file.sourceFile, createdBy: 'tester' });
        expect(first.record.sha256).toMatch(/^[0-9a-f]{64}$/);
        const again = await applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml')));
        expect(again).toEqual({ record: first.record, changed: false });

        const changed = {
          ...file,
          definitions: { ...file.definitions, featureViews: [{ ...file.definitions.featureViews[0]!, ttlSeconds: 3600 }] },
        };
        const second = await applyFeatureDefinitions(ctx, changed);
        expect(second.changed).toBe(true);
        expect(second.record.version).toBe(2);
        expect(second.record.sha256).not.toBe(first.record.sha256);
        expect((await ctx.store.featureSets.latest())!.definitions.featureViews[0]!.ttlSeconds).toBe(3600);

        const audit = (await ctx.store.audit.list()).filter((e) => e.action === 'features.apply');
        expect(audit.map((e) => [e.objectId, e.details.previous_version, e.details.feature_views])).toEqual([
          ['1', null, ['bureau']],
          ['2', 1, ['bureau']],
        ]);
      } finally {
        await ctx.close();
      }
    });

    it("names every column the sources lack, at the definitions' paths, and stores nothing", async () => {
      const ctx = await testContext(factory);
      try {
        write('tx.csv', 'customer,when,spend\nc1,2026-01-01,3\n');
        const file = write(
          'missing-columns.yaml',
          definitions(
            '  - {name: s, path: tx.csv, timestamp: event_time, created_timestamp: created}\n  - {name: gone, path: nowhere.parquet, timestamp: t}',
            '      - {name: spend, type: number}\n      - {name: n_tx, type: integer}\n      - {name: doubled, type: number, expr: "spend * 2 + amount"}',
          ),
        );
        expect(await refusal(applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(file)))).toEqual([
          `sources.0.timestamp: ${path.join(dir, 'tx.csv')} has no column "event_time" (columns: customer, when, spend)`,
          `sources.0.created_timestamp: ${path.join(dir, 'tx.csv')} has no column "created" (columns: customer, when, spend)`,
          `sources.1.path: no file at ${path.join(dir, 'nowhere.parquet')}`,
          'feature_views.0.entity: source s has no column "customer_id" (columns: customer, when, spend)',
          'feature_views.0.features.1.name: source s has no column "n_tx" (columns: customer, when, spend)',
          'feature_views.0.features.2.expr: source s has no column "amount" (columns: customer, when, spend)',
        ]);
        expect(await ctx.store.featureSets.list()).toEqual([]);
        expect((await ctx.store.audit.list()).filter((e) => e.action === 'features.apply')).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('reads a Parquet source from its metadata, and refuses numbers as event times', async () => {
      const ctx = await testContext(factory);
      try {
        const parquet = path.join(dir, 'tx.parquet');
        await withDuckDb((db) =>
          db.run(
            `copy (select 'c1' as customer_id, timestamp '2026-01-01 00:00:00' as event_time, 1700000000 as epoch, 2.5 as spend) to ${sqlString(parquet)} (format parquet)`,
          ),
        );
        const ok = write('parquet.yaml', definitions('  - {name: s, path: tx.parquet, timestamp: event_time}'));
        expect((await applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(ok))).record.version).toBe(1);
        const epoch = write('epoch.yaml', definitions('  - {name: s, path: tx.parquet, timestamp: epoch}'));
        expect(await refusal(applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(epoch)))).toEqual([
          `sources.0.timestamp: column "epoch" of ${parquet} is INTEGER; event times are timestamps or ISO 8601 text`,
        ]);
      } finally {
        await ctx.close();
      }
    });

    it("checks a table source against the store's database", async () => {
      const ctx = await testContext(factory);
      try {
        await sql`create table customer_snapshots (customer_id text, updated_at text, spend real)`.execute(ctx.store.db);
        const table = write('table.yaml', definitions('  - {name: s, table: customer_snapshots, timestamp: updated_at}'));
        expect((await applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(table))).changed).toBe(true);
        const absent = write('no-table.yaml', definitions('  - {name: s, table: no_such_table, timestamp: updated_at}'));
        expect(await refusal(applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(absent)))).toEqual([
          `sources.0.table: no table "no_such_table" in the store's database`,
        ]);
      } finally {
        await ctx.close();
      }
    });
  });
}
