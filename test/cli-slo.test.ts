import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, requestPart } from '../src/app/slo/testing/window-parts.ts';
import { openStore } from '../src/store/store.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-slo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast slo', () => {
  it('sets objectives, shows their budgets and burn rates, and deletes them', async () => {
    expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
    expect((await ballast('deploy', 'credit', '--model', 'credit:1')).code).toBe(0);
    const set = await ballast('slo', 'set', 'credit', '--availability', '99.9%', '--latency-p99', '50ms');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('credit: availability set (target 99.9%)\ncredit: latency set (target 99%)\n');
    const behaviour = await ballast('slo', 'set', 'credit', '--objective', 'performance.estimated.roc_auc>=0.8', '--period', '1d');
    expect(behaviour.code, behaviour.stderr).toBe(0);

    // The window before this minute: 5 of 1,000 requests failed, 20 answered in 80 ms.
    const store = await openStore(`sqlite:${path.join(dir, 'data', 'ballast.db')}`);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await store.monitoring.insertWindows([requestPart('credit', minute - 60_000, 60_000, [...repeat(975, 5), ...repeat(20, 80)], 5)]);
    await store.close();

    const status = await ballast('slo', 'status', 'credit', '--json');
    expect(status.code, status.stderr).toBe(0);
    const slos = JSON.parse(status.stdout).slos as {
      name: string;
      events: number;
      bad_events: number;
      budget_remaining: number;
      burn_rates: Record<string, number>;
    }[];
    expect(slos.map((s) => s.name)).toEqual(['availability', 'latency', 'performance_estimated_roc_auc']);
    expect(slos[0]).toMatchObject({ events: 1000, bad_events: 5 });
    expect(slos[0]!.burn_rates['1h']).toBeCloseTo(5, 6); // 0.5% over 0.1%
    expect(slos[1]).toMatchObject({ events: 995, bad_events: 20 });
    expect(slos[1]!.budget_remaining).toBeCloseTo(1 - 20 / 995 / 0.01, 6);

    const table = await ballast('slo', 'status');
    expect(table.stdout).toContain('credit / availability');
    expect(table.stdout).toContain('credit / latency<=50ms');

    expect((await ballast('slo', 'delete', 'credit', 'latency')).stdout).toBe('credit: 1 objective deleted\n');
    expect((await ballast('slo', 'delete', 'credit')).stdout).toBe('credit: 2 objectives deleted\n');
    const none = await ballast('slo', 'status', 'credit');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toBe('error: credit has no service level objectives\n');
  });

  it('refuses a bad target with the field at fault, and options that belong to --objective', async () => {
    const bad = await ballast('slo', 'set', 'credit', '--availability', '100%');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('objectives[0].target');
    const stray = await ballast('slo', 'set', 'credit', '--availability', '99%', '--window', '1h');
    expect(stray.stderr).toBe('error: --target, --window and --name belong to --objective\n');
  });
});
