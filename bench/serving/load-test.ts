import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { cpuBetween, sampleCpu, type CpuSpent } from './cpu-usage.ts';
import { runWrk } from './wrk-load.ts';

/** The part of autocannon's programmatic API used here (it ships no types). */
interface AutocannonRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}
interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  readonly url: string;
  readonly path: string;
  readonly bodies: readonly string[];
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** The server's process, for its CPU time. */
  readonly serverPid: number;
  /** The load generator: autocannon (default, in this process) or wrk (a C program, far less CPU per request). */
  readonly client?: LoadClient;
}

export type LoadClient = 'autocannon' | 'wrk';

export interface LoadResult {
  /** 2xx answers per second. */
  readonly rps: number;
  /** Client-side latency of 2xx answers, in ms (autocannon's own histogram keeps whole ms only). */
  readonly p50: number;
  readonly p99: number;
  readonly answered: number;
  readonly failed: number;
  readonly cpu: CpuSpent;
  /** Share of all cores that other people's work kept busy during the run (undefined off Linux). */
  readonly otherShare: number | undefined;
}

function run(options: LoadOptions, seconds: number, onLatency?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        timeout: 10,
        requests: options.bodies.map((body): AutocannonRequest => ({ method: 'POST', path: options.path, headers: options.headers, body })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onLatency) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) onLatency(responseTime);
      });
    }
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** A warm-up run (discarded), then the measured run: `connections` clients, each sending its next request when answered. */
export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  if (options.client === 'wrk') return wrkLoadTest(options);
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds);
  const latencies: number[] = [];
  const before = sampleCpu(options.serverPid);
  const result = await run(options, options.seconds, (ms) => latencies.push(ms));
  const cpu = cpuBetween(before, sampleCpu(options.serverPid));
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: result['2xx'] / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    answered: result['2xx'],
    failed: result.non2xx + result.errors,
    cpu,
    otherShare: cpu.other === undefined ? undefined : cpu.other / result.duration / availableParallelism(),
  };
}

/** The same measurement with wrk as the client (its CPU is counted as the load generator's once it exits: cpu-usage.ts). */
async function wrkLoadTest(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await runWrk({ ...options, seconds: options.warmupSeconds });
  const before = sampleCpu(options.serverPid);
  const result = await runWrk(options);
  const cpu = cpuBetween(before, sampleCpu(options.serverPid));
  return {
    rps: result.answered / result.seconds,
    p50: result.p50,
    p99: result.p99,
    answered: result.answered,
    failed: result.failed,
    cpu,
    otherShare: cpu.other === undefined ? undefined : cpu.other / result.seconds / availableParallelism(),
  };
}
