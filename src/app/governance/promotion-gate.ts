import { BallastError } from '../../core/errors.ts';
import type { ApprovalStage } from '../../core/governance/governance-records.ts';
import { issuesError, type Issue } from '../../core/issues.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { roleAllows, type Role } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import type { AuditEvent } from '../audit.ts';

/**
 * What a version lacks under its model's policy to be promoted to a stage: one `missing` issue per
 * required suite without a passing latest run (path `['suites', NAME]`, the failed run's id in the
 * message) and one for a required approval not granted (path `['approval', STAGE]`). Empty when the
 * policy is met, and when the model has no policy (no policy, no gate). Reads through `tx`, so a caller
 * judging inside its write transaction judges the state it writes on.
 */
export async function checkPromotionGate(
  tx: Pick<Repositories, 'governance' | 'testRuns'>,
  input: { readonly version: ModelVersionRecord; readonly stage: ApprovalStage },
): Promise<Issue[]> {
  const { version, stage } = input;
  const policy = await tx.governance.policy(version.modelId);
  if (policy === undefined) return [];
  const missing: Issue[] = [];
  const name = `${version.modelName}:${version.version}`;
  const latest = policy.requireSuites.length > 0 ? await tx.testRuns.latestPerSuite(version.id) : new Map();
  for (const suite of policy.requireSuites) {
    const run = latest.get(suite);
    if (run === undefined) missing.push({ code: 'missing', path: ['suites', suite], message: `${name} has no run of suite "${suite}"` });
    else if (!run.passed)
      missing.push({
        code: 'missing',
        path: ['suites', suite],
        message: `the latest run of suite "${suite}" on ${name} failed (run ${run.id})`,
      });
  }
  if (policy.requireApproval && (await tx.governance.latestApproved(version.id, stage)) === undefined)
    missing.push({ code: 'missing', path: ['approval', stage], message: `${name} has no approved ${stage} approval` });
  return missing;
}

/**
 * An admin's override of a failed gate (`--force --reason`, API `"force": true, "reason"`), with the
 * role the actor holds (the token's on the server, `actorRole` on the CLI).
 */
export interface GateOverride {
  readonly reason: string | undefined;
  readonly role: Role | undefined;
}

/**
 * Refuses an override that is not allowed, whatever the gate would say, so a mistaken `--force` is
 * caught before anything else: only an admin may force (`forbidden`), and only with a reason
 * (`invalid_argument`), since the reason is what the audit entry keeps.
 */
export function checkGateOverride(override: GateOverride | undefined): void {
  if (override === undefined) return;
  if (override.role === undefined || !roleAllows(override.role, 'admin'))
    throw new BallastError('forbidden', `only an admin may override a promotion gate (you have ${override.role ?? 'no role'})`);
  if (override.reason === undefined || override.reason.trim() === '')
    throw new BallastError('invalid_argument', 'a gate override needs a reason (--reason TEXT, API "reason")');
}

/**
 * Judges the gate inside the caller's write transaction: met → nothing; missing something without an
 * override → `gate_failed` listing all of it (the caller's transaction rolls back, nothing is written);
 * overridden → the `gate.override` audit event the caller records with its change.
 */
export async function enforcePromotionGate(
  tx: Pick<Repositories, 'governance' | 'testRuns'>,
  input: { readonly version: ModelVersionRecord; readonly stage: ApprovalStage; readonly target: string },
  override: GateOverride | undefined,
): Promise<AuditEvent | undefined> {
  checkGateOverride(override);
  const missing = await checkPromotionGate(tx, input);
  if (missing.length === 0) return undefined;
  const name = `${input.version.modelName}:${input.version.version}`;
  if (override === undefined) throw issuesError('gate_failed', `promotion gate failed: ${name} may not become ${input.target}`, missing);
  return {
    action: 'gate.override',
    objectType: 'model_version',
    objectId: name,
    details: { target: input.target, stage: input.stage, missing: missing.map((m) => m.message), reason: override.reason!.trim() },
  };
}
