import type { KpiDefinition } from '../../core/kpis/kpi-definitions.ts';
import type { DeploymentConfig, DeploymentRecord, DeploymentRevision } from '../../core/serving-records.ts';
import {
  deploymentFeaturesInput,
  deploymentFeaturesRequestSchema,
  deploymentFeaturesSchema,
  deploymentFeaturesView,
  type DeploymentFeaturesWire,
} from './enrichment-views.ts';
import { bool, int, list, modelVersionRef, num, obj, str } from './wire-schema.ts';

/** Deployments on the wire: the config in snake_case both ways (`POST` takes what `GET` gives). */

export interface DeploymentConfigWire {
  readonly max_batch_size?: number;
  readonly max_delay_ms?: number;
  readonly log_sample_rate?: number;
  /** Checked by the app (names, aggregates, duplicates), so each problem comes back as an issue with its path. */
  readonly kpis?: unknown;
  readonly production?: boolean;
  readonly features?: DeploymentFeaturesWire | null;
}

export function deploymentConfigView(c: DeploymentConfig) {
  const kpis: readonly KpiDefinition[] = c.kpis ?? [];
  return {
    max_batch_size: c.maxBatchSize,
    max_delay_ms: c.maxDelayMs,
    log_sample_rate: c.logSampleRate,
    kpis: kpis.map((k) => ({ name: k.name, event: k.event, aggregate: k.aggregate })),
    production: c.production === true,
    ...(c.features ? { features: deploymentFeaturesView(c.features) } : {}),
  };
}

/** The request's config as the app layer names it; fields left out keep their previous values. */
export function deploymentConfigInput(c: DeploymentConfigWire | undefined): Partial<Record<keyof DeploymentConfig, unknown>> | undefined {
  if (c === undefined) return undefined;
  return {
    ...(c.max_batch_size !== undefined ? { maxBatchSize: c.max_batch_size } : {}),
    ...(c.max_delay_ms !== undefined ? { maxDelayMs: c.max_delay_ms } : {}),
    ...(c.log_sample_rate !== undefined ? { logSampleRate: c.log_sample_rate } : {}),
    ...(c.kpis !== undefined ? { kpis: c.kpis } : {}),
    ...(c.production !== undefined ? { production: c.production } : {}),
    ...(c.features !== undefined ? { features: deploymentFeaturesInput(c.features) } : {}),
  };
}

const configProperties = {
  max_batch_size: { type: 'integer', minimum: 1, maximum: 100_000, description: 'Most rows one model call may take; default 64.' },
  max_delay_ms: {
    type: 'integer',
    minimum: 0,
    maximum: 60_000,
    description: 'Longest a request waits for a free model slot, in milliseconds; default 5.',
  },
  log_sample_rate: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
    description:
      'Share of predictions kept in the prediction log, in (0, 1]; default 1. Monitoring windows still profile every prediction.',
  },
  kpis: {
    type: 'array',
    description:
      'Business KPIs from the outcome events sent to /v1/deployments/{name}/events; given, the list replaces the previous one ([] removes all).',
    items: {
      type: 'object',
      description: 'Checked field by field; a problem comes back as an issue with its path.',
      properties: {
        name: { type: 'string', description: 'the KPI, e.g. conversion_rate: lower-case letters, digits, underscores' },
        event: { type: 'string', description: 'the event it is computed from, e.g. conversion' },
        aggregate: {
          type: 'string',
          description: 'rate (share of logged predictions with such an event), sum (total of the values) or mean (mean of the values)',
        },
      },
    },
  },
  production: {
    type: 'boolean',
    description:
      "A production deployment: a version deployed to it or rolled out on it passes its model's promotion gate (docs/governance.md). Absent keeps the previous value (default false).",
  },
  features: deploymentFeaturesRequestSchema,
} as const;
export const deploymentConfigRequestSchema = { type: 'object', properties: configProperties, additionalProperties: false } as const;
const configSchema = obj({
  max_batch_size: int,
  max_delay_ms: int,
  log_sample_rate: num,
  kpis: list(obj({ name: str, event: str, aggregate: str })),
  production: bool,
  features: deploymentFeaturesSchema,
});

export function deploymentView(d: DeploymentRecord) {
  return {
    name: d.name,
    model: { name: d.modelName, version: d.modelVersion },
    config: deploymentConfigView(d.config),
    revision: d.revision,
    created_at: d.createdAt,
    created_by: d.createdBy,
    updated_at: d.updatedAt,
    updated_by: d.updatedBy,
  };
}
const deploymentProperties = {
  name: str,
  model: modelVersionRef,
  config: configSchema,
  revision: int,
  created_at: str,
  created_by: str,
  updated_at: str,
  updated_by: str,
};
export const deploymentSchema = obj(deploymentProperties);

export function revisionView(h: DeploymentRevision) {
  return {
    revision: h.revision,
    model: { name: h.modelName, version: h.modelVersion },
    config: deploymentConfigView(h.config),
    at: h.at,
    actor: h.actor,
  };
}
export const deploymentDetailSchema = obj({
  ...deploymentProperties,
  history: list(obj({ revision: int, model: modelVersionRef, config: configSchema, at: str, actor: str })),
});
export const deployResultSchema = obj({ ...deploymentProperties, changed: { type: 'boolean' } });
