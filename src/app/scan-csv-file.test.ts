import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnSink } from '../core/csv-columns-sink.ts';
import { scanCsvFile } from './scan-csv-file.ts';

class Sum implements ColumnSink {
  readonly wantsNumberText = false;
  sum = 0;
  cells = 0;
  addNumber(value: number): void {
    this.sum += value;
    this.cells++;
  }
  addMissing(): void {
    this.cells++;
  }
  addInfinite(): void {
    this.cells++;
  }
  addText(): void {
    this.cells++;
  }
}

describe('scanCsvFile', () => {
  it('feeds the chosen columns of a file of several reads, and says early about how many rows it has', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ballast-scan-'));
    const file = path.join(dir, 'big.csv');
    const rows = 200_000; // about 2.6 MB: three reads of 1 MiB
    await writeFile(file, ['a,b', ...Array.from({ length: rows }, (_, i) => `${i % 10},row ${i}`)].join('\n'));
    const sum = new Sum();
    const reserved: number[] = [];
    const read = await scanCsvFile(
      file,
      (header) => header.map((name) => (name === 'a' ? sum : undefined)),
      (r) => reserved.push(r),
    );
    expect(read).toBe(rows);
    expect(sum.cells).toBe(rows);
    expect(sum.sum).toBe(4.5 * rows);
    expect(reserved).toHaveLength(1);
    expect(reserved[0]).toBeGreaterThanOrEqual(rows);
    expect(reserved[0]).toBeLessThan(rows * 1.2);
  });

  it('names a file it cannot read', async () => {
    const file = path.join(tmpdir(), 'no-such-ballast-file.csv');
    await expect(
      scanCsvFile(
        file,
        () => [],
        () => {},
      ),
    ).rejects.toMatchObject({ code: 'file_not_found' });
  });
});
