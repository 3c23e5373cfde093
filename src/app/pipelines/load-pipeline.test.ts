import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPipeline } from './load-pipeline.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PIPELINE =
  'format: ballast.pipeline/v1\nparams: params.json\nsteps:\n  - {name: a, cmd: x, deps: [in.txt], params: [seed], outs: [out.txt]}\n';

describe('loadPipeline', () => {
  it("checks dependencies and parameters against the file's directory, or the workspace given", async () => {
    const project = path.join(dir, 'project');
    const workspace = path.join(dir, 'workspace');
    mkdirSync(project);
    mkdirSync(workspace);
    writeFileSync(path.join(project, 'pipeline.yaml'), PIPELINE);
    writeFileSync(path.join(project, 'params.json'), '{"seed": 3}');
    writeFileSync(path.join(project, 'in.txt'), 'x');

    const loaded = await loadPipeline(path.join(project, 'pipeline.yaml'));
    expect(loaded.dir).toBe(project);
    expect(loaded.paramsDocument).toEqual({ seed: 3 });
    expect(loaded.bytes.toString()).toBe(PIPELINE);
    expect(loaded.name).toBe(path.relative(process.cwd(), path.join(project, 'pipeline.yaml')));

    // The workspace has neither the source nor the params file yet.
    const error = await loadPipeline(path.join(project, 'pipeline.yaml'), workspace).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_pipeline' });
    expect((error as { issues: { path: unknown[] }[] }).issues.map((i) => i.path.join('.'))).toEqual([
      'params',
      'steps.0.params.0',
      'steps.0.deps.0',
    ]);
  });
});
