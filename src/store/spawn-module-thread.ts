import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread (the prediction-log thread, model workers, file readers) on `entry`, a module beside the caller named without its extension: the
 * compiled `.js` when the caller runs from dist/, the `.ts` source otherwise (vitest, tsx). A `.ts`
 * worker gets tsx's loader through its register API, since Node 20 applies neither the parent's
 * loader hooks nor an `--import` in a worker's execArgv to worker threads.
 */
export function spawnModuleThread(callerUrl: string, entry: string, options: WorkerOptions = {}): Worker {
  const source = callerUrl.endsWith('.ts');
  const url = new URL(`${entry}${source ? '.ts' : '.js'}`, callerUrl);
  if (!source) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
