import { BallastError } from '../../core/errors.ts';
import type { ModelPolicy } from '../../core/governance/governance-records.ts';
import { IssueCollector } from '../../core/issues.ts';
import type { ModelRecord } from '../../core/registry-records.ts';
import type { Repositories } from '../../store/store.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

export interface PolicyInput {
  readonly model: string;
  /** Suites whose latest run must pass (absent: none). A policy is set whole: it replaces the previous one. */
  readonly requireSuites?: unknown;
  /** A promotion needs an approved approval for its stage (absent: false). */
  readonly requireApproval?: unknown;
}

/** A model's policy, or undefined when it has none (then nothing gates its promotions). */
export interface PolicyView {
  readonly model: string;
  readonly policy: ModelPolicy | undefined;
}

const MAX_SUITE_NAME = 200;

/**
 * Sets (creates or replaces whole) a model's promotion policy, audited `policy.set` with the previous
 * policy. Every problem with the input is reported at once as `invalid_argument` issues.
 */
export async function setPolicy(ctx: AppContext, input: PolicyInput): Promise<PolicyView> {
  const issues = new IssueCollector();
  const requireSuites = readSuites(input.requireSuites, issues);
  if (input.requireApproval !== undefined && typeof input.requireApproval !== 'boolean')
    issues.report('invalid_type', ['require_approval'], 'must be true or false');
  issues.throwIfAny('invalid_argument', `invalid policy for model "${input.model}"`);
  return auditedTransaction(ctx, async (tx, audit) => {
    const model = await findModel(tx, input.model);
    const previous = await tx.governance.policy(model.id);
    const policy: ModelPolicy = {
      modelId: model.id,
      requireSuites,
      requireApproval: input.requireApproval === true,
      updatedBy: ctx.actor,
      updatedAt: ctx.clock().toISOString(),
    };
    await tx.governance.setPolicy(policy);
    await audit({
      action: 'policy.set',
      objectType: 'model',
      objectId: model.name,
      details: {
        require_suites: requireSuites,
        require_approval: policy.requireApproval,
        previous: previous === undefined ? null : { require_suites: previous.requireSuites, require_approval: previous.requireApproval },
      },
    });
    return { model: model.name, policy };
  });
}

export async function showPolicy(ctx: Pick<AppContext, 'store'>, name: string): Promise<PolicyView> {
  const model = await findModel(ctx.store, name);
  return { model: model.name, policy: await ctx.store.governance.policy(model.id) };
}

async function findModel(repos: Pick<Repositories, 'models'>, name: string): Promise<ModelRecord> {
  const model = await repos.models.findByName(name);
  if (model === undefined) throw new BallastError('model_not_found', `no model named "${name}"`);
  return model;
}

function readSuites(value: unknown, issues: IssueCollector): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.report('invalid_type', ['require_suites'], 'must be a list of suite names');
    return [];
  }
  const seen = new Set<string>();
  value.forEach((suite: unknown, i) => {
    if (typeof suite !== 'string' || suite.trim() === '' || suite.length > MAX_SUITE_NAME)
      issues.report('invalid_value', ['require_suites', i], `must be a suite name of 1 to ${MAX_SUITE_NAME} characters`);
    else if (seen.has(suite)) issues.report('duplicate', ['require_suites', i], `"${suite}" is listed twice`);
    else seen.add(suite);
  });
  return [...seen];
}
