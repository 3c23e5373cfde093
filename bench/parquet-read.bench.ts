/**
 * Reading the same rows as CSV and as Parquet through readTableChunks, the reader every command that
 * takes a data file uses (predict, contracts, profile, register, tests, explain). Each measurement is
 * a fresh child process (a cold start, as the CLI runs) that streams the whole file in chunks of 8192
 * rows and reports wall time, CPU time and peak RSS; the sides alternate, and the side that goes first
 * alternates by round, so a slow phase of the shared machine hits both. Prints medians and ratios,
 * and checks both sides read the same values (row count and a sum over every numeric cell).
 *
 *   npx tsx bench/parquet-read.bench.ts [--rows 1000000] [--runs 3] [--data DIR]
 *
 * DIR/rows.csv and DIR/rows.parquet are written by DuckDB when absent: an integer id, three
 * doubles, an integer and a three-valued text column.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    data: { type: 'string' },
    side: { type: 'string' },
    file: { type: 'string' },
  },
});

type Side = 'csv' | 'parquet';
interface Measurement {
  readonly side: Side;
  readonly rows: number;
  readonly sum: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

if (options.side !== undefined) await measureInThisProcess(options.side as Side, options.file!);
else await compare();

/** The child: one full read, timed; prints a Measurement as JSON. */
async function measureInThisProcess(side: Side, file: string): Promise<void> {
  const { readTableChunks } = await import('../src/app/data-files.ts');
  const { parseNumber } = await import('../src/core/table.ts');
  const cpu = process.cpuUsage();
  const start = performance.now();
  let rows = 0;
  let sum = 0;
  for await (const chunk of readTableChunks(file, { chunkRows: 8192 })) {
    for (const row of chunk.rows) for (const cell of row.cells) sum += parseNumber(cell) ?? 0;
    rows += chunk.rows.length;
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const measurement: Measurement = {
    side,
    rows,
    sum,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(measurement));
}

async function compare(): Promise<void> {
  const rows = Number(options.rows);
  const runs = Number(options.runs);
  const dir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-parquet-bench-'));
  mkdirSync(dir, { recursive: true });
  const files: Record<Side, string> = { csv: path.join(dir, 'rows.csv'), parquet: path.join(dir, 'rows.parquet') };
  if (!existsSync(files.csv) || !existsSync(files.parquet)) await writeData(files, rows);
  console.log(
    `${rows} rows: CSV ${(statSync(files.csv).size / 1e6).toFixed(1)} MB, Parquet ${(statSync(files.parquet).size / 1e6).toFixed(1)} MB; ${runs} runs per side`,
  );
  const measured: Record<Side, Measurement[]> = { csv: [], parquet: [] };
  for (let round = 0; round < runs; round++) {
    const order: Side[] = round % 2 === 0 ? ['csv', 'parquet'] : ['parquet', 'csv'];
    for (const side of order) measured[side].push(child(side, files[side]));
  }
  const [csv, parquet] = [measured.csv, measured.parquet];
  if (csv[0]!.rows !== parquet[0]!.rows || Math.abs(csv[0]!.sum - parquet[0]!.sum) > 1e-6 * Math.abs(csv[0]!.sum))
    throw new Error(`the two files read differently: ${JSON.stringify(csv[0])} vs ${JSON.stringify(parquet[0])}`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const row = (name: string, pick: (m: Measurement) => number, unit: string) => {
    const c = median(csv.map(pick));
    const p = median(parquet.map(pick));
    console.log(
      `${name.padEnd(10)} CSV ${c.toFixed(0).padStart(7)} ${unit}   Parquet ${p.toFixed(0).padStart(7)} ${unit}   Parquet/CSV ${(p / c).toFixed(2)}`,
    );
  };
  row('wall', (m) => m.wallMs, 'ms');
  row('cpu', (m) => m.cpuMs, 'ms');
  row('peak RSS', (m) => m.peakRssMb, 'MB');
  console.log(`same rows (${csv[0]!.rows}) and the same sum of numeric cells on both sides`);
}

function child(side: Side, file: string): Measurement {
  const result = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--side', side, '--file', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`the ${side} side failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Measurement;
}

async function writeData(files: Record<Side, string>, rows: number): Promise<void> {
  const { sqlString, withDuckDb } = await import('../src/app/features/duckdb.ts');
  await withDuckDb(async (db) => {
    await db.run(`CREATE TABLE t AS SELECT i AS id, random() AS a, random() * 1000 AS b, round(random() * 100, 3) AS c,
      (i % 97)::INTEGER AS n, (['x', 'y', 'z'])[1 + i % 3] AS category FROM range(${rows}) r(i)`);
    await db.run(`COPY t TO ${sqlString(files.csv)} (FORMAT csv, HEADER true)`);
    await db.run(`COPY t TO ${sqlString(files.parquet)} (FORMAT parquet)`);
  });
}
