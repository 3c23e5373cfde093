import { describe, expect, it } from 'vitest';
import { normalizePipelinePath } from './pipeline-paths.ts';

describe('normalizePipelinePath', () => {
  it('gives one name to one file', () => {
    expect(normalizePipelinePath('./data//train.csv')).toEqual({ path: 'data/train.csv' });
    expect(normalizePipelinePath('data/raw/../train.csv')).toEqual({ path: 'data/train.csv' });
    expect(normalizePipelinePath('model.json')).toEqual({ path: 'model.json' });
  });

  it('refuses what is outside the directory, absolute, empty or the directory itself', () => {
    expect(normalizePipelinePath('../x.csv')).toEqual({ problem: "must stay inside the pipeline file's directory" });
    expect(normalizePipelinePath('a/../../x.csv')).toEqual({ problem: "must stay inside the pipeline file's directory" });
    expect(normalizePipelinePath('/etc/passwd')).toEqual({ problem: 'must be relative to the pipeline file, not absolute' });
    expect(normalizePipelinePath('C:\\data.csv')).toEqual({ problem: 'must be relative to the pipeline file, not absolute' });
    expect(normalizePipelinePath('data\\x.csv')).toEqual({ problem: 'must use / between folders' });
    expect(normalizePipelinePath(' ')).toEqual({ problem: 'must not be empty' });
    expect(normalizePipelinePath('a/..')).toEqual({ problem: 'must name a file, not the directory itself' });
  });
});
