/**
 * Drift on 20 numeric columns, reference against current, measured side by side in one run:
 * `ballast drift REF CUR --json` against the same check written with pandas + scipy
 * (peer_drift_scipy.py) and against Evidently's data drift preset (peer_drift_evidently.py), on the
 * same two CSV files. Each side is a whole command (process start, imports, reading the CSVs, the
 * statistics, the JSON it prints), run as a child and measured identically: wall time, CPU time and
 * peak RSS (see measure-command.ts). Rounds are interleaved and their order rotates, so a slow
 * phase of the shared machine hits every side. Then it checks that Ballast's statistics and
 * decisions agree with scipy's.
 *
 *   npx tsx bench/monitoring/drift.bench.ts [--rows 1000000] [--runs 3] [--data DIR]
 *       [--evidently-python PATH] [--json OUT.json] [--ballast auto|dist|bin] [--quiet-wait 20]
 *
 * --data DIR keeps the generated files there and reuses them when they have the requested rows.
 * --evidently-python (or BENCH_EVIDENTLY_PYTHON) is an interpreter that can import Evidently;
 * docs/benchmarks.md says how the one used here was set up. Without it the side is skipped.
 * --ballast: auto (default) runs the build when it is newer than every source, else bin/ballast.js;
 * dist always runs the build (build first: npx tsc -p tsconfig.build.json); bin always bin/ballast.js.
 * --quiet-wait S: before each run, wait up to S seconds for the machine to be under 15 % busy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DriftReport } from '../../src/core/drift/drift-report.ts';
import { canMeasureMemory, measureCommand, waitForQuiet, type CommandRun } from './measure-command.ts';
import {
  compareEvidentlyScores,
  compareWithScipy,
  scoreDecisions,
  TOLERANCE,
  type EvidentlyColumn,
  type MetricAgreement,
  type ScipyColumn,
} from './compare-drift.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const here = import.meta.dirname;
const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    data: { type: 'string' },
    'evidently-python': { type: 'string', default: process.env.BENCH_EVIDENTLY_PYTHON ?? 'python3' },
    json: { type: 'string' },
    ballast: { type: 'string', default: 'auto' },
    'quiet-wait': { type: 'string', default: '20' },
  },
});
const rows = Number(options.rows);
const runs = Number(options.runs);

// ---- data ---------------------------------------------------------------------------------------

interface DataMeta {
  readonly rows: number;
  readonly seed: number;
  readonly drifted: Record<string, string>;
}

const dataDir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-drift-bench-'));
mkdirSync(dataDir, { recursive: true });
const reference = path.join(dataDir, 'reference.csv');
const current = path.join(dataDir, 'current.csv');
const metaPath = path.join(dataDir, 'meta.json');
const existing =
  existsSync(metaPath) && existsSync(reference) && existsSync(current)
    ? (JSON.parse(readFileSync(metaPath, 'utf8')) as DataMeta)
    : undefined;
let meta: DataMeta;
if (existing?.rows === rows) {
  meta = existing;
  console.log(`Reusing ${dataDir} (${rows.toLocaleString('en')} rows per file).`);
} else {
  console.log(`Writing ${rows.toLocaleString('en')} rows × 20 columns per file to ${dataDir} ...`);
  const made = spawnSync('python3', [path.join(here, 'make_drift_data.py'), dataDir, String(rows)], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make_drift_data.py failed: ${made.stderr}`);
  meta = JSON.parse(made.stdout) as DataMeta;
  writeFileSync(metaPath, JSON.stringify(meta));
}
const expectedDrifted = Object.keys(meta.drifted);
const fileMb = (file: string) => (statSync(file).size / 1e6).toFixed(0);
console.log(`reference.csv ${fileMb(reference)} MB, current.csv ${fileMb(current)} MB; drift made in: ${expectedDrifted.join(', ')}`);

// ---- sides --------------------------------------------------------------------------------------

interface Side {
  readonly name: 'Ballast' | 'scipy' | 'Evidently';
  readonly command: string;
  readonly args: readonly string[];
  readonly does: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
// bin/ballast.js runs dist/ only when it is newer than every source, otherwise the sources through tsx.
// Other engineers edit src/ during a run, which would switch it to tsx part-way, so the choice is made
// once here: dist/cli/main.js (what bin/ballast.js would import) when fresh at the start, else bin/ballast.js.
// --ballast dist runs the build even when some source is newer (someone saved a file after the build).
const compiled = path.join(root, 'dist', 'cli', 'main.js');
const distFresh = existsSync(compiled) && statSync(compiled).mtimeMs >= newestMtime(path.join(root, 'src'));
const ballastFromDist = options.ballast === 'dist' ? existsSync(compiled) : options.ballast === 'auto' && distFresh;
const ballastEntry = ballastFromDist ? compiled : path.join(root, 'bin', 'ballast.js');
const ballastFrom = ballastFromDist
  ? `dist/cli/main.js (compiled${distFresh ? '' : `, built ${new Date(statSync(compiled).mtimeMs).toISOString().slice(11, 19)} UTC; some source is newer`})`
  : `bin/ballast.js${distFresh ? '' : ', which runs src/ through tsx (dist/ is older than src/: build, then --ballast dist, for the compiled figures)'}`;

const sides: Side[] = [
  { name: 'Ballast', command: process.execPath, args: [ballastEntry, 'drift', reference, current, '--json'], does: 'ballast drift --json' },
  {
    name: 'scipy',
    command: 'python3',
    args: [path.join(here, 'peer_drift_scipy.py'), reference, current],
    does: 'pandas + scipy, the same statistics',
  },
  {
    name: 'Evidently',
    command: options['evidently-python'],
    args: [path.join(here, 'peer_drift_evidently.py'), reference, current],
    does: 'DataDriftPreset',
  },
];

// ---- rounds -------------------------------------------------------------------------------------

interface Measured {
  readonly side: Side['name'];
  readonly round: number;
  readonly run: Omit<CommandRun, 'stdout' | 'stderr'>;
  /** Share of the cores busy in the second before the run started (after waiting for quiet). */
  readonly busyBefore: number | undefined;
  /** The side's own JSON output (first round only, to keep --json small). */
  readonly output?: unknown;
  /** Seconds the Python peers measured inside themselves (imports, reading and work; no interpreter start). */
  readonly inProcessSeconds?: number;
  /** Of those, the seconds their imports took. */
  readonly importSeconds?: number;
}

const measured: Measured[] = [];
const outputs = new Map<Side['name'], unknown>();
const failed = new Map<Side['name'], string>();

console.log(
  `\n${runs} interleaved rounds; ${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}; node ${process.version}; Ballast from ${ballastFrom}`,
);
if (!canMeasureMemory) console.log('No /usr/bin/time here: peak memory and CPU time are not measured.');
for (let round = 0; round < runs; round++) {
  const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
  for (const side of order) {
    if (failed.has(side.name)) continue;
    const busyBefore = waitForQuiet(Number(options['quiet-wait']), availableParallelism());
    const run = measureCommand(side.command, side.args);
    if (!run.ok) {
      const reason = run.stderr.trim().split('\n').slice(-3).join(' / ').replaceAll('|', '/') || `exit status ${run.status}`;
      failed.set(side.name, reason);
      console.log(`  ${side.name}: skipped — the command failed (${reason})`);
      continue;
    }
    const parsed = JSON.parse(run.stdout) as { seconds?: number; import_seconds?: number };
    if (!outputs.has(side.name)) outputs.set(side.name, parsed);
    const { stdout: _stdout, stderr: _stderr, ...figures } = run;
    measured.push({
      side: side.name,
      round,
      busyBefore,
      run: figures,
      output: round === 0 ? parsed : undefined,
      inProcessSeconds: parsed.seconds,
      importSeconds: parsed.import_seconds,
    });
    console.log(
      `  round ${round + 1} ${side.name.padEnd(9)} ${run.wallSeconds.toFixed(2)} s wall, ${run.cpuSeconds?.toFixed(2) ?? '-'} s CPU, ${run.peakRssKb === undefined ? '-' : (run.peakRssKb / 1024).toFixed(0)} MiB peak, other work ${run.foreignCpuSeconds?.toFixed(1) ?? '-'} CPU s (${busyBefore === undefined ? '-' : (busyBefore * 100).toFixed(0)} % busy at start)`,
    );
  }
}

// ---- table --------------------------------------------------------------------------------------

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fixed = (value: number | undefined, digits: number) => (value === undefined ? '-' : value.toFixed(digits));
const of = (side: Side['name']) => measured.filter((m) => m.side === side);
const defined = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);

/** peer / Ballast within each round (each pair ran back to back), so the machine's phases cancel. */
function roundRatios(side: Side['name'], pick: (m: Measured) => number | undefined): number[] {
  const ratios: number[] = [];
  for (const peer of of(side)) {
    const ours = of('Ballast').find((m) => m.round === peer.round);
    const a = pick(peer);
    const b = ours && pick(ours);
    if (a !== undefined && b !== undefined && b > 0) ratios.push(a / b);
  }
  return ratios;
}

console.log(
  `\n### Drift, ${rows.toLocaleString('en')} reference rows against ${rows.toLocaleString('en')} current rows, 20 numeric columns (${runs} rounds)\n`,
);
console.log(
  '| side | what runs | wall s, median (min–max) | peer / Ballast wall, median (min–max) | CPU s, median | peer / Ballast CPU | peak RSS MiB, median (max) | in-process s, median | of which imports s |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const side of sides) {
  const runsOf = of(side.name);
  if (runsOf.length === 0) {
    console.log(`| ${side.name} | ${side.does} | skipped: ${failed.get(side.name) ?? 'no runs'} | | | | | | |`);
    continue;
  }
  const wall = runsOf.map((m) => m.run.wallSeconds);
  const cpu = defined(runsOf.map((m) => m.run.cpuSeconds));
  const rss = defined(runsOf.map((m) => m.run.peakRssKb)).map((kb) => kb / 1024);
  const inProcess = defined(runsOf.map((m) => m.inProcessSeconds));
  const imports = defined(runsOf.map((m) => m.importSeconds));
  const wallRatios = side.name === 'Ballast' ? [] : roundRatios(side.name, (m) => m.run.wallSeconds);
  const cpuRatios = side.name === 'Ballast' ? [] : roundRatios(side.name, (m) => m.run.cpuSeconds);
  const range = (values: number[], digits: number) =>
    values.length
      ? `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`
      : '-';
  console.log(
    `| ${side.name} | ${side.does} | ${range(wall, 2)} | ${side.name === 'Ballast' ? '1' : range(wallRatios, 2)} | ${cpu.length ? fixed(median(cpu), 2) : '-'} | ${cpuRatios.length ? fixed(median(cpuRatios), 2) : side.name === 'Ballast' ? '1' : '-'} | ${rss.length ? `${median(rss).toFixed(0)} (${Math.max(...rss).toFixed(0)})` : '-'} | ${inProcess.length ? median(inProcess).toFixed(2) : '-'} | ${imports.length ? median(imports).toFixed(2) : '-'} |`,
  );
}
const foreign = defined(
  measured.map((m) =>
    m.run.foreignCpuSeconds === undefined ? undefined : m.run.foreignCpuSeconds / m.run.wallSeconds / availableParallelism(),
  ),
);
if (foreign.length)
  console.log(
    `\nOther work on the machine during the runs: median ${(median(foreign) * 100).toFixed(0)} % of the cores (max ${(Math.max(...foreign) * 100).toFixed(0)} %).`,
  );
for (const side of ['scipy', 'Evidently'] as const) {
  const versions = (outputs.get(side) as { versions?: Record<string, string> } | undefined)?.versions;
  if (versions)
    console.log(
      `${side} side: ${Object.entries(versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
}

// ---- agreement ----------------------------------------------------------------------------------

const ballast = outputs.get('Ballast') as DriftReport | undefined;
const scipy = (outputs.get('scipy') as { columns: ScipyColumn[] } | undefined)?.columns;
const evidently = (outputs.get('Evidently') as { columns: EvidentlyColumn[] } | undefined)?.columns;

const printMetrics = (metrics: readonly MetricAgreement[]) => {
  console.log('| metric | must agree | max relative difference | columns beyond 1e-9 |');
  console.log('| --- | --- | --- | --- |');
  for (const m of metrics)
    console.log(
      `| ${m.metric} | ${m.required ? 'yes' : 'reported'} | ${m.maxRelativeDifference.toExponential(1)} | ${m.disagreements.length} |`,
    );
  for (const m of metrics) for (const line of m.disagreements) console.log(`- ${m.metric}: ${line}`);
};

console.log('\n### Agreement\n');
if (ballast && scipy) {
  const agreement = compareWithScipy(ballast, scipy);
  console.log(
    `Ballast against scipy on every column (tolerance ${TOLERANCE} relative on statistics, decisions exact): **${agreement.agrees ? 'agree' : 'DISAGREE'}**\n`,
  );
  printMetrics(agreement.metrics);
  for (const line of agreement.columnDisagreements) console.log(`- ${line}`);
} else {
  console.log(`Ballast against scipy: not checked (${ballast ? 'no scipy output' : 'no Ballast output'}).`);
}
if (evidently && scipy) {
  console.log('');
  printMetrics([compareEvidentlyScores(evidently, scipy)]);
}

console.log('\n| column | drift made | Ballast | scipy | Evidently | KS D | Wasserstein / std |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const mark = (value: boolean | undefined) => (value === undefined ? '-' : value ? 'drift' : 'no');
for (const column of scipy ?? ballast?.columns.map((c) => ({ name: c.name })) ?? []) {
  const s = scipy?.find((c) => c.name === column.name);
  console.log(
    `| ${column.name} | ${mark(expectedDrifted.includes(column.name))} | ${mark(ballast?.columns.find((c) => c.name === column.name)?.drifted)} | ${mark(s?.drifted)} | ${mark(evidently?.find((c) => c.name === column.name)?.drifted)} | ${fixed(s?.ks_statistic, 4)} | ${fixed(s?.wasserstein_norm ?? undefined, 4)} |`,
  );
}
const decided: [string, string[] | undefined][] = [
  ['Ballast', ballast?.columns.filter((c) => c.drifted).map((c) => c.name)],
  ['scipy', scipy?.filter((c) => c.drifted).map((c) => c.name)],
  ['Evidently', evidently?.filter((c) => c.drifted).map((c) => c.name)],
];
for (const [side, drifted] of decided) {
  if (!drifted) continue;
  const { missed, falseAlarms } = scoreDecisions(drifted, expectedDrifted);
  console.log(
    `${side}: ${drifted.length} drifted; missed ${missed.length ? missed.join(', ') : 'none'}; false alarms ${falseAlarms.length ? falseAlarms.join(', ') : 'none'}`,
  );
}

if (options.json) {
  writeFileSync(
    options.json,
    JSON.stringify(
      {
        rows,
        runs,
        machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
        ballastFrom,
        data: meta,
        failed: Object.fromEntries(failed),
        measured,
      },
      null,
      2,
    ),
  );
  console.log(`\nEvery run written to ${options.json}`);
}
if (!options.data) rmSync(dataDir, { recursive: true, force: true });
