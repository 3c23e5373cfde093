import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from './context.ts';
import { deploy } from './deployments.ts';
import { buildTrainingSet } from './features/training-set.ts';
import { materializeFeatures } from './features/materialize.ts';

/** The demo's deployment that completes requests from the online store: send `applicant_id`, not the bureau's fields. */
export const DEMO_ENRICHED_DEPLOYMENT = 'credit-risk-bureau';

/** The bureau's fields the credit model reads, served from the feature store. */
const BUREAU_FEATURES = ['credit_history_months', 'num_open_accounts', 'num_late_payments_2y', 'credit_utilization'].map(
  (f) => `bureau:${f}`,
);

/**
 * After the bureau's last snapshot in the example (2026-03-23): materialising up to here fills the
 * online store with each applicant's latest snapshot of the 90 days before it, as a nightly job would.
 */
const DEMO_MATERIALIZE_END = '2026-04-01T00:00:00Z';

/**
 * The rest of the demo's feature store, on the applied example definitions and the registered
 * credit model: a point-in-time training set of the example's applications (written once under the
 * data directory), the online store materialised, and a deployment of `credit-risk@champion` that
 * takes the bureau's four fields from it. Runs again change nothing.
 */
export async function prepareDemoFeatureStore(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  const output = path.join(ctx.dataDir, 'demo', 'bureau-training-set.csv');
  if (!existsSync(output)) {
    await mkdir(path.dirname(output), { recursive: true });
    const set = await buildTrainingSet(ctx, {
      entities: path.join(examplesDir, 'credit', 'applications.csv'),
      timestampColumn: 'event_timestamp',
      features: [...BUREAU_FEATURES, 'bureau:late_payments_per_account', 'on_demand:loan_to_income'].join(','),
      output,
    });
    log(
      `built a point-in-time training set of ${set.rows} applications with the bureau's features as of each application (${output}, sha256:${set.sha256.slice(0, 12)}; ballast features training-set)`,
    );
  }
  const materialized = await materializeFeatures(ctx, { end: DEMO_MATERIALIZE_END });
  for (const view of materialized.views)
    if (view.status === 'succeeded')
      log(
        `materialised ${view.rows} applicants' latest ${view.view} snapshot up to ${view.endTime} into the online store (ballast features get ${view.view} AP-000345)`,
      );
  if ((await ctx.store.deployments.findByName(DEMO_ENRICHED_DEPLOYMENT)) === undefined) {
    await deploy(ctx, {
      name: DEMO_ENRICHED_DEPLOYMENT,
      model: 'credit-risk@champion',
      config: { features: { entityKey: 'applicant_id', features: BUREAU_FEATURES } },
    });
    log(
      `deployed credit-risk@champion as ${DEMO_ENRICHED_DEPLOYMENT}, completing each request's bureau fields from the online store by applicant_id (ballast features skew ${DEMO_ENRICHED_DEPLOYMENT})`,
    );
  }
}
