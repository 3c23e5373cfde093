import { Command, InvalidArgumentError } from 'commander';
import { LOG_WRITER_MODES, type LogWriterMode } from '../../app/serving/prediction-log-writer-for-store.ts';
import { MAIN_THREAD_MODES, type MainThreadMode } from '../../app/serving/worker-executors.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../server/client-errors.ts';
import { actorName, settingsOf } from '../cli-context.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number 0-65535');
  return n;
}

function logWriter(value: string): LogWriterMode {
  if (!(LOG_WRITER_MODES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${LOG_WRITER_MODES.join(', ')}`);
  return value as LogWriterMode;
}

function mainThreadMode(value: string): MainThreadMode {
  if (!(MAIN_THREAD_MODES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${MAIN_THREAD_MODES.join(', ')}`);
  return value as MainThreadMode;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function requestTimeout(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 100) throw new InvalidArgumentError('must be a duration of at least 100ms (e.g. 30s, 2m)');
  return ms;
}

function monitoringWindow(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000 || ms % 1000 !== 0)
    throw new InvalidArgumentError('must be a duration of whole seconds, at least 1s (e.g. 1m, 5m)');
  return ms;
}

function alertInterval(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s (e.g. 15s, 1m)');
  return ms;
}

function rolloutInterval(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s (e.g. 5s, 30s)');
  return ms;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve deployments over HTTP (JSON and Open Inference Protocol V2), with the dashboard at /')
    .option('--host <host>', 'address to bind; anything but loopback needs auth', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 7070)
    .option('--threads <n>', 'worker threads per deployed model (default: one per core)', positive)
    .option('--max-instances <n>', 'most instances one request may carry', positive, 10_000)
    .option('--body-limit <bytes>', 'largest request body', positive, 10 * 1024 * 1024)
    .option(
      '--request-timeout <duration>',
      'longest a client may take to send a whole request (headers and body); answered 408 and closed after',
      requestTimeout,
      DEFAULT_REQUEST_TIMEOUT_MS,
    )
    .option('--no-batching', 'send each request to the model on its own (to measure what batching buys)')
    .option('--no-prediction-log', 'do not log predictions (only to measure what the durable log costs; never in production)')
    .option(
      '--main-thread-models <when>',
      'score small requests on the main thread, each on its own, instead of batching them on a worker: auto (models whose row costs under 20 µs at load), always, never',
      mainThreadMode,
      'auto',
    )
    .option(
      '--log-writer <where>',
      'where the prediction log commits: auto (its own thread for a SQLite file), thread, event-loop',
      logWriter,
      'auto',
    )
    .option(
      '--monitoring-window <duration>',
      'length of the base monitoring window: 1m, 5m, …; coarser windows are merged from it when asked',
      monitoringWindow,
      60_000,
    )
    .option('--alert-interval <duration>', 'how often alert rules are evaluated (at least 1s)', alertInterval, 15_000)
    .option(
      '--rollout-interval <duration>',
      'how often the rollout controller gates canary steps and ends blue/green rollouts (at least 1s)',
      rolloutInterval,
      5000,
    )
    .option(
      '--public-metrics',
      'serve /metrics without a token (for a Prometheus scrape on a trusted network); otherwise it needs a metrics token or better',
    )
    .option('--insecure-no-auth', 'serve without tokens (loopback only; for local experiments)')
    .option('--quiet', 'no request logs')
    .action(
      async (
        options: {
          host: string;
          port: number;
          threads?: number;
          maxInstances: number;
          bodyLimit: number;
          requestTimeout: number;
          batching: boolean;
          predictionLog: boolean;
          logWriter: LogWriterMode;
          mainThreadModels: MainThreadMode;
          monitoringWindow: number;
          alertInterval: number;
          rolloutInterval: number;
          publicMetrics?: boolean;
          insecureNoAuth?: boolean;
          quiet?: boolean;
        },
        command: Command,
      ) => {
        // Loaded here, not at the top: the server's modules (Fastify, Prometheus, Swagger UI) would slow every other command's start.
        const { startServer } = await import('../../server/start-server.ts');
        const server = await startServer(settingsOf(command), actorName(), {
          host: options.host,
          port: options.port,
          threads: options.threads,
          batching: options.batching,
          predictionLog: options.predictionLog,
          logWriter: options.logWriter,
          mainThreadModels: options.mainThreadModels,
          monitoringWindowMs: options.monitoringWindow,
          alertIntervalMs: options.alertInterval,
          rolloutIntervalMs: options.rolloutInterval,
          maxInstances: options.maxInstances,
          bodyLimit: options.bodyLimit,
          requestTimeoutMs: options.requestTimeout,
          publicMetrics: options.publicMetrics,
          authDisabled: options.insecureNoAuth,
          adminToken: process.env.BALLAST_ADMIN_TOKEN || undefined,
          logger: options.quiet ? false : { level: process.env.BALLAST_LOG_LEVEL ?? 'info' },
        });
        console.log(`listening on ${server.url}`);
        console.log(`dashboard: ${server.url}/`);
        if (server.newAdminToken) {
          console.log(`\nadmin token (shown once; store it now):\n  ${server.newAdminToken}\n`);
        }
        await new Promise<void>((resolve) => {
          const shutdown = (signal: string) => {
            console.error(`${signal}: draining requests and committing the log…`);
            server.stop().then(resolve, (error: unknown) => {
              console.error(`error during shutdown: ${(error as Error).message}`);
              process.exitCode = 1;
              resolve();
            });
          };
          process.once('SIGTERM', () => shutdown('SIGTERM'));
          process.once('SIGINT', () => shutdown('SIGINT'));
        });
      },
    );
}
