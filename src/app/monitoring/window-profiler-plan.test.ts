import { describe, expect, it } from 'vitest';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { PredictionRowWriter, signatureSchema } from './window-profiler-plan.ts';

const signature: ModelSignature = {
  inputs: [
    { name: 'amount', type: 'number' },
    { name: 'count', type: 'integer' },
    { name: 'toString', type: 'string' },
    { name: '__proto__', type: 'category' },
  ],
  output: { kind: 'regression' },
};

describe('profiling plan', () => {
  it('learns a schema from the signature: number and integer features numeric, the rest categorical, plus the outputs', () => {
    expect(signatureSchema(signature).columns).toEqual([
      { name: 'amount', kind: 'numeric' },
      { name: 'count', kind: 'numeric' },
      { name: 'toString', kind: 'categorical' },
      { name: '__proto__', kind: 'categorical' },
      { name: 'prediction.value', kind: 'numeric' },
    ]);
  });

  it('writes a row exactly as addRecord would, reading names Object.prototype has from the row only', () => {
    const schema = signatureSchema(signature);
    const writer = new PredictionRowWriter(schema, signature, null);
    const viaWriter = new DatasetProfile(schema);
    const viaRecord = new DatasetProfile(schema);
    // Parsed rows have a prototype: an absent `toString` or `__proto__` is missing, not a function or an object.
    const rows = [
      JSON.parse('{"amount": 1.5, "count": 2, "toString": "x", "__proto__": "y"}'),
      JSON.parse('{"amount": null}'),
      Object.assign(Object.create(null), { count: 7, toString: 'z' }),
    ];
    rows.forEach((inputs: Record<string, unknown>, i) => {
      writer.addRow(viaWriter, inputs, { value: i * 0.5 }, i / 4);
      const record: Record<string, unknown> = Object.create(null);
      for (const name of ['amount', 'count', 'toString', '__proto__'])
        if (Object.prototype.hasOwnProperty.call(inputs, name)) record[name] = inputs[name];
      record['prediction.value'] = i * 0.5;
      viaRecord.addRecord(record, i / 4);
    });
    expect(viaWriter.toJSON()).toEqual(viaRecord.toJSON());
    const text = viaWriter.column('toString');
    expect(text?.kind === 'categorical' && Object.fromEntries(text.counts().counts)).toEqual({ x: 1, z: 1 });
    expect(viaWriter.column('__proto__')?.missing).toBe(2);
  });
});
