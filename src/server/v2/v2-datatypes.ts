import { V2_DATATYPES, type V2Datatype, type V2Element } from './v2-types.ts';

/**
 * What each V2 datatype may hold, and how its elements are read from JSON and from the binary
 * tensor data extension. Elements come out as JSON-like values: numbers for integer and float
 * types, booleans for BOOL, strings for BYTES, and null for a missing value.
 */
type Family = 'bool' | 'int' | 'float' | 'bytes';

interface DatatypeInfo {
  readonly family: Family;
  /** Bytes per element in the binary section; 0 for BYTES, which is length-prefixed. */
  readonly byteSize: number;
  readonly min: number;
  readonly max: number;
}

const SAFE = Number.MAX_SAFE_INTEGER;

const INFO: Readonly<Record<Exclude<V2Datatype, 'FP16' | 'BF16'>, DatatypeInfo>> = {
  BOOL: { family: 'bool', byteSize: 1, min: 0, max: 1 },
  UINT8: { family: 'int', byteSize: 1, min: 0, max: 0xff },
  UINT16: { family: 'int', byteSize: 2, min: 0, max: 0xffff },
  UINT32: { family: 'int', byteSize: 4, min: 0, max: 0xffff_ffff },
  // 64-bit integers beyond 2^53 cannot be told apart as JSON numbers, so they are refused, not rounded.
  UINT64: { family: 'int', byteSize: 8, min: 0, max: SAFE },
  INT8: { family: 'int', byteSize: 1, min: -0x80, max: 0x7f },
  INT16: { family: 'int', byteSize: 2, min: -0x8000, max: 0x7fff },
  INT32: { family: 'int', byteSize: 4, min: -0x8000_0000, max: 0x7fff_ffff },
  INT64: { family: 'int', byteSize: 8, min: -SAFE, max: SAFE },
  FP32: { family: 'float', byteSize: 4, min: -Infinity, max: Infinity },
  FP64: { family: 'float', byteSize: 8, min: -Infinity, max: Infinity },
  BYTES: { family: 'bytes', byteSize: 0, min: 0, max: 0 },
};

export type SupportedDatatype = keyof typeof INFO;

export function isV2Datatype(value: unknown): value is V2Datatype {
  return typeof value === 'string' && (V2_DATATYPES as readonly string[]).includes(value);
}

/** Half-precision types have no use for tabular features and no exact JSON form; they are declined. */
export function isSupportedDatatype(datatype: V2Datatype): datatype is SupportedDatatype {
  return datatype !== 'FP16' && datatype !== 'BF16';
}

/**
 * Checks one JSON element against its datatype. `null` is a missing value in every datatype: JSON
 * has no NaN, and a service needs some way to say "unknown"; the same null means missing in
 * Ballast's own `/v1` instances. FP32 values are rounded to float32, since that is what the tensor
 * holds (and what XGBoost compares). Returns null and reports when the element does not fit.
 */
export function readJsonElement(datatype: SupportedDatatype, value: unknown, report: (message: string) => void): V2Element {
  if (value === null) return null;
  const info = INFO[datatype];
  switch (info.family) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      report(`${describe(value)} is not a BOOL (true or false)`);
      return null;
    case 'bytes':
      if (typeof value === 'string') return value;
      report(`${describe(value)} is not a BYTES element (a string)`);
      return null;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        report(`${describe(value)} is not a whole number, as ${datatype} needs`);
        return null;
      }
      if (value < info.min || value > info.max) {
        report(`${value} is outside the range of ${datatype}${info.max === SAFE ? ' that JSON numbers carry exactly (±2^53)' : ''}`);
        return null;
      }
      return value;
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        report(`${describe(value)} is not a finite number (send null for a missing value)`);
        return null;
      }
      const held = datatype === 'FP32' ? Math.fround(value) : value;
      if (!Number.isFinite(held)) {
        report(`${value} is outside the range of FP32`);
        return null;
      }
      return held;
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads `count` elements of a tensor from its bytes in the binary section (little-endian, as the
 * binary tensor data extension specifies; BYTES elements are a 4-byte length then UTF-8 text).
 * A NaN float is a missing value here, because numpy has no other way to say it; infinities are
 * refused as everywhere else. Returns undefined when the bytes do not fit the tensor.
 */
export function readBinaryElements(
  datatype: SupportedDatatype,
  bytes: Uint8Array,
  count: number,
  report: (message: string) => void,
): V2Element[] | undefined {
  const info = INFO[datatype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (datatype === 'BYTES') return readBinaryStrings(view, bytes, count, report);
  if (bytes.byteLength !== count * info.byteSize) {
    report(`binary data has ${bytes.byteLength} bytes but ${count} ${datatype} elements take ${count * info.byteSize}`);
    return undefined;
  }
  const read = binaryReader(datatype);
  const elements = new Array<V2Element>(count);
  let problems = 0;
  for (let i = 0; i < count; i++) {
    const value = read(view, i * info.byteSize);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      elements[i] = null;
      if (!Number.isNaN(value)) problems++;
    } else if (typeof value === 'number' && (value < info.min || value > info.max)) {
      elements[i] = null;
      problems++;
    } else {
      elements[i] = value;
    }
  }
  if (problems > 0) {
    report(`${problems} element${problems > 1 ? 's are' : ' is'} infinite or beyond ±2^53, which Ballast does not take`);
    return undefined;
  }
  return elements;
}

type BinaryReader = (view: DataView, offset: number) => number | boolean;

function binaryReader(datatype: Exclude<SupportedDatatype, 'BYTES'>): BinaryReader {
  switch (datatype) {
    case 'BOOL':
      return (view, at) => view.getUint8(at) !== 0;
    case 'UINT8':
      return (view, at) => view.getUint8(at);
    case 'UINT16':
      return (view, at) => view.getUint16(at, true);
    case 'UINT32':
      return (view, at) => view.getUint32(at, true);
    case 'UINT64':
      return (view, at) => Number(view.getBigUint64(at, true));
    case 'INT8':
      return (view, at) => view.getInt8(at);
    case 'INT16':
      return (view, at) => view.getInt16(at, true);
    case 'INT32':
      return (view, at) => view.getInt32(at, true);
    case 'INT64':
      return (view, at) => Number(view.getBigInt64(at, true));
    case 'FP32':
      return (view, at) => view.getFloat32(at, true);
    case 'FP64':
      return (view, at) => view.getFloat64(at, true);
  }
}

function readBinaryStrings(view: DataView, bytes: Uint8Array, count: number, report: (message: string) => void): string[] | undefined {
  const strings: string[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    if (at + 4 > bytes.byteLength) {
      report(`BYTES element ${strings.length} is cut short: its 4-byte length prefix is incomplete`);
      return undefined;
    }
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > bytes.byteLength) {
      report(`BYTES element ${strings.length} claims ${length} bytes but only ${bytes.byteLength - at} remain`);
      return undefined;
    }
    try {
      strings.push(UTF8.decode(bytes.subarray(at, at + length)));
    } catch {
      report(`BYTES element ${strings.length} is not valid UTF-8 text`);
      return undefined;
    }
    at += length;
  }
  if (strings.length !== count) {
    report(`binary data holds ${strings.length} BYTES elements but the shape needs ${count}`);
    return undefined;
  }
  return strings;
}

/** A value for an error message: quoted when text, cut short so a message cannot grow without bound. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
