import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../src/app/context.ts';
import { createToken } from '../src/app/tokens.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-card-cli-'));
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    await twoVersionDeployment(ctx); // credit:1 and credit:2; credit-risk serves credit:2
    await createToken(ctx, { name: 'ana', role: 'operator' });
    await createToken(ctx, { name: 'bo', role: 'approver' });
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function as(actor: string, ...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir(), env: { BALLAST_ACTOR: actor } });
}

describe('ballast card and ballast models annotate', { timeout: 180_000 }, () => {
  it('annotates a version (repeatable flags add, --clear-* empties first) and the card shows it in every format', async () => {
    const first = await as(
      'ana',
      ...[
        'models',
        'annotate',
        'credit:2',
        '--intended-use',
        'pre-screening',
        '--out-of-scope',
        'mortgages',
        '--out-of-scope',
        'business loans',
      ],
      ...['--limitation', 'thin credit files', '--json'],
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      model: { name: 'credit', version: 2 },
      intended_use: 'pre-screening',
      out_of_scope: ['mortgages', 'business loans'],
      limitations: ['thin credit files'],
      updated_by: 'ana',
      updated_at: expect.any(String),
    });
    const second = await as('ana', 'models', 'annotate', 'credit:2', '--clear-out-of-scope', '--out-of-scope', 'leasing');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('out of scope: leasing');
    expect(second.stdout).toContain('limitations: thin credit files');

    const json = await as('ana', 'card', 'credit:2');
    expect(json.code).toBe(0);
    const card = JSON.parse(json.stdout);
    expect(card.considerations).toMatchObject({ intended_use: 'pre-screening', out_of_scope_uses: ['leasing'] });
    expect(card.monitoring.range.deployments).toEqual(['credit-risk']);

    const file = path.join(dir, 'card.md');
    const md = await as('ana', 'card', 'credit:2', '--format', 'md', '--output', file);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe('');
    expect(md.stderr).toContain(`wrote the model card (md) to ${file}`);
    expect(readFileSync(file, 'utf8')).toContain('# Model card: credit:2');
    const html = await as('ana', 'card', 'credit', '--format', 'html');
    expect(html.stdout.startsWith('<!doctype html>')).toBe(true);

    const bad = await as('ana', 'card', 'credit:2', '--format', 'pdf');
    expect(bad.code).toBe(2);
    const neither = await as('ana', 'card');
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('name a version (MODEL:V) or a stored card (--stored ID)');
  });

  it('stores the card when an approval is decided; approvals show gives card_id and card --stored prints the copy', async () => {
    const requested = JSON.parse((await as('ana', 'approvals', 'request', 'credit:2', '--stage', 'production', '--json')).stdout);
    expect(requested.card_id).toBeNull();
    const approved = JSON.parse((await as('bo', 'approvals', 'approve', requested.id, '--json')).stdout);
    expect(approved.card_id).toEqual(expect.any(String));
    const shown = await as('ana', 'approvals', 'show', requested.id);
    expect(shown.stdout).toContain(`model card at the decision: ${approved.card_id}`);
    const stored = JSON.parse((await as('ana', 'card', '--stored', approved.card_id)).stdout);
    expect(stored).toMatchObject({
      id: approved.card_id,
      approval_id: requested.id,
      created_by: 'bo',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(stored.card.governance.approvals[0]).toMatchObject({ id: requested.id, status: 'approved' });
    const md = await as('ana', 'card', '--stored', approved.card_id, '--format', 'md');
    expect(md.stdout).toContain('# Model card: credit:2');
  });
});
