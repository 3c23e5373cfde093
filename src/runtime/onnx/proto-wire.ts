import { ModelLoadError } from '../model-runtime.ts';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/); groups (3, 4) are long deprecated. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface FieldTag {
  readonly field: number;
  readonly wireType: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one protobuf message field by field, bounded to its own span of the buffer. Every read is
 * checked against that span, so a truncated or corrupt file surfaces as a ModelLoadError naming the
 * byte offset instead of a RangeError or a silent misread.
 */
export class WireReader {
  private position: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.position = start;
  }

  get offset(): number {
    return this.position;
  }

  done(): boolean {
    return this.position >= this.end;
  }

  readTag(): FieldTag {
    const tagAt = this.position;
    const tag = this.readVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) this.fail(`field number 0 at byte ${tagAt}`);
    return { field, wireType };
  }

  /** An unsigned varint as a Number; exact up to 2^53, which covers every length and tag. */
  readVarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.nextByte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    return this.fail(`a varint longer than 10 bytes at byte ${this.position}`);
  }

  /**
   * A signed int64 varint (negative values take 10 bytes in two's complement, e.g. a dim of -1).
   * Returned as a Number; values beyond 2^53 lose precision, which no shape or label reaches.
   */
  readInt64(): number {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.nextByte();
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return Number(BigInt.asIntN(64, result));
      shift += 7n;
    }
    return this.fail(`a varint longer than 10 bytes at byte ${this.position}`);
  }

  readBytes(): Uint8Array {
    const start = this.skipLengthDelimited();
    return this.bytes.subarray(start, this.position);
  }

  readString(): string {
    return this.decodeText(this.readBytes());
  }

  /** Decodes bytes taken earlier with readBytes (for fields whose meaning is known only later). */
  decodeText(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail(`a string at byte ${bytes.byteOffset - this.bytes.byteOffset} is not valid UTF-8`);
    }
  }

  /** A nested message as its own reader over the same buffer (no copy). */
  readMessage(): WireReader {
    const start = this.skipLengthDelimited();
    return new WireReader(this.bytes, start, this.position);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.varint:
        this.readVarint();
        return;
      case WireType.fixed64:
        this.advance(8);
        return;
      case WireType.bytes:
        this.skipLengthDelimited();
        return;
      case WireType.fixed32:
        this.advance(4);
        return;
      default:
        this.fail(`unsupported wire type ${wireType} at byte ${this.position}`);
    }
  }

  fail(detail: string): never {
    throw new ModelLoadError(`not a valid ONNX model (truncated or corrupt protobuf): ${detail}`);
  }

  /** Moves past a length-delimited field and returns where its content starts. */
  private skipLengthDelimited(): number {
    const length = this.readVarint();
    const start = this.position;
    if (length > this.end - start) {
      const limit =
        this.end === this.bytes.length ? `the end of the file (${this.bytes.length} bytes)` : 'the end of its enclosing message';
      this.fail(`a ${length}-byte field at byte ${start} runs past ${limit}`);
    }
    this.position = start + length;
    return start;
  }

  private nextByte(): number {
    if (this.position >= this.end) this.fail(`data ends in the middle of a value at byte ${this.position}`);
    return this.bytes[this.position++]!;
  }

  private advance(count: number): void {
    if (count > this.end - this.position) this.fail(`data ends in the middle of a fixed-size value at byte ${this.position}`);
    this.position += count;
  }
}
