import { BallastError } from './errors.ts';

/**
 * An RFC 4180 CSV reader that takes text in chunks, so a caller can stream a large file through it
 * without holding it whole. Quoted fields may hold commas, quotes ("") and line breaks; CRLF and LF
 * both end a record; a leading byte-order mark is dropped. Every record must have the header's
 * width: a ragged row is an error naming its row and line, never silently padded.
 */
export interface CsvRecord {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  /** 1-based line in the file where the record starts. */
  readonly line: number;
  readonly fields: string[];
}

export class CsvReader {
  private header: string[] | undefined;
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** The character after a closing quote must be a delimiter or a line break. */
  private afterQuote = false;
  private fieldStarted = false;
  private pendingCR = false;
  /** A closing quote ended a chunk: it may be the first of a doubled quote in the next chunk. */
  private maybeEscapedQuote = false;
  private line = 1;
  private recordLine = 1;
  private row = 0;
  private first = true;

  constructor(private readonly source: string) {}

  get columns(): readonly string[] | undefined {
    return this.header;
  }

  /** Parses a chunk and returns the complete records it finished. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      // Most records are one line without quotes: split those natively, and keep the character
      // machine below for quoted fields, records cut by a chunk boundary and the CR of CRLF.
      if (!this.pendingCR && this.fields.length === 0 && !this.fieldStarted && this.field.length === 0) {
        const newline = text.indexOf('\n', i);
        if (newline >= 0) {
          const end = newline > i && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
          const line = text.slice(i, end);
          if (line.indexOf('"') < 0 && line.indexOf('\r') < 0) {
            if (line.length > 0) this.addRecord(line.split(','), out);
            this.line++;
            this.recordLine = this.line;
            i = newline;
            continue;
          }
        }
      }
      const c = text[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') continue;
      }
      if (this.inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // The quote may be the first of a doubled pair split across chunks: decide on the next chunk.
            this.inQuotes = false;
            this.afterQuote = true;
            this.maybeEscapedQuote = true;
          } else {
            this.inQuotes = false;
            this.afterQuote = true;
          }
        } else {
          // Take everything up to the next quote at once (see the note on runs below).
          let end = text.indexOf('"', i + 1);
          if (end < 0) end = text.length;
          for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) this.line++;
          this.field += text.slice(i, end);
          i = end - 1;
        }
        continue;
      }
      if (this.maybeEscapedQuote) {
        this.maybeEscapedQuote = false;
        if (c === '"') {
          this.field += '"';
          this.inQuotes = true;
          this.afterQuote = false;
          continue;
        }
      }
      if (c === ',') {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCR = true;
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
      } else if (c === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        if (this.afterQuote) {
          throw this.error(`unexpected character ${JSON.stringify(c)} after a closing quote`);
        }
        if (c === '"') throw this.error('a quote inside an unquoted field (quote the whole field and double the quote)');
        // Append the whole run of ordinary characters up to the next delimiter, quote or line break:
        // appending one character at a time builds a rope per field that costs more to build, to
        // flatten when read, and to collect than the slice does.
        let end = i + 1;
        while (end < text.length) {
          const code = text.charCodeAt(end);
          if (code === 44 || code === 10 || code === 13 || code === 34) break;
          end++;
        }
        this.field += text.slice(i, end);
        this.fieldStarted = true;
        i = end - 1;
      }
    }
    return out;
  }

  /** Finishes the input; a missing final line break is fine, an unclosed quote is not. */
  end(): CsvRecord[] {
    if (this.inQuotes) throw this.error('a quoted field is not closed before the end of the file');
    this.maybeEscapedQuote = false;
    const out: CsvRecord[] = [];
    if (this.fieldStarted || this.fields.length > 0 || this.field.length > 0) this.endRecord(out);
    if (this.header === undefined) throw new BallastError('invalid_data', `${this.source}: the file is empty (expected a header row)`);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = false;
    this.afterQuote = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.fields.length === 0 && this.field.length === 0 && !this.fieldStarted;
    this.endField();
    const fields = this.fields;
    this.fields = [];
    if (blank) return; // blank lines carry no record
    this.addRecord(fields, out);
  }

  private addRecord(fields: string[], out: CsvRecord[]): void {
    if (this.header === undefined) {
      this.checkHeader(fields);
      this.header = fields;
      return;
    }
    this.row++;
    if (fields.length !== this.header.length) {
      throw new BallastError(
        'invalid_data',
        `${this.source}: row ${this.row} (line ${this.recordLine}) has ${fields.length} fields, the header has ${this.header.length}`,
        [{ code: 'invalid_format', path: [this.row], message: `expected ${this.header.length} fields, found ${fields.length}` }],
      );
    }
    out.push({ row: this.row, line: this.recordLine, fields });
  }

  private checkHeader(fields: string[]): void {
    const seen = new Set<string>();
    fields.forEach((name, index) => {
      if (name.trim() === '') throw new BallastError('invalid_data', `${this.source}: header column ${index + 1} has no name`);
      if (seen.has(name)) throw new BallastError('invalid_data', `${this.source}: header names column "${name}" twice`);
      seen.add(name);
    });
  }

  private error(why: string): BallastError {
    return new BallastError('invalid_data', `${this.source}: line ${this.line}: ${why}`);
  }
}

/** Parses a whole CSV text: the header and the records. */
export function parseCsv(text: string, source: string): { columns: string[]; records: CsvRecord[] } {
  const reader = new CsvReader(source);
  const records = reader.push(text);
  records.push(...reader.end());
  return { columns: [...(reader.columns ?? [])], records };
}
