import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadOptions } from './load-test.ts';

/**
 * One run of wrk (the C load generator, Debian package `wrk`) with the same requests autocannon
 * sends: POSTs cycling over the bodies, on `connections` keep-alive connections from one client
 * thread. wrk spends far less CPU per request than autocannon (a JavaScript client), so on a
 * two-core machine it leaves the server more of the machine, which is what a server benchmark wants.
 */
export interface WrkRun {
  readonly seconds: number;
  readonly answered: number;
  readonly failed: number;
  /** Client-side latency percentiles, ms (wrk records microseconds). */
  readonly p50: number;
  readonly p99: number;
}

// wrk calls request() for every request; done() prints one line this module reads back.
const SCRIPT = `
local bodies = {}
for line in io.lines(BODIES) do bodies[#bodies + 1] = line end
local next = 0
request = function()
  next = next % #bodies + 1
  return wrk.format("POST", PATH, nil, bodies[next])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
`;

/** The same requests as autocannon's (load-test.ts). */
export type WrkOptions = Pick<LoadOptions, 'url' | 'path' | 'bodies' | 'headers' | 'connections' | 'seconds'>;

export async function runWrk(options: WrkOptions): Promise<WrkRun> {
  if (options.bodies.some((body) => body.includes('\n'))) throw new Error('wrk bodies must be one line each');
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-wrk-'));
  try {
    const bodies = path.join(dir, 'bodies.txt');
    const script = path.join(dir, 'load.lua');
    writeFileSync(bodies, options.bodies.join('\n') + '\n');
    const headers = Object.entries(options.headers)
      .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
      .join('\n');
    writeFileSync(script, `BODIES = ${JSON.stringify(bodies)}\nPATH = ${JSON.stringify(options.path)}\n${headers}\n${SCRIPT}`);
    const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s', script, options.url];
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('wrk', args, { encoding: 'utf8' }, (error, out, err) =>
        error ? reject(new Error(`wrk failed: ${error.message}\n${err}`)) : resolve(out),
      ),
    );
    const match = /WRK_RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(stdout);
    if (match === null) throw new Error(`wrk printed no result:\n${stdout}`);
    const [requests, durationUs, socketErrors, statusErrors, p50Us, p99Us] = match.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      seconds: durationUs / 1e6,
      answered: requests - statusErrors,
      failed: socketErrors + statusErrors,
      p50: p50Us / 1000,
      p99: p99Us / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
