import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { explainFile } from './explain-file.ts';
import type { ExplanationObject } from './explain-rows.ts';
import { creditRows, registerSmallCredit } from './testing/small-credit.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-explain-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODEL = path.join(EXAMPLES, 'model.xgb.json');

async function run(options: Partial<Parameters<typeof explainFile>[0]> & { input: string }) {
  let text = '';
  const chosen: string[] = [];
  const result = await explainFile({
    model: MODEL,
    runtimes: RUNTIMES,
    write: (t) => void (text += t),
    onExplainer: (c) => chosen.push(c.explainer.method),
    ...options,
  });
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExplanationObject);
  return { result, lines, chosen };
}

function expectAdditive(e: ExplanationObject) {
  const sum = Object.values(e.contributions as Record<string, number>).reduce((a, b) => a + b, 0);
  expect((e.base_value as number) + sum).toBeCloseTo(e.output as number, 9);
}

describe('explainFile', () => {
  const background = creditRows(dir, 10);
  const input = creditRows(dir, 3, 'live.csv');

  it('writes one explanation per row, in order, whose contributions add up to the output', async () => {
    const { result, lines, chosen } = await run({ input, background, top: 2 });
    expect(result.rows).toBe(3);
    expect(lines).toHaveLength(3);
    expect(chosen).toHaveLength(1);
    for (const line of lines) {
      expect(Object.keys(line.contributions)).toHaveLength(13);
      expectAdditive(line);
      expect(line.reasons.length).toBeLessThanOrEqual(2);
      expect(line.method).toBe(chosen[0]);
      expect(line.prediction).toMatchObject({ label: expect.any(Number), probabilities: [expect.any(Number), expect.any(Number)] });
    }
    // A model file has no contract or snapshot: names are made readable, the outcome is class 1.
    expect(lines[0]!.reasons[0]).toMatch(/^an? [a-z0-9 ]+ of .+ (raised|lowered) the chance of class 1 most$/);
  });

  it('reads JSON Lines too, and says category values by their names', async () => {
    const jsonl = path.join(dir, 'rows.jsonl');
    writeFileSync(
      jsonl,
      '{"age":70,"income":20000,"employment_type":"retired","employment_years":40,"home_ownership":"own","loan_amount":9000,"loan_term_months":24,"purpose":"car","debt_to_income":0.79,"credit_history_months":400,"num_open_accounts":3,"num_late_payments_2y":0,"credit_utilization":0.2}\n',
    );
    const { lines } = await run({ input: jsonl, background, top: 13 });
    expect(lines).toHaveLength(1);
    expectAdditive(lines[0]!);
    const said = lines[0]!.reasons.join('\n');
    expect((lines[0]!.contributions as Record<string, number>).employment_type).not.toBe(0);
    expect(said).toContain('an employment type of retired');
    expect(said).toContain('a debt to income of 0.79');
  });

  it('refuses a method that needs a background when there is none, and writes nothing', async () => {
    const error = await run({ input, method: 'exact_shapley' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('explain_unavailable');
    expect((error as BallastError).message).toContain('--background');
  });

  for (const factory of storeFactories()) {
    it(`explains with a registered version's snapshot sample, contract labels and target (${factory.dialect})`, async () => {
      const ctx = await testContext(factory);
      try {
        await registerSmallCredit(ctx);
        const { lines, result } = await run({ model: 'credit', ctx, input, top: 13 });
        expect(result.description).toBe('credit:1');
        expect(lines).toHaveLength(3);
        for (const line of lines) {
          expectAdditive(line);
          for (const reason of line.reasons) expect(reason).toMatch(/the chance of default( most)?$/);
        }
        const said = lines.flatMap((l) => l.reasons).join('\n');
        expect(said).toMatch(/a debt-to-income ratio of [0-9.]+ /);
        expect(said).toMatch(/an age of \d+ years /);
      } finally {
        await ctx.close();
        await factory.cleanup();
      }
    });
  }
});
