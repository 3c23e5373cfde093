import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-features-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast features apply, list, show', () => {
  it('applies the credit example once, lists and shows it (text and JSON), and refuses a bad file whole', async () => {
    const none = await ballast('features', 'show');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no feature definitions have been applied');

    const applied = await ballast('features', 'apply', path.join(examples, 'features.yaml'));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe('applied feature definitions version 1: 1 view (5 features), 1 on-demand feature\n');
    const again = await ballast('features', 'apply', path.join(examples, 'features.yaml'), '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ version: 1, changed: false });

    const list = await ballast('features', 'list', '--json');
    expect(JSON.parse(list.stdout).feature_sets).toEqual([
      expect.objectContaining({ version: 1, created_by: 'ci', feature_views: ['bureau'], features: 5, on_demand_features: 1 }),
    ]);
    expect((await ballast('features', 'list')).stdout).toMatch(/^VERSION +CREATED +BY +VIEWS.*\n1 \(current\) +\S+ +ci +bureau +5 +1 /);

    const text = await ballast('features', 'show');
    expect(text.stdout).toContain('view bureau: entity applicant, source bureau, ttl 90d');
    expect(text.stdout).toContain('bureau:late_payments_per_account (number) = num_late_payments_2y / max(num_open_accounts, 1)');
    const json = JSON.parse((await ballast('features', 'show', '--json')).stdout);
    expect(json.definitions.sources[0].path).toBe(path.join(examples, 'bureau.csv'));

    // The JSON document applies back to the same definitions: no new version.
    writeFileSync(path.join(dir, 'back.json'), JSON.stringify(json.definitions));
    expect(JSON.parse((await ballast('features', 'apply', path.join(dir, 'back.json'), '--json')).stdout)).toMatchObject({
      version: 1,
      changed: false,
    });

    const view = await ballast('features', 'show', 'bureau', '--json');
    expect(JSON.parse(view.stdout).feature_view).toMatchObject({ name: 'bureau', ttl: 90 * 86400 });
    const unknown = await ballast('features', 'show', 'tx');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no feature view is named "tx"');

    writeFileSync(
      path.join(dir, 'bad.yaml'),
      'format: ballast.features/v1\nentities: [{name: a, key: id}]\nsources: [{name: s, path: nowhere.csv, timestamp: t}]\nfeature_views: [{name: v, entity: b, source: s, ttl: soon, features: [{name: f, type: number}]}]\n',
    );
    const bad = await ballast('features', 'apply', 'bad.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('feature_views[0].entity: no entity is named "b" (defined: a)');
    expect(bad.stderr).toContain('feature_views[0].ttl: must be a duration');
    expect(JSON.parse((await ballast('features', 'list', '--json')).stdout).feature_sets).toHaveLength(1);
  }, 300_000);
});
