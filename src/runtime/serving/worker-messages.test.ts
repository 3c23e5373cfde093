import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { BatchShapeError, ModelLoadError, type FeatureBatch } from '../model-runtime.ts';
import { decodeBatch, encodeBatch, reviveError, serializeError, transferableBuffers } from './worker-messages.ts';

/** Errors travel as plain data; structuredClone stands in for postMessage. */
const roundTrip = (error: unknown) => reviveError(structuredClone(serializeError(error)));

describe('errors crossing the thread boundary', () => {
  it('keep the class and message of ModelLoadError and BatchShapeError', () => {
    const load = roundTrip(new ModelLoadError('the JSON ends early'));
    expect(load).toBeInstanceOf(ModelLoadError);
    expect(load.message).toBe('the JSON ends early');
    const shape = roundTrip(new BatchShapeError('batch has 2 columns'));
    expect(shape).toBeInstanceOf(BatchShapeError);
    expect(shape).not.toBeInstanceOf(ModelLoadError);
    expect(shape.message).toBe('batch has 2 columns');
  });

  it("keep a BallastError's code and issues", () => {
    const revived = roundTrip(
      new BallastError('invalid_value', 'row 3 is bad', [{ code: 'invalid_type', path: [3, 'age'], message: 'not a number' }]),
    );
    expect(revived).toBeInstanceOf(BallastError);
    expect(revived).toMatchObject({
      code: 'invalid_value',
      message: 'row 3 is bad',
      issues: [{ code: 'invalid_type', path: [3, 'age'], message: 'not a number' }],
      status: 422,
    });
  });

  it('turn anything else into a plain Error with its message, and an unknown code into internal', () => {
    const plain = roundTrip(new TypeError('x is undefined'));
    expect(plain.constructor).toBe(Error);
    expect(plain.message).toBe('x is undefined');
    expect(roundTrip('a thrown string').message).toBe('a thrown string');
    expect(reviveError({ kind: 'BallastError', message: 'm', code: 'no_such_code', issues: [] })).toMatchObject({ code: 'internal' });
  });
});

describe('transferableBuffers', () => {
  it('lists whole buffers once and leaves out views into larger buffers, text and empty arrays', () => {
    const whole = new Float64Array(4);
    const shared = new ArrayBuffer(64);
    const view = new Float64Array(shared, 8, 2);
    const twice = new Float64Array(3);
    const buffers = transferableBuffers([whole, view, ['a'], twice, new Float64Array(twice.buffer), new Float64Array(0)]);
    expect(buffers).toEqual([whole.buffer, twice.buffer]);
    expect(buffers[0]).toBe(whole.buffer);
  });
});

describe('batches crossing the thread boundary', () => {
  /** postMessage with a transfer list, as the host sends a batch. */
  const send = (batch: FeatureBatch) => {
    const { wire, transfer } = encodeBatch(batch);
    return decodeBatch(structuredClone(wire, { transfer }));
  };

  it('arrive with every column as it was, numeric columns as views into one moved buffer', () => {
    const batch: FeatureBatch = {
      rowCount: 3,
      columns: [Float64Array.of(1, Number.NaN, 3), ['a', null, 'c'], Float64Array.of(-0, 5, Infinity)],
    };
    const received = send(batch);
    expect(received).toEqual(batch);
    expect(received.columns[0]).toBeInstanceOf(Float64Array);
    expect((received.columns[0] as Float64Array).buffer).toBe((received.columns[2] as Float64Array).buffer);
    expect(batch.columns[0]).toEqual(Float64Array.of(1, Number.NaN, 3)); // the sender's arrays are not detached
  });

  it('pass columns that do not fit the batch through unpacked, for the runtime to reject', () => {
    const batch: FeatureBatch = {
      rowCount: 2,
      columns: [Float64Array.of(1), Float32Array.of(1, 2) as unknown as Float64Array, Float64Array.of(4, 5)],
    };
    const received = send(batch);
    expect(received.columns[0]).toEqual(Float64Array.of(1));
    expect(received.columns[1]).toBeInstanceOf(Float32Array);
    expect(received.columns[2]).toEqual(Float64Array.of(4, 5));
    expect(send({ rowCount: 0, columns: [] })).toEqual({ rowCount: 0, columns: [] });
  });
});
