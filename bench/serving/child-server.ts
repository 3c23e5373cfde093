import { spawn, type ChildProcess } from 'node:child_process';

/** A server the benchmark started as a child process, found by the `listening on URL` line it prints. */
export interface ChildServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly startTimeoutMs?: number;
}

/** Starts `node ARGS` and resolves once it prints its URL; rejects with its output if it exits or stays silent. */
export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${options.name}: ${why}\n${output.trim()}`));
    };
    const timer = setTimeout(() => fail('did not print "listening on URL" in time'), options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // Keep draining its pipes so a chatty server never blocks on a full pipe.
      child.stdout!.off('data', onData).resume();
      child.stderr!.off('data', onData).on('data', (more: Buffer) => process.stderr.write(`[${options.name}] ${more.toString('utf8')}`));
      resolve({ name: options.name, url: match[1]!.replace(/\/$/, ''), pid: child.pid!, stop: () => stopChild(child) });
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `code ${code}`}) before listening`);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
