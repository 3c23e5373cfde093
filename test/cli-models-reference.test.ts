import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-reference-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });

describe('ballast models register --reference-data and ballast models reference', () => {
  it('gives a version a labelled reference at registration, replaces it later, and refuses a class the model does not know', async () => {
    const registered = await ballast(
      'models',
      'register',
      'credit',
      path.join(examples, 'model.xgb.json'),
      '--reference-data',
      path.join(examples, 'live.csv'),
      '--label',
      'default',
    );
    expect(registered.stderr).toBe('');
    expect(registered.code).toBe(0);
    expect(registered.stdout).toContain(
      `estimation labelled reference of 5000 rows (label "default") from ${path.join(examples, 'live.csv')}`,
    );

    const [header, ...rows] = readFileSync(path.join(examples, 'live.csv'), 'utf8').trimEnd().split('\n');
    const half = path.join(dir, 'half.csv');
    writeFileSync(half, [header, ...rows.slice(0, 2500)].join('\n') + '\n');
    const replaced = await ballast('models', 'reference', 'credit:1', half, '--label', 'default');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(
      /^credit:1: replaced its labelled reference of 2500 rows \(label "default"\) from .*half\.csv, sha256:[0-9a-f]{64}\n$/,
    );

    const shown = await ballast('models', 'show', 'credit:1');
    expect(shown.stdout).toMatch(
      /\n {2}reference {4}labelled: 2500 rows, label default, set \S+ by ci\n {15}sha256:[0-9a-f]{64}\n {15}from .*half\.csv\n/,
    );

    const json = await ballast('models', 'reference', 'credit:1', half, '--label', 'default', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 2500, classes: [0, 1], labelColumn: 'default', createdBy: 'ci' });

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, [header, ...rows.slice(0, 500).map((r, i) => (i === 2 ? r.replace(/,[01]$/, ',maybe') : r))].join('\n') + '\n');
    const refused = await ballast('models', 'reference', 'credit:1', bad, '--label', 'default');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"maybe" is not a class of credit:1, whose classes are 0, 1');
    expect(refused.stderr).toContain('rows[3].default');

    const missing = await ballast('models', 'reference', 'credit:1', half);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("required option '--label <column>' not specified");
  });
});
