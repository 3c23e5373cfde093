import { encodeTime } from 'ulid';
import type { PredictionLogRecord } from '../../../core/serving-records.ts';
import type { RolloutState } from '../../../core/rollouts/deployment-routing.ts';
import type { Store } from '../../../store/store.ts';
import { deployWithPredictions, loggedPrediction } from '../../testing/deployed-predictions.ts';

const AB_T0 = Date.parse('2026-11-25T10:00:00Z');
const KPIS = [
  { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' as const },
  { name: 'basket', event: 'conversion', aggregate: 'mean' as const },
];

const rollout = (name: string, startedAt: string): RolloutState => ({
  id: 'r-ab',
  strategy: 'ab',
  candidateVersionId: `v2-${name}`,
  status: 'progressing',
  steps: [50],
  stepIndex: 0,
  stepStartedAt: startedAt,
  stepDurationMs: 600_000,
  weight: 50,
  stickyKey: null,
  gateRules: [],
  keepPreviousMs: 0,
  switchedAt: null,
  previousVersionId: null,
  startedAt,
  startedBy: 't',
});

/**
 * A deployment `name` with KPIs conversion_rate and basket (both read the `conversion` event): NAME:1
 * (stable, version id v-NAME) serves 100 predictions from 10:00, NAME:2 (the variant, v2-NAME) 110,
 * and one prediction of NAME:1 at 09:59 lies before the A/B rollout (which runs when `withRollout`).
 * Returns each version's prediction ids in time order (NAME:1's early one last).
 */
export async function seedAbDeployment(store: Store, name: string, withRollout: boolean): Promise<Map<string, string[]>> {
  await deployWithPredictions(store, name, { kind: 'binary', classes: [0, 1] }, {});
  const v1 = (await store.versions.findById(`v-${name}`))!;
  await store.versions.insert({ ...v1, id: `v2-${name}`, version: 2, createdAt: '2026-11-25T09:30:00.000Z' });
  const deployment = (await store.deployments.findByName(name))!;
  await store.deployments.update(deployment.id, deployment.revision, {
    versionId: deployment.versionId,
    config: { ...deployment.config, kpis: KPIS },
    routing: withRollout ? { rollout: rollout(name, new Date(AB_T0).toISOString()) } : {},
    actor: 't',
    at: '2026-11-25T09:00:00.000Z',
  });
  const ids = new Map<string, string[]>([
    [`v-${name}`, []],
    [`v2-${name}`, []],
  ]);
  const records: PredictionLogRecord[] = [];
  let n = 0;
  const add = (ms: number, versionId: string) => {
    const id = encodeTime(ms, 10) + String(n++).padStart(16, '0');
    ids.get(versionId)!.push(id);
    records.push({
      ...loggedPrediction(name),
      id,
      at: new Date(ms).toISOString(),
      versionId,
      modelVersion: versionId === `v-${name}` ? 1 : 2,
      output: { label: 1, probabilities: [0.3, 0.7] },
    });
  };
  for (let i = 0; i < 100; i++) add(AB_T0 + i * 1000, `v-${name}`);
  for (let i = 0; i < 110; i++) add(AB_T0 + 500 + i * 1000, `v2-${name}`);
  add(AB_T0 - 60_000, `v-${name}`);
  await store.predictions.insertMany(records);
  return ids;
}
