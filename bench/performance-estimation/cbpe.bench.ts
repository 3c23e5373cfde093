/**
 * `ballast performance REFERENCE ANALYSIS` (offline CBPE) against NannyML's CBPE on the same files, side
 * by side in one run: wall time, CPU time and peak RSS of each whole command (process start, imports,
 * reading both CSVs, fit, estimate, printing JSON; see ../monitoring/measure-command.ts), then every
 * chunk's results compared field by field. The issue asks for ≥ 10× faster on 1M analysis rows and
 * estimates within 0.01 of NannyML's per chunk.
 *
 *   npm run build    # or npx tsc -p tsconfig.build.json: Ballast runs from dist/
 *   npx tsx bench/performance-estimation/cbpe.bench.ts [--rows 1000000] [--cases a,b] [--data DIR]
 *       [--python /work/venv-nml/bin/python] [--runs 1] [--json OUT.json]
 *
 * Cases (make_cbpe_data.py): made-binary-1m, made-multiclass-1m (ROWS analysis rows, ROWS / 2 reference
 * rows, 20 chunks), nannyml-car-loan, nannyml-binary, nannyml-multiclass (NannyML's example datasets,
 * whole). --data DIR keeps the generated files and reuses them when they have the requested rows.
 * --python (or BENCH_NANNYML_PYTHON) is an interpreter with nannyml 0.13 installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureCommand, type CommandRun } from '../monitoring/measure-command.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const here = import.meta.dirname;
const ALL_CASES = ['made-binary-1m', 'made-multiclass-1m', 'nannyml-car-loan', 'nannyml-binary', 'nannyml-multiclass'];
const METRICS = ['roc_auc', 'accuracy', 'precision', 'recall', 'f1', 'specificity'] as const;
const FIELDS = ['estimated', 'sampling_error', 'realized', 'lower', 'upper'] as const;

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    cases: { type: 'string', default: ALL_CASES.join(',') },
    data: { type: 'string' },
    python: { type: 'string', default: process.env.BENCH_NANNYML_PYTHON ?? '/work/venv-nml/bin/python' },
    runs: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const rows = Number(options.rows);
const runs = Number(options.runs);
const cases = options.cases.split(',').filter((c) => c !== '');
for (const c of cases) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c}; the cases are ${ALL_CASES.join(', ')}`);
const compiled = path.join(root, 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) throw new Error('build first: npx tsc -p tsconfig.build.json (Ballast runs from dist/)');
const pythonEnv = { ...process.env, NML_DISABLE_USAGE_LOGGING: '1' };

interface CaseSpec {
  readonly name: string;
  readonly scores: string | Record<string, string>;
  readonly chunk_size: number;
  readonly reference_rows: number;
  readonly analysis_rows: number;
  readonly source: string;
}
type Metric = Record<(typeof FIELDS)[number], number | null> & { alert: boolean };
interface Output {
  readonly calibrated: boolean[];
  readonly chunks: { start: number; end: number; metrics: Record<string, Metric> }[];
}

// ---- data ---------------------------------------------------------------------------------------

const dataDir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-cbpe-bench-'));
const specOf = (name: string): CaseSpec | undefined => {
  const file = path.join(dataDir, name, 'case.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseSpec) : undefined;
};
const missing = cases.filter((c) => {
  const spec = specOf(c);
  return spec === undefined || (c.startsWith('made-') && spec.analysis_rows !== rows);
});
if (missing.length > 0) {
  console.log(`writing ${missing.join(', ')} to ${dataDir} …`);
  const made = spawnSync(
    options.python,
    [path.join(here, 'make_cbpe_data.py'), dataDir, '--rows', String(rows), '--cases', missing.join(',')],
    {
      stdio: 'inherit',
      env: pythonEnv,
    },
  );
  if (made.status !== 0) throw new Error('make_cbpe_data.py failed');
}

// ---- runs ---------------------------------------------------------------------------------------

function ballastArgs(spec: CaseSpec): string[] {
  const dir = path.join(dataDir, spec.name);
  const score =
    typeof spec.scores === 'string'
      ? spec.scores
      : Object.entries(spec.scores)
          .map(([c, col]) => `${c}=${col}`)
          .join(',');
  return [
    compiled,
    'performance',
    path.join(dir, 'reference.csv'),
    path.join(dir, 'analysis.csv'),
    '--label',
    'label',
    '--prediction',
    'prediction',
    '--score',
    score,
    '--chunk-size',
    String(spec.chunk_size),
    '--json',
  ];
}

interface Side {
  readonly run: CommandRun;
  readonly load: number;
  readonly output: Output;
}

function runSide(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Side {
  const load = loadavg()[0]!;
  const run = measureCommand(command, args, env);
  if (!run.ok) throw new Error(`${name} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return { run, load, output: JSON.parse(run.stdout) as Output };
}

interface Agreement {
  /** Per metric and field, the largest |Ballast − NannyML| over the chunks. */
  readonly maxDiff: Record<string, Record<string, number>>;
  readonly alertsDiffer: number;
  readonly sameChunks: boolean;
}

function compare(ballast: Output, nannyml: Output): Agreement {
  const maxDiff: Record<string, Record<string, number>> = {};
  let alertsDiffer = 0;
  const sameChunks =
    ballast.chunks.length === nannyml.chunks.length &&
    ballast.chunks.every((c, i) => c.start === nannyml.chunks[i]!.start && c.end === nannyml.chunks[i]!.end);
  for (const metric of METRICS) {
    maxDiff[metric] = {};
    for (const field of FIELDS) {
      let worst = 0;
      ballast.chunks.forEach((c, i) => {
        const b = c.metrics[metric]?.[field] ?? null;
        const n = nannyml.chunks[i]?.metrics[metric]?.[field] ?? null;
        // One side null where the other has a number (or both null) is the widest disagreement there is.
        worst = Math.max(worst, b === null || n === null ? (b === n ? 0 : Infinity) : Math.abs(b - n));
      });
      maxDiff[metric][field] = worst;
    }
    ballast.chunks.forEach((c, i) => {
      if (c.metrics[metric]?.alert !== nannyml.chunks[i]?.metrics[metric]?.alert) alertsDiffer++;
    });
  }
  return { maxDiff, alertsDiffer, sameChunks };
}

interface CaseResult {
  readonly spec: CaseSpec;
  readonly ballast: Side[];
  readonly nannyml: Side[];
  readonly agreement: Agreement;
}

const results: CaseResult[] = [];
for (const name of cases) {
  const spec = specOf(name)!;
  const ballast: Side[] = [];
  const nannyml: Side[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate which side goes first, so a slow phase of the shared machine does not always hit one.
    const b = () => ballast.push(runSide('ballast', process.execPath, ballastArgs(spec), process.env));
    const n = () =>
      nannyml.push(runSide('nannyml', options.python, [path.join(here, 'peer_cbpe.py'), path.join(dataDir, name)], pythonEnv));
    const order = r % 2 === 0 ? [b, n] : [n, b];
    for (const side of order) side();
  }
  const result = { spec, ballast, nannyml, agreement: compare(ballast[0]!.output, nannyml[0]!.output) };
  results.push(result);
  report(result);
}

// ---- report -------------------------------------------------------------------------------------

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function report({ spec, ballast, nannyml, agreement }: CaseResult): void {
  const fig = (sides: Side[], pick: (r: CommandRun) => number | undefined) => median(sides.map((s) => pick(s.run) ?? NaN));
  const wall = [fig(ballast, (r) => r.wallSeconds), fig(nannyml, (r) => r.wallSeconds)] as const;
  const cpu = [fig(ballast, (r) => r.cpuSeconds), fig(nannyml, (r) => r.cpuSeconds)] as const;
  const rss = [fig(ballast, (r) => r.peakRssKb) / 1024, fig(nannyml, (r) => r.peakRssKb) / 1024] as const;
  const foreign = [...ballast, ...nannyml].map((s) => s.run.foreignCpuSeconds ?? NaN);
  console.log(
    `\n## ${spec.name}: ${spec.reference_rows} reference / ${spec.analysis_rows} analysis rows, chunks of ${spec.chunk_size} (${runs} run${runs > 1 ? 's' : ''})`,
  );
  console.log(
    `load average before the runs: ${[...ballast, ...nannyml].map((s) => s.load.toFixed(2)).join(', ')}; other work's CPU s during them: ${foreign.map((f) => f.toFixed(1)).join(', ')}`,
  );
  console.log('| side | wall s | CPU s | peak RSS MiB |\n| --- | --- | --- | --- |');
  console.log(`| Ballast | ${wall[0].toFixed(2)} | ${cpu[0].toFixed(2)} | ${rss[0].toFixed(0)} |`);
  console.log(`| NannyML | ${wall[1].toFixed(2)} | ${cpu[1].toFixed(2)} | ${rss[1].toFixed(0)} |`);
  console.log(
    `| NannyML / Ballast | ${(wall[1] / wall[0]).toFixed(1)}× | ${(cpu[1] / cpu[0]).toFixed(1)}× | ${(rss[1] / rss[0]).toFixed(1)}× |`,
  );
  const phases = nannyml.map((s) => s.run.stderr.trim().split('\n').at(-1)).join('; ');
  console.log(`NannyML phases (s): ${phases}`);
  const b = ballast[0]!.output;
  const n = nannyml[0]!.output;
  console.log(
    `calibrated per class: Ballast ${JSON.stringify(b.calibrated)}, NannyML ${JSON.stringify(n.calibrated)}; chunks ${agreement.sameChunks ? 'identical' : 'DIFFER'} (${b.chunks.length}); alerts that differ: ${agreement.alertsDiffer}`,
  );
  console.log(
    `max |Ballast − NannyML| over the chunks:\n| metric | ${FIELDS.join(' | ')} |\n| --- |${FIELDS.map(() => ' --- |').join('')}`,
  );
  for (const metric of METRICS) {
    console.log(`| ${metric} | ${FIELDS.map((f) => agreement.maxDiff[metric]![f]!.toExponential(1)).join(' | ')} |`);
  }
  const worst = Math.max(...METRICS.map((m) => agreement.maxDiff[m]!.estimated!));
  console.log(`estimates within 0.01 of NannyML on every chunk: ${worst <= 0.01 ? 'yes' : 'NO'} (largest ${worst.toExponential(2)})`);
}

if (options.json) {
  writeFileSync(
    options.json,
    JSON.stringify(
      results.map((r) => ({
        case: r.spec,
        agreement: r.agreement,
        ballast: r.ballast.map((s) => ({ ...s.run, stdout: undefined, load: s.load })),
        nannyml: r.nannyml.map((s) => ({ ...s.run, stdout: undefined, load: s.load })),
      })),
      null,
      1,
    ),
  );
}
if (options.data === undefined) rmSync(dataDir, { recursive: true, force: true });
