import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext, resolveSettings } from '../src/app/context.ts';
import { loggedPrediction } from '../src/app/testing/deployed-predictions.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-feedback-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real binary, as a user would, against a data directory of its own. */
function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

/** Logged predictions, as a server would have written them, for the labels to join. */
async function logPredictions(deployment: string, ids: readonly string[]): Promise<void> {
  const ctx = await openAppContext(resolveSettings({ dataDir: path.join(dir, 'data') }, {}, dir), 'ci');
  try {
    const deployed = await ctx.store.deployments.findByName(deployment);
    const version = await ctx.store.versions.findById(deployed!.versionId);
    await ctx.store.predictions.insertMany(
      ids.map((id) => ({
        ...loggedPrediction(deployment),
        id,
        deploymentId: deployed!.id,
        versionId: deployed!.versionId,
        modelVersion: version!.version,
      })),
    );
  } finally {
    await ctx.close();
  }
}

describe('ballast feedback import', () => {
  it('imports good rows, counts unknown and invalid ones with their file rows, and exits 1', async () => {
    const model = path.join(root, 'examples', 'credit', 'model.xgb.json');
    expect((await ballast('models', 'register', 'credit', model)).code).toBe(0);
    expect((await ballast('deploy', 'credit', '--model', 'credit:1')).code).toBe(0);
    await logPredictions('credit', ['p1', 'p2', 'p3']);

    const file = path.join(dir, 'labels.csv');
    writeFileSync(file, 'pid,defaulted\np1,1\np2,0\nnope,1\np3,maybe\np1,0\n');
    const mixed = await ballast('feedback', 'import', file, '--deployment', 'credit', '--id-column', 'pid', '--label-column', 'defaulted');
    expect(mixed.code).toBe(1);
    expect(mixed.stdout.split('\n')).toEqual([
      `${file} -> credit: 5 rows: 2 accepted, 1 replaced, 1 unknown, 1 invalid`,
      'unknown predictions:',
      expect.stringMatching(/^ {2}row\[3\]: no logged prediction of deployment "credit" has id "nope"; /),
      'invalid rows:',
      '  row[4].defaulted: "maybe" is not a class of this model, whose classes are [0, 1]',
      '',
    ]);

    const good = path.join(dir, 'good.csv');
    writeFileSync(good, 'prediction_id,label\np3,1\n');
    const clean = await ballast('feedback', 'import', good, '--deployment', 'credit', '--json');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({
      rows: 1,
      accepted: 1,
      replaced: 0,
      unknown: 0,
      invalid: 0,
      issues: [],
      unknown_rows: [],
      in_server_journal: 0,
    });
  });

  it('exits 2 on a missing column, an unreadable file or an unknown deployment', async () => {
    const file = path.join(dir, 'labels.csv');
    const missing = await ballast('feedback', 'import', file, '--deployment', 'credit', '--id-column', 'pid', '--label-column', 'y');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no column "y", the label column (--label-column)');
    expect((await ballast('feedback', 'import', path.join(dir, 'gone.csv'), '--deployment', 'credit')).code).toBe(2);
    const unknown = await ballast('feedback', 'import', file, '--deployment', 'nope', '--id-column', 'pid');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: no deployment named "nope"\n');
  });
});
