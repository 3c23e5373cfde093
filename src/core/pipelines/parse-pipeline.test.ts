import { describe, expect, it } from 'vitest';
import type { BallastError } from '../errors.ts';
import { paramValue, parsePipeline, type PipelineFiles } from './parse-pipeline.ts';

/** A directory holding these files (path -> text). */
function filesOf(files: Record<string, string>): PipelineFiles {
  return { isFile: (p) => Object.hasOwn(files, p), readText: (p) => files[p] };
}

const DIR = filesOf({ 'make_data.py': '', 'train.py': '', 'params.yaml': 'seed: 7\ntrain:\n  max_depth: 4\n' });

const VALID = `format: ballast.pipeline/v1
params: params.yaml
steps:
  - name: prepare
    cmd: python3 make_data.py
    deps: [make_data.py]
    params: [seed]
    outs: [data/train.csv]
  - name: train
    cmd: python3 train.py
    deps: [train.py, ./data//train.csv]
    params: [train.max_depth]
    outs: [model.json]
    register: {model: credit-risk, file: model.json, training_data: data/train.csv, label: default}
`;

function issuesOf(text: string, files = DIR, format: 'json' | 'yaml' = 'yaml') {
  try {
    parsePipeline(text, format, 'pipeline.yaml', files);
  } catch (error) {
    const e = error as BallastError;
    expect(e.code).toBe('invalid_pipeline');
    return e.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message }));
  }
  throw new Error('expected the pipeline to be refused');
}

describe('parsePipeline', () => {
  it('reads a valid pipeline with normalised paths and the params document', () => {
    const { definition, paramsDocument } = parsePipeline(VALID, 'yaml', 'pipeline.yaml', DIR);
    expect(definition.paramsFile).toBe('params.yaml');
    expect(definition.steps[1]).toEqual({
      name: 'train',
      cmd: 'python3 train.py',
      deps: ['train.py', 'data/train.csv'],
      params: ['train.max_depth'],
      outs: ['model.json'],
      register: { model: 'credit-risk', file: 'model.json', trainingData: 'data/train.csv', label: 'default' },
    });
    expect(paramValue(paramsDocument, 'train.max_depth')).toBe(4);
    expect(paramValue(paramsDocument, 'seed')).toBe(7);
  });

  it('reads JSON too, and steps without deps, params or outs', () => {
    const { definition } = parsePipeline(
      JSON.stringify({ format: 'ballast.pipeline/v1', steps: [{ name: 'hello', cmd: 'echo hi' }] }),
      'json',
      'p.json',
      filesOf({}),
    );
    expect(definition.steps).toEqual([{ name: 'hello', cmd: 'echo hi', deps: [], params: [], outs: [] }]);
    expect(definition.paramsFile).toBeUndefined();
  });

  it('reports a cycle with the steps that form it', () => {
    const issues = issuesOf(`format: ballast.pipeline/v1
steps:
  - {name: a, cmd: x, deps: [c.txt], outs: [a.txt]}
  - {name: b, cmd: x, deps: [a.txt], outs: [b.txt]}
  - {name: c, cmd: x, deps: [b.txt], outs: [c.txt]}
`);
    expect(issues).toEqual([{ code: 'invalid_value', path: 'steps.0.deps', message: 'the steps form a cycle: a → b → c → a' }]);
  });

  it('reports a step reading its own output as a cycle', () => {
    const issues = issuesOf('format: ballast.pipeline/v1\nsteps:\n  - {name: a, cmd: x, deps: [a.txt], outs: [a.txt]}\n');
    expect(issues[0]).toMatchObject({ path: 'steps.0.deps', message: 'the steps form a cycle: a → a' });
  });

  it('collects every problem at once, each with its path', () => {
    const issues = issuesOf(`format: ballast.pipeline/v2
params: params.yaml
extra: 1
steps:
  - name: prepare
    cmd: python3 make_data.py
    deps: [make_data.py, missing.csv, ../outside.csv]
    params: [seed, nope, train.depth]
    outs: [train.csv]
  - name: prepare
    cmd: ''
    outs: [train.csv, /abs/model.json]
    register: {file: model.json, training_data: gone.csv, colour: red}
`);
    expect(issues).toEqual([
      { code: 'unrecognized_key', path: 'extra', message: expect.stringContaining('is not a field here') },
      { code: 'invalid_value', path: 'format', message: 'must be ballast.pipeline/v1' },
      { code: 'invalid_value', path: 'steps.0.deps.2', message: '"../outside.csv" must stay inside the pipeline file\'s directory' },
      { code: 'invalid_value', path: 'steps.0.params.1', message: 'nope is not in the params file' },
      { code: 'invalid_value', path: 'steps.0.params.2', message: 'train.depth is not in the params file' },
      { code: 'invalid_type', path: 'steps.1.cmd', message: 'must be non-empty text' },
      { code: 'invalid_value', path: 'steps.1.outs.1', message: '"/abs/model.json" must be relative to the pipeline file, not absolute' },
      { code: 'unrecognized_key', path: 'steps.1.register.colour', message: expect.stringContaining('is not a field here') },
      { code: 'missing', path: 'steps.1.register.model', message: 'is required' },
      { code: 'invalid_value', path: 'steps.1.register.file', message: "model.json is not one of the step's outs" },
      { code: 'duplicate', path: 'steps.1.name', message: 'step prepare is already defined at steps[0]' },
      { code: 'duplicate', path: 'steps.1.outs.0', message: 'train.csv is already an output of step prepare' },
      {
        code: 'missing',
        path: 'steps.0.deps.1',
        message: "missing.csv is neither a file of the pipeline's directory nor an output of a step",
      },
    ]);
  });

  it('refuses parameters without a params file, and a params file that is missing or not a mapping', () => {
    expect(issuesOf('format: ballast.pipeline/v1\nsteps:\n  - {name: a, cmd: x, params: [seed]}\n')).toEqual([
      { code: 'invalid_value', path: 'steps.0.params.0', message: 'names seed, but the pipeline has no params file' },
    ]);
    expect(issuesOf('format: ballast.pipeline/v1\nparams: p.yaml\nsteps:\n  - {name: a, cmd: x}\n')[0]).toEqual({
      code: 'missing',
      path: 'params',
      message: 'p.yaml is not a readable file',
    });
    expect(
      issuesOf('format: ballast.pipeline/v1\nparams: p.yaml\nsteps:\n  - {name: a, cmd: x}\n', filesOf({ 'p.yaml': '- 1\n' }))[0],
    ).toMatchObject({
      code: 'invalid_type',
      path: 'params',
    });
  });

  it('refuses what is not a pipeline at all', () => {
    expect(issuesOf('{', DIR, 'json')[0]).toMatchObject({ code: 'invalid_format', path: '' });
    expect(issuesOf('- a\n')).toEqual([{ code: 'invalid_type', path: '', message: 'must be a mapping with format and steps' }]);
    expect(issuesOf('format: ballast.pipeline/v1\nsteps: []\n')).toEqual([
      { code: 'invalid_type', path: 'steps', message: 'must be a list of at least one step' },
    ]);
    expect(issuesOf('format: ballast.pipeline/v1\nsteps: [3]\n')[0]).toMatchObject({ code: 'invalid_type', path: 'steps.0' });
    expect(issuesOf('format: ballast.pipeline/v1\nsteps:\n  - {name: -x, cmd: y, deps: [a, a]}\n', filesOf({ a: '' }))).toEqual([
      { code: 'invalid_format', path: 'steps.0.name', message: expect.stringContaining('must be letters') },
      { code: 'duplicate', path: 'steps.0.deps.1', message: 'a is listed twice' },
    ]);
  });

  it('names the file and the first problem in the message', () => {
    expect(() => parsePipeline('format: x\nsteps: [{name: a, cmd: b}]\n', 'yaml', 'credit.yaml', DIR)).toThrow(
      'credit.yaml is not a valid pipeline: format: must be ballast.pipeline/v1',
    );
  });
});
