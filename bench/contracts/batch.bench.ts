/**
 * Batch validation, Ballast against pandera, side by side in one run: the same 1,000,000-row ×
 * 20-column CSV and the same rules (bench/contracts/make-dataset.ts), parsing included on both
 * sides. Each tool runs in its own process (so peak memory is its own), alternating, and the
 * median of the runs is reported with the ratio. Both must find the same violations, which must be
 * the ones the generator injected; the run fails otherwise.
 *
 *   npx tsx bench/contracts/batch.bench.ts       # BENCH_ROWS (1,000,000), BENCH_RUNS (3), BENCH_DIR override
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_TIME, makeDataset } from './make-dataset.ts';

const here = import.meta.dirname;
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = process.env.BENCH_DIR ?? path.join(tmpdir(), `ballast-contract-bench-${rows}`);

interface RunResult {
  readonly tool: string;
  /** Read + validate, inside the process (no interpreter start-up or imports). */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  /** Process start to exit, as a user running the command would wait. */
  readonly wallSeconds: number;
  readonly rows: number;
  readonly passed: boolean;
  readonly issues: readonly { column: string; code: string; count: number }[];
}

function run(command: string, args: readonly string[]): RunResult {
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Omit<RunResult, 'wallSeconds'>), wallSeconds };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

if (!existsSync(path.join(dir, 'expected.json'))) {
  console.log(`generating ${rows.toLocaleString('en')} rows in ${dir} ...`);
  await makeDataset(dir, rows);
}
const csv = path.join(dir, 'applications.csv');
const contract = path.join(dir, 'contract.json');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, number>;

const ballastRuns: RunResult[] = [];
const panderaRuns: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  ballastRuns.push(run(process.execPath, ['--import', 'tsx', path.join(here, 'ballast-validate.ts'), contract, csv, CHECK_TIME]));
  panderaRuns.push(run('python3', [path.join(here, 'pandera_validate.py'), contract, csv, CHECK_TIME]));
}

const summary = (results: readonly RunResult[]) => ({
  tool: results[0]!.tool,
  seconds: median(results.map((r) => r.seconds)),
  cpuSeconds: median(results.map((r) => r.cpuSeconds)),
  wallSeconds: median(results.map((r) => r.wallSeconds)),
  peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
});
const ours = summary(ballastRuns);
const peer = summary(panderaRuns);
const fileMb = readFileSync(csv).byteLength / 1e6;

console.log(
  `\nbatch validation of ${rows.toLocaleString('en')} rows × 20 columns (${fileMb.toFixed(0)} MB CSV), median of ${runs} runs, alternating`,
);
console.log('tool                    read+validate s   CPU s   process wall s   peak RSS MB   rows/s');
for (const s of [ours, peer]) {
  console.log(
    `${s.tool.padEnd(22)} ${s.seconds.toFixed(2).padStart(16)} ${s.cpuSeconds.toFixed(2).padStart(7)} ${s.wallSeconds.toFixed(2).padStart(16)} ${s.peakRssMb.toFixed(0).padStart(13)} ${Math.round(
      rows / s.seconds,
    )
      .toLocaleString('en')
      .padStart(9)}`,
  );
}
console.log(
  `pandera / ballast: time ${(peer.seconds / ours.seconds).toFixed(2)}×, CPU ${(peer.cpuSeconds / ours.cpuSeconds).toFixed(2)}×, process wall ${(peer.wallSeconds / ours.wallSeconds).toFixed(2)}×, peak memory ${(peer.peakRssMb / ours.peakRssMb).toFixed(2)}×`,
);

// The same violations, and the injected ones: compare counts per (column, code).
const countsOf = (r: RunResult) => new Map(r.issues.map((i) => [`${i.column} ${i.code}`, i.count]));
const ballastCounts = countsOf(ballastRuns[0]!);
const panderaCounts = countsOf(panderaRuns[0]!);
const keys = [
  ...new Set([...Object.keys(expected).filter((k) => !k.includes('(tolerated)')), ...ballastCounts.keys(), ...panderaCounts.keys()]),
].sort();
let mismatches = 0;
console.log('\ncolumn rule                          injected    ballast    pandera');
for (const key of keys) {
  const [a, b, c] = [expected[key], ballastCounts.get(key), panderaCounts.get(key)];
  const agree = a === b && b === c;
  if (!agree) mismatches++;
  console.log(
    `${key.padEnd(34)} ${String(a ?? '-').padStart(9)} ${String(b ?? '-').padStart(10)} ${String(c ?? '-').padStart(10)}${agree ? '' : '   <- differs'}`,
  );
}
const tolerated = Object.entries(expected).filter(([k]) => k.includes('(tolerated)'));
for (const [key, count] of tolerated)
  console.log(`${key.padEnd(34)} ${String(count).padStart(9)}   (inside mostly: neither tool reports it)`);
if (mismatches > 0) {
  console.error(`\n${mismatches} rule(s) differ between the tools or from what was injected`);
  process.exit(1);
}
console.log(`\nboth tools found exactly the ${keys.length} injected violations`);
