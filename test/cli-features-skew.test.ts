import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSkew, seedSkewDeployment } from '../src/app/features/testing/skew-test-data.ts';
import { openStore } from '../src/store/store.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-skew-'));
const dataDir = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  mkdirSync(dataDir, { recursive: true });
  const store = await openStore(`sqlite:${path.join(dataDir, 'ballast.db')}`);
  try {
    await seedSkewDeployment(store);
  } finally {
    await store.close();
  }
});

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir, env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast features skew', () => {
  it('prints the mismatch rate and largest differences per feature, and the same report as JSON', async () => {
    const expected = expectedSkew();
    const text = await ballast('features', 'skew', 'shop', '--since', '2026-02-01');
    expect(text.code).toBe(0);
    const spend = expected.features.spend_7d;
    expect(text.stdout).toMatch(/^shop: 400 predictions from 2026-02-01T00:00:00.000Z to /);
    expect(text.stdout).toContain(`(${expected.unkeyed} predictions without one not compared)`);
    expect(text.stdout).toMatch(
      new RegExp(
        `tx:spend_7d\\s+${spend.checked}\\s+${spend.mismatches}\\s+${((spend.mismatches / spend.checked) * 100).toFixed(1)}%\\s+${spend.missing_offline}\\s+${spend.missing_online}\\n`,
      ),
    );
    expect(text.stdout).toMatch(
      /tx:tier: largest differences\n {2}[0-9A-Z]{26} {2}2026-\S+ {2}key c\d{3}: served (\w+|\(missing\)), offline (\w+|\(missing\))/,
    );

    const json = await ballast('features', 'skew', 'shop', '--since', '2026-02-01', '--limit', '50', '--tolerance', '0.5', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ deployment: 'shop', predictions: 50, truncated: true, tolerance: 0.5, limit: 50 });
  }, 120_000);

  it('exits 2 with the reason for bad options and unknown deployments', async () => {
    const limit = await ballast('features', 'skew', 'shop', '--limit', '0');
    expect(limit.code).not.toBe(0);
    expect(limit.stderr).toMatch(/expected a whole number from 1 to 100000/);
    const tolerance = await ballast('features', 'skew', 'shop', '--tolerance', '-1');
    expect(tolerance.stderr).toMatch(/expected a number of at least 0/);
    const unknown = await ballast('features', 'skew', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no deployment is named "nope"/);
  }, 120_000);
});
