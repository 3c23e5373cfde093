/**
 * The train/serve skew fixture (test/fixtures/features/skew, made by make_skew.py with pandas): a
 * source of customer snapshots, logged predictions with the values they were served, and what pandas
 * says the skew is. Plus a deployment `shop` that enriches its requests with the view's features, for
 * the store-backed tests (its config is written directly, as the deploy command stores it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import type { FeatureDefinitions } from '../../../core/features/feature-definitions.ts';
import type { DeploymentConfig, PredictionLogRecord } from '../../../core/serving-records.ts';
import type { ModelSignature } from '../../../core/signature.ts';
import type { Store } from '../../../store/store.ts';

const SKEW_FIXTURE = path.resolve(import.meta.dirname, '../../../../test/fixtures/features/skew');
export const SKEW_FEATURES = ['spend_7d', 'n_tx_7d', 'tier', 'spend_per_tx'] as const;
const INPUTS: ModelSignature['inputs'] = [
  { name: 'customer_id', type: 'string' },
  { name: 'spend_7d', type: 'number' },
  { name: 'n_tx_7d', type: 'number' },
  { name: 'tier', type: 'string' },
  { name: 'spend_per_tx', type: 'number' },
];

export const SKEW_DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'transactions', path: path.join(SKEW_FIXTURE, 'tx.csv'), timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'transactions',
      ttlSeconds: 7 * 86_400,
      features: [
        { name: 'spend_7d', type: 'number' },
        { name: 'n_tx_7d', type: 'integer' },
        { name: 'tier', type: 'string' },
        { name: 'spend_per_tx', type: 'number', expr: 'spend_7d / n_tx_7d' },
      ],
    },
  ],
  onDemandFeatures: [],
};

export const SKEW_ENRICHMENT = { entityKey: 'customer_id', features: SKEW_FEATURES.map((f) => `tx:${f}`), onMissing: 'missing' };

export interface ExpectedFeatureSkew {
  readonly checked: number;
  readonly compared: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly missing_offline: number;
  readonly missing_online: number;
  readonly both_missing: number;
  readonly largest_abs_differences: readonly number[];
}

export interface ExpectedSkew {
  readonly tolerance: number;
  readonly unkeyed: number;
  readonly features: Readonly<Record<(typeof SKEW_FEATURES)[number], ExpectedFeatureSkew>>;
  /** Per keyed prediction id, pandas' point-in-time value of each feature (null when none). */
  readonly offline: Readonly<Record<string, Readonly<Record<string, string | number | null>>>>;
}

export function expectedSkew(): ExpectedSkew {
  return JSON.parse(readFileSync(path.join(SKEW_FIXTURE, 'expected.json'), 'utf8')) as ExpectedSkew;
}

/** The fixture's predictions as the log holds them: served values by input name, empty cells missing. */
export function fixturePredictions(options: { ulids?: boolean } = {}): PredictionLogRecord[] {
  const [header, ...lines] = readFileSync(path.join(SKEW_FIXTURE, 'predictions.csv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const newId = monotonicFactory(() => 0.5);
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell]));
    const value = (name: string) => {
      const cell = cells[name]!;
      if (cell === '') return null;
      return name === 'customer_id' || name === 'tier' ? cell : Number(cell);
    };
    const at = cells.at!;
    return {
      id: options.ulids ? newId(Date.parse(at)) : cells.id!,
      at,
      deploymentId: 'd-shop',
      deploymentName: 'shop',
      versionId: 'sv1',
      modelName: 'shop',
      modelVersion: 1,
      requestId: cells.id!,
      features: INPUTS.map((i) => i.name),
      inputs: Object.fromEntries(INPUTS.map((i) => [i.name, value(i.name)])),
      output: { label: 'no', probabilities: [0.6, 0.4] },
      latencyMs: 1,
    };
  });
}

const AT = '2026-02-01T00:00:00.000Z';

/**
 * The model `shop` (v1 takes the key and the four features), its deployment `shop` enriching requests
 * with them (unless `enriched: false`), the fixture's feature definitions applied, and its predictions
 * logged with ULIDs of their time (the request id keeps the fixture's id).
 */
export async function seedSkewDeployment(store: Store, options: { enriched?: boolean; definitions?: boolean } = {}): Promise<void> {
  await store.artifacts.insertIfAbsent({ sha256: 'b'.repeat(64), sizeBytes: 1, mediaType: 'application/json', createdAt: AT });
  await store.models.insert({
    id: 'm-shop',
    name: 'shop',
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 'ann',
    createdAt: AT,
  });
  await store.versions.insert({
    id: 'sv1',
    modelId: 'm-shop',
    version: 1,
    artifactSha256: 'b'.repeat(64),
    format: 'xgboost',
    snapshotId: null,
    contractId: null,
    signature: { inputs: INPUTS, output: { kind: 'binary', classes: ['no', 'yes'] } },
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'ann',
    createdAt: AT,
  });
  const config = {
    maxBatchSize: 32,
    maxDelayMs: 2,
    logSampleRate: 1,
    ...(options.enriched === false ? {} : { features: SKEW_ENRICHMENT }),
  } as DeploymentConfig;
  await store.deployments.insert({
    id: 'd-shop',
    name: 'shop',
    versionId: 'sv1',
    config,
    revision: 1,
    createdBy: 'ann',
    createdAt: AT,
    updatedBy: 'ann',
    updatedAt: AT,
  });
  if (options.definitions !== false)
    await store.transaction((tx) =>
      tx.featureSets.append({
        definitions: SKEW_DEFINITIONS,
        sha256: 'c'.repeat(64),
        sourceFile: 'features.yaml',
        createdBy: 'ann',
        createdAt: AT,
      }),
    );
  await store.predictions.insertMany(fixturePredictions({ ulids: true }));
}
