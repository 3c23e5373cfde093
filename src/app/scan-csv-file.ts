import { open } from 'node:fs/promises';
import { CsvColumnScanner, type ChooseSinks } from '../core/csv-columns.ts';
import { fileSize } from './data-files.ts';

/** Bytes per read; the same as the row reader's, so a UTF-8 error names the same byte and line. */
const READ_BYTES = 1 << 20;

/**
 * Reads a CSV file through the columnar scanner (csv-columns.ts) into the sinks `chooseSinks` picks
 * from the header; returns the data rows read. After the first read, `reserve` is told about how many
 * rows the whole file holds (a little more), so the sinks can size their arrays once instead of
 * doubling their way there.
 */
export async function scanCsvFile(file: string, chooseSinks: ChooseSinks, reserve: (rows: number) => void): Promise<number> {
  const bytes = await fileSize(file);
  const scanner = new CsvColumnScanner(file, chooseSinks);
  const handle = await open(file, 'r');
  try {
    // One buffer for every read: the scanner copies what it keeps across reads.
    const buffer = new Uint8Array(READ_BYTES);
    let bytesRead = 0;
    for (let reads = 0; ; reads++) {
      const read = await handle.read(buffer, 0, READ_BYTES, null);
      if (read.bytesRead === 0) break;
      bytesRead += read.bytesRead;
      scanner.push(buffer.subarray(0, read.bytesRead));
      if (reads === 0 && scanner.rows > 0 && bytesRead < bytes) reserve(Math.ceil((bytes / bytesRead) * scanner.rows * 1.05));
    }
  } finally {
    await handle.close();
  }
  scanner.end();
  return scanner.rows;
}
