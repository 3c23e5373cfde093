import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileColumns } from './file-columns.ts';
import { readFileColumnsInThread } from './read-columns-thread.ts';

describe('readFileColumnsInThread', () => {
  it('reads the same columns as the main thread does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ballast-columns-'));
    const file = path.join(dir, 'data.csv');
    await writeFile(file, 'x,city\n1.5,Oslo\n,Lima\ninf,02134\n2,Oslo\n');
    const inThread = await readFileColumnsInThread({ file });
    const here = await readFileColumns(file);
    expect(inThread.rows).toBe(4);
    expect(inThread.columns.map((c) => ({ ...c, values: Array.from(c.values) }))).toEqual(
      here.columns.map((c) => ({ ...c, values: Array.from(c.values) })),
    );
  });

  it('keeps the error code of a failure', async () => {
    await expect(readFileColumnsInThread({ file: path.join(tmpdir(), 'no-such-ballast-file.csv') })).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });
});
