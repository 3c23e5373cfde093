/**
 * Reading a CSV file into columns, as `ballast drift` does for each of its two files: the columnar
 * reader (readFileColumns: bytes straight into columns) against the row reader it replaced for CSV
 * (readFileColumnsByRows: readTableChunks, a string per cell, the same accounting), on the same
 * file. Each measurement is a fresh child process (a cold start, as the CLI runs), timing only the
 * read; the two sides alternate, and the side that goes first alternates by round, so a slow phase
 * of the shared machine hits both. Prints medians and the ratio, and checks both sides read the
 * same columns (a digest of every value and count).
 *
 *   npx tsx bench/monitoring/read-columns.bench.ts [--rows 1000000] [--runs 3] [--data DIR] [--file F.csv]
 *
 * Without --file it reads DIR/reference.csv, written by make_drift_data.py (20 numeric columns)
 * when DIR does not already hold one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FileColumns } from '../../src/app/monitoring/file-columns.ts';

const here = import.meta.dirname;
const root = path.resolve(here, '..', '..');
const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    data: { type: 'string' },
    file: { type: 'string' },
    side: { type: 'string' },
  },
});

type Side = 'columnar' | 'rows';
interface Measurement {
  readonly side: Side;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly digest: string;
}

if (options.side !== undefined) await measureInThisProcess(options.side as Side, options.file!);
else await compare();

/** The child: one read, timed; prints a Measurement as JSON. */
async function measureInThisProcess(side: Side, file: string): Promise<void> {
  const { readFileColumns, readFileColumnsByRows } = await import('../../src/app/monitoring/file-columns.ts');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const columns = side === 'columnar' ? await readFileColumns(file) : await readFileColumnsByRows(file);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const measurement: Measurement = { side, wallMs, cpuMs: (used.user + used.system) / 1000, digest: digest(columns) };
  console.log(JSON.stringify(measurement));
}

/** Every value's bits and every count, hashed (FNV-1a), so equal digests mean equal columns. */
function digest(read: FileColumns): string {
  let hash = 0x811c9dc5;
  const mix = (n: number) => {
    hash = Math.imul(hash ^ n, 0x01000193) >>> 0;
  };
  mix(read.rows);
  for (const column of read.columns) {
    const words = new Uint32Array(column.values.buffer, column.values.byteOffset, column.values.length * 2);
    for (let i = 0; i < words.length; i++) mix(words[i]!);
    for (const n of [
      column.missing,
      column.infinite,
      column.pooledTexts,
      column.numbers,
      column.texts.size,
      column.numberTexts?.size ?? -1,
    ])
      mix(n);
    for (const [text, count] of [...column.texts, ...(column.numberTexts ?? [])]) {
      for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
      mix(count);
    }
  }
  return hash.toString(16);
}

async function compare(): Promise<void> {
  const file = options.file ?? dataFile();
  const runs = Number(options.runs);
  console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(0)} MB; ${runs} rounds, each side in a fresh process`);
  const results: Measurement[] = [];
  for (let round = 0; round < runs; round++) {
    const order: Side[] = round % 2 === 0 ? ['columnar', 'rows'] : ['rows', 'columnar'];
    for (const side of order) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--side', side, '--file', file], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (child.status !== 0) throw new Error(`${side} failed: ${child.stderr}`);
      const measurement = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
      results.push(measurement);
      console.log(
        `  round ${round + 1} ${side.padEnd(8)} ${(measurement.wallMs / 1000).toFixed(2)} s wall, ${(measurement.cpuMs / 1000).toFixed(2)} s CPU`,
      );
    }
  }
  const median = (side: Side, key: 'wallMs' | 'cpuMs') => {
    const sorted = results
      .filter((r) => r.side === side)
      .map((r) => r[key])
      .sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const digests = new Set(results.map((r) => r.digest));
  console.log(`same columns on both sides: ${digests.size === 1 ? 'yes' : `NO (${[...digests].join(', ')})`}`);
  for (const key of ['wallMs', 'cpuMs'] as const) {
    const rows = median('rows', key);
    const columnar = median('columnar', key);
    console.log(
      `median ${key === 'wallMs' ? 'wall' : 'CPU '}: rows ${(rows / 1000).toFixed(2)} s, columnar ${(columnar / 1000).toFixed(2)} s, ${(rows / columnar).toFixed(2)}x faster`,
    );
  }
  if (digests.size !== 1) process.exitCode = 1;
}

function dataFile(): string {
  const dir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-read-columns-bench-'));
  const file = path.join(dir, 'reference.csv');
  if (!existsSync(file)) {
    console.log(`Writing ${Number(options.rows).toLocaleString('en')} rows × 20 columns to ${dir} ...`);
    const made = spawnSync('python3', [path.join(here, 'make_drift_data.py'), dir, options.rows], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`make_drift_data.py failed: ${made.stderr}`);
  }
  return file;
}
