import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { describeSnapshot, describeVersion } from './lineage.ts';
import { registerModel } from './register-model.ts';
import { resolveModelRef } from './resolve-model.ts';
import { setAlias } from './set-alias.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const train = path.join(EXAMPLES, 'train.csv');
const xgb = path.join(EXAMPLES, 'model.xgb.json');
const lgb = path.join(EXAMPLES, 'model.lgb.txt');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return (error as BallastError).code;
  }
  throw new Error('expected a BallastError');
}

for (const factory of storeFactories()) {
  describe(`registerModel on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('registers versions with a deduplicated training snapshot, alias and lineage both ways', async () => {
      const ctx = await testContext(factory);
      try {
        const first = await registerModel(ctx, {
          name: 'credit',
          modelFile: xgb,
          trainingData: train,
          importance: false,
          labelColumn: 'default',
          codeRef: 'a1b2c3d',
          alias: 'champion',
          tags: ['x'],
        });
        expect(first.modelCreated).toBe(true);
        expect(first.version).toMatchObject({ version: 1, format: 'xgboost', codeRef: 'a1b2c3d', createdBy: 'tester' });
        expect(first.version.signature.output).toEqual({ kind: 'binary', classes: [0, 1] });
        expect(first.snapshot).toMatchObject({ rowCount: 20000, columnCount: 17, labelColumn: 'default' });
        expect(first.snapshot!.columns.find((c) => c.name === 'income')).toMatchObject({ type: 'integer' });
        expect(first.snapshot!.columns.find((c) => c.name === 'purpose')).toMatchObject({ type: 'string', missing: 0 });

        const second = await registerModel(ctx, {
          name: 'credit',
          modelFile: lgb,
          trainingData: train,
          labelColumn: 'default',
          importance: false,
        });
        expect(second.version.version).toBe(2);
        expect(second.modelCreated).toBe(false);
        expect(second.snapshot!.id).toBe(first.snapshot!.id);

        const lineage = await describeVersion(ctx, 'credit@champion');
        expect(lineage.version.version).toBe(1);
        expect(lineage.aliases).toEqual(['champion']);
        expect(lineage.snapshot!.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(readFileSync(lineage.artifact.path)).toEqual(readFileSync(xgb));
        expect((await ctx.artifacts.read(lineage.snapshot!.sha256)).equals(readFileSync(train))).toBe(true);

        const back = await describeSnapshot(ctx, first.snapshot!.sha256.slice(0, 10));
        expect(back.trainedVersions.map((v) => `${v.modelName}:${v.version}`)).toEqual(['credit:1', 'credit:2']);

        const moved = await setAlias(ctx, 'credit:2', 'champion');
        expect(moved.previous).toBe(1);
        expect((await resolveModelRef(ctx.store, 'credit@champion')).version.version).toBe(2);
        expect((await resolveModelRef(ctx.store, 'credit')).version.version).toBe(2);
      } finally {
        await ctx.close();
      }
    });

    it('refuses bad input with a clear code and writes nothing', async () => {
      const ctx = await testContext(factory);
      const file = (name: string, content: string | Uint8Array) => {
        const full = path.join(ctx.dir, name);
        writeFileSync(full, content);
        return full;
      };
      try {
        const [header = '', ...rows] = readFileSync(train, 'utf8').split('\n').slice(0, 50);
        const noIncome = file(
          'no-income.csv',
          [header, ...rows]
            .map((l) =>
              l
                .split(',')
                .filter((_, i) => i !== 4)
                .join(','),
            )
            .join('\n'),
        );
        const badValue = file(
          'bad-value.csv',
          [header, ...rows.map((r, i) => (i === 6 ? r.replace(/^([^,]*,\d+,[^,]*,[^,]*,)\d+/, '$1lots') : r))].join('\n'),
        );
        const truncated = file('truncated.json', readFileSync(xgb).subarray(0, 5000));
        const pickle = file('model.bin', new Uint8Array([0x80, 0x04, 0x95, 0x00, 0x00]));

        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: pickle }))).toBe('unsafe_format');
        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: truncated }))).toBe('invalid_model');
        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: xgb, format: 'onnx' }))).toBe('format_mismatch');
        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: path.join(ctx.dir, 'absent.json') }))).toBe('file_not_found');
        expect(await codeOf(registerModel(ctx, { name: '../m', modelFile: xgb }))).toBe('invalid_argument');
        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: xgb, trainingData: noIncome, labelColumn: 'default' }))).toBe(
          'missing_column',
        );
        expect(await codeOf(registerModel(ctx, { name: 'm', modelFile: xgb, trainingData: train, labelColumn: 'target' }))).toBe(
          'missing_column',
        );
        await expect(registerModel(ctx, { name: 'm', modelFile: xgb, trainingData: badValue, labelColumn: 'default' })).rejects.toThrow(
          'bad-value.csv: [7].income: "lots" is not a number',
        );
        expect(await ctx.store.models.list()).toEqual([]);
        expect(await ctx.store.snapshots.list()).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  });
}
