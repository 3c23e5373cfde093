/**
 * Field bytes to strings for the columnar CSV scanner (csv-columns.ts). Short ASCII fields skip the
 * TextDecoder, and short number texts are cached, as a column of counts or scores repeats them.
 */

/** Cached number texts are keyed by their bytes packed 4 bits each; 7 bytes keep the key a small integer. */
const MAX_CACHED_TEXT_BYTES = 7;
const MAX_CACHED_TEXTS = 65_536;
/** Keys of texts of up to 3 bytes. */
const SHORT_TEXT_KEYS = 1 << 12;
const MAX_SHORT_ASCII = 12;

export class FieldTexts {
  /** ignoreBOM: a mark inside a field is content (the file-level marks are skipped by the scanner). */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Number texts by packed bytes: up to 3 bytes (counts, scores) in an array, longer ones in a map. */
  private readonly shortNumberTexts: (string | undefined)[] = new Array<string | undefined>(SHORT_TEXT_KEYS).fill(undefined);
  private readonly numberTexts = new Map<number, string>();

  decode(bytes: Uint8Array, start: number, end: number): string {
    // Short ASCII fields (categories, codes) skip the decoder's call and view: both cost more than the characters.
    // (V8 keeps strings this short flat, so appending characters builds no rope.)
    if (end - start <= MAX_SHORT_ASCII) {
      let text = '';
      let i = start;
      for (; i < end && bytes[i]! < 0x80; i++) text += String.fromCharCode(bytes[i]!);
      if (i === end) return text;
    }
    return this.decoder.decode(bytes.subarray(start, end));
  }

  /** A plain decimal's text as written; short ones are cached, as a column of counts repeats them. */
  numberText(bytes: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_CACHED_TEXT_BYTES) return this.decode(bytes, start, end);
    // Sign, point and digits map to 1..15, so the packing is unique for every length.
    let key = 0;
    for (let i = start; i < end; i++) key = key * 16 + (bytes[i]! - 42);
    if (key < SHORT_TEXT_KEYS) return (this.shortNumberTexts[key] ??= this.decode(bytes, start, end));
    let text = this.numberTexts.get(key);
    if (text === undefined) {
      text = this.decode(bytes, start, end);
      if (this.numberTexts.size >= MAX_CACHED_TEXTS) this.numberTexts.clear();
      this.numberTexts.set(key, text);
    }
    return text;
  }
}
