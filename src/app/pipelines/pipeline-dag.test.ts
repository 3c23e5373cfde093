import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineDag } from './pipeline-dag.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-dag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipelineDag', () => {
  it('gives the steps in run order and the files between them', async () => {
    writeFileSync(
      path.join(dir, 'pipeline.yaml'),
      `format: ballast.pipeline/v1
steps:
  - {name: report, cmd: r, deps: [model.txt, test.txt], outs: [report.txt]}
  - {name: train, cmd: t, deps: [train.txt], outs: [model.txt]}
  - {name: split, cmd: s, deps: [raw.txt], outs: [train.txt, test.txt]}
`,
    );
    writeFileSync(path.join(dir, 'raw.txt'), '');
    const dag = await pipelineDag(path.join(dir, 'pipeline.yaml'));
    expect(dag.steps.map((s) => s.name)).toEqual(['split', 'train', 'report']);
    expect(dag.edges).toEqual([
      { from: 'train', to: 'report', files: ['model.txt'] },
      { from: 'split', to: 'report', files: ['test.txt'] },
      { from: 'split', to: 'train', files: ['train.txt'] },
    ]);
  });

  it('refuses a file that is not a valid pipeline', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'format: ballast.pipeline/v1\nsteps:\n  - {name: a, cmd: x, deps: [nope.txt]}\n');
    await expect(pipelineDag(path.join(dir, 'bad.yaml'))).rejects.toMatchObject({ code: 'invalid_pipeline' });
    await expect(pipelineDag(path.join(dir, 'absent.yaml'))).rejects.toMatchObject({ code: 'file_not_found' });
  });
});
