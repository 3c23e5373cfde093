import type { ModelVersionName } from '../../core/alerts/alert-rule.ts';
import type { RolloutState, RolloutStatus, RolloutStrategy } from '../../core/rollouts/deployment-routing.ts';
import type { RolloutOutcome, RolloutRecord } from '../../core/rollouts/rollout-record.ts';
import type { AppContext } from '../context.ts';
import { getDeployment } from '../deployments.ts';
import { rolloutAnalyses, type RolloutAnalysisWire } from './gate-analyses.ts';

/** Rollouts shown under the status; `ballast rollout history` and GET …/rollouts show more. */
const STATUS_HISTORY = 20;
export const DEFAULT_HISTORY_LIMIT = 100;

export interface RolloutWire {
  readonly id: string;
  readonly strategy: RolloutStrategy;
  readonly status: RolloutStatus;
  readonly candidate: ModelVersionName;
  readonly steps: readonly number[];
  readonly step_index: number;
  readonly weight: number;
  readonly step_started_at: string;
  readonly step_duration_ms: number;
  /** When the controller gates the current step; null while paused and for blue/green. */
  readonly step_ends_at: string | null;
  readonly sticky_key: { readonly kind: 'field' | 'header'; readonly name: string } | null;
  readonly gate_rules: readonly string[];
  readonly keep_previous_ms: number;
  readonly switched_at: string | null;
  readonly previous: ModelVersionName | null;
  readonly started_at: string;
  readonly started_by: string;
}

export interface RolloutHistoryWire {
  readonly id: string;
  readonly strategy: RolloutStrategy;
  readonly candidate: ModelVersionName;
  readonly stable: ModelVersionName;
  readonly outcome: RolloutOutcome | null;
  readonly reason: string | null;
  readonly started_at: string;
  readonly started_by: string;
  readonly ended_at: string | null;
  readonly ended_by: string | null;
}

/** `GET /v1/deployments/{name}/rollout` and `ballast rollout status --json` (docs/rollouts.md). */
export interface RolloutStatusWire {
  readonly deployment: string;
  readonly revision: number;
  readonly stable: ModelVersionName;
  readonly rollout: RolloutWire | null;
  /** The gate analyses of the active rollout, or of the latest one when none is active (why it ended), newest first. */
  readonly analyses: readonly RolloutAnalysisWire[];
  readonly history: readonly RolloutHistoryWire[];
}

/** A deployment's active rollout (null when none) and its recent rollouts, newest first. */
export async function rolloutStatus(ctx: Pick<AppContext, 'store'>, name: string): Promise<RolloutStatusWire> {
  const deployment = await getDeployment(ctx, name);
  const history = await ctx.store.rollouts.listForDeployment(deployment.name, STATUS_HISTORY);
  const rollout = deployment.routing.rollout;
  return {
    deployment: deployment.name,
    revision: deployment.revision,
    stable: { name: deployment.modelName, version: deployment.modelVersion },
    rollout: rollout === undefined ? null : await rolloutWire(ctx, rollout),
    analyses: await analysesOf(ctx, rollout?.id ?? history[0]?.id),
    history: history.map(historyWire),
  };
}

async function analysesOf(ctx: Pick<AppContext, 'store'>, rolloutId: string | undefined): Promise<RolloutAnalysisWire[]> {
  return rolloutId === undefined ? [] : rolloutAnalyses(ctx, rolloutId);
}

/** Every rollout of a deployment, newest first. */
export async function rolloutHistory(
  ctx: Pick<AppContext, 'store'>,
  name: string,
  limit = DEFAULT_HISTORY_LIMIT,
): Promise<{ deployment: string; rollouts: RolloutHistoryWire[] }> {
  const deployment = await getDeployment(ctx, name);
  return { deployment: deployment.name, rollouts: (await ctx.store.rollouts.listForDeployment(deployment.name, limit)).map(historyWire) };
}

async function rolloutWire(ctx: Pick<AppContext, 'store'>, r: RolloutState): Promise<RolloutWire> {
  const gated = r.strategy !== 'blue-green' && r.status === 'progressing';
  return {
    id: r.id,
    strategy: r.strategy,
    status: r.status,
    candidate: await versionNamed(ctx, r.candidateVersionId),
    steps: r.steps,
    step_index: r.stepIndex,
    weight: r.weight,
    step_started_at: r.stepStartedAt,
    step_duration_ms: r.stepDurationMs,
    step_ends_at: gated ? new Date(Date.parse(r.stepStartedAt) + r.stepDurationMs).toISOString() : null,
    sticky_key: r.stickyKey,
    gate_rules: r.gateRules.map((rule) => rule.name),
    keep_previous_ms: r.keepPreviousMs,
    switched_at: r.switchedAt,
    previous: r.previousVersionId === null ? null : await versionNamed(ctx, r.previousVersionId),
    started_at: r.startedAt,
    started_by: r.startedBy,
  };
}

async function versionNamed(ctx: Pick<AppContext, 'store'>, id: string): Promise<ModelVersionName> {
  const version = await ctx.store.versions.findById(id);
  // Versions are never deleted; an id the registry lacks is still shown rather than failing the status.
  return version === undefined ? { name: id, version: 0 } : { name: version.modelName, version: version.version };
}

function historyWire(r: RolloutRecord): RolloutHistoryWire {
  return {
    id: r.id,
    strategy: r.strategy,
    candidate: r.candidate,
    stable: r.stable,
    outcome: r.outcome,
    reason: r.reason,
    started_at: r.startedAt,
    started_by: r.startedBy,
    ended_at: r.endedAt,
    ended_by: r.endedBy,
  };
}
