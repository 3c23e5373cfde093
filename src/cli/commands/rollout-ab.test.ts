import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seedAbDeployment } from '../../app/rollouts/testing/ab-deployment.ts';
import { openStore } from '../../store/store.ts';
import { formatAbAnalysis, rolloutAbCommand } from './rollout-ab.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-rollout-ab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The builder under a `rollout` group of a program with the global options, as the CLI registers it. */
async function run(args: string[]): Promise<string> {
  const rollout = new Command('rollout').addCommand(rolloutAbCommand().exitOverride()).exitOverride();
  const program = new Command('ballast').option('--db <url>').option('--data-dir <dir>').exitOverride().addCommand(rollout);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await program.parseAsync([
      'node',
      'ballast',
      '--db',
      `sqlite:${path.join(dir, 'ballast.db')}`,
      '--data-dir',
      dir,
      'rollout',
      'ab',
      ...args,
    ]);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

describe('ballast rollout ab', () => {
  it("prints the A/B rollout's variants and each KPI's comparison, or the whole answer as JSON", async () => {
    const store = await openStore(`sqlite:${path.join(dir, 'ballast.db')}`);
    await seedAbDeployment(store, 'loans', true);
    await store.close();

    const json = JSON.parse(await run(['loans', '--effect', '0.05', '--json']));
    expect(json.effect).toBe(0.05);
    expect(json.variants.map((v: { rows: number }) => v.rows)).toEqual([100, 110]);
    expect(json.kpis.map((k: { name: string }) => k.name)).toEqual(['conversion_rate', 'basket']);

    const text = await run(['loans', '--baseline', 'loans:2', '--variant', 'loans:1', '--from', '2026-11-25T09:00:00Z']);
    expect(text.split('\n')[0]).toMatch(
      /^loans: loans:2 \(stable, 110 rows\) against loans:1 \(variant, 101 rows\), 2026-11-25T09:00:00.000Z to /,
    );
    expect(text).toContain(
      'conversion_rate: 0 (n=110) -> 0 (n=101): +0, no interval, p = — (two_proportion_z); not enough data: 195 rows per variant to find +0.02',
    );
  });

  it('refuses an effect outside (0, 1] before opening anything', async () => {
    await expect(run(['loans', '--effect', '0'])).rejects.toThrow(/above 0 and at most 1/);
  });
});

describe('formatAbAnalysis', () => {
  it('prints each KPI with its interval and whether both variants have the sample, then realised metrics', () => {
    const text = formatAbAnalysis({
      deployment: 'credit',
      from: '2026-11-25T10:00:00.000Z',
      to: '2026-11-25T12:00:00.000Z',
      effect: 0.02,
      variants: [
        { role: 'stable', model: { name: 'credit', version: 1 }, rows: 5000 },
        { role: 'variant', model: { name: 'credit', version: 2 }, rows: 4800 },
      ],
      kpis: [
        {
          name: 'conversion_rate',
          aggregate: 'rate',
          test: 'two_proportion_z',
          a: { value: 0.12, count: 5000 },
          b: { value: 0.14, count: 4800 },
          difference: 0.02,
          ci: { low: 0.006677, high: 0.03332, level: 0.95 },
          p_value: 0.0031,
          effect: 0.02,
          min_sample_per_variant: 4433,
          enough_data: true,
        },
      ],
      performance: [{ metric: 'accuracy', a: 0.8, b: 0.85, labelled: { a: 300, b: 280 } }],
    });
    expect(text).toBe(
      [
        'credit: credit:1 (stable, 5,000 rows) against credit:2 (variant, 4,800 rows), 2026-11-25T10:00:00.000Z to 2026-11-25T12:00:00.000Z',
        'conversion_rate: 0.12 (n=5000) -> 0.14 (n=4800): +0.02, 95% CI [+0.006677, +0.03332], p = 0.00310 (two_proportion_z); enough data: 4,433 rows per variant to find +0.02',
        '',
        'realised performance (labelled: 300 stable, 280 variant):',
        '  accuracy: 0.8 -> 0.85',
      ].join('\n'),
    );
  });
});
