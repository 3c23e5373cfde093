import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { decodeLogRows, encodeLogRecords, type LogRow } from './sqlite-log-wire.ts';

/** The row the store's own insert (prediction-repository.ts) writes for a record. */
function storeRow(r: PredictionLogRecord): LogRow {
  return [r.id, r.at, r.deploymentId, r.deploymentName, r.versionId, r.modelName, r.modelVersion, r.requestId, JSON.stringify(r.inputs), JSON.stringify(r.output), r.latencyMs, r.violations && r.violations.length > 0 ? JSON.stringify(r.violations) : null];
}

const base: PredictionLogRecord = { id: '01JWIRE0000000000000000000', at: '2026-01-02T03:04:05.678Z', deploymentId: 'dep', deploymentName: 'credit', versionId: 'ver', modelName: 'credit', modelVersion: 4, requestId: null, inputs: { age: 3 }, output: { value: 1 }, latencyMs: 0.25 };

describe('the log thread wire format', () => {
  it('gives the thread the very columns the store would write, whatever the client put in a request id or a feature', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(fc.array(fc.record({ requestId: fc.option(text), feature: text, value: fc.oneof(text, fc.double(), fc.constant(null)), name: text, latencyMs: fc.double({ min: 0, max: 1e9, noNaN: true }).map((x) => Math.abs(x)), flagged: fc.boolean(), deploymentId: fc.constantFrom('d1', 'd2'), versionId: fc.constantFrom('v1', 'v2'), modelVersion: fc.constantFrom(1, 2) }), { maxLength: 5 }), (cases) => {
        const records: PredictionLogRecord[] = cases.map((c, i) => ({
          ...base,
          id: `${base.id}${i}`,
          // Fields a group usually repeats, varied one at a time too: the encoder reuses them while they stay the same.
          deploymentId: c.deploymentId,
          versionId: c.versionId,
          modelVersion: c.modelVersion,
          deploymentName: c.name,
          modelName: c.name,
          requestId: c.requestId,
          inputs: { [c.feature]: c.value, other: '\u001e\u001f' },
          latencyMs: c.latencyMs,
          ...(c.flagged ? { violations: [{ column: c.feature, code: 'out_of_range', message: c.name }] } : {}),
        }));
        expect(decodeLogRows(encodeLogRecords(records))).toEqual(records.map(storeRow));
      }),
    );
  });

  it('refuses a line that lost or gained a field rather than shifting columns', () => {
    expect(() => decodeLogRows('a\u001fb')).toThrow(/2 fields/);
  });
});
