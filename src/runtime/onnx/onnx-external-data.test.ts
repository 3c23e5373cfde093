import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCases, fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import { BallastError } from '../../core/errors.ts';
import { findExternalTensors, refuseExternalData } from './onnx-external-data.ts';
import { onnxRuntime } from './onnx-runtime.ts';

describe('findExternalTensors', () => {
  it('finds an initializer whose data_location is EXTERNAL, with its location', () => {
    expect(findExternalTensors(fixtureModel('external-data'))).toEqual([
      { path: ['graph', 'initializer', 0], name: 'w', location: 'secret.txt' },
    ]);
  });

  it('finds a tensor in a Constant attribute inside an If branch', () => {
    expect(findExternalTensors(fixtureModel('external-data-subgraph'))).toEqual([
      { path: ['graph', 'node', 2, 'attribute', 'then_branch', 'node', 0, 'attribute', 'value'], name: 'hidden', location: 'secret.txt' },
    ]);
  });

  it('finds nothing in self-contained models', () => {
    for (const name of ['binary-logistic', 'multiclass-forest', 'column-pipeline', 'scores-softmax'])
      expect(findExternalTensors(fixtureModel(name)), name).toEqual([]);
  });

  it('refuses with the external_data code and one issue per tensor', () => {
    const error = (() => {
      try {
        refuseExternalData(fixtureModel('external-data'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('external_data');
    expect((error as BallastError).message).toContain('"secret.txt"');
    expect((error as BallastError).issues).toEqual([
      { code: 'unsupported', path: ['graph', 'initializer', 0], message: 'tensor "w" keeps its data in an external file "secret.txt"' },
    ]);
  });
});

describe('onnxRuntime.load with external data', () => {
  // ONNX Runtime resolves an external file against the working directory when given bytes; Python
  // onnxruntime read this file's bytes back as predictions (the fixture's cases.json records them).
  let previous: string;
  let directory: string;
  beforeEach(() => {
    previous = process.cwd();
    directory = mkdtempSync(path.join(tmpdir(), 'ballast-external-'));
    writeFileSync(path.join(directory, 'secret.txt'), fixtureCases('external-data').secret_txt!);
    process.chdir(directory);
  });
  afterEach(() => {
    process.chdir(previous);
    rmSync(directory, { recursive: true, force: true });
  });

  it.each(['external-data', 'external-data-subgraph'])('refuses %s even with secret.txt in the working directory', async (name) => {
    const error = await onnxRuntime.load(fixtureModel(name), { featureNames: ['index'] }).then(
      async (model) => {
        const read = await model
          .predict({ rowCount: 16, columns: [Float64Array.from({ length: 16 }, (_, i) => i)] })
          .catch(() => undefined);
        await model.close();
        return new Error(`loaded, and predicted ${JSON.stringify(read)}`);
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('external_data');
  });
});
