import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-deploy-kpi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast deploy --kpi', () => {
  it('defines KPIs (repeatable), keeps them on a later deploy, and refuses bad ones with the field at fault', async () => {
    expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
    const created = await ballast(
      'deploy',
      'credit',
      '--model',
      'credit:1',
      '--kpi',
      'conversion_rate=rate(conversion)',
      '--kpi',
      'refunds=sum(refund)',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).deployment.config.kpis).toEqual([
      { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' },
      { name: 'refunds', event: 'refund', aggregate: 'sum' },
    ]);
    // A deploy that does not name KPIs keeps them.
    expect((await ballast('deploy', 'credit', '--model', 'credit:1', '--max-batch-size', '8')).code).toBe(0);
    const shown = (await ballast('deployments', 'show', 'credit')).stdout.split('\n')[0];
    expect(shown).toBe('credit: credit:1 (revision 2)  kpis conversion_rate=rate(conversion), refunds=sum(refund)');

    const shape = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'conversion_rate');
    expect(shape.code).not.toBe(0);
    expect(shape.stderr).toMatch(/--kpi.*must read NAME=AGGREGATE\(EVENT\)/);
    const aggregate = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'a=median(conversion)');
    expect(aggregate.code).toBe(2);
    expect(aggregate.stderr).toBe('error: invalid deployment config: kpis[0].aggregate: must be one of rate, sum, mean\n');
    const twice = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'a=rate(x)', '--kpi', 'a=mean(y)');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('error: invalid deployment config: kpis[1].name: KPI "a" is already defined by item 0\n');
  });
});
