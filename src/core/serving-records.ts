import { BallastError } from './errors.ts';
import { parseDeploymentFeatures, type DeploymentFeatures } from './features/deployment-features.ts';
import type { PredictionEnrichment } from './features/enrich-rows.ts';
import { IssueCollector } from './issues.ts';
import { parseKpiDefinitions, type KpiDefinition } from './kpis/kpi-definitions.ts';
import type { AnswerRole, DeploymentRouting } from './rollouts/deployment-routing.ts';

/** How a deployment batches. Later rollout strategies (canary, shadow, review) extend this object. */
export interface DeploymentConfig {
  /** Most rows one model call may take; larger requests run alone. */
  readonly maxBatchSize: number;
  /** Longest a request may wait in the queue for a free model slot, in milliseconds. */
  readonly maxDelayMs: number;
  /**
   * Share of predictions kept in the raw prediction log, in (0, 1]; 1 logs every one. Window
   * profiles still see every prediction, so monitoring covers all traffic at any rate.
   */
  readonly logSampleRate: number;
  /**
   * Business KPIs computed from the outcome events sent for the logged predictions
   * (kpis/kpi-definitions.ts); absent is none (configs stored before KPIs existed have no field).
   */
  readonly kpis?: readonly KpiDefinition[];
  /**
   * A production deployment: deploying a version to it or rolling one out on it passes the model's
   * promotion gate for stage `production` (docs/governance.md). Absent is false; a later deploy keeps it.
   */
  readonly production?: boolean;
  /**
   * Enrichment from the online store (features/deployment-features.ts); absent is none. A later
   * deploy keeps it unless it gives `features` (null removes it).
   */
  readonly features?: DeploymentFeatures;
}

export const DEFAULT_DEPLOYMENT_CONFIG: DeploymentConfig = { maxBatchSize: 64, maxDelayMs: 5, logSampleRate: 1 };

export function parseDeploymentConfig(
  value: Partial<Record<keyof DeploymentConfig, unknown>>,
  base: DeploymentConfig = DEFAULT_DEPLOYMENT_CONFIG,
): DeploymentConfig {
  const issues = new IssueCollector();
  const integer = (key: 'maxBatchSize' | 'maxDelayMs', min: number, max: number): number => {
    const raw = value[key];
    if (raw === undefined) return base[key];
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
      issues.report(typeof raw === 'number' ? 'invalid_value' : 'invalid_type', [key], `must be a whole number from ${min} to ${max}`);
      return base[key];
    }
    return raw;
  };
  const share = (key: 'logSampleRate'): number => {
    const raw = value[key];
    if (raw === undefined) return base[key];
    if (typeof raw !== 'number' || !(raw > 0 && raw <= 1)) {
      issues.report(typeof raw === 'number' ? 'invalid_value' : 'invalid_type', [key], 'must be a number greater than 0 and at most 1');
      return base[key];
    }
    return raw;
  };
  const maxBatchSize = integer('maxBatchSize', 1, 100_000);
  const maxDelayMs = integer('maxDelayMs', 0, 60_000);
  const logSampleRate = share('logSampleRate');
  // Given, the list replaces the previous one whole: `[]` removes every KPI.
  const kpis = value.kpis === undefined ? base.kpis : parseKpiDefinitions(value.kpis, ['kpis'], issues);
  let production = base.production === true;
  if (value.production !== undefined) {
    if (typeof value.production === 'boolean') production = value.production;
    else issues.report('invalid_type', ['production'], 'must be true or false');
  }
  const features = value.features === undefined ? base.features : parseDeploymentFeatures(value.features, ['features'], issues);
  const config = {
    maxBatchSize,
    maxDelayMs,
    logSampleRate,
    ...(kpis !== undefined && kpis.length > 0 ? { kpis } : {}),
    ...(production ? { production } : {}),
    ...(features ? { features } : {}),
  };
  issues.throwIfAny('invalid_argument', 'invalid deployment config');
  return config;
}

export interface DeploymentRecord {
  readonly id: string;
  readonly name: string;
  readonly versionId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly config: DeploymentConfig;
  /** Rollout, shadow, review, ensemble; `{}` (NO_ROUTING) when the deployment's version answers alone. */
  readonly routing: DeploymentRouting;
  /** Increments with every change, so a reader can tell which binding served a prediction. */
  readonly revision: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface DeploymentRevision {
  readonly revision: number;
  readonly versionId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly config: DeploymentConfig;
  readonly routing: DeploymentRouting;
  readonly actor: string;
  readonly at: string;
}

/**
 * `metrics` reads /metrics and nothing else: a Prometheus scrape needs no access to the logged
 * inputs a viewer can read. `reviewer` is a viewer who may also decide held predictions (the human
 * review queue) and change nothing else; an operator can do that too. `approver` is a reviewer who may
 * also approve or reject a version's promotion (never one they requested: approvals are four-eyes);
 * operators and admins may approve too.
 */
export const ROLES = ['metrics', 'viewer', 'reviewer', 'approver', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles are ordered: each can do everything the ones before it can. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function parseRole(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new BallastError('invalid_argument', `role "${value}" is not one of ${ROLES.join(', ')}`);
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly secretHash: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  /** Permissions beyond the role (core/privacy/permissions.ts); absent or empty: none. */
  readonly permissions?: readonly string[];
}

export interface PredictionLogRecord {
  readonly id: string;
  readonly at: string;
  readonly deploymentId: string;
  readonly deploymentName: string;
  readonly versionId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly requestId: string | null;
  /**
   * The version's input feature names in signature order (one array shared by all its records):
   * the log stores `inputs` as their values in this order (logged-inputs.ts), and a row read back
   * takes the names from the version's signature again, so they must be that signature's.
   */
  readonly features: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  /** Contract violations a `flag` policy let through; absent when the row met its contract. */
  readonly violations?: readonly FlaggedViolation[];
  /** The role of the version that answered (deployment-routing.ts); absent is `stable`. */
  readonly role?: AnswerRole;
  /** How the row was completed from the online store; absent for a deployment without enrichment. */
  readonly enrichment?: PredictionEnrichment;
}

export interface FlaggedViolation {
  readonly column: string;
  readonly code: string;
  readonly message: string;
}
