import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { startChildServer, type ChildServer } from './child-server.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const compiledCli = path.join(root, 'dist', 'cli', 'main.js');
/**
 * The compiled CLI when there is one. bin/ballast.js would fall back to running the sources through
 * tsx whenever any file under src/ is newer than the build, which happens all the time while others
 * edit the tree, and a tsx server also loads its worker threads through tsx: not what users run.
 */
const ballastBin = process.env.BALLAST_BENCH_CLI ?? (existsSync(compiledCli) ? compiledCli : path.join(root, 'bin', 'ballast.js'));

export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const DEPLOYMENT = 'bench';

/** How a Ballast server is started: the switches the benchmark compares. */
export interface BallastVariant {
  readonly name: string;
  readonly batching: boolean;
  readonly predictionLog: boolean;
  /** More `ballast serve` options, e.g. to compare an older path with the default one in one run. */
  readonly args?: readonly string[];
}

export const FULL: BallastVariant = { name: 'ballast', batching: true, predictionLog: true };
export const NO_LOG: BallastVariant = { name: 'ballast --no-prediction-log', batching: true, predictionLog: false };
export const NO_BATCHING: BallastVariant = { name: 'ballast --no-batching', batching: false, predictionLog: true };
/** Every model on worker threads, however cheap, as before small ones could run on the main thread. */
export const MODELS_IN_WORKERS: BallastVariant = {
  name: 'ballast --main-thread-models never',
  batching: true,
  predictionLog: true,
  args: ['--main-thread-models', 'never'],
};
/** The prediction log committed on the event loop, as before it had a thread of its own. */
export const LOG_ON_EVENT_LOOP: BallastVariant = {
  name: 'ballast --log-writer event-loop',
  batching: true,
  predictionLog: true,
  args: ['--log-writer', 'event-loop'],
};

function ballast(cli: string, dataDir: string, ...args: string[]): void {
  execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Registers the model and deploys it (default batching settings) in a fresh data directory.
 * `cli` is another build's compiled CLI, when two builds are compared (compare-builds.ts).
 */
export function prepareDataDir(dataDir: string, modelFile: string, deployArgs: readonly string[] = [], cli = ballastBin): void {
  ballast(cli, dataDir, 'models', 'register', 'bench-model', modelFile);
  ballast(cli, dataDir, 'deploy', DEPLOYMENT, '--model', 'bench-model:1', ...deployArgs);
}

/** Each server gets its own copy of the prepared store, so one's prediction log never slows another. */
/** `nodeArgs` go to node itself, e.g. `--cpu-prof` to profile the server; `cli` as in prepareDataDir. */
export function startBallast(
  preparedDir: string,
  variant: BallastVariant,
  threads: number | undefined,
  nodeArgs: readonly string[] = [],
  cli = ballastBin,
): Promise<ChildServer> {
  const dataDir = `${preparedDir}-t${threads ?? 'auto'}${variant.name.replace(/[^a-z]+/g, '-')}`;
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(preparedDir, dataDir, { recursive: true });
  const args = [...nodeArgs, cli, '--data-dir', dataDir, 'serve', '--port', '0', '--quiet'];
  if (threads !== undefined) args.push('--threads', String(threads));
  if (!variant.batching) args.push('--no-batching');
  if (!variant.predictionLog) args.push('--no-prediction-log');
  if (variant.args) args.push(...variant.args);
  return startChildServer({ name: variant.name, args, cwd: root, env: { BALLAST_ADMIN_TOKEN: ADMIN_TOKEN } });
}

export function startBaseline(modelFile: string): Promise<ChildServer> {
  return startChildServer({
    name: 'baseline',
    args: ['--import', 'tsx', path.join(import.meta.dirname, 'baseline-server.ts'), '--model', modelFile],
    cwd: root,
  });
}

/** Which build this run measures, and whether src/ has changed since it was made. */
export function ballastBuildState(): string {
  if (ballastBin !== compiledCli) return 'from the sources through tsx (no dist/: run npm run build)';
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).mtimeMs,
      ),
    );
  const built = statSync(compiledCli).mtimeMs;
  const changed = newest(path.join(root, 'src'));
  return changed > built
    ? `compiled (dist/, built ${Math.round((changed - built) / 60_000)} min before the newest change under src/)`
    : 'compiled (dist/, up to date with src/)';
}
