import path from 'node:path';
import type { AppContext } from './context.ts';
import { DEMO_DEPLOYMENT } from './demo.ts';
import { deploy } from './deployments.ts';
import { setEnsemble } from './ensembles/set-ensemble.ts';
import { setReviewPolicy } from './reviews/review-policy.ts';
import { inProcessCandidates } from './rollouts/in-process-candidates.ts';
import { readRolloutGateFile } from './rollouts/rollout-gate-file.ts';
import { startRollout } from './rollouts/start-rollout.ts';
import { inProcessPreparer } from './shadow/in-process-preparer.ts';
import { startShadow } from './shadow/shadow-control.ts';

/** The demo's second deployment: the LightGBM and XGBoost versions answering together. */
export const DEMO_ENSEMBLE_DEPLOYMENT = 'credit-risk-ensemble';

/**
 * The demo's responsible-deployment setup, once, on a fresh data directory (runs again do nothing):
 * @challenger (the ONNX pipeline, credit-risk:3) shadows `credit-risk`, so its report compares it
 * with the champion on live traffic without answering anyone; `credit-risk` holds its least certain predictions for review; and
 * `credit-risk-ensemble` serves versions 1 and 2 by their mean probability, sending the rows they
 * disagree on to the review queue.
 */
export async function prepareDemoRouting(ctx: AppContext, log: (line: string) => void): Promise<void> {
  const main = await ctx.store.deployments.findByName(DEMO_DEPLOYMENT);
  if (main === undefined || (await ctx.store.deployments.findByName(DEMO_ENSEMBLE_DEPLOYMENT)) !== undefined) return;
  if (main.routing.shadow === undefined) {
    await startShadow(
      ctx,
      { deployment: DEMO_DEPLOYMENT, model: 'credit-risk@challenger', sample: 1 },
      { preparer: inProcessPreparer(ctx) },
    );
    log(`started a shadow of credit-risk@challenger on ${DEMO_DEPLOYMENT} (ballast shadow report ${DEMO_DEPLOYMENT})`);
  }
  if (main.routing.review === undefined) {
    await setReviewPolicy(ctx, DEMO_DEPLOYMENT, { when: 'probability between 0.45 and 0.55', fallback: 'abstain' });
    log(`${DEMO_DEPLOYMENT} holds predictions with a probability between 0.45 and 0.55 for review (dashboard: Reviews)`);
  }
  await deploy(ctx, { name: DEMO_ENSEMBLE_DEPLOYMENT, model: 'credit-risk:1' });
  await setReviewPolicy(ctx, DEMO_ENSEMBLE_DEPLOYMENT, { when: 'disagreement', fallback: 'abstain' });
  await setEnsemble(ctx, DEMO_ENSEMBLE_DEPLOYMENT, {
    members: ['credit-risk:1', 'credit-risk:2'],
    combine: 'mean',
    maxSpread: 0.25,
    onDisagreement: 'review',
  });
  log(`deployed "${DEMO_ENSEMBLE_DEPLOYMENT}": credit-risk:1 and :2 by mean probability; rows they disagree on go to review`);
}

/**
 * The simulated release: a canary of the LightGBM version (credit-risk:1) on `credit-risk`, 20% → 50% → 100% of applicants
 * (sticky by applicant_id) with one-minute steps, gated by examples/credit/canary-gate.yaml. Started
 * shortly before the simulated population drifts, so a step's gate sees the drift and aborts it.
 */
export async function startDemoCanary(ctx: AppContext, examplesDir: string): Promise<string> {
  const status = await startRollout(
    ctx,
    {
      name: DEMO_DEPLOYMENT,
      to: 'credit-risk:1',
      strategy: 'canary',
      steps: [20, 50, 100],
      stepDuration: '1m',
      stickyKey: 'applicant_id',
      gate: await readRolloutGateFile(path.join(examplesDir, 'credit', 'canary-gate.yaml')),
    },
    { serving: inProcessCandidates(ctx) },
  );
  const candidate = status.rollout!.candidate;
  return `started a canary of ${candidate.name}:${candidate.version} on ${DEMO_DEPLOYMENT}: 20% of applicants for 1m, then 50%, then 100%, each step gated`;
}
