import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineRunRecord } from '../src/core/pipelines/pipeline-definition.ts';
import { openStore } from '../src/store/store.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-pipeline-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

const RUN: PipelineRunRecord = {
  id: '01PIPELINERUN',
  pipeline: 'pipeline.yaml',
  pipelineSha256: 'a'.repeat(64),
  gitCommit: '0123456789abcdef',
  gitDirty: true,
  tools: { node: 'v20.20.2', python: 'Python 3.11.7', pipFreezeSha256: 'c'.repeat(64) },
  params: { seed: 3 },
  steps: [
    {
      name: 'train',
      cmd: 'python3 train.py',
      status: 'ran',
      stepHash: 'd'.repeat(64),
      deps: { 'train.csv': 'e'.repeat(64) },
      params: { seed: 3 },
      outs: { 'model.json': 'f'.repeat(64) },
      durationMs: 42,
      registered: { model: 'credit', version: 2, versionId: 'V2' },
    },
  ],
  status: 'succeeded',
  startedAt: '2026-12-07T12:00:00.000Z',
  finishedAt: '2026-12-07T12:00:01.000Z',
  createdBy: 'ci',
};

describe('ballast pipeline runs / show', () => {
  it('says when nothing ran, then lists and shows a recorded run; an unknown id exits 2', async () => {
    const empty = await ballast('pipeline', 'runs');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/no pipeline runs recorded yet/);

    const store = await openStore(`sqlite:${path.join(dir, 'data', 'ballast.db')}`);
    await store.pipelineRuns.save(RUN);
    await store.close();

    const listed = await ballast('pipeline', 'runs');
    expect(listed.stdout).toMatch(
      /^01PIPELINERUN {2}2026-12-07T12:00:00.000Z {2}succeeded {2}pipeline.yaml {2}0123456789ab \(dirty\) {2}train:ran$/m,
    );
    expect(JSON.parse((await ballast('pipeline', 'runs', '--json')).stdout).runs[0]).toMatchObject({ id: RUN.id, git_dirty: true });

    const shown = await ballast('pipeline', 'show', RUN.id);
    expect(shown.stdout).toMatch(/run 01PIPELINERUN of pipeline.yaml: succeeded/);
    expect(shown.stdout).toMatch(/ {2}out {2}model.json {2}sha256:ffffffffffff/);
    expect(shown.stdout).toMatch(/registered credit:2/);

    const missing = await ballast('pipeline', 'show', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no pipeline run has id "nope"/);
  }, 120_000); // seven CLI processes
});
