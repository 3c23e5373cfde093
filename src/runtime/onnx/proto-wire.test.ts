import { describe, expect, it } from 'vitest';
import { pb } from '../../../test/fixtures/onnx/write-onnx.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { WireReader, WireType } from './proto-wire.ts';

describe('WireReader', () => {
  it('reads varints, signed int64 and strings', () => {
    const bytes = pb.concat([pb.int(1, 300), pb.int(2, -1), pb.int(3, 2 ** 40), pb.string(4, 'héllo')]);
    const reader = new WireReader(bytes);
    expect(reader.readTag()).toEqual({ field: 1, wireType: WireType.varint });
    expect(reader.readVarint()).toBe(300);
    expect(reader.readTag()).toEqual({ field: 2, wireType: WireType.varint });
    expect(reader.readInt64()).toBe(-1);
    reader.readTag();
    expect(reader.readInt64()).toBe(2 ** 40);
    expect(reader.readTag()).toEqual({ field: 4, wireType: WireType.bytes });
    expect(reader.readString()).toBe('héllo');
    expect(reader.done()).toBe(true);
  });

  it('bounds a nested message to its own span', () => {
    const bytes = pb.concat([pb.message(1, pb.int(1, 7)), pb.int(2, 9)]);
    const outer = new WireReader(bytes);
    outer.readTag();
    const inner = outer.readMessage();
    inner.readTag();
    expect(inner.readInt64()).toBe(7);
    expect(inner.done()).toBe(true);
    expect(outer.readTag().field).toBe(2);
  });

  it('skips every wire type it knows', () => {
    const fixed64 = new Uint8Array([(5 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]);
    const fixed32 = new Uint8Array([(6 << 3) | 5, 1, 2, 3, 4]);
    const reader = new WireReader(pb.concat([pb.int(1, 5), pb.string(2, 'skip'), fixed64, fixed32, pb.int(9, 1)]));
    for (let i = 0; i < 4; i++) reader.skip(reader.readTag().wireType);
    expect(reader.readTag().field).toBe(9);
  });

  const failures: Array<[string, Uint8Array, (reader: WireReader) => unknown, RegExp]> = [
    ['a varint cut short', new Uint8Array([0x08, 0x80]), (r) => (r.readTag(), r.readVarint()), /ends in the middle of a value at byte 2/],
    [
      'a length past the end',
      new Uint8Array([0x0a, 0x05, 0x61]),
      (r) => (r.readTag(), r.readBytes()),
      /5-byte field at byte 2 runs past the end of the file \(3 bytes\)/,
    ],
    ['field number 0', new Uint8Array([0x00, 0x01]), (r) => r.readTag(), /field number 0 at byte 0/],
    ['a group wire type', new Uint8Array([0x0b]), (r) => r.skip(r.readTag().wireType), /unsupported wire type 3/],
    ['a fixed64 cut short', new Uint8Array([0x09, 1, 2]), (r) => r.skip(r.readTag().wireType), /middle of a fixed-size value/],
    [
      'invalid UTF-8',
      new Uint8Array([0x0a, 0x02, 0xc3, 0x28]),
      (r) => (r.readTag(), r.readString()),
      /string at byte 2 is not valid UTF-8/,
    ],
    [
      'an 11-byte varint',
      new Uint8Array([0x08, ...Array<number>(10).fill(0xff), 0x01]),
      (r) => (r.readTag(), r.readInt64()),
      /longer than 10 bytes/,
    ],
  ];
  it.each(failures)('throws a ModelLoadError for %s', (_, bytes, read, message) => {
    const error = (() => {
      try {
        read(new WireReader(bytes));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/^not a valid ONNX model \(truncated or corrupt protobuf\): /);
    expect((error as Error).message).toMatch(message);
  });
});
