/**
 * Labels per second that `ballast feedback import` writes into the embedded SQLite store: N logged
 * predictions of a binary classifier, a CSV of N labels (one per prediction, in the order the
 * predictions were logged). Setting up the predictions is not timed. The target is
 * ≥ 100,000 labels/s.
 *
 *   npx tsc -p tsconfig.build.json                   # the command runs from dist/
 *   npx tsx bench/feedback-import.bench.ts           # BENCH_LABELS (default 1,000,000)
 *
 * By default it times the command a user runs, `node dist/cli/main.js feedback import FILE --deployment
 * NAME --json`, as a child process (start-up included; wall time, CPU time and peak RSS as
 * ../bench/monitoring/measure-command.ts takes them). BENCH_IN_PROCESS=1 instead calls importFeedback
 * in this process (the sources through tsx, chunks of 8,192 rows, each joined, checked and written in
 * one transaction), and BENCH_CPU_PROFILE=FILE then writes a V8 CPU profile of the import alone to FILE.
 * BENCH_BALLAST=PATH runs another build's dist/cli/main.js (an older tree, for before/after).
 * CPU seconds are the steadier figure when other work shares the cores.
 *
 * BENCH_KEY=request_id joins by request id instead (`--request-id-column request_id`): every logged
 * prediction carries a request id of its own. BENCH_PREDICTIONS (default BENCH_LABELS) logs more
 * predictions than there are labels; the labels then name every k-th prediction, spread over the log,
 * so a join that reads the deployment's predictions rather than the ones named shows in the time:
 *
 *   BENCH_KEY=request_id BENCH_LABELS=200000 BENCH_PREDICTIONS=1000000 npx tsx bench/feedback-import.bench.ts
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openAppContext } from '../src/app/context.ts';
import { importFeedback } from '../src/app/feedback-import.ts';
import { deployWithPredictions, loggedPrediction } from '../src/app/testing/deployed-predictions.ts';
import { measureCommand } from './monitoring/measure-command.ts';

const labels = Number(process.env.BENCH_LABELS ?? 1_000_000);
const predictions = Number(process.env.BENCH_PREDICTIONS ?? labels);
if (!(predictions >= labels)) throw new Error('BENCH_PREDICTIONS must be at least BENCH_LABELS');
const byRequestId = process.env.BENCH_KEY === 'request_id';
if (!byRequestId && process.env.BENCH_KEY !== undefined && process.env.BENCH_KEY !== 'prediction_id')
  throw new Error('BENCH_KEY is prediction_id or request_id');
// Label i names prediction i × step: the labels spread evenly over the log.
const step = Math.floor(predictions / labels);
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-feedback-bench-'));
const ctx = await openAppContext({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, 'ballast.db')}` }, 'bench');
try {
  await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
  const idOf = (i: number) => `p${String(i).padStart(9, '0')}`;
  const requestIdOf = (i: number) => `r${String(i).padStart(9, '0')}`;
  for (let start = 0; start < predictions; start += 10_000) {
    const count = Math.min(10_000, predictions - start);
    await ctx.store.predictions.insertMany(
      Array.from({ length: count }, (_, k) => ({
        ...loggedPrediction('credit'),
        id: idOf(start + k),
        requestId: byRequestId ? requestIdOf(start + k) : null,
      })),
    );
  }
  const keyColumn = byRequestId ? 'request_id' : 'prediction_id';
  const keyOf = byRequestId ? requestIdOf : idOf;
  const file = path.join(dir, 'labels.csv');
  const out = createWriteStream(file);
  out.write(`${keyColumn},label\n`);
  for (let i = 0; i < labels; i++) if (!out.write(`${keyOf(i * step)},${i % 3 === 0 ? 1 : 0}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');

  const report = (how: string, seconds: number, cpuSeconds: number | undefined, extra = '') =>
    console.log(
      `feedback import into SQLite (${how}, by ${keyColumn}, ${predictions} logged predictions): ${labels} labels in ${seconds.toFixed(2)} s = ${Math.round(labels / seconds)} labels/s; ` +
        `${cpuSeconds?.toFixed(2)} CPU s = ${cpuSeconds === undefined ? '?' : Math.round(labels / cpuSeconds)} labels per CPU-second${extra}; ` +
        `load average before ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)}`,
    );
  const loadBefore = loadavg()[0]!;
  if (process.env.BENCH_IN_PROCESS !== '1') {
    await ctx.close();
    // BENCH_BALLAST: another build's dist/cli/main.js, to compare two trees on the same machine.
    const compiled = process.env.BENCH_BALLAST ?? path.join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
    if (!existsSync(compiled)) throw new Error('build first: npx tsc -p tsconfig.build.json');
    const run = measureCommand(process.execPath, [
      compiled,
      '--data-dir',
      dir,
      'feedback',
      'import',
      file,
      '--deployment',
      'credit',
      ...(byRequestId ? ['--request-id-column', 'request_id'] : []),
      '--json',
    ]);
    const summary = JSON.parse(run.stdout) as { accepted: number };
    if (!run.ok || summary.accepted !== labels) throw new Error(`expected ${labels} accepted labels, got ${run.stdout} ${run.stderr}`);
    report(
      'ballast feedback import, dist/',
      run.wallSeconds,
      run.cpuSeconds,
      `; peak RSS ${((run.peakRssKb ?? NaN) / 1024).toFixed(0)} MiB`,
    );
  } else {
    const profileFile = process.env.BENCH_CPU_PROFILE;
    const session = profileFile === undefined ? undefined : new Session();
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await importFeedback(ctx, { file, deployment: 'credit', ...(byRequestId ? { requestIdColumn: 'request_id' } : {}) });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (session && profileFile !== undefined) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
    }
    if (summary.accepted !== labels) throw new Error(`expected ${labels} accepted labels, got ${JSON.stringify(summary)}`);
    report('importFeedback in-process, tsx', seconds, (cpu.user + cpu.system) / 1e6);
  }
} finally {
  await ctx.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
