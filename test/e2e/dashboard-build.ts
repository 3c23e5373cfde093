import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './ballast-process.ts';

const run = promisify(execFile);
const webRoot = path.join(repoRoot, 'web');
export const dashboardIndex = path.join(webRoot, 'dist', 'index.html');

function newestFile(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((entry) => newestFile(path.join(target, entry))));
}

/**
 * Builds web/dist unless it is newer than every dashboard source, so the test never drives a stale
 * build (`npm test` normally builds it first, and then this costs nothing).
 */
export async function ensureDashboardBuilt(timeoutMs = 120_000): Promise<void> {
  const sources = ['index.html', 'src', 'public', 'vite.config.ts'].map((name) => path.join(webRoot, name)).filter((p) => existsSync(p));
  if (existsSync(dashboardIndex) && statSync(dashboardIndex).mtimeMs >= Math.max(...sources.map(newestFile))) return;
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(process.execPath, [vite, 'build', '--config', path.join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: repoRoot,
    timeout: timeoutMs,
  });
}
