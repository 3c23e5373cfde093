import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ballast demo` as a new user starts it: the example's contract is registered, so the demo's
// server refuses what the contract forbids instead of answering a silent 200 (issue 12).

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'ballast.js');

const applicant = {
  age: 35,
  income: 52000,
  employment_type: 'salaried',
  employment_years: 6,
  home_ownership: 'rent',
  loan_amount: 12000,
  loan_term_months: 36,
  purpose: 'car',
  debt_to_income: 0.31,
  credit_history_months: 84,
  num_open_accounts: 4,
  num_late_payments_2y: 0,
  credit_utilization: 0.42,
};

let dir: string;
let demo: ChildProcess;
let url: string;
let token: string;
let printed = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-demo-'));
  demo = spawn(process.execPath, [bin, '--data-dir', path.join(dir, 'data'), 'demo', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, BALLAST_DB: '', BALLAST_ADMIN_TOKEN: '' },
  });
  await new Promise<void>((resolve, reject) => {
    demo.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const served = /serving on (\S+)/.exec(printed);
      const shown = /token:\s+(\S+)/.exec(printed);
      if (served && shown) {
        [url, token] = [served[1]!, shown[1]!];
        resolve();
      }
    });
    demo.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${printed}`)));
  });
}, 120_000);

afterAll(async () => {
  if (demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const predict = (row: Record<string, unknown>) =>
  fetch(`${url}/v1/deployments/credit-risk/predict`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ instances: [row] }),
  });

describe('the demo', () => {
  it('says which code reference it registered the example models with', () => {
    expect(printed).toMatch(/code reference: (git commit [0-9a-f]{40}|package version ballast@\S+)/);
  });

  it("applies the example's alert rules with its own webhook as the team's receiver, the on-call schedule and SLOs", async () => {
    expect(printed).toMatch(
      /applied 4 alert rules from examples\/credit\/alerts\.yaml; the "team" receiver is this demo's webhook \(http:\/\/127\.0\.0\.1:\d+\/hook\)/,
    );
    const rules = await fetch(`${url}/v1/alerts/rules`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await rules.json()) as { rules: { name: string }[] }).rules.map((r) => r.name)).toContain('inputs-drifted');
    const slos = await fetch(`${url}/v1/slos`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await slos.json()) as { slos: unknown[] }).slos).toHaveLength(2);
  });

  it('serves an applicant that meets the contract', async () => {
    const response = await predict(applicant);
    expect(response.status).toBe(200);
  });

  it('answers 422 contract_violation for age -5 and for purpose "spaceship"', async () => {
    for (const [column, value] of [
      ['age', -5],
      ['purpose', 'spaceship'],
    ] as const) {
      const response = await predict({ ...applicant, [column]: value });
      expect(response.status, column).toBe(422);
      const body = (await response.json()) as { code: string; issues: { path: unknown[] }[] };
      expect(body.code).toBe('contract_violation');
      expect(body.issues.map((issue) => issue.path)).toEqual([['instances', 0, column]]);
    }
  });
});
