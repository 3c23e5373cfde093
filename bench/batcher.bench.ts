/**
 * The cost of running a model on worker threads, and what dynamic batching wins back, on the
 * example credit models, measured side by side in one run (no HTTP; see the server benchmark for
 * end-to-end figures):
 *
 * 1. latency of a 1-row predict in the event-loop thread vs through one worker thread, one at a
 *    time: the difference is the worker round trip (post, clone, wake, answer, clone back);
 * 2. rows/s with CONCURRENCY callers each sending 1-row requests back to back, for the model in
 *    the thread, on worker threads request by request, and on worker threads behind the batcher.
 *
 *   npx tsx bench/batcher.bench.ts     # BENCH_SECONDS (default 3), BENCH_THREADS (default: cores), BENCH_CONCURRENCY (64)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { readTable } from '../src/app/data-files.ts';
import type { ModelFormat } from '../src/core/signature.ts';
import { buildFeatureBatch } from '../src/runtime/build-feature-batch.ts';
import type { FeatureBatch, LoadedModel } from '../src/runtime/model-runtime.ts';
import { RUNTIMES } from '../src/runtime/runtimes.ts';
import { DynamicBatcher, type BatchEvent } from '../src/runtime/serving/dynamic-batcher.ts';
import { loadInWorkers } from '../src/runtime/serving/worker-model.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const threads = Number(process.env.BENCH_THREADS ?? availableParallelism());
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const roundTrips = 5_000;

type Predict = (batch: FeatureBatch) => Promise<unknown>;

/** One 1-row batch per row of live.csv, as a server would build them from requests. */
async function oneRowBatches(model: LoadedModel): Promise<FeatureBatch[]> {
  const table = await readTable(path.join(examples, 'live.csv'), { columns: model.signature.inputs.map((input) => input.name) });
  const whole = buildFeatureBatch(model.signature.inputs, table, 'live.csv');
  return Array.from({ length: whole.rowCount }, (_, row) => ({
    rowCount: 1,
    columns: whole.columns.map((column) => (column instanceof Float64Array ? column.slice(row, row + 1) : column.slice(row, row + 1))),
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function latency(predict: Predict, batches: FeatureBatch[]): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 500; i++) await predict(batches[i % batches.length]!); // warm up the JIT on both sides
  const times: number[] = [];
  for (let i = 0; i < roundTrips; i++) {
    const started = performance.now();
    await predict(batches[i % batches.length]!);
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** CONCURRENCY callers, each sending its next request when the previous one is answered. */
async function throughput(predict: Predict, batches: FeatureBatch[]): Promise<number> {
  const run = async (ms: number) => {
    const deadline = performance.now() + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, caller) => {
        for (let i = caller; performance.now() < deadline; i += concurrency) {
          await predict(batches[i % batches.length]!);
          done++;
        }
      }),
    );
    return done;
  };
  await run(500);
  const started = performance.now();
  const done = await run(seconds * 1000);
  return done / ((performance.now() - started) / 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

console.log(
  `${threads} worker threads, ${concurrency} concurrent callers, ${seconds} s per run, node ${process.version}, ${availableParallelism()} cores`,
);
for (const [format, file] of [
  ['xgboost', 'model.xgb.json'],
  ['onnx', 'model.onnx'],
] as Array<[ModelFormat, string]>) {
  const bytes = new Uint8Array(readFileSync(path.join(examples, file)));
  const inThread = await RUNTIMES[format].load(bytes);
  const batches = await oneRowBatches(inThread);
  const oneWorker = await loadInWorkers(format, bytes, { threads: 1 });
  const local = await latency((b) => inThread.predict(b), batches);
  const remote = await latency((b) => oneWorker.predict(b), batches);
  await oneWorker.close();
  console.log(`\n${file}: 1-row predict, one at a time (µs)       p50      p99`);
  console.log(`  in the event-loop thread               ${local.p50.toFixed(1).padStart(8)} ${local.p99.toFixed(1).padStart(8)}`);
  console.log(`  through a worker thread                ${remote.p50.toFixed(1).padStart(8)} ${remote.p99.toFixed(1).padStart(8)}`);
  console.log(
    `  worker round trip (difference)         ${(remote.p50 - local.p50).toFixed(1).padStart(8)} ${(remote.p99 - local.p99).toFixed(1).padStart(8)}`,
  );

  const workers = await loadInWorkers(format, bytes, { threads });
  const events: BatchEvent[] = [];
  const batcher = new DynamicBatcher(workers, { onBatch: (event) => events.push(event) });
  const inThreadRate = await throughput((b) => inThread.predict(b), batches);
  const unbatched = await throughput((b) => workers.predict(b), batches);
  const batched = await throughput((b) => batcher.predict(b), batches);
  const oneAtATime = new DynamicBatcher(workers, { maxInFlight: 1 });
  const batchedSerial = await throughput((b) => oneAtATime.predict(b), batches);
  const rows = events.reduce((sum, event) => sum + event.rows, 0);
  const triggers = new Map<string, number>();
  for (const event of events) triggers.set(event.trigger, (triggers.get(event.trigger) ?? 0) + 1);
  console.log(`${file}: ${concurrency} callers sending 1-row requests      rows/s`);
  console.log(`  in the event-loop thread                ${fmt(inThreadRate).padStart(10)}`);
  console.log(`  worker threads, one request per message ${fmt(unbatched).padStart(10)}`);
  console.log(
    `  worker threads + dynamic batcher        ${fmt(batched).padStart(10)}   (${(batched / unbatched).toFixed(2)}x unbatched; mean batch ${(rows / events.length).toFixed(1)} rows; ${[...triggers].map(([t, n]) => `${t} ${n}`).join(', ')})`,
  );
  console.log(`  worker threads + batcher, maxInFlight 1 ${fmt(batchedSerial).padStart(10)}`);
  await Promise.all([batcher.close(), oneAtATime.close()]);
  await Promise.all([workers.close(), inThread.close()]);
}
