/**
 * Two or more compiled builds of Ballast side by side, to see what a change to the serving path
 * buys: each build's server is started once, then the builds take turns under the same load
 * (A B C, B C A, C A B, ...) so that slow phases of a shared machine hit all of them. Per run it
 * reads the CPU time of the main thread, of the prediction-log thread and of the whole server
 * from /proc (far steadier under foreign load than req/s) and reports, per build, the median of
 * each figure and the median of the run-by-run ratios against the first build (against the
 * baseline with --baseline).
 *
 *   npx tsx bench/serving/compare-builds.ts --build before=/tmp/a/dist/cli/main.js --build after=dist/cli/main.js
 *     [--model examples/credit/model.xgb.json] [--rounds 8] [--seconds 3] [--connections 64] [--threads 1] [--baseline] [--client wrk]
 *
 * A build may carry node flags and `ballast serve` options: --build NAME=PATH[,--node-flag...][::--serve-option,...]
 * (e.g. nolog=dist/cli/main.js::--no-prediction-log). --client wrk uses wrk as the load generator.
 *
 * --baseline adds the bare node:http server (baseline-server.ts) as one more contestant.
 *
 * A build is a compiled copy of the tree (`tsc -p tsconfig.build.json` in a copy of src/ whose
 * node_modules points at this checkout's), so the old path needs no switch in the code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import { ADMIN_TOKEN, DEPLOYMENT, FULL, prepareDataDir, startBallast, startBaseline } from './bench-servers.ts';
import type { ChildServer } from './child-server.ts';
import { creditInstances, oneInstanceBodies } from './credit-requests.ts';
import { loadTest, type LoadClient, type LoadOptions } from './load-test.ts';
import { lowPriorityThreads, threadCpuBetween, threadCpuSeconds } from './thread-cpu.ts';

const { values } = parseArgs({
  options: {
    build: { type: 'string', multiple: true, default: [] },
    model: { type: 'string', default: 'examples/credit/model.xgb.json' },
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    threads: { type: 'string', default: '1' },
    baseline: { type: 'boolean', default: false },
    client: { type: 'string', default: 'autocannon' },
  },
});
const builds = values.build.map((spec) => {
  const at = spec.indexOf('=');
  if (at <= 0) throw new Error(`--build NAME=PATH/dist/cli/main.js, not ${spec}`);
  // NAME=PATH[,--node-flag...][::--serve-option...]: node flags of its own (e.g. heap settings) and
  // `ballast serve` options (e.g. --no-prediction-log), so one build can be measured in several settings.
  const [start, serve = ''] = spec.slice(at + 1).split('::');
  const [cli, ...nodeArgs] = start!.split(',');
  return { name: spec.slice(0, at), cli: path.resolve(cli!), nodeArgs, serveArgs: serve === '' ? [] : serve.split(',') };
});
if (builds.length + (values.baseline ? 1 : 0) < 2)
  throw new Error('give at least two --build NAME=PATH/dist/cli/main.js, or one and --baseline');
const modelFile = path.resolve(values.model);

const bytes = new Uint8Array(readFileSync(modelFile));
const model = await RUNTIMES[detectModelFormat(bytes.subarray(0, 4096), path.basename(modelFile))].load(bytes);
const bodies = oneInstanceBodies(await creditInstances(model.signature.inputs, 256));
await model.close();

interface Run {
  readonly rps: number;
  readonly mainUs: number;
  readonly serverUs: number;
  /** The prediction-log thread's CPU (the server's threads at lowered priority); 0 without one. */
  readonly logUs: number;
  readonly other: number | undefined;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const work = mkdtempSync(path.join(tmpdir(), 'ballast-compare-'));
const servers: ChildServer[] = [];
try {
  for (const [i, build] of builds.entries()) {
    // Each build prepares its own store, so a schema change between builds cannot trip the other.
    const dir = path.join(work, `store-${i}`);
    prepareDataDir(dir, modelFile, [], build.cli);
    servers.push(await startBallast(dir, { ...FULL, args: build.serveArgs }, Number(values.threads), build.nodeArgs, build.cli));
  }
  if (values.baseline) {
    builds.push({ name: 'node:http baseline', cli: '', nodeArgs: [], serveArgs: [] });
    servers.push(await startBaseline(modelFile));
  }
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
  const load = (server: ChildServer, seconds: number): LoadOptions => ({
    url: server.url,
    path: `/v1/deployments/${DEPLOYMENT}/predict`,
    bodies,
    headers,
    connections: Number(values.connections),
    seconds,
    warmupSeconds: 0,
    serverPid: server.pid,
    client: values.client as LoadClient,
  });
  for (const server of servers) await loadTest(load(server, 2));

  const runs: Run[][] = builds.map(() => []);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let k = 0; k < builds.length; k++) {
      const i = (round + k) % builds.length;
      const server = servers[i]!;
      const before = threadCpuSeconds(server.pid);
      const run = await loadTest(load(server, Number(values.seconds)));
      const threads = threadCpuBetween(before, threadCpuSeconds(server.pid));
      const main = threads.find(([thread]) => thread.startsWith(`${server.pid} `))?.[1] ?? Number.NaN;
      const all = threads.reduce((sum, [, seconds]) => sum + seconds, 0);
      const low = lowPriorityThreads(server.pid);
      const log = threads.filter(([thread]) => low.has(thread)).reduce((sum, [, seconds]) => sum + seconds, 0);
      runs[i]!.push({
        rps: run.rps,
        mainUs: (main / run.answered) * 1e6,
        serverUs: (all / run.answered) * 1e6,
        logUs: (log / run.answered) * 1e6,
        other: run.otherShare,
      });
      if (run.failed > 0) console.warn(`${builds[i]!.name}: ${run.failed} requests failed in round ${round + 1}`);
    }
  }

  console.log(
    `${path.relative(process.cwd(), modelFile)}, --threads ${values.threads}, ${values.connections} connections, ${values.rounds} rounds of ${values.seconds} s, interleaved`,
  );
  const others = runs
    .flat()
    .map((r) => r.other)
    .filter((x): x is number => x !== undefined);
  if (others.length > 0)
    console.log(
      `foreign load (other people's work, share of all cores): median ${(median(others) * 100).toFixed(0)} %, ${(Math.min(...others) * 100).toFixed(0)}–${(Math.max(...others) * 100).toFixed(0)} %`,
    );
  const against = values.baseline ? runs.length - 1 : 0;
  console.log(
    `build                req/s   main µs/req  log µs/req  server µs/req   vs ${values.baseline ? 'baseline' : 'first'}: req/s  main µs   (median of run-by-run ratios)`,
  );
  for (const [i, build] of builds.entries()) {
    const mine = runs[i]!;
    const ratio = (pick: (r: Run) => number) => median(mine.map((r, j) => pick(r) / pick(runs[against]![j]!)));
    console.log(
      `${build.name.padEnd(18)} ${Math.round(median(mine.map((r) => r.rps)))
        .toString()
        .padStart(7)} ${median(mine.map((r) => r.mainUs))
        .toFixed(1)
        .padStart(12)} ${median(mine.map((r) => r.logUs))
        .toFixed(1)
        .padStart(11)} ${median(mine.map((r) => r.serverUs))
        .toFixed(1)
        .padStart(14)}` +
        `   ${ratio((r) => r.rps)
          .toFixed(3)
          .padStart(14)} ${ratio((r) => r.mainUs)
          .toFixed(3)
          .padStart(8)}` +
        `   main µs runs: ${mine.map((r) => r.mainUs.toFixed(0)).join(' ')}`,
    );
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(work, { recursive: true, force: true });
}
