import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin', 'ballast.js');

/** The environment every child gets: no database or data directory inherited from the developer's shell. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, BALLAST_DB: '', BALLAST_DATA_DIR: '', BALLAST_ACTOR: 'e2e', ...extra };
}

/** Runs the real CLI against a data directory, failing with its output when it fails. */
export async function ballastCli(dataDir: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], {
      cwd: repoRoot,
      env: childEnv(),
      timeout: timeoutMs,
    });
    return stdout;
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(`ballast ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** A port nothing listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}

export interface ServerProcess {
  readonly url: string;
  /** What the server wrote so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `ballast serve` on a loopback port and waits until /healthz answers 200. */
export async function startBallastServer(options: { dataDir: string; adminToken: string; timeoutMs?: number }): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data-dir', options.dataDir, '--quiet'], {
    cwd: repoRoot,
    env: childEnv({ BALLAST_ADMIN_TOKEN: options.adminToken }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const server: ServerProcess = { url, output: () => output, stop: () => stopProcess(child) };
  try {
    await waitForHealth(url, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`ballast serve exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`ballast serve did not answer GET /healthz with 200 within ${timeoutMs} ms`);
}

/** SIGTERM (the server drains and commits), then SIGKILL if it has not exited in time. */
async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
