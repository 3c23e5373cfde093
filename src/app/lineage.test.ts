import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { contractOfModelRef } from './contracts.ts';
import { describeModel, describeSnapshot, describeVersion } from './lineage.ts';
import { registerModel } from './register-model.ts';
import { setAlias } from './set-alias.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`lineage on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('describes a model with its versions and aliases, and a version with its artifact and contract', async () => {
      const ctx = await testContext(factory);
      try {
        const contract = path.join(ctx.dir, 'contract.yaml');
        writeFileSync(contract, 'format: ballast.contract/v1\ncolumns:\n  age: {type: number}\ndataset:\n  allow_extra_columns: true\n');
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json'), alias: 'champion' });
        await registerModel(ctx, {
          name: 'credit',
          modelFile: path.join(EXAMPLES, 'model.lgb.txt'),
          trainingData: path.join(EXAMPLES, 'train.csv'),
          importance: false,
          labelColumn: 'default',
          contractFile: contract,
        });
        await setAlias(ctx, 'credit:2', 'challenger');

        const model = await describeModel(ctx, 'credit');
        expect(model.model.name).toBe('credit');
        expect(model.versions.map((v) => v.version).sort()).toEqual([1, 2]);
        expect(model.aliases.map((a) => [a.alias, a.version]).sort()).toEqual([
          ['challenger', 2],
          ['champion', 1],
        ]);
        await expect(describeModel(ctx, 'nope')).rejects.toMatchObject({ code: 'model_not_found' });

        const version = await describeVersion(ctx, 'credit@challenger');
        expect(version.version.version).toBe(2);
        expect(version.aliases).toEqual(['challenger']);
        expect(version.snapshot?.id).toBe(version.version.snapshotId);

        await expect(describeVersion(ctx, 'credit@nope')).rejects.toMatchObject({ code: 'alias_not_found' });
        const trained = await describeSnapshot(ctx, version.snapshot!.sha256.slice(0, 12));
        expect(trained.trainedVersions.map((v) => v.version)).toEqual([2]);
        await expect(describeSnapshot(ctx, 'ffffffffffff')).rejects.toMatchObject({ code: 'snapshot_not_found' });

        const linked = await contractOfModelRef(ctx, 'credit@challenger');
        expect(linked.contract.id).toBe(version.version.contractId);
        await expect(contractOfModelRef(ctx, 'credit:1')).rejects.toMatchObject({ code: 'contract_not_found' });
      } finally {
        await ctx.close();
      }
    });
  });
}
