import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { BatchShapeError, ModelLoadError } from '../model-runtime.ts';
import { handOff, isHandedOff, reviveError, serializeError, transferableBuffers } from './worker-messages.ts';

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

  it('keep a BallastError\'s code and issues', () => {
    const revived = roundTrip(new BallastError('invalid_value', 'row 3 is bad', [{ path: [3, 'age'], message: 'not a number' }]));
    expect(revived).toBeInstanceOf(BallastError);
    expect(revived).toMatchObject({ code: 'invalid_value', message: 'row 3 is bad', issues: [{ path: [3, 'age'], message: 'not a number' }], status: 422 });
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

describe('handOff', () => {
  it('marks only the batch it was given', () => {
    const batch = handOff({ rowCount: 0, columns: [] });
    expect(isHandedOff(batch)).toBe(true);
    expect(isHandedOff({ rowCount: 0, columns: [] })).toBe(false);
  });
});
