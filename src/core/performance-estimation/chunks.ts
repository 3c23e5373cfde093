/**
 * Consecutive row ranges. `size`: chunks of that many rows, a shorter last chunk kept (NannyML's
 * SizeBasedChunker). `count`: exactly that many chunks of floor(n / count) rows, the remainder added to the
 * last one — NannyML's CountBasedChunker instead keeps the remainder as an extra, smaller chunk; the two agree
 * whenever count divides the row count.
 */
export type Chunking = { readonly size: number } | { readonly count: number };

export interface RowRange {
  /** First row, 0-based. */
  readonly start: number;
  /** Last row, inclusive (NannyML's end_index). */
  readonly end: number;
}

export function chunkRanges(rows: number, chunking: Chunking): RowRange[] {
  const out: RowRange[] = [];
  if ('size' in chunking) {
    if (!(chunking.size >= 1)) throw new RangeError('chunk size must be at least 1');
    for (let start = 0; start < rows; start += chunking.size) out.push({ start, end: Math.min(rows, start + chunking.size) - 1 });
    return out;
  }
  const size = Math.floor(rows / chunking.count);
  if (size < 1) throw new RangeError(`cannot cut ${rows} rows into ${chunking.count} chunks`);
  for (let k = 0; k < chunking.count; k++) out.push({ start: k * size, end: k === chunking.count - 1 ? rows - 1 : (k + 1) * size - 1 });
  return out;
}
