import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { FeatureDefinition, FeatureViewDefinition, SourceDefinition } from '../../core/features/feature-definitions.ts';
import { entityKeyText, PointInTimeIndex } from '../../core/features/point-in-time.ts';
import { withDuckDb } from './duckdb.ts';
import { writePointInTimeJoin, type JoinFeature } from './training-set-engine.ts';

// Fixtures and their expected join come from pandas' merge_asof (test/fixtures/features/training-set/make_fixtures.py).
const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/features/training-set');
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-training-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const customer = { name: 'customer', key: 'customer_id' };
const transactions = (file = 'transactions.csv'): SourceDefinition => ({
  name: 'transactions',
  path: path.join(FIXTURES, file),
  timestamp: 'event_time',
  createdTimestamp: 'created',
});
const profiles: SourceDefinition = { name: 'profiles', path: path.join(FIXTURES, 'profiles.csv'), timestamp: 'updated_at' };
const tx: FeatureViewDefinition = {
  name: 'tx',
  entity: 'customer',
  source: 'transactions',
  ttlSeconds: 7 * 86400,
  features: [
    { name: 'spend_7d', type: 'number' },
    { name: 'n_tx_7d', type: 'integer' },
  ],
};
const profile: FeatureViewDefinition = {
  name: 'profile',
  entity: 'customer',
  source: 'profiles',
  ttlSeconds: null,
  features: [
    { name: 'segment', type: 'string' },
    { name: 'score', type: 'number' },
  ],
};
const txLong: FeatureViewDefinition = { ...tx, name: 'tx_long', ttlSeconds: 30 * 86400, features: [tx.features[0]!] };

function vf(view: FeatureViewDefinition, feature: FeatureDefinition, source: SourceDefinition): JoinFeature {
  return { kind: 'view', ref: { view: view.name, feature: feature.name }, view, feature, entity: customer, source };
}

function fixtureFeatures(transactionsFile = 'transactions.csv'): JoinFeature[] {
  const source = transactions(transactionsFile);
  return [
    vf(tx, tx.features[0]!, source),
    vf(tx, tx.features[1]!, source),
    vf(profile, profile.features[0]!, profiles),
    vf(profile, profile.features[1]!, profiles),
    vf(txLong, txLong.features[0]!, source),
  ];
}

function csvRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

/** Cells compared as pandas and DuckDB write them; numbers by value, since both print floats their own way. */
function sameCell(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  return actual !== '' && expected !== '' && Number.isFinite(Number(expected)) && Number(actual) === Number(expected);
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return { code: (error as BallastError).code, message: (error as Error).message };
  }
  throw new Error('expected a BallastError');
}

describe('writePointInTimeJoin', () => {
  it("matches pandas' merge_asof per view (TTL edges, ties, missing entities), rows in the entity file's order", async () => {
    const output = path.join(dir, 'out.csv');
    const result = await writePointInTimeJoin({
      entitiesFile: path.join(FIXTURES, 'entities.csv'),
      timestampColumn: 'event_timestamp',
      features: fixtureFeatures(),
      fullNames: false,
      output,
    });
    const expected = csvRows(path.join(FIXTURES, 'expected.csv'));
    const actual = csvRows(output);
    expect(actual[0]).toEqual(expected[0]);
    expect(result.columns).toEqual(expected[0]);
    expect(result.rows).toBe(expected.length - 1);
    expect(actual.length).toBe(expected.length);
    const mismatches = actual.flatMap((row, r) =>
      row.flatMap((cell, c) => (sameCell(cell, expected[r]![c]!) ? [] : [`row ${r} ${expected[0]![c]}: ${cell} vs ${expected[r]![c]}`])),
    );
    expect(mismatches).toEqual([]);
    // The hand-picked edges, named so a failure says which rule broke.
    expect(actual[3]!.slice(3, 5)).toEqual(['100.25', '7']); // exactly the TTL after the event: inside
    expect(actual[4]!.slice(3, 5)).toEqual(['', '']); // one second beyond
    expect(actual[6]!.slice(3)).toEqual(['', '', '', '', '']); // an unknown customer
  });

  it('reads typed Parquet entities and sources (integer keys) and writes Parquet with the same values', async () => {
    const output = path.join(dir, 'out.parquet');
    await writePointInTimeJoin({
      entitiesFile: path.join(FIXTURES, 'entities.parquet'),
      timestampColumn: 'event_timestamp',
      features: fixtureFeatures('transactions.parquet'),
      fullNames: true,
      output,
    });
    const expected = csvRows(path.join(FIXTURES, 'expected.csv'));
    const rows = await withDuckDb(async (db) =>
      (await db.runAndReadAll(`select * from read_parquet('${output}')`))
        .getRowsJS()
        .map((row) => row.map((v) => (v === null ? '' : String(v)))),
    );
    expect(rows.length).toBe(expected.length - 1);
    rows.forEach((row, r) => {
      const want = expected[r + 1]!;
      expect(sameCell(row[2]!, want[2]!)).toBe(true); // amount: the order is the file's
      for (let c = 3; c < want.length; c++) expect(sameCell(row[c]!, want[c]!), `row ${r + 1} column ${expected[0]![c]}`).toBe(true);
    });
  });

  it('leaves a value that does not fit its type missing, as materialisation and serving do', async () => {
    const file = path.join(dir, 'typed-source.csv');
    writeFileSync(file, 'customer_id,event_time,created,spend_7d,n_tx_7d\n1,2026-03-01,,lots,2.5\n2,2026-03-01,,1e1,2.0\n');
    const entities = path.join(dir, 'typed-entities.csv');
    writeFileSync(entities, 'customer_id,event_timestamp\n1,2026-03-02\n2,2026-03-02\n');
    const source = { ...transactions(), path: file };
    const output = path.join(dir, 'typed.csv');
    await writePointInTimeJoin({
      entitiesFile: entities,
      timestampColumn: 'event_timestamp',
      features: tx.features.map((feature) => vf(tx, feature, source)),
      fullNames: false,
      output,
    });
    expect(csvRows(output)).toEqual([
      ['customer_id', 'event_timestamp', 'spend_7d', 'n_tx_7d'],
      ['1', '2026-03-02', '', ''],
      ['2', '2026-03-02', '10.0', '2'],
    ]);
  });

  it('gives the same bytes for the same inputs (the training set is known by its hash)', async () => {
    const job = {
      entitiesFile: path.join(FIXTURES, 'entities.parquet'),
      timestampColumn: 'event_timestamp',
      features: fixtureFeatures('transactions.parquet'),
      fullNames: false,
    };
    await writePointInTimeJoin({ ...job, output: path.join(dir, 'a.parquet') });
    await writePointInTimeJoin({ ...job, output: path.join(dir, 'b.parquet') });
    expect(readFileSync(path.join(dir, 'a.parquet')).equals(readFileSync(path.join(dir, 'b.parquet')))).toBe(true);
  });

  it('refuses bad entity files with the row and value at fault', async () => {
    const run = (entities: string, timestampColumn = 'event_timestamp') => {
      const file = path.join(dir, `entities-${Math.random().toString(36).slice(2)}.csv`);
      writeFileSync(file, entities);
      return codeOf(
        writePointInTimeJoin({
          entitiesFile: file,
          timestampColumn,
          features: fixtureFeatures(),
          fullNames: false,
          output: path.join(dir, 'x.csv'),
        }),
      );
    };
    expect(await run('customer_id,when\n1,2026-03-01\n')).toMatchObject({
      code: 'missing_column',
      message: expect.stringContaining('"event_timestamp"'),
    });
    expect(await run('customer_id,event_timestamp\n1,2026-03-01\n,2026-03-02\n')).toMatchObject({
      code: 'invalid_data',
      message: expect.stringContaining('row 2 has no value in its key column "customer_id"'),
    });
    expect(await run('customer_id,event_timestamp\n1,2026-03-01\n2,yesterday\n')).toMatchObject({
      code: 'invalid_data',
      message: expect.stringContaining('row 2: "yesterday" in column "event_timestamp" is not a timestamp'),
    });
    expect(await run('customer_id,event_timestamp\n1,2026-02-30T00:00:00Z\n')).toMatchObject({ code: 'invalid_data' });
    expect(await run('customer_id,event_timestamp\n1,1767323045\n')).toMatchObject({ code: 'invalid_data' });
    expect(
      await codeOf(
        writePointInTimeJoin({
          entitiesFile: path.join(dir, 'absent.csv'),
          timestampColumn: 'event_timestamp',
          features: fixtureFeatures(),
          fullNames: false,
          output: path.join(dir, 'x.csv'),
        }),
      ),
    ).toMatchObject({ code: 'file_not_found' });
  });

  it('refuses a source row whose time or value cannot be read, naming the source and row', async () => {
    const entities = path.join(FIXTURES, 'entities.csv');
    const source = (text: string): JoinFeature[] => {
      const file = path.join(dir, `source-${Math.random().toString(36).slice(2)}.csv`);
      writeFileSync(file, text);
      return [vf(tx, tx.features[0]!, { ...transactions(), path: file })];
    };
    const run = (features: JoinFeature[]) =>
      codeOf(
        writePointInTimeJoin({
          entitiesFile: entities,
          timestampColumn: 'event_timestamp',
          features,
          fullNames: false,
          output: path.join(dir, 'y.csv'),
        }),
      );
    expect(await run(source('customer_id,event_time,created,spend_7d\n1,2026-03-01,,1\n1,soon,,2\n'))).toMatchObject({
      code: 'invalid_data',
      message: expect.stringContaining('source transactions: row 2: "soon" in column "event_time"'),
    });
    expect(
      await run(source('customer_id,event_time,created,spend_7d\n1,2026-03-01,,1\n1,2026-03-01 01:00,01:00 tomorrow,7\n')),
    ).toMatchObject({
      code: 'invalid_data',
      message: expect.stringContaining('row 2: "01:00 tomorrow" in column "created"'),
    });
    expect(await run(source('customer_id,created,spend_7d\n1,,1\n'))).toMatchObject({ code: 'missing_column' });
  });

  it('agrees with the in-memory reference (PointInTimeIndex) on random sources, ties and TTLs', async () => {
    const sourceRow = fc.record({
      key: fc.integer({ min: 1, max: 4 }),
      day: fc.integer({ min: 0, max: 5 }),
      created: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      value: fc.integer({ min: 0, max: 1000 }),
    });
    const entityRow = fc.record({ key: fc.integer({ min: 1, max: 5 }), day: fc.integer({ min: 0, max: 7 }), hour: fc.constantFrom(0, 12) });
    const day = (d: number, h = 0) => Date.UTC(2026, 0, 1 + d, h);
    const iso = (ms: number) => new Date(ms).toISOString();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sourceRow, { minLength: 1, maxLength: 30 }),
        fc.array(entityRow, { minLength: 1, maxLength: 20 }),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
        async (rows, entities, ttlDays) => {
          run++;
          const sourceFile = path.join(dir, `p-source-${run}.csv`);
          const entityFile = path.join(dir, `p-entities-${run}.csv`);
          const output = path.join(dir, `p-out-${run}.csv`);
          writeFileSync(
            sourceFile,
            'customer_id,event_time,created,spend_7d\n' +
              rows.map((r) => `${r.key},${iso(day(r.day))},${r.created === undefined ? '' : iso(day(r.created))},${r.value}`).join('\n'),
          );
          writeFileSync(
            entityFile,
            'customer_id,event_timestamp\n' + entities.map((e) => `${e.key},${iso(day(e.day, e.hour))}`).join('\n'),
          );
          const view = { ...tx, ttlSeconds: ttlDays === null ? null : ttlDays * 86400 };
          await writePointInTimeJoin({
            entitiesFile: entityFile,
            timestampColumn: 'event_timestamp',
            features: [vf(view, tx.features[0]!, { ...transactions(), path: sourceFile })],
            fullNames: false,
            output,
          });
          const index = new PointInTimeIndex(
            rows.map((r) => ({
              key: entityKeyText(r.key),
              eventTime: day(r.day),
              ...(r.created === undefined ? {} : { createdTime: day(r.created) }),
            })),
          );
          const got = csvRows(output)
            .slice(1)
            .map((row) => row[2]);
          const want = entities.map((e) => {
            const found = index.lookup(
              { key: entityKeyText(e.key), time: day(e.day, e.hour) },
              view.ttlSeconds === null ? null : view.ttlSeconds * 1000,
            );
            return found < 0 ? '' : `${rows[found]!.value}.0`;
          });
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 30, seed: 18 },
    );
  }, 60_000);
});
