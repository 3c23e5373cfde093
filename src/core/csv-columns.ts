import { addTextCell, type ColumnSink } from './csv-columns-sink.ts';
import {
  countNewlines,
  endsInsideUtf8Sequence,
  firstInvalidUtf8,
  isUtf8Prefix,
  UTF8_INCOMPLETE,
  UTF8_INVALID,
  utf8SequenceEnd,
} from './csv-columns-utf8.ts';
import { FieldTexts } from './csv-field-texts.ts';
import { BallastError } from './errors.ts';
import { POWERS_OF_TEN, readPlainDecimal } from './plain-decimal-bytes.ts';

/**
 * A CSV reader that goes from bytes straight to columns: it scans UTF-8 bytes in chunks and hands
 * each cell, already classified, to its column's sink. Plain decimals ("-40001.67") are computed
 * from the bytes without a string per cell; anything else is decoded and classified by the same
 * functions the text-based reader uses. It accepts and refuses exactly what CsvReader (csv.ts)
 * behind strict UTF-8 decoding does, with the same messages: RFC 4180 quotes ("" escapes, line
 * breaks inside quotes), CRLF, LF or CR line ends, blank lines skipped, a leading byte-order mark
 * dropped, the header's width enforced on every row. A field or record may span chunks.
 */

export type ChooseSinks = (header: readonly string[]) => ReadonlyArray<ColumnSink | undefined>;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);

export class CsvColumnScanner {
  private header: string[] | undefined;
  private headerFields: string[] = [];
  private sinks: ReadonlyArray<ColumnSink | undefined> = [];
  private width = 0;
  /** Fields finished in the record being read. */
  private col = 0;
  /** CsvReader's line: CR, LF and CRLF each end one, and line breaks inside quotes count. */
  private line = 1;
  private recordLine = 1;
  private row = 0;
  /** LF bytes consumed, for the UTF-8 error's line, which counts LF bytes only. */
  private newlines = 0;
  private pendingCR = false;
  /** Byte-order marks settled at the start: the decoder drops one and CsvReader another. */
  private marks = 0;
  /** The bytes from the start of a field cut off by the end of a chunk, read again with the next. */
  private carry = new Uint8Array(256);
  private carryLength = 0;
  private joined = EMPTY;
  private scratch = new Uint8Array(256);
  /** The chunk being read and where it starts: a UTF-8 error names them as the text reader does. */
  private chunk: Uint8Array = EMPTY;
  private chunkOffset = 0;
  private readonly texts = new FieldTexts();
  private linesBeforeChunk = 1;
  private bytesSeen = 0;

  constructor(
    private readonly source: string,
    private readonly chooseSinks: ChooseSinks,
  ) {}

  /** The header's names, once the header row has been read. */
  get columns(): readonly string[] | undefined {
    return this.header;
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.row;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunk = chunk;
    this.chunkOffset = this.bytesSeen;
    this.bytesSeen += chunk.length;
    this.linesBeforeChunk = 1 + this.newlines + countNewlines(this.carry, 0, this.carryLength);
    let bytes: Uint8Array = chunk;
    if (this.carryLength > 0) {
      const length = this.carryLength + chunk.length;
      if (this.joined.length < length) this.joined = new Uint8Array(Math.max(length, this.joined.length * 2));
      this.joined.set(this.carry.subarray(0, this.carryLength));
      this.joined.set(chunk, this.carryLength);
      bytes = this.joined.subarray(0, length);
    }
    const stop = this.scan(bytes, false);
    this.keep(bytes, stop);
  }

  /** Finishes the input: a missing final line break is fine; an unclosed quote or an empty file is not. */
  end(): void {
    const rest = this.carry.subarray(0, this.carryLength);
    if (endsInsideUtf8Sequence(rest, 0, rest.length))
      throw new BallastError('invalid_data', `${this.source}: the file ends inside a UTF-8 character`);
    this.carryLength = 0;
    this.scan(rest, true);
    if (this.header === undefined) throw new BallastError('invalid_data', `${this.source}: the file is empty (expected a header row)`);
  }

  private keep(bytes: Uint8Array, from: number): void {
    const length = bytes.length - from;
    if (this.carry.length < length) this.carry = new Uint8Array(Math.max(length, this.carry.length * 2));
    this.carry.set(bytes.subarray(from));
    this.carryLength = length;
  }

  /** Reads fields from the start of `b`; returns where the first field it could not finish starts. */
  private scan(b: Uint8Array, final: boolean): number {
    const end = b.length;
    let p = 0;
    if (this.marks < 2) {
      p = this.skipByteOrderMarks(b, final);
      if (this.marks < 2) return p;
    }
    for (;;) {
      if (p >= end) {
        // A record that ends in a comma at the end of the file has an empty last field.
        if (final && this.col > 0) {
          this.deliver(b, end, end);
          this.finishRecord(b, end);
        }
        return end;
      }
      let c = b[p]!;
      const col = this.col;
      if (col === 0) {
        if (this.pendingCR) {
          this.pendingCR = false;
          if (c === LF) {
            this.newlines++;
            p++;
            continue;
          }
        }
        if (c === LF || c === CR) {
          // A blank line carries no record.
          this.endLine(c);
          p++;
          continue;
        }
      }
      const sink = col < this.width ? this.sinks[col] : undefined;
      const q = c === QUOTE ? this.readQuotedField(b, p, final) : this.readUnquotedField(b, p, final, sink);
      if (q < 0) return p;
      if (q === end) {
        this.finishRecord(b, end);
        return end;
      }
      c = b[q]!;
      p = q + 1;
      if (c === COMMA) {
        this.col++;
        continue;
      }
      this.finishRecord(b, p);
      this.endLine(c);
    }
  }

  private endLine(terminator: number): void {
    this.line++;
    this.recordLine = this.line;
    if (terminator === LF) this.newlines++;
    else this.pendingCR = true;
  }

  /** Skips up to two marks; returns where it stopped, with `marks` below 2 while the bytes there could still be one. */
  private skipByteOrderMarks(b: Uint8Array, final: boolean): number {
    let p = 0;
    while (this.marks < 2) {
      const available = Math.min(3, b.length - p);
      let prefix = true;
      for (let k = 0; k < available; k++) if (b[p + k] !== BYTE_ORDER_MARK[k]) prefix = false;
      if (!prefix || (available < 3 && final)) this.marks = 2;
      else if (available < 3) return p;
      else {
        p += 3;
        this.marks++;
      }
    }
    return p;
  }

  /**
   * An unquoted field starting at p: returns the index of its delimiter (or the end of the bytes
   * at the end of the file), -1 when the chunk ends first. The loop that finds the delimiter also
   * reads a plain decimal, so most cells never become strings.
   */
  private readUnquotedField(b: Uint8Array, p: number, final: boolean, sink: ColumnSink | undefined): number {
    const end = b.length;
    let i = p;
    if (sink !== undefined) {
      let c = b[i]!;
      let negative = false;
      if (c === 45 || c === 43) {
        negative = c === 45;
        i++;
      }
      // Digits before and after the point in two tight loops; the mantissa takes every digit in
      // order, as readDecimalText's single loop does, so the double is the same.
      let mantissa = 0;
      const integerStart = i;
      for (; i < end; i++) {
        const d = b[i]! - 48;
        if (d >>> 0 > 9) break;
        mantissa = mantissa * 10 + d;
      }
      let digits = i - integerStart;
      let fraction = -1;
      if (i < end && b[i] === 46) {
        const fractionStart = ++i;
        for (; i < end; i++) {
          const d = b[i]! - 48;
          if (d >>> 0 > 9) break;
          mantissa = mantissa * 10 + d;
        }
        fraction = i - fractionStart;
        digits += fraction;
      }
      if (i === end && !final) return -1;
      c = i < end ? b[i]! : COMMA;
      if (c === COMMA || c === LF || c === CR) {
        if (digits > 0 && digits <= 15) {
          const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
          sink.addNumber(negative ? -value : value, sink.wantsNumberText ? this.texts.numberText(b, p, i) : undefined);
          return i;
        }
        if (i === p) {
          sink.addMissing();
          return i;
        }
      }
    }
    // Not a plain decimal (or nobody reads it): find the delimiter, checking quotes and UTF-8.
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === COMMA || c === LF || c === CR) break;
      if (c === QUOTE) {
        this.checkUtf8From(b, i);
        throw this.csvError('a quote inside an unquoted field (quote the whole field and double the quote)');
      }
      if (c >= 0x80) {
        const next = this.sequenceEnd(b, i, final);
        if (next < 0) return -1;
        i = next - 1;
      }
    }
    if (i === end && !final) return -1;
    if (this.header === undefined) this.headerFields.push(this.texts.decode(b, p, i));
    else if (sink !== undefined) addTextCell(sink, this.texts.decode(b, p, i));
    return i;
  }

  /** A quoted field starting at p (its opening quote): returns the index after its closing quote, or -1. */
  private readQuotedField(b: Uint8Array, p: number, final: boolean): number {
    const end = b.length;
    let lineBreaks = 0;
    let escaped = false;
    let i = p + 1;
    for (;;) {
      if (i >= end) {
        if (!final) return -1;
        this.line += lineBreaks;
        throw this.csvError('a quoted field is not closed before the end of the file');
      }
      const c = b[i]!;
      if (c === QUOTE) {
        // A closing quote last in the chunk may be the first of a doubled pair: decide with the next.
        if (i + 1 >= end) {
          if (!final) return -1;
          break;
        }
        if (b[i + 1] !== QUOTE) break;
        escaped = true;
        i += 2;
        continue;
      }
      if (c === LF) lineBreaks++;
      else if (c >= 0x80) {
        const next = this.sequenceEnd(b, i, final);
        if (next < 0) return -1;
        i = next;
        continue;
      }
      i++;
    }
    const close = i;
    const q = close + 1;
    if (q < end) {
      const c = b[q]!;
      if (c !== COMMA && c !== LF && c !== CR) {
        this.checkUtf8From(b, q);
        let character = String.fromCharCode(c);
        if (c >= 0x80) {
          const next = this.sequenceEnd(b, q, final);
          if (next < 0) return -1;
          // The text reader names one UTF-16 unit: half of a surrogate pair for characters past U+FFFF.
          character = this.texts.decode(b, q, next)[0]!;
        }
        this.line += lineBreaks;
        throw this.csvError(`unexpected character ${JSON.stringify(character)} after a closing quote`);
      }
    }
    this.line += lineBreaks;
    this.newlines += lineBreaks;
    if (!escaped) this.deliver(b, p + 1, close);
    else {
      const length = this.unescape(b, p + 1, close);
      this.deliver(this.scratch, 0, length);
    }
    return q;
  }

  /** Copies a quoted field's content with each "" made one quote into scratch; returns its length. */
  private unescape(b: Uint8Array, start: number, end: number): number {
    if (this.scratch.length < end - start) this.scratch = new Uint8Array(Math.max(end - start, this.scratch.length * 2));
    let length = 0;
    for (let i = start; i < end; i++) {
      this.scratch[length++] = b[i]!;
      if (b[i] === QUOTE) i++;
    }
    return length;
  }

  /** Hands a field's (unquoted) content to the header or its column's sink. */
  private deliver(bytes: Uint8Array, start: number, end: number): void {
    if (this.header === undefined) {
      this.headerFields.push(this.texts.decode(bytes, start, end));
      return;
    }
    const sink = this.sinkOfField();
    if (sink === undefined) return;
    if (start === end) return sink.addMissing();
    const value = readPlainDecimal(bytes, start, end);
    if (!Number.isNaN(value)) sink.addNumber(value, sink.wantsNumberText ? this.texts.numberText(bytes, start, end) : undefined);
    else addTextCell(sink, this.texts.decode(bytes, start, end));
  }

  private sinkOfField(): ColumnSink | undefined {
    return this.header !== undefined && this.col < this.width ? this.sinks[this.col] : undefined;
  }

  private finishRecord(b: Uint8Array, restFrom: number): void {
    const fields = this.col + 1;
    this.col = 0;
    if (this.header === undefined) {
      const names = this.headerFields;
      this.headerFields = [];
      this.checkHeader(names, b, restFrom);
      this.header = names;
      this.width = names.length;
      this.sinks = this.chooseSinks(names);
      return;
    }
    this.row++;
    if (fields !== this.width) {
      this.checkUtf8From(b, restFrom);
      throw new BallastError(
        'invalid_data',
        `${this.source}: row ${this.row} (line ${this.recordLine}) has ${fields} fields, the header has ${this.width}`,
        [{ code: 'invalid_format', path: [this.row], message: `expected ${this.width} fields, found ${fields}` }],
      );
    }
  }

  private checkHeader(names: readonly string[], b: Uint8Array, restFrom: number): void {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      const problem =
        name.trim() === '' ? `header column ${index + 1} has no name` : seen.has(name) ? `header names column "${name}" twice` : undefined;
      if (problem !== undefined) {
        this.checkUtf8From(b, restFrom);
        throw new BallastError('invalid_data', `${this.source}: ${problem}`);
      }
      seen.add(name);
    });
  }

  /** The end of the UTF-8 sequence at i; -1 when the chunk cuts it off; throws when it is invalid. */
  private sequenceEnd(b: Uint8Array, i: number, final: boolean): number {
    const next = utf8SequenceEnd(b, i, b.length);
    if (next === UTF8_INVALID) throw this.utf8Error();
    if (next === UTF8_INCOMPLETE) {
      if (final) throw new BallastError('invalid_data', `${this.source}: the file ends inside a UTF-8 character`);
      return -1;
    }
    return next;
  }

  /**
   * The text reader decodes a whole chunk before parsing it, so invalid UTF-8 anywhere in the chunk
   * wins over a CSV error earlier in it: check the rest before reporting one.
   */
  private checkUtf8From(b: Uint8Array, from: number): void {
    if (!isUtf8Prefix(b, from, b.length)) throw this.utf8Error();
  }

  private utf8Error(): BallastError {
    const at = Math.max(0, firstInvalidUtf8(this.chunk));
    const line = this.linesBeforeChunk + countNewlines(this.chunk, 0, at);
    return new BallastError(
      'invalid_data',
      `${this.source}: line ${line}: invalid UTF-8 at byte ${this.chunkOffset + at}; save the file as UTF-8`,
    );
  }

  private csvError(why: string): BallastError {
    return new BallastError('invalid_data', `${this.source}: line ${this.line}: ${why}`);
  }
}
