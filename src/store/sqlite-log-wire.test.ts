import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_ROLES } from '../core/rollouts/deployment-routing.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { encodeLogRecords, INSERT_LOG_ROWS } from './sqlite-log-wire.ts';
import { openStore, type Store } from './store.ts';

const base: PredictionLogRecord = {
  id: '01JWIRE0000000000000000000',
  at: '2026-01-02T03:04:05.678Z',
  deploymentId: 'dep',
  deploymentName: 'credit',
  versionId: 'ver',
  modelName: 'credit',
  modelVersion: 4,
  requestId: null,
  features: ['age'],
  inputs: { age: 3 },
  output: { value: 1 },
  latencyMs: 0.25,
};

const COLUMNS = [
  'id',
  'at',
  'deployment_id',
  'deployment_name',
  'version_id',
  'model_name',
  'model_version',
  'request_id',
  'inputs',
  'output',
  'latency_ms',
  'violations',
  'role',
  'enrichment',
];
/** Every column's bytes and storage class, so "the same" means byte for byte, not equal after decoding. */
const READ_BYTES = `select ${COLUMNS.map((c) => `typeof(${c}) || ':' || hex(${c}) as ${c}`).join(', ')} from predictions order by id`;

let dir: string;
let viaStore: Store;
let viaWireStore: Store;
let storeFile: SQLite.Database;
let wireFile: SQLite.Database;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-wire-'));
  viaStore = await openStore(`sqlite:${path.join(dir, 'store.db')}`);
  viaWireStore = await openStore(`sqlite:${path.join(dir, 'wire.db')}`);
  storeFile = new SQLite(path.join(dir, 'store.db'));
  wireFile = new SQLite(path.join(dir, 'wire.db'));
});

afterAll(async () => {
  storeFile.close();
  wireFile.close();
  await viaStore.close();
  await viaWireStore.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the records the store's own way and the log thread's way, and returns both tables' bytes. */
async function writeBothWays(records: PredictionLogRecord[]): Promise<{ store: unknown[]; wire: unknown[]; changes: number }> {
  storeFile.exec('delete from predictions');
  wireFile.exec('delete from predictions');
  await viaStore.transaction((tx) => tx.predictions.insertMany(records));
  // As the log thread does: the line's UTF-8 bytes, read back from the journal.
  const { changes } = wireFile.prepare(INSERT_LOG_ROWS).run(Buffer.from(encodeLogRecords(records), 'utf8'));
  return { store: storeFile.prepare(READ_BYTES).all(), wire: wireFile.prepare(READ_BYTES).all(), changes };
}

describe('the log thread wire format', () => {
  it('writes the very bytes the store writes, whatever the client put in a request id or a feature', async () => {
    // 'binary' strings hold any code point, lone surrogates included; doubles cover every magnitude.
    const text = fc.string({ unit: 'binary' });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            requestId: fc.option(text),
            feature: text,
            value: fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null)),
            name: text,
            latencyMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
            flagged: fc.boolean(),
            modelVersion: fc.integer({ min: 1, max: 2 ** 31 }),
            role: fc.option(fc.constantFrom(...ANSWER_ROLES), { nil: undefined }),
            enriched: fc.option(fc.option(text), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
        async (cases) => {
          const records: PredictionLogRecord[] = cases.map((c, i) => ({
            ...base,
            id: `${base.id}${i}`,
            deploymentName: c.name,
            modelName: c.name,
            modelVersion: c.modelVersion,
            requestId: c.requestId,
            features: [c.feature, 'nested', 'absent'],
            inputs: { [c.feature]: c.value, nested: [c.value, { deep: c.name }] },
            output: { label: c.name, probabilities: [c.latencyMs, 1 - c.latencyMs] },
            latencyMs: c.latencyMs,
            ...(c.role ? { role: c.role } : {}),
            ...(c.flagged ? { violations: [{ column: c.feature, code: 'out_of_range', message: c.name }] } : {}),
            ...(c.enriched !== undefined
              ? {
                  enrichment: {
                    featureSetVersion: c.modelVersion,
                    entityKey: c.name,
                    key: c.enriched,
                    features: [`tx:${c.feature}`],
                    eventTimes: { tx: c.enriched },
                    ...(c.flagged ? { fromRequest: [c.feature] } : {}),
                  },
                }
              : {}),
          }));
          const { store, wire, changes } = await writeBothWays(records);
          expect(wire).toEqual(store);
          expect(changes).toBe(records.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the group the same from its text as from its UTF-8 bytes (recovery passes text)', async () => {
    const records = [{ ...base, requestId: 'naïve \ud83d\ude00 \ud800' }];
    const { wire } = await writeBothWays(records);
    wireFile.exec('delete from predictions');
    wireFile.prepare(INSERT_LOG_ROWS).run(encodeLogRecords(records));
    expect(wireFile.prepare(READ_BYTES).all()).toEqual(wire);
  });

  it('writes an empty violations list as NULL, as the store does', async () => {
    const { store, wire } = await writeBothWays([{ ...base, violations: [] }]);
    expect(wire).toEqual(store);
    expect((wire[0] as { violations: string }).violations).toBe('null:');
  });

  it('writes the answering role, stable for a record without one, and the store reads it back', async () => {
    const records = [
      { ...base, id: `${base.id}1`, role: 'canary' as const },
      { ...base, id: `${base.id}2` },
    ];
    const { store, wire } = await writeBothWays(records);
    expect(wire).toEqual(store);
    expect(wireFile.prepare('select role from predictions order by id').all()).toEqual([{ role: 'canary' }, { role: 'stable' }]);
    expect((await viaWireStore.predictions.findById(`${base.id}1`))?.role).toBe('canary');
  });

  it('lands a line journalled before roles (twelve values) with a null role, read back as no role', async () => {
    wireFile.exec('delete from predictions');
    const old = (JSON.parse(encodeLogRecords([base])) as unknown[][]).map((row) => row.slice(0, 12));
    expect(wireFile.prepare(INSERT_LOG_ROWS).run(JSON.stringify(old)).changes).toBe(1);
    expect(wireFile.prepare('select role from predictions').all()).toEqual([{ role: null }]);
    const read = await viaWireStore.predictions.findById(base.id);
    expect(read).toMatchObject({ id: base.id, modelVersion: 4 });
    expect(read).not.toHaveProperty('role');
  });

  it('writes the enrichment, null without one, and the store reads it back', async () => {
    const enrichment = {
      featureSetVersion: 3,
      entityKey: 'customer_id',
      key: '42',
      features: ['tx:spend_7d', 'tx:n_tx_7d'],
      eventTimes: { tx: '2026-01-01T00:00:00.000Z' },
    };
    const records = [
      { ...base, id: `${base.id}1`, enrichment },
      { ...base, id: `${base.id}2` },
    ];
    const { store, wire } = await writeBothWays(records);
    expect(wire).toEqual(store);
    expect((wire[1] as { enrichment: string }).enrichment).toBe('null:');
    expect((await viaWireStore.predictions.findById(`${base.id}1`))?.enrichment).toEqual(enrichment);
    expect(await viaWireStore.predictions.findById(`${base.id}2`)).not.toHaveProperty('enrichment');
  });

  it('lands a line journalled before enrichment (thirteen values) with a null enrichment', async () => {
    wireFile.exec('delete from predictions');
    const old = (JSON.parse(encodeLogRecords([{ ...base, role: 'canary' }])) as unknown[][]).map((row) => row.slice(0, 13));
    expect(wireFile.prepare(INSERT_LOG_ROWS).run(JSON.stringify(old)).changes).toBe(1);
    expect(wireFile.prepare('select role, enrichment from predictions').all()).toEqual([{ role: 'canary', enrichment: null }]);
  });
});
