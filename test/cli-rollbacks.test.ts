import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRollbackSink, type RollbackServing } from '../src/app/alerts/alert-rollback.ts';
import { firing, rollbackRule, twoVersionDeployment } from '../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../src/app/context.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

/** Loads nothing and answers every smoke request: what the CLI shows does not depend on serving. */
const answering: RollbackServing = {
  prepare: async () => ({
    predict: async (batch) => ({ kind: 'regression', values: new Float64Array(batch.rowCount).fill(0.5) }),
    serve: async () => {},
    discard: async () => {},
  }),
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-rollbacks-cli-'));
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    await twoVersionDeployment(ctx);
    const sink = createRollbackSink(ctx, { serving: answering });
    await sink([firing(rollbackRule())]);
    await sink([firing(rollbackRule({ name: 'latency', signal: 'latency.p99', above: null, below: 5 }), 3, 1)]);
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir() });
}

describe('ballast rollbacks', () => {
  it("prints a deployment's attempts newest first, each with why", async () => {
    const result = await ballast('rollbacks', 'credit-risk');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\S+Z {2}refused {6}credit:1 → credit:2 {2}rule latency {2}latency\.p99=3 \(threshold 5\)$/);
    expect(lines[1]).toMatch(/^ {2}credit:2 was rolled back from \d+ s ago; cooldown 1h$/);
    expect(lines[2]).toMatch(
      /^\S+Z {2}rolled_back {2}credit:2 → credit:1 {2}rule inputs-drifted {2}drift\.share=0\.42 \(threshold 0\.3\)$/,
    );
    expect(lines[3]).toMatch(/^ {2}rolled back credit-risk from credit:2 to credit:1 \(the version of revision 1, deployed by ci at /);
  });

  it('prints JSON, limits, says when there is nothing, and refuses an unknown deployment', async () => {
    const json = await ballast('rollbacks', 'credit-risk', '--json', '--limit', '1');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.deployment).toBe('credit-risk');
    expect(parsed.rollbacks).toHaveLength(1);
    expect(parsed.rollbacks[0]).toMatchObject({ rule: 'latency', outcome: 'refused', from: { name: 'credit', version: 1 }, value: 3 });

    expect((await ballast('deploy', 'calm', '--model', 'credit:1')).code).toBe(0);
    expect((await ballast('rollbacks', 'calm')).stdout).toBe('calm: no automated rollback attempts\n');
    const missing = await ballast('rollbacks', 'nothing');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no deployment named "nothing"')]);
    expect((await ballast('rollbacks', 'credit-risk', '--limit', '0')).code).toBe(2);
  });
});
