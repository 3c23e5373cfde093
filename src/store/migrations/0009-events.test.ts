import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-0009-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("reads a deployment's events of a prediction time range in page order through one index, without sorting them", async () => {
  const file = path.join(dir, 'ballast.db');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new SQLite(file, { readonly: true });
  try {
    const plan = db
      .prepare(
        `explain query plan select id, prediction_id, version_id, prediction_at, name, value from events
         where deployment_name = ? and prediction_at >= ? and prediction_at < ? and name in (?, ?)
           and (prediction_at, prediction_id, id) > (?, ?, ?)
         order by prediction_at, prediction_id, id limit 5000`,
      )
      .all(
        'credit',
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T11:00:00.000Z',
        'conversion',
        'refund',
        '2026-11-25T10:00:00.000Z',
        'P',
        'E',
      ) as {
      detail: string;
    }[];
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toContain('events_deployment_prediction_at');
    expect(details).not.toContain('TEMP B-TREE');
  } finally {
    db.close();
  }
});
