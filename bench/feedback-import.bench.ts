/**
 * Labels per second that `ballast feedback import` writes into the embedded SQLite store: N logged
 * predictions of a binary classifier, a CSV of N labels (one per prediction, in a shuffled-free
 * file order), imported through importFeedback as the CLI does it (chunks of 8,192 rows, each
 * joined, checked and written in one transaction). Setting up the predictions is not timed. The
 * issue's target is ≥ 100,000 labels/s.
 *
 *   npx tsx bench/feedback-import.bench.ts     # BENCH_LABELS (default 1,000,000)
 *
 * BENCH_CPU_PROFILE=FILE writes a V8 CPU profile of the timed import alone (not the set-up) to FILE.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
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

  if (process.env.BENCH_PRAGMA) await sql.raw(`pragma ${process.env.BENCH_PRAGMA}`).execute(ctx.store.db);
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const session = profileFile === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const chunkRows = process.env.BENCH_CHUNK_ROWS === undefined ? undefined : Number(process.env.BENCH_CHUNK_ROWS);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const summary = await importFeedback(ctx, { file, deployment: 'credit', chunkRows });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (session && profileFile !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  if (summary.accepted !== labels) throw new Error(`expected ${labels} accepted labels, got ${JSON.stringify(summary)}`);
  // CPU time of this process (every thread) is the steadier figure when other work shares the cores.
  console.log(
    `feedback import into SQLite: ${labels} labels in ${seconds.toFixed(2)} s = ${Math.round(labels / seconds)} labels/s; ` +
      `${cpuSeconds.toFixed(2)} CPU s = ${Math.round(labels / cpuSeconds)} labels per CPU-second; load average ${loadavg()[0]!.toFixed(2)}`,
  );
} finally {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
}
