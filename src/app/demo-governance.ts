import path from 'node:path';
import { BallastError } from '../core/errors.ts';
import type { AppContext } from './context.ts';
import { decideApproval, requestApproval } from './governance/approvals.ts';
import { recordPeriodicReview } from './governance/periodic-reviews.ts';
import { setPolicy } from './governance/policy.ts';
import { CHECK_EVALUATORS } from './model-tests/check-evaluators.ts';
import { runModelTests, type ModelTestRun } from './model-tests/run-model-tests.ts';
import { markSensitiveColumns } from './privacy/mark-columns.ts';
import { setAlias } from './set-alias.ts';

const MODEL = 'credit-risk';
/** Who the demo acts as: one person asks, another (with the approver role) decides: four eyes. */
const REQUESTER = 'demo-ml-engineer';
const APPROVER = 'demo-approver';

/**
 * The demo's governance, once, on a fresh data directory (runs again do nothing). The release suite
 * (examples/credit/tests.yaml) runs on live.csv against every version, so each version page shows a
 * stored run; then a policy makes @champion need that suite and a production approval. The approver
 * rejects the current champion's request (its run failed) and approves the challenger's, with a first
 * periodic review; moving @champion to version 1, which was never approved, is refused by the gate; a
 * staging request for version 1 stays pending for the Approvals page. `age` is marked sensitive on the
 * served version, so a token without sensitive:read sees it as *** in the prediction log.
 */
export async function prepareDemoGovernance(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  const model = await ctx.store.models.findByName(MODEL);
  if (model === undefined || (await ctx.store.governance.policy(model.id)) !== undefined) return;
  const dir = path.join(examplesDir, 'credit');
  const runs = new Map<number, ModelTestRun>();
  for (const version of [1, 2, 3]) {
    const run = await runModelTests(ctx, {
      ref: `${MODEL}:${version}`,
      suiteFile: path.join(dir, 'tests.yaml'),
      dataFile: path.join(dir, 'live.csv'),
      label: 'default',
      evaluators: CHECK_EVALUATORS,
    });
    runs.set(version, run);
    log(`tested ${MODEL}:${version} with examples/credit/tests.yaml: ${verdict(run)} (ballast tests list ${MODEL}:${version})`);
  }
  const suite = runs.get(2)!.suite.name;
  await setPolicy(ctx, { model: MODEL, requireSuites: [suite], requireApproval: true });
  log(`policy: @champion of ${MODEL} needs a passing ${suite} run and a production approval (ballast policy show ${MODEL})`);

  const asRequester = { ...ctx, actor: REQUESTER };
  const asApprover = { ...ctx, actor: APPROVER };
  for (const version of [2, 3]) {
    const run = runs.get(version)!;
    const { approval } = await requestApproval(asRequester, {
      ref: `${MODEL}:${version}`,
      stage: 'production',
      note: 'release suite on live.csv',
    });
    const decision = run.wire.passed ? 'approved' : 'rejected';
    const note = run.wire.passed
      ? 'suite passed; fairness warning by age band noted'
      : `suite failed: ${failedErrorChecks(run).join(', ')}`;
    await decideApproval(asApprover, { id: approval.id, decision, note, role: 'approver' });
    log(`approval of ${MODEL}:${version} for production: ${decision} by ${APPROVER} (requested by ${REQUESTER}): ${note}`);
    if (decision === 'approved')
      await recordPeriodicReview(
        asApprover,
        `${MODEL}:${version}`,
        { findings: 'first look: no drift, slices stable', decision: 'keep' },
        'approver',
      );
  }
  try {
    await setAlias(ctx, `${MODEL}:1`, 'champion');
  } catch (error) {
    if (!(error instanceof BallastError) || error.code !== 'gate_failed') throw error;
    log(`moving @champion to ${MODEL}:1 was refused: ${error.message}`);
  }
  const pending = await requestApproval(asRequester, { ref: `${MODEL}:1`, stage: 'staging', note: 'LightGBM candidate' });
  log(`a staging approval of ${MODEL}:1 waits for an approver (${pending.approval.id}; dashboard: Approvals)`);
  await markSensitiveColumns(ctx, { ref: `${MODEL}:2`, sensitive: ['age'] });
  log(`${MODEL}:2's "age" is sensitive: tokens without sensitive:read see it as *** in the prediction log`);
}

function failedErrorChecks(run: ModelTestRun): string[] {
  return run.wire.checks.filter((check) => !check.passed && check.severity === 'error').map((check) => check.name);
}

function verdict(run: ModelTestRun): string {
  const failed = failedErrorChecks(run);
  const warnings = run.wire.checks.filter((check) => !check.passed && check.severity === 'warning').map((check) => check.name);
  return [
    run.wire.passed ? 'passed' : `failed (${failed.join(', ')})`,
    ...(warnings.length > 0 ? [`warnings: ${warnings.join(', ')}`] : []),
  ].join('; ');
}
