/**
 * Labels per second that `ballast feedback import` writes into the embedded SQLite store: N logged
 * predictions of a binary classifier, a CSV of N labels (one per prediction, in a shuffled-free
 * file order), imported through importFeedback as the CLI does it (chunks of 8,192 rows, each
 * joined, checked and written in one transaction). Setting up the predictions is not timed. The
 * issue's target is ≥ 100,000 labels/s.
 *
 *   npx tsx bench/feedback-import.bench.ts     # BENCH_LABELS (default 1,000,000)
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAppContext } from '../src/app/context.ts';
import { importFeedback } from '../src/app/feedback-import.ts';
import { deployWithPredictions, loggedPrediction } from '../src/app/testing/deployed-predictions.ts';

const labels = Number(process.env.BENCH_LABELS ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-feedback-bench-'));
const ctx = await openAppContext({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, 'ballast.db')}` }, 'bench');
try {
  await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
  const idOf = (i: number) => `p${String(i).padStart(9, '0')}`;
  for (let start = 0; start < labels; start += 10_000) {
    const count = Math.min(10_000, labels - start);
    await ctx.store.predictions.insertMany(
      Array.from({ length: count }, (_, k) => ({ ...loggedPrediction('credit'), id: idOf(start + k) })),
    );
  }
  const file = path.join(dir, 'labels.csv');
  const out = createWriteStream(file);
  out.write('prediction_id,label\n');
  for (let i = 0; i < labels; i++) if (!out.write(`${idOf(i)},${i % 3 === 0 ? 1 : 0}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');

  const started = performance.now();
  const summary = await importFeedback(ctx, { file, deployment: 'credit' });
  const seconds = (performance.now() - started) / 1000;
  if (summary.accepted !== labels) throw new Error(`expected ${labels} accepted labels, got ${JSON.stringify(summary)}`);
  console.log(`feedback import into SQLite: ${labels} labels in ${seconds.toFixed(2)} s = ${Math.round(labels / seconds)} labels/s`);
} finally {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
}
