import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord, StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { ArtifactStore } from '../../store/artifact-store.ts';
import { prepareReproduceWorkspace } from './reproduce-workspace.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-workspace-'));
  dirs.push(dir);
  return dir;
};

function step(name: string, deps: Record<string, string>, outs: Record<string, string>): StepRunRecord {
  return { name, cmd: `python3 ${name}.py`, status: 'ran', stepHash: '0'.repeat(64), deps, params: {}, outs, durationMs: 1 };
}

async function recordedRun(artifacts: ArtifactStore) {
  const put = async (text: string) => (await artifacts.putBytes(Buffer.from(text))).sha256;
  const pipeline = await put('format: ballast.pipeline/v1\nparams: params.yaml\nsteps: []\n');
  const params = await put('seed: 7\n');
  const prepare = await put('print("prepare")\n');
  const lookup = await put('a,b\n1,2\n');
  const train = await put('print("train")\n');
  const data = await put('x\n1\n');
  const model = await put('{"model": 1}\n');
  const record: PipelineRunRecord = {
    id: 'RUN1',
    pipeline: 'examples/credit/pipeline.yaml',
    pipelineSha256: pipeline,
    gitCommit: null,
    gitDirty: null,
    tools: { node: process.version, python: null, pipFreezeSha256: null },
    params: { seed: 7 },
    paramsFile: { path: 'params.yaml', sha256: params },
    steps: [
      step('prepare', { 'prepare.py': prepare, 'data/lookup.csv': lookup }, { 'train.csv': data }),
      step('train', { 'train.py': train, 'train.csv': data, 'data/lookup.csv': lookup }, { 'model.json': model }),
    ],
    status: 'succeeded',
    startedAt: 't0',
    finishedAt: 't1',
    createdBy: 'tester',
  };
  return { record, hashes: { pipeline, params, prepare, lookup, train } };
}

describe('prepareReproduceWorkspace', () => {
  it("copies the run's pipeline file, params file and sources from the artifact store, and no output", async () => {
    const artifacts = await ArtifactStore.open(path.join(tempDir(), 'artifacts'));
    const { record, hashes } = await recordedRun(artifacts);
    const workspace = tempDir();
    const prepared = await prepareReproduceWorkspace(artifacts, record, workspace);
    expect(prepared.pipelineFile).toBe(path.join(workspace, 'pipeline.yaml'));
    expect(prepared.files).toEqual({
      'pipeline.yaml': hashes.pipeline,
      'params.yaml': hashes.params,
      'prepare.py': hashes.prepare,
      'data/lookup.csv': hashes.lookup,
      'train.py': hashes.train,
    });
    expect(readdirSync(workspace, { recursive: true }).map(String).sort()).toEqual([
      'data',
      'data/lookup.csv',
      'params.yaml',
      'pipeline.yaml',
      'prepare.py',
      'train.py',
    ]);
    expect(readFileSync(path.join(workspace, 'data/lookup.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(path.join(workspace, 'params.yaml'), 'utf8')).toBe('seed: 7\n');
  });

  it('refuses a recorded path outside the workspace and says which input the store lost', async () => {
    const artifacts = await ArtifactStore.open(path.join(tempDir(), 'artifacts'));
    const { record } = await recordedRun(artifacts);
    const escaping = { ...record, steps: [step('prepare', { '../outside.py': record.steps[0]!.deps['prepare.py']! }, {})] };
    const error = await prepareReproduceWorkspace(artifacts, escaping, tempDir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).message).toMatch(/\.\.\/outside\.py, a path outside its pipeline's directory/);

    const lost = { ...record, steps: [step('prepare', { 'prepare.py': 'e'.repeat(64) }, {})] };
    const missing = await prepareReproduceWorkspace(artifacts, lost, tempDir()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BallastError);
    expect((missing as BallastError).code).toBe('artifact_not_found');
    expect((missing as BallastError).message).toMatch(/started from prepare\.py \(sha256 e{64}\)/);
  });
});
