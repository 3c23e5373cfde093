import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-pipeline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The data directory is inside the pipeline's: what Ballast itself writes there is not a step's output.
function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

// Several runs of the real binary each; generous, as the machine the suite runs on may be busy.
const CLI_TIMEOUT = 300_000;

const PIPELINE = `format: ballast.pipeline/v1
params: params.yaml
steps:
  - name: train
    cmd: cat train.csv params.yaml > model.txt
    deps: [train.csv]
    params: [seed]
    outs: [model.txt]
  - name: prepare
    cmd: sort raw.csv > train.csv
    deps: [raw.csv]
    outs: [train.csv]
`;

describe('ballast pipeline', () => {
  it(
    'runs a pipeline, restores it from the cache, says what is stale and why, and draws its graph',
    async () => {
      writeFileSync(path.join(dir, 'pipeline.yaml'), PIPELINE);
      writeFileSync(path.join(dir, 'params.yaml'), 'seed: 1\n');
      writeFileSync(path.join(dir, 'raw.csv'), 'b\na\n');

      const first = await ballast('pipeline', 'run');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^ran +prepare .*\nran +train .*\nrun \S+ succeeded: 2 ran, 0 restored from the cache\n$/);

      const second = await ballast('pipeline', 'run', 'pipeline.yaml', '--json');
      expect(second.code).toBe(0);
      const run = JSON.parse(second.stdout) as {
        run_id: string;
        status: string;
        steps: { name: string; status: string; outs: Record<string, string> }[];
      };
      expect(run.status).toBe('succeeded');
      expect(run.steps.map((s) => [s.name, s.status])).toEqual([
        ['prepare', 'cached'],
        ['train', 'cached'],
      ]);
      expect(Object.keys(run.steps[1]!.outs)).toEqual(['model.txt']);

      expect((await ballast('pipeline', 'status')).stdout).toBe('prepare: up to date\ntrain: up to date\n');
      writeFileSync(path.join(dir, 'params.yaml'), 'seed: 2\n');
      expect((await ballast('pipeline', 'status')).stdout).toBe('prepare: up to date\ntrain: stale: param seed changed\n');
      writeFileSync(path.join(dir, 'params.yaml'), 'seed: 1\n');
      rmSync(path.join(dir, 'model.txt'));
      expect((await ballast('pipeline', 'status')).stdout).toBe(
        'prepare: up to date\ntrain: stale: out model.txt is missing (a run restores it from the cache)\n',
      );

      const forced = await ballast('pipeline', 'run', '--no-cache', '--json');
      expect((JSON.parse(forced.stdout) as typeof run).steps.map((s) => s.status)).toEqual(['ran', 'ran']);

      const dag = await ballast('pipeline', 'dag');
      expect(dag.stdout).toBe(
        [
          '1. prepare: sort raw.csv > train.csv',
          '     reads  raw.csv',
          '     writes train.csv → train',
          '2. train: cat train.csv params.yaml > model.txt',
          '     reads  train.csv ← prepare',
          '     params seed',
          '     writes model.txt',
          '',
        ].join('\n'),
      );
      const dagJson = JSON.parse((await ballast('pipeline', 'dag', '--json')).stdout) as { steps: { name: string }[]; edges: unknown[] };
      expect(dagJson.steps.map((s) => s.name)).toEqual(['prepare', 'train']);
      expect(dagJson.edges).toEqual([{ from: 'prepare', to: 'train', files: ['train.csv'] }]);
    },
    CLI_TIMEOUT,
  );

  it(
    'exits 2 with every problem of an invalid pipeline, and with the output of a failing step',
    async () => {
      writeFileSync(
        path.join(dir, 'bad.yaml'),
        'format: ballast.pipeline/v1\nsteps:\n  - {name: a, cmd: x, deps: [b.txt], outs: [a.txt]}\n  - {name: b, cmd: x, deps: [a.txt, nope.csv], outs: [b.txt, a.txt]}\n',
      );
      const invalid = await ballast('pipeline', 'run', 'bad.yaml');
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('bad.yaml is not a valid pipeline');
      expect(invalid.stderr).toContain('steps[1].outs[1]: a.txt is already an output of step a');
      expect(invalid.stderr).toContain("steps[1].deps[1]: nope.csv is neither a file of the pipeline's directory nor an output of a step");

      writeFileSync(
        path.join(dir, 'failing.yaml'),
        'format: ballast.pipeline/v1\nsteps:\n  - {name: boom, cmd: "echo the trainer ran out of memory; exit 7", outs: [x.txt]}\n',
      );
      const failed = await ballast('pipeline', 'run', 'failing.yaml');
      expect(failed.code).toBe(2);
      expect(failed.stdout).toContain('failed  boom');
      expect(failed.stderr).toContain('step boom failed: `echo the trainer ran out of memory; exit 7` exited with code 7');
      expect(failed.stderr).toContain('the trainer ran out of memory');

      expect((await ballast('pipeline', 'status', 'missing.yaml')).stderr).toContain('missing.yaml: cannot read the pipeline');
    },
    CLI_TIMEOUT,
  );
});
