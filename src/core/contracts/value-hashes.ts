/**
 * Uniqueness and duplicate-row rules must remember every value of a million-row file. Storing the
 * values would hold the file in memory; storing a 53-bit hash of each costs 16 to 32 bytes a value
 * (a Float64Array slot, kept between 1/4 and 1/2 full) whatever the value's length. The price is a false "repeat"
 * when two different values share a hash: about n^2 / 2^54, i.e. 1 in 18,000 for a million
 * distinct values and 1 in 180 for ten million — rare enough for a data check, and the report
 * shows the example rows so a person can confirm.
 */

/** A 53-bit hash (cyrb53) of text; `seed` gives independent hashes of the same text. */
export function hashText(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish(h1, h2);
}

const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT.buffer);

/** A 53-bit hash of a number's value (so 1 and 1.0 hash the same; 0 and -0 too). */
export function hashNumber(value: number): number {
  FLOAT[0] = value === 0 ? 0 : value;
  const low = FLOAT_WORDS[0]!;
  const high = FLOAT_WORDS[1]!;
  const h1 = Math.imul(Math.imul(0xdeadbeef ^ low, 2654435761) ^ high, 2654435761);
  const h2 = Math.imul(Math.imul(0x41c6ce57 ^ low, 1597334677) ^ high, 1597334677);
  return finish(h1, h2);
}

function finish(a: number, b: number): number {
  let h1 = a;
  let h2 = b;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A 53-bit hash of a row of cells, as written: the text of each cell, two UTF-16 units per step,
 * then a word holding the cell's length and kind. The length word makes the encoding decodable
 * from the end, so different rows give different word sequences (["ab", "c"] vs ["a", "bc"]), and
 * the kind keeps JSON Lines' 1, "1", true and null apart (CSV cells are all text).
 */
export function hashCells(cells: readonly unknown[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    let text: string;
    let kind: number;
    if (typeof cell === 'string') {
      text = cell;
      kind = 0;
    } else {
      text = String(cell);
      kind = cell === null || cell === undefined ? 1 : typeof cell === 'number' ? 2 : 3;
    }
    const n = text.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const word = (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
      h1 = Math.imul(h1 ^ word, 2654435761);
      h2 = Math.imul(h2 ^ word, 1597334677);
    }
    if (i < n) {
      const word = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ word, 2654435761);
      h2 = Math.imul(h2 ^ word, 1597334677);
    }
    const end = (n << 2) | kind;
    h1 = Math.imul(h1 ^ end, 2246822519);
    h2 = Math.imul(h2 ^ end, 3266489917);
  }
  return finish(h1, h2);
}

const EMPTY = 0;

/** A set of 53-bit hashes: open addressing with linear probing over a Float64Array. */
export class HashSet53 {
  private table: Float64Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the hash; true when it was not in the set yet. */
  add(hash: number): boolean {
    // 0 marks an empty slot, so the one hash that is 0 is stored as 1 (one more collision in 2^53).
    const key = hash === EMPTY ? 1 : hash;
    const table = this.table;
    let slot = key & this.mask;
    for (;;) {
      const found = table[slot]!;
      if (found === EMPTY) break;
      if (found === key) return false;
      slot = (slot + 1) & this.mask;
    }
    table[slot] = key;
    if (++this.count * 2 > table.length) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.table.length - 1;
    for (const key of old) {
      if (key === EMPTY) continue;
      let slot = key & this.mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[slot] = key;
    }
  }
}
