import { describe, expect, it } from 'vitest';
import { isSupportedDatatype, isV2Datatype, readBinaryElements, readJsonElement, type SupportedDatatype } from './v2-datatypes.ts';

function json(datatype: SupportedDatatype, value: unknown): { value: unknown; problems: string[] } {
  const problems: string[] = [];
  return { value: readJsonElement(datatype, value, (m) => problems.push(m)), problems };
}

function binary(datatype: SupportedDatatype, bytes: Uint8Array, count: number): { values: unknown; problems: string[] } {
  const problems: string[] = [];
  return { values: readBinaryElements(datatype, bytes, count, (m) => problems.push(m)), problems };
}

function le(
  Type: Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor,
  values: number[],
): Uint8Array {
  return new Uint8Array(new Type(values).buffer); // every CI machine is little-endian, as the extension's byte order is
}

describe('V2 datatypes', () => {
  it('knows the spec datatypes and declines half precision', () => {
    expect(isV2Datatype('FP64')).toBe(true);
    expect(isV2Datatype('fp64')).toBe(false);
    expect(isV2Datatype('__proto__')).toBe(false);
    expect(isSupportedDatatype('FP16')).toBe(false);
    expect(isSupportedDatatype('BF16')).toBe(false);
    expect(isSupportedDatatype('INT8')).toBe(true);
  });
});

describe('readJsonElement', () => {
  it('takes null as a missing value in every datatype', () => {
    for (const datatype of ['BOOL', 'INT64', 'UINT8', 'FP32', 'FP64', 'BYTES'] as const)
      expect(json(datatype, null)).toEqual({ value: null, problems: [] });
  });
  it('keeps integers within their datatype and refuses fractions and out-of-range values', () => {
    expect(json('INT8', -128)).toEqual({ value: -128, problems: [] });
    expect(json('INT8', 128).problems).toEqual(['128 is outside the range of INT8']);
    expect(json('UINT8', -1).problems).toEqual(['-1 is outside the range of UINT8']);
    expect(json('UINT32', 4294967295).value).toBe(4294967295);
    expect(json('INT32', 1.5).problems).toEqual(['1.5 is not a whole number, as INT32 needs']);
    expect(json('INT64', '7').problems).toEqual(['"7" is not a whole number, as INT64 needs']);
    expect(json('INT64', 2 ** 53).problems[0]).toMatch(/outside the range of INT64 that JSON numbers carry exactly/);
    expect(json('INT64', -(2 ** 53 - 1)).value).toBe(-(2 ** 53 - 1));
  });
  it('rounds FP32 to float32 and keeps FP64 exact', () => {
    expect(json('FP32', 0.336).value).toBe(Math.fround(0.336));
    expect(json('FP32', 0.336).value).not.toBe(0.336);
    expect(json('FP64', 0.336).value).toBe(0.336);
    expect(json('FP32', 1e39).problems).toEqual(['1e+39 is outside the range of FP32']);
  });
  it('refuses non-finite and non-numeric floats with the missing-value hint', () => {
    for (const value of [Number.NaN, Infinity, -Infinity, '1.5', true, [1], {}]) {
      expect(json('FP64', value).problems[0]).toMatch(/is not a finite number \(send null for a missing value\)$/);
    }
  });
  it('takes only booleans for BOOL and only strings for BYTES', () => {
    expect(json('BOOL', true).value).toBe(true);
    expect(json('BOOL', 1).problems).toEqual(['1 is not a BOOL (true or false)']);
    expect(json('BYTES', 'car').value).toBe('car');
    expect(json('BYTES', 3).problems).toEqual(['3 is not a BYTES element (a string)']);
  });
});

describe('readBinaryElements', () => {
  it('reads little-endian numbers of each width', () => {
    expect(binary('FP64', le(Float64Array, [30, 41.5]), 2)).toEqual({ values: [30, 41.5], problems: [] });
    expect(binary('FP32', le(Float32Array, [0.25, -2]), 2).values).toEqual([0.25, -2]);
    expect(binary('INT32', le(Int32Array, [-5, 7]), 2).values).toEqual([-5, 7]);
    expect(binary('UINT16', le(Uint16Array, [65535]), 1).values).toEqual([65535]);
    expect(binary('INT8', new Uint8Array([0xff, 0x7f]), 2).values).toEqual([-1, 127]);
    expect(binary('BOOL', new Uint8Array([1, 0]), 2).values).toEqual([true, false]);
    const int64 = new Uint8Array(new BigInt64Array([-3n, 9007199254740991n]).buffer);
    expect(binary('INT64', int64, 2).values).toEqual([-3, 9007199254740991]);
  });
  it('reads a subarray at any offset (tensors follow each other unaligned in the body)', () => {
    const body = new Uint8Array(1 + 8);
    new DataView(body.buffer).setFloat64(1, 2.5, true);
    expect(binary('FP64', body.subarray(1), 1).values).toEqual([2.5]);
  });
  it('reads NaN as a missing value and refuses infinities and integers beyond 2^53', () => {
    expect(binary('FP64', le(Float64Array, [Number.NaN, 1]), 2)).toEqual({ values: [null, 1], problems: [] });
    expect(binary('FP32', le(Float32Array, [Infinity]), 1).problems).toEqual([
      '1 element is infinite or beyond ±2^53, which Ballast does not take',
    ]);
    const big = new Uint8Array(new BigInt64Array([2n ** 60n]).buffer);
    expect(binary('INT64', big, 1).values).toBeUndefined();
  });
  it('refuses a byte count that does not fit the element count', () => {
    expect(binary('FP64', new Uint8Array(12), 2).problems).toEqual(['binary data has 12 bytes but 2 FP64 elements take 16']);
  });
  it('reads length-prefixed UTF-8 strings for BYTES, as tritonclient serializes them', () => {
    const bytes = new Uint8Array([3, 0, 0, 0, 0x63, 0x61, 0x72, 8, 0, 0, 0, 0x6d, 0xc3, 0xa9, 0x64, 0x69, 0x63, 0x61, 0x6c, 0, 0, 0, 0]);
    expect(binary('BYTES', bytes, 3)).toEqual({ values: ['car', 'médical', ''], problems: [] });
    expect(binary('BYTES', bytes, 2).problems).toEqual(['binary data holds 3 BYTES elements but the shape needs 2']);
    expect(binary('BYTES', bytes.subarray(0, 2), 1).problems[0]).toMatch(/length prefix is incomplete/);
    expect(binary('BYTES', bytes.subarray(0, 6), 1).problems[0]).toBe('BYTES element 0 claims 3 bytes but only 2 remain');
    expect(binary('BYTES', new Uint8Array([1, 0, 0, 0, 0xff]), 1).problems).toEqual(['BYTES element 0 is not valid UTF-8 text']);
  });
});
