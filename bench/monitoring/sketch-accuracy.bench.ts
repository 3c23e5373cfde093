/**
 * Accuracy, memory and speed of the profile sketches (src/core/sketches), in one run:
 *
 *   npx tsx --expose-gc bench/monitoring/sketch-accuracy.bench.ts     # SKETCH_SIZES=1e4,1e5 to shorten
 *
 * - KLL (k = 200): the worst normalised rank error over every distinct value, against exact ranks,
 *   for six input distributions and orders, built in one stream and as the merge of 100 parts,
 *   next to the bound the sketch claims (KllSketch.rankErrorBound).
 * - HyperLogLog (precision 12): relative error of the estimate for several cardinalities, in
 *   standard errors (1.04 / sqrt(4096) = 1.6%).
 * - Memory of each sketch after 1e6 values: heap growth per copy, measured over 20 copies
 *   (needs --expose-gc; without it only the sketches' own buffer sizes are shown).
 * - Updates per second of each sketch, median of 5 runs of 1e6 values, and garbage collections seen
 *   during the runs (none means add allocated nothing worth collecting); plus the five numeric
 *   sketches of a profile column updated together, the figure the >= 5M values/s target is about.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { CategoryCounts } from '../../src/core/sketches/category-counts.ts';
import { FixedHistogram } from '../../src/core/sketches/fixed-histogram.ts';
import { FrequentItems } from '../../src/core/sketches/frequent-items.ts';
import { HyperLogLog } from '../../src/core/sketches/hyperloglog.ts';
import { KllSketch } from '../../src/core/sketches/kll.ts';
import { Moments } from '../../src/core/sketches/moments.ts';
import { Reservoir } from '../../src/core/sketches/reservoir.ts';
import { DISTRIBUTIONS, mulberry32, sample, worstRankError } from '../../src/core/sketches/testing/random-data.ts';

const sizes = (process.env.SKETCH_SIZES ?? '1e4,1e5,1e6').split(',').map(Number);
const PARTS = 100;
const K = 200;
const gc = (globalThis as { gc?: () => void }).gc;

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const pct = (x: number) => `${(100 * x).toFixed(3)}%`;

// --- KLL accuracy -------------------------------------------------------------------------------
const kllRows: (string | number)[][] = [];
let worstSeen = 0;
for (const n of sizes) {
  for (const distribution of DISTRIBUTIONS) {
    const data = sample(distribution, n, 2026);
    const whole = new KllSketch(K, 1);
    for (const x of data) whole.add(x);
    const merged = new KllSketch(K, 1);
    const per = Math.ceil(n / PARTS);
    for (let p = 0; p < PARTS; p++) {
      const part = new KllSketch(K, 1000 + p);
      for (let i = p * per; i < Math.min(n, (p + 1) * per); i++) part.add(data[i]!);
      merged.merge(part);
    }
    const errorWhole = worstRankError(data, (x) => whole.rank(x));
    const errorMerged = worstRankError(data, (x) => merged.rank(x));
    worstSeen = Math.max(worstSeen, errorWhole, errorMerged);
    kllRows.push([n.toExponential(0), distribution, pct(errorWhole), pct(errorMerged), whole.retained, merged.retained]);
  }
}
console.log(`## KLL k=${K}: worst normalised rank error (claimed bound ${pct(KllSketch.rankErrorBound(K))})\n`);
console.log(table(['n', 'input', 'one stream', `merge of ${PARTS} parts`, 'retained (stream)', 'retained (merged)'], kllRows));
console.log(`\nworst over all rows: ${pct(worstSeen)}\n`);

// --- HLL accuracy -------------------------------------------------------------------------------
const se = HyperLogLog.relativeStandardError(12);
const hllRows: (string | number)[][] = [];
for (const cardinality of [100, 1000, 10000, 100000, 1000000, 5000000]) {
  const numbers = new HyperLogLog(12);
  const strings = new HyperLogLog(12);
  for (let i = 0; i < cardinality; i++) {
    numbers.addNumber(i * 0.37 + 11);
    strings.addString(`id-${i}`);
  }
  const en = numbers.estimate();
  const es = strings.estimate();
  const rn = (en - cardinality) / cardinality;
  const rs = (es - cardinality) / cardinality;
  hllRows.push([cardinality, Math.round(en), pct(rn), (rn / se).toFixed(2), Math.round(es), pct(rs), (rs / se).toFixed(2)]);
}
console.log(`## HyperLogLog p=12: relative error (standard error ${pct(se)})\n`);
console.log(table(['distinct', 'numbers: estimate', 'error', 'in SE', 'strings: estimate', 'error', 'in SE'], hllRows));

// --- Sketches under test, built over 1e6 values -------------------------------------------------
const N = 1_000_000;
const values = sample('normal', N, 7);
const random = mulberry32(99);
const priorities = Float64Array.from({ length: N }, () => random());
const zipf = Array.from({ length: N }, () => `category-${Math.floor(1 / (random() + 1e-4))}`); // heavy head, long tail (~10k values)
const edges = Array.from({ length: 9 }, (_, i) => -2 + 0.5 * i);

interface Case {
  name: string;
  build: () => { sketch: unknown; run: () => void };
  ownBytes: (sketch: unknown) => string;
}

const cases: Case[] = [
  {
    name: 'Moments',
    build: () => {
      const s = new Moments();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(values[i]!);
        },
      };
    },
    ownBytes: () => '-',
  },
  {
    name: 'KllSketch k=200',
    build: () => {
      const s = new KllSketch();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(values[i]!);
        },
      };
    },
    ownBytes: (s) => `${(s as KllSketch).bufferCapacity * 8}`,
  },
  {
    name: 'HyperLogLog p=12 (numbers)',
    build: () => {
      const s = new HyperLogLog();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.addNumber(values[i]!);
        },
      };
    },
    ownBytes: (s) => `${(s as HyperLogLog).registers.length}`,
  },
  {
    name: 'HyperLogLog p=12 (strings)',
    build: () => {
      const s = new HyperLogLog();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.addString(zipf[i]!);
        },
      };
    },
    ownBytes: (s) => `${(s as HyperLogLog).registers.length}`,
  },
  {
    name: 'FixedHistogram 10 bins',
    build: () => {
      const s = new FixedHistogram(edges);
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(values[i]!);
        },
      };
    },
    ownBytes: (s) => `${(s as FixedHistogram).counts.length * 8}`,
  },
  {
    name: 'Reservoir 256',
    build: () => {
      const s = new Reservoir<number>();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(values[i]!, priorities[i]!);
        },
      };
    },
    ownBytes: () => `${256 * 8}`,
  },
  {
    name: 'FrequentItems 64 (zipf keys)',
    build: () => {
      const s = new FrequentItems();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(zipf[i]!);
        },
      };
    },
    ownBytes: () => '-',
  },
  {
    name: 'CategoryCounts 1000 (zipf keys)',
    build: () => {
      const s = new CategoryCounts();
      return {
        sketch: s,
        run: () => {
          for (let i = 0; i < N; i++) s.add(zipf[i]!);
        },
      };
    },
    ownBytes: () => '-',
  },
  {
    name: 'numeric column: moments+KLL+HLL+histogram+reservoir',
    build: () => {
      const m = new Moments();
      const q = new KllSketch();
      const d = new HyperLogLog();
      const h = new FixedHistogram(edges);
      const r = new Reservoir<number>();
      return {
        sketch: { m, q, d, h, r },
        run: () => {
          for (let i = 0; i < N; i++) {
            const x = values[i]!;
            m.add(x);
            q.add(x);
            d.addNumber(x);
            h.add(x);
            r.add(x, priorities[i]!);
          }
        },
      };
    },
    ownBytes: () => '-',
  },
];

let gcCount = 0;
const observer = new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });
const flushObserver = () => new Promise((resolve) => setTimeout(resolve, 20));

function clone(sketch: unknown): unknown {
  if (sketch && typeof (sketch as { clone?: unknown }).clone === 'function') return (sketch as { clone: () => unknown }).clone();
  const parts = sketch as Record<string, { clone: () => unknown }>;
  return Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, part.clone()]));
}

function heapBytesPerCopy(sketch: unknown): string {
  if (!gc) return 'run with --expose-gc';
  const copies: unknown[] = [];
  gc();
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  for (let c = 0; c < 20; c++) copies.push(clone(sketch));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return `${Math.round((after - before) / copies.length)}`;
}

const speedRows: (string | number)[][] = [];
for (const c of cases) {
  const rates: number[] = [];
  let gcDuringRuns = 0;
  let last: unknown = null;
  for (let run = 0; run < 6; run++) {
    // Each case has its own loop, so its call sites stay monomorphic as in a profile's own loop.
    const { sketch, run: updateAll } = c.build();
    // The first run warms up the JIT and is not counted.
    await flushObserver();
    const gcBefore = gcCount;
    const start = performance.now();
    updateAll();
    const seconds = (performance.now() - start) / 1000;
    await flushObserver();
    if (run > 0) {
      rates.push(N / seconds);
      gcDuringRuns += gcCount - gcBefore;
    }
    last = sketch;
  }
  rates.sort((a, b) => a - b);
  speedRows.push([c.name, (rates[2]! / 1e6).toFixed(1), gcDuringRuns, c.ownBytes(last), heapBytesPerCopy(last)]);
}
observer.disconnect();
console.log(`\n## Speed and memory at 1e6 values (median of 5 runs; Node ${process.version})\n`);
console.log(table(['sketch', 'million updates/s', 'GCs in 5 runs', 'buffer bytes', 'heap bytes per copy'], speedRows));
