import { describe, expect, it } from 'vitest';
import type { PipelineRun, PipelineStepRun } from './pipeline-types.ts';
import { durationWording, gitWording, stepsSummary } from './pipeline-wording.ts';

const step = (name: string, status: PipelineStepRun['status'], duration_ms = 5): PipelineStepRun => ({
  name,
  cmd: 'true',
  status,
  step_hash: 'h',
  deps: {},
  params: {},
  outs: {},
  duration_ms,
  registered: null,
  error: null,
});

const run = (over: Partial<PipelineRun>): PipelineRun => ({
  id: 'R',
  pipeline: 'pipeline.yaml',
  pipeline_sha256: 'a',
  status: 'succeeded',
  git_commit: '0123456789abcdef',
  git_dirty: false,
  tools: { node: 'v20', python: null, pip_freeze_sha256: null },
  params: {},
  params_file: null,
  reproduces: null,
  started_at: 't',
  finished_at: 't',
  created_by: 'me',
  steps: [],
  ...over,
});

describe('pipeline wording', () => {
  it('summarises the steps with their outcome', () => {
    expect(stepsSummary(run({ steps: [step('prepare', 'cached'), step('train', 'failed'), step('register', 'not_run')] }))).toBe(
      'prepare ✓ cached · train ✗ failed · register – not run',
    );
  });

  it('says which commit a run came from and whether the tree was dirty', () => {
    expect(gitWording(run({}))).toBe('0123456789ab');
    expect(gitWording(run({ git_dirty: true }))).toBe('0123456789ab with uncommitted changes');
    expect(gitWording(run({ git_commit: null, git_dirty: null }))).toBe('not in a git repository');
  });

  it('words durations for people', () => {
    expect(durationWording(step('a', 'ran', 850))).toBe('850 ms');
    expect(durationWording(step('a', 'ran', 12_345))).toBe('12.3 s');
    expect(durationWording(step('a', 'ran', 125_000))).toBe('2 min 5 s');
  });
});
