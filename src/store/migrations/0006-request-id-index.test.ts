import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-0006-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('indexes only the predictions that carry a request id, and a lookup by request id uses that index', async () => {
  const file = path.join(dir, 'ballast.db');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new SQLite(file, { readonly: true });
  try {
    const { sql } = db.prepare("select sql from sqlite_master where type = 'index' and name = 'predictions_request_id'").get() as {
      sql: string;
    };
    expect(sql.toLowerCase()).toMatch(/where\s+"?request_id"?\s+is not null/);
    const plan = db.prepare('explain query plan select * from predictions where request_id = ?').all('r-1') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('predictions_request_id');
  } finally {
    db.close();
  }
});
