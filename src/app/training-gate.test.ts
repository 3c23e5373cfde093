import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

const train = path.join(EXAMPLES, 'train.csv');
const xgb = path.join(EXAMPLES, 'model.xgb.json');

const contract = (ageMax: number) => `format: ballast.contract/v1
name: credit
columns:
  age: { type: integer, min: 18, max: ${ageMax}, nullable: false }
  income: { type: number, min: 0, missing_max: 0.1 }
  purpose: { type: category, values: [car, home_improvement, debt_consolidation, education, business, medical] }
dataset:
  row_count: { min: 1000 }
`;

describe('the training gate', () => {
  it('registers data that meets the contract and links the contract to the version', async () => {
    const ctx = await testContext(factory);
    try {
      const file = path.join(ctx.dir, 'contract.yaml');
      writeFileSync(file, contract(80));
      const first = await registerModel(ctx, {
        name: 'credit',
        modelFile: xgb,
        trainingData: train,
        importance: false,
        labelColumn: 'default',
        contractFile: file,
      });
      expect(first.gate.report?.passed).toBe(true);
      expect(first.version.contractId).not.toBeNull();
      // The next version is held to the previous version's contract without being told.
      const second = await registerModel(ctx, {
        name: 'credit',
        modelFile: xgb,
        trainingData: train,
        labelColumn: 'default',
        importance: false,
      });
      expect(second.version.contractId).toBe(first.version.contractId);
      expect(second.gate.contractSource).toBe('the contract of credit:1');
      expect((await ctx.store.audit.list()).map((e) => e.action)).toEqual(['contract.register', 'model.register', 'model.register']);
    } finally {
      await ctx.close();
    }
  });

  it('refuses data that breaks the contract, writing nothing, unless forced with a reason', async () => {
    const ctx = await testContext(factory);
    try {
      const file = path.join(ctx.dir, 'strict.yaml');
      writeFileSync(file, contract(30));
      await expect(
        registerModel(ctx, { name: 'credit', modelFile: xgb, trainingData: train, labelColumn: 'default', contractFile: file }),
      ).rejects.toMatchObject({
        code: 'contract_failed',
        message: expect.stringMatching(/fix the data, or register with --force --reason .*: age: /),
        issues: [expect.objectContaining({ code: 'out_of_range', path: ['age'] })],
      });
      expect(await ctx.store.models.list()).toEqual([]);
      expect(await ctx.store.audit.list()).toEqual([]);
      await expect(
        registerModel(ctx, { name: 'credit', modelFile: xgb, trainingData: train, contractFile: file, force: true }),
      ).rejects.toMatchObject({ code: 'invalid_argument' });
      const forced = await registerModel(ctx, {
        name: 'credit',
        modelFile: xgb,
        trainingData: train,
        importance: false,
        labelColumn: 'default',
        contractFile: file,
        force: true,
        reason: 'older applicants approved by risk committee',
      });
      expect(forced.gate.forced).toBe(true);
      const entry = (await ctx.store.audit.list()).find((e) => e.action === 'model.register.forced');
      expect(entry?.details).toMatchObject({ reason: 'older applicants approved by risk committee', failed: ['age: out_of_range'] });
    } finally {
      await ctx.close();
    }
  });

  it('refuses a contract file that does not follow the format, naming each problem', async () => {
    const ctx = await testContext(factory);
    try {
      const file = path.join(ctx.dir, 'bad.yaml');
      writeFileSync(file, 'format: ballast.contract/v1\ncolumns:\n  age: { type: integer, min: 9, max: 1, colour: red }\n');
      await expect(registerModel(ctx, { name: 'credit', modelFile: xgb, trainingData: train, contractFile: file })).rejects.toMatchObject({
        code: 'invalid_contract',
      });
      expect(await ctx.store.models.list()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
