import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { codeReferenceOf } from '../../app/code-reference.ts';
import { DEMO_DEPLOYMENT, prepareDemo } from '../../app/demo.ts';
import { prepareDemoAlerting } from '../../app/demo-alerting.ts';
import { prepareDemoExplanations } from '../../app/demo-explain.ts';
import { prepareDemoFeatureStore } from '../../app/demo-feature-store.ts';
import { prepareDemoFeatures } from '../../app/demo-features.ts';
import { prepareDemoGovernance } from '../../app/demo-governance.ts';
import { DEMO_ENSEMBLE_DEPLOYMENT, prepareDemoRouting, startDemoCanary } from '../../app/demo-rollouts.ts';
import { startDemoWebhook } from '../../app/demo-webhook.ts';
import { simulateConversions } from '../../app/simulate-events.ts';
import { simulateTraffic } from '../../app/simulate.ts';
import { authenticate, createToken } from '../../app/tokens.ts';
import { actorName, settingsOf, withContext } from '../cli-context.ts';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('start the server on the embedded defaults with the example credit models deployed (what npm start runs)')
    .option('--port <port>', 'port to listen on', number, 7070)
    .option('--simulate', 'also send realistic traffic to the deployment')
    .option('--rate <n>', 'requests per second when simulating', number, 20)
    .option('--duration <seconds>', 'how long to simulate', number, 600)
    .option('--drift-after <seconds>', 'switch the simulated population to the drifted one after this long', number, 120)
    .action(async (options: { port: number; simulate?: boolean; rate: number; duration: number; driftAfter: number }, command: Command) => {
      const settings = settingsOf(command);
      console.log(`Ballast — data in ${settings.dataDir}`);
      // Stands in for the team's chat or pager: the demo's alert receiver prints what it is sent.
      const webhook = await startDemoWebhook((line) => console.log(line));
      const token = await withContext(command, async (ctx) => {
        await prepareDemo(ctx, EXAMPLES, (line) => console.log(line), { codeRef: codeReferenceOf(path.dirname(EXAMPLES), version) });
        await prepareDemoAlerting(ctx, EXAMPLES, webhook.url, (line) => console.log(line));
        await prepareDemoRouting(ctx, (line) => console.log(line));
        await prepareDemoExplanations(ctx, EXAMPLES, (line) => console.log(line));
        await prepareDemoGovernance(ctx, EXAMPLES, (line) => console.log(line));
        await prepareDemoFeatures(ctx, EXAMPLES, (line) => console.log(line));
        await prepareDemoFeatureStore(ctx, EXAMPLES, (line) => console.log(line));
        return demoToken(
          settings.dataDir,
          async (token) => (await authenticate(ctx.store, token)) !== undefined,
          () => createToken(ctx, { name: 'demo', role: 'admin' }).then((t) => t.token),
        );
      });
      // Loaded here, not at the top: the server's modules would slow every other command's start.
      const { startServer } = await import('../../server/start-server.ts');
      const server = await startServer(settings, actorName(), {
        host: '127.0.0.1',
        port: options.port,
        logger: false,
        adminToken: process.env.BALLAST_ADMIN_TOKEN || undefined,
        // Rules are read on one-minute windows; a short interval shows a firing rule soon after its window closes.
        alertIntervalMs: 5000,
      });
      console.log(`\nserving on ${server.url}`);
      console.log(`dashboard: ${server.url}/  (sign in with the token below)`);
      console.log(`token:     ${token}`);
      console.log(
        `\ntry:  curl -s ${server.url}/v1/deployments/${DEMO_DEPLOYMENT}/predict -H "authorization: Bearer ${token}" -H 'content-type: application/json' \\\n        -d '{"instances":[{"age":35,"income":52000,"employment_type":"salaried","employment_years":6,"home_ownership":"rent","loan_amount":12000,"loan_term_months":36,"purpose":"car","debt_to_income":0.31,"credit_history_months":84,"num_open_accounts":4,"num_late_payments_2y":0,"credit_utilization":0.42}]}'`,
      );
      console.log('stop with Ctrl-C');
      const abort = new AbortController();
      let release: NodeJS.Timeout | undefined;
      const stopped = new Promise<void>((resolve) => {
        const shutdown = () => {
          abort.abort();
          clearTimeout(release);
          server
            .stop()
            .then(() => webhook.close())
            .then(resolve, resolve);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
      if (options.simulate) {
        // A release goes out as a canary a minute before the population shifts: the gate at the end of a
        // step sees the candidate's inputs drift and aborts it (every applicant back to stable at once).
        release = setTimeout(
          () => {
            startDemoCanary(server.ctx, EXAMPLES).then(
              (line) => console.log(`simulate: ${line}`),
              (error: unknown) => console.error(`simulate: starting the canary failed: ${(error as Error).message}`),
            );
          },
          Math.max(5, options.driftAfter - 65) * 1000,
        );
        release.unref();
        const conversions = simulateConversions({
          url: server.url,
          token,
          deployment: DEMO_DEPLOYMENT,
          log: (l) => console.log(l),
          random: Math.random,
          maxDelayMs: 30_000,
          flushEveryMs: 2000,
        });
        void simulateTraffic({
          url: server.url,
          token,
          deployment: DEMO_DEPLOYMENT,
          rate: options.rate,
          durationSeconds: options.duration,
          driftAfterSeconds: options.driftAfter,
          examplesDir: EXAMPLES,
          log: (l) => console.log(l),
          signal: abort.signal,
          onAnswered: conversions.answered,
        })
          .then((r) =>
            console.log(
              `simulate: done, ${r.sent} sent, ${r.ok} ok, ${r.failed} failed; ${r.labels.accepted} labels accepted, ${r.labels.never} predictions never labelled`,
            ),
          )
          .catch(() => {})
          .finally(() => void conversions.stop());
        // The ensemble deployment gets a quarter of the rate, from the same population.
        void simulateTraffic({
          url: server.url,
          token,
          deployment: DEMO_ENSEMBLE_DEPLOYMENT,
          rate: options.rate / 4,
          durationSeconds: options.duration,
          driftAfterSeconds: options.driftAfter,
          examplesDir: EXAMPLES,
          log: () => {},
          signal: abort.signal,
        }).catch(() => {});
      }
      await stopped;
    });
}

/**
 * The demo keeps its admin token in the data directory (mode 0600) so that every run can print it;
 * a production server prints its first admin token once and keeps only the hash.
 */
async function demoToken(dataDir: string, isValid: (token: string) => Promise<boolean>, create: () => Promise<string>): Promise<string> {
  const file = path.join(dataDir, 'demo-token');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (await isValid(kept)) return kept;
  }
  const token = await create();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
