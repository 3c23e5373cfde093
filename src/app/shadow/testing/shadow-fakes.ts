import type { ModelVersionRecord } from '../../../core/registry-records.ts';
import { DEFAULT_DEPLOYMENT_CONFIG, type DeploymentRecord } from '../../../core/serving-records.ts';
import type { ModelSignature } from '../../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../../runtime/model-runtime.ts';
import type { Executor } from '../../serving/serving-types.ts';
import type { AnsweredRows } from '../../serving/serving-extensions.ts';

const FAKE_SIGNATURE: ModelSignature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'regression' } };

/**
 * A shadow model whose calls the test controls: `answer` doubles x, `throw` fails, `hang` never
 * answers; `held` calls wait for `release()`.
 */
export class FakeShadowExecutor implements Executor {
  readonly signature = FAKE_SIGNATURE;
  mode: 'answer' | 'throw' | 'hang' | 'hold' = 'answer';
  readonly calls: FeatureBatch[] = [];
  closed = false;
  private readonly held: (() => void)[] = [];

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    this.calls.push(batch);
    const answer = (): PredictionOutput => ({
      kind: 'regression',
      values: Float64Array.from(batch.columns[0] as Float64Array, (x) => 2 * x),
    });
    switch (this.mode) {
      case 'answer':
        return Promise.resolve(answer());
      case 'throw':
        return Promise.reject(new Error('the shadow model crashed'));
      case 'hang':
        return new Promise(() => {});
      case 'hold':
        return new Promise((resolve) => this.held.push(() => resolve(answer())));
    }
  }

  /** Answers every held call. */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A deployment `credit-risk` of version `v1` with a shadow of `shadowVersionId` (none when null). */
export function shadowedDeployment(shadowVersionId: string | null, revision = 2, sample = 1): DeploymentRecord {
  return {
    id: 'd1',
    name: 'credit-risk',
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 1,
    config: DEFAULT_DEPLOYMENT_CONFIG,
    routing:
      shadowVersionId === null
        ? {}
        : { shadow: { versionId: shadowVersionId, sample, startedAt: '2026-12-01T00:00:00.000Z', startedBy: 'op' } },
    revision,
    createdBy: 'op',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedBy: 'op',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

/** `n` answered rows of the deployment with ids `${prefix}0…` and x = 0, 1, …. */
export function answered(deployment: DeploymentRecord, prefix: string, n: number): AnsweredRows {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  return {
    deployment,
    version: { id: deployment.versionId } as ModelVersionRecord,
    role: 'stable',
    ids,
    inputs: ids.map((_, i) => ({ x: i })),
    records: ids.map((_, i) => ({ value: i })),
    flags: undefined,
    requestId: null,
    startedAt: 0,
    answeredAt: 0,
  };
}
