import { describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../serving-records.ts';
import { MASK, carriesSensitive, maskInputs, maskPrediction, maskViolations } from './mask.ts';

const record: PredictionLogRecord = {
  id: 'p1',
  at: '2026-12-01T00:00:00.000Z',
  deploymentId: 'd',
  deploymentName: 'credit',
  versionId: 'v',
  modelName: 'credit',
  modelVersion: 1,
  requestId: null,
  features: ['age', 'income', 'purpose'],
  inputs: { age: 91, income: 52000, purpose: 'car' },
  output: { label: 1, probabilities: [0.2, 0.8] },
  latencyMs: 1,
  violations: [
    { column: 'age', code: 'out_of_range', message: 'is 91, above the maximum 80' },
    { column: 'purpose', code: 'unknown_category', message: 'is "car", not one of …' },
  ],
};

describe('masking by column', () => {
  it('replaces the values of sensitive columns by *** and keeps every other value', () => {
    expect(maskInputs(record.inputs, new Set(['age', 'income']))).toEqual({ age: MASK, income: MASK, purpose: 'car' });
    expect(MASK).toBe('***');
  });

  it('rewrites the message of a violation on a sensitive column so it no longer carries the value', () => {
    const masked = maskViolations(record.violations!, new Set(['age']));
    expect(masked[0]).toEqual({ column: 'age', code: 'out_of_range', message: expect.not.stringContaining('91') });
    expect(masked[0]!.message).toContain('age');
    expect(masked[1]).toBe(record.violations![1]);
  });

  it('masks a whole record, leaving the output, and returns the record itself when it holds no sensitive value', () => {
    const masked = maskPrediction(record, new Set(['age']));
    expect(masked.inputs).toEqual({ age: MASK, income: 52000, purpose: 'car' });
    expect(JSON.stringify(masked)).not.toContain('91');
    expect(masked.output).toEqual(record.output);
    expect(maskPrediction(record, new Set(['sex']))).toBe(record);
    expect(maskPrediction(record, new Set())).toBe(record);
  });

  it('knows whether a record carries a sensitive value, in its inputs or only in a violation', () => {
    expect(carriesSensitive(record, new Set(['income']))).toBe(true);
    expect(carriesSensitive({ inputs: {}, violations: [{ column: 'age', code: 'missing_column', message: '' }] }, new Set(['age']))).toBe(
      true,
    );
    expect(carriesSensitive(record, new Set(['sex']))).toBe(false);
  });
});
