import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../src/app/context.ts';
import { createIncidentSink } from '../src/app/incidents/incident-sink.ts';
import { pageRule, transition } from '../src/app/incidents/testing/alert-transitions.ts';
import { runBallast } from './testing/run-ballast.ts';

let dir: string;
let dataDir: string;
let id: string;
const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir, env: { BALLAST_ACTOR: 'ana' } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-incidents-cli-'));
  dataDir = path.join(dir, 'data');
  const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'evaluator');
  try {
    await createIncidentSink(ctx)([transition(pageRule(), 'inactive', 'firing', '2026-11-25T10:00:00.000Z', 0.5)]);
    id = (await ctx.store.incidents.openFor('credit'))!.id;
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ballast incidents', () => {
  // The tests of this file run in order, on one incident; each stays a few commands long.
  it('lists and acknowledges, refusing a second acknowledgement', async () => {
    const listed = await ballast('incidents', 'list', '--status', 'open', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id, status: 'open', deployment: 'credit', rules: ['inputs-drifted'] }),
    ]);
    expect((await ballast('incidents', 'list')).stdout).toContain(`${id}  open`);

    const acked = await ballast('incidents', 'ack', id);
    expect([acked.code, acked.stdout.trim()]).toEqual([0, `incident ${id} acknowledged; commander ana`]);
    const refused = await ballast('incidents', 'ack', id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`incident ${id} cannot become acknowledged: it is acknowledged already`);
  });

  it('annotates, mitigates, resolves and shows, each with --json', async () => {
    expect((await ballast('incidents', 'note', id, 'feed changed upstream')).code).toBe(0);
    expect(JSON.parse((await ballast('incidents', 'mitigate', id, '--json')).stdout).status).toBe('mitigated');
    expect((await ballast('incidents', 'resolve', id)).stdout.trim()).toBe(`incident ${id} resolved`);

    const shown = await ballast('incidents', 'show', id);
    expect(shown.stdout).toContain('alert_firing');
    expect(shown.stdout).toMatch(/note\s+ana\s+feed changed upstream/);
    const detail = JSON.parse((await ballast('incidents', 'show', id, '--json')).stdout);
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['alert_firing', 'status', 'note', 'status', 'status']);
    const missing = await ballast('incidents', 'show', 'nope');
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'error: no incident with id "nope" (ballast incidents list shows them)']);
  });

  it('drafts the postmortem and writes it as HTML', async () => {
    const draft = await ballast('incidents', 'postmortem', id);
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain('# Postmortem: inputs-drifted: drift.share above 0.3');
    const htmlFile = path.join(dir, 'pm.html');
    const html = await ballast('incidents', 'postmortem', id, '--format', 'html', '--output', htmlFile);
    expect(html.code, html.stderr).toBe(0);
    expect(readFileSync(htmlFile, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<h2>Timeline<\/h2>/);
  });

  it('stores an edit, marks it reviewed and refuses to redraft it', async () => {
    const edited = path.join(dir, 'pm.md');
    writeFileSync(edited, '# Postmortem\n\n## Action items\n\n- [ ] Gate canaries on drift (ana)\n- [x] Roll back (bo)\n');
    expect((await ballast('incidents', 'postmortem', id, '--edit', edited, '--reviewed', '--json')).code).toBe(0);
    const stored = JSON.parse((await ballast('incidents', 'postmortem', id, '--json')).stdout);
    expect(stored).toMatchObject({ reviewed: true, updatedBy: 'ana', format: 'md' });
    expect(stored.text).toContain('Gate canaries on drift');
    const redraft = await ballast('incidents', 'postmortem', id, '--redraft');
    expect([redraft.code, redraft.stderr]).toEqual([2, expect.stringContaining('is reviewed; edit it with --edit')]);
  });

  it('lists the action items of the stored postmortem, and refuses an edit file that is not there', async () => {
    const open = await ballast('incidents', 'actions', '--open');
    expect(open.stdout.trim()).toBe(`[ ] Gate canaries on drift (ana)  — incident ${id}, credit`);
    const all = JSON.parse((await ballast('incidents', 'actions', '--json')).stdout);
    expect(all.map((a: { text: string; done: boolean }) => [a.text, a.done])).toEqual([
      ['Gate canaries on drift', false],
      ['Roll back', true],
    ]);
    const noFile = await ballast('incidents', 'postmortem', id, '--edit', path.join(dir, 'missing.md'));
    expect([noFile.code, noFile.stderr]).toEqual([2, expect.stringContaining('missing.md: cannot read the file (ENOENT)')]);
  });
});
