import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClassifierFile, type ClassifierColumns } from './classifier-file.ts';
import { readClassifierFileInThread } from './read-classifier-thread.ts';

const columns: ClassifierColumns = {
  label: 'y',
  prediction: 'pred',
  scores: [
    ['cat', 'p_cat'],
    ['dog', 'p_dog'],
  ],
};

describe('readClassifierFileInThread', () => {
  it('reads the same columns as the main thread does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ballast-classifier-thread-'));
    const file = path.join(dir, 'data.csv');
    await writeFile(file, 'y,pred,p_cat,p_dog\ncat,cat,0.75,0.25\n,dog,0.1,0.9\ndog,cat,1,0\n');
    const inThread = await readClassifierFileInThread({ file, columns, labelRequired: false });
    const here = await readClassifierFile(file, columns, false);
    expect(inThread).toEqual(here);
    expect(Array.from(inThread.labels!.codes)).toEqual([0, -1, 1]);
    expect(Array.from(inThread.scores[1]!)).toEqual([0.25, 0.9, 0]);
  });

  it('keeps the code, message and issues of a failure', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ballast-classifier-thread-'));
    const file = path.join(dir, 'ragged.csv');
    await writeFile(file, 'y,pred,p_cat,p_dog\ncat,cat,0.75\n');
    const here = await readClassifierFile(file, columns, true).catch((error: unknown) => error);
    await expect(readClassifierFileInThread({ file, columns, labelRequired: true })).rejects.toMatchObject({
      code: 'invalid_data',
      message: (here as Error).message,
      issues: [{ code: 'invalid_format', path: [1], message: 'expected 4 fields, found 3' }],
    });
  });
});
