import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-0007-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("reads a prediction's labels in time order through the index, without sorting them", async () => {
  const file = path.join(dir, 'ballast.db');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new SQLite(file, { readonly: true });
  try {
    const plan = db
      .prepare('explain query plan select * from feedback where prediction_id in (?, ?) order by prediction_id, received_at, id')
      .all('p1', 'p2') as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toContain('feedback_prediction_received');
    expect(details).not.toContain('TEMP B-TREE');
  } finally {
    db.close();
  }
});
